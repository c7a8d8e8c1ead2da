// The test launcher provisions the system packages it needs like `playwright install --with-deps`:
// apt-get as root, else one message with the exact command, and the whole run stops there at once.
// Tried with a fake apt-get and a PATH without the tools, so that this machine is never changed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ensureSystemPackages, SetupError } from '../vscode/systemPackages.mjs';

const root = path.resolve(import.meta.dirname, '../..');

/** A PATH holding only a fake apt-get that records its arguments (and fails to install when told to). */
function fakeAptGet({ fails = false } = {}) {
  const bin = mkdtempSync(path.join(tmpdir(), 'inkwell-apt-'));
  const calls = path.join(bin, 'calls.txt');
  const failure = 'case " $* " in *" install "*) echo "E: Unable to locate package chromium" >&2; exit 100;; esac';
  writeFileSync(path.join(bin, 'apt-get'), `#!/bin/sh\necho "$@" >> ${calls}\n${fails ? failure : ''}\nexit 0\n`);
  chmodSync(path.join(bin, 'apt-get'), 0o755);
  const read = () => {
    try {
      return readFileSync(calls, 'utf8').trim().split('\n');
    } catch {
      return [];
    }
  };
  return { env: { PATH: bin }, calls: read };
}

const missing = (...names: string[]) => (name: string) => !names.includes(name);

test('as root, missing packages are installed with apt-get, with a line saying so', async () => {
  const apt = fakeAptGet();
  const lines: string[] = [];
  const installed = await ensureSystemPackages(['chromium', 'fonts-wqy-microhei', 'unzip'], {
    env: apt.env,
    isRoot: true,
    isPresent: missing('chromium', 'fonts-wqy-microhei'),
    log: (line: string) => lines.push(line),
  });
  assert.deepEqual(installed, ['chromium', 'fonts-wqy-microhei']);
  const calls = apt.calls();
  assert.equal(calls.length, 2);
  assert.match(calls[0]!, /\bupdate\b/);
  assert.match(calls[1]!, /\binstall -y -qq --no-install-recommends chromium fonts-wqy-microhei$/);
  assert.ok(lines.some((line) => line === 'Installing Debian packages the tests need, with apt-get: chromium fonts-wqy-microhei'), lines.join('\n'));
});

test('nothing is asked of apt-get when every package is there', async () => {
  const apt = fakeAptGet();
  assert.deepEqual(await ensureSystemPackages(['chromium', 'pkg-config'], { env: apt.env, isRoot: true, isPresent: () => true, log: () => {} }), []);
  assert.deepEqual(apt.calls(), []);
});

test('not root: the error names each missing package and the exact command, and nothing is run', async () => {
  const apt = fakeAptGet();
  await assert.rejects(
    ensureSystemPackages(['libkrb5-dev', 'pkg-config'], { env: apt.env, isRoot: false, isPresent: missing('libkrb5-dev', 'pkg-config'), log: () => {} }),
    (error: Error) => {
      assert.ok(error instanceof SetupError);
      assert.match(error.message, /libkrb5-dev: building code-server's Kerberos module/);
      assert.ok(error.message.includes("sudo sh -c 'apt-get update && apt-get install -y --no-install-recommends libkrb5-dev pkg-config'"), error.message);
      return true;
    },
  );
  assert.deepEqual(apt.calls(), []);
});

test('no apt-get: the error says to use the system package manager, with the Debian command', async () => {
  await assert.rejects(
    ensureSystemPackages(['chromium'], { env: { PATH: '' }, isRoot: true, isPresent: missing('chromium'), log: () => {} }),
    /no apt-get to install them[\s\S]*apt-get install -y --no-install-recommends chromium/,
  );
});

test('a failing apt-get is reported with its output and the command, not retried', async () => {
  const apt = fakeAptGet({ fails: true });
  await assert.rejects(
    ensureSystemPackages(['chromium'], { env: apt.env, isRoot: true, isPresent: missing('chromium'), log: () => {} }),
    /apt-get could not install chromium \(exit 100\):[\s\S]*Unable to locate package chromium/,
  );
  assert.equal(apt.calls().filter((call) => call.includes('install')).length, 1);
});

test('npm test stops once, before building anything, when a package is missing and cannot be installed', () => {
  // A PATH with neither Chromium nor apt-get: the run must say so once and end without starting a suite.
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: mkdtempSync(path.join(tmpdir(), 'inkwell-nopath-')) };
  delete env.CHROMIUM_PATH;
  const result = spawnSync(process.execPath, ['test/run.mjs', 'browser'], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  const output = `${result.stdout}${result.stderr}`;
  assert.equal(result.status, 1, output);
  assert.equal(output.match(/chromium: the browser that drives the test VS Code/g)?.length, 1, output);
  assert.match(output, /apt-get install -y --no-install-recommends chromium fonts-wqy-microhei|apt-get install -y --no-install-recommends chromium/);
  assert.doesNotMatch(output, /== (build|browser tests) ==/);
  assert.match(output, /^0 passed, 1 failed$/m);
});
