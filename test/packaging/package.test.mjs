// `npm run package` makes a .vsix that holds only what runs and that VS Code installs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { cacheDir, root } from '../vscode/paths.mjs';
import { ensureCodeServer } from '../vscode/provision.mjs';

const run = promisify(execFile);
const vsix = path.join(root, 'inkwell.vsix');

test('npm run package builds a small .vsix of the bundles, media, l10n and docs only', { timeout: 180_000 }, async () => {
  await run('npm', ['run', 'package'], { cwd: root });
  const size = statSync(vsix).size;
  assert.ok(size < 1024 * 1024, `the .vsix is ${size} bytes`);
  const { stdout } = await run('unzip', ['-Z1', vsix]);
  const files = stdout.trim().split('\n').filter((name) => name.startsWith('extension/'));
  const allowed = /^extension\/(package\.json|package\.nls(\.zh-cn)?\.json|readme\.md|changelog\.md|LICENSE\.txt|dist\/(extension|openai|yaml|syllable|webview|local)\.js|dist\/[\w.-]+\.(css|ttf)|media\/[\w.-]+|syntaxes\/[\w.-]+\.json|l10n\/[\w.-]+\.json)$/i;
  assert.deepEqual(files.filter((name) => !allowed.test(name)), [], 'unexpected files in the package');
  for (const needed of ['extension/dist/extension.js', 'extension/dist/openai.js', 'extension/dist/webview.js', 'extension/dist/local.js', 'extension/syntaxes/fountain.tmLanguage.json', 'extension/readme.md', 'extension/LICENSE.txt']) {
    assert.ok(files.some((name) => name.toLowerCase() === needed.toLowerCase()), `${needed} is missing`);
  }
  assert.ok(!files.some((name) => /\.map$|\/src\/|\/test\/|node_modules/.test(name)), 'sources, maps, tests or node_modules were packaged');
});

test('VS Code installs the packaged extension', { timeout: 300_000 }, async (t) => {
  assert.ok(existsSync(vsix), 'the package test must run first');
  const codeServer = await ensureCodeServer(() => {});
  await mkdir(path.join(cacheDir, 'runs'), { recursive: true });
  const dir = await mkdtemp(path.join(cacheDir, 'runs', 'install-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(dir, 'config'), XDG_DATA_HOME: path.join(dir, 'data'), TMPDIR: dir };
  const extensionsDir = path.join(dir, 'extensions');
  const { stdout } = await run(
    codeServer.node,
    [codeServer.entry, '--user-data-dir', path.join(dir, 'user-data'), '--extensions-dir', extensionsDir, '--install-extension', vsix],
    { env },
  );
  assert.match(stdout, /successfully installed/i);
  const installed = (await readdir(extensionsDir)).filter((name) => name.startsWith('inkwell.inkwell-'));
  assert.equal(installed.length, 1, `installed: ${installed.join(', ')}`);
  const manifest = JSON.parse(readFileSync(path.join(extensionsDir, installed[0], 'package.json'), 'utf8'));
  assert.equal(manifest.name, 'inkwell');
  assert.ok(existsSync(path.join(extensionsDir, installed[0], 'dist/extension.js')));
});
