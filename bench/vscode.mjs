// The figures taken in the real VS Code extension host: the test VS Code of the integration tests
// (VS Code's server build in headless Chromium), with Inkwell installed from the .vsix as a writer
// would have it, the bench's two extensions beside it, and bench/host as the tests module.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { workbenchUrl } from '../test/vscode/codeServer.mjs';
import { runsDir } from '../test/vscode/paths.mjs';
import { ensureCodeServer } from '../test/vscode/provision.mjs';
import { runTestsModule, withCodeServer } from '../test/vscode/runIntegration.mjs';

const HOST_TIMEOUT_MS = 4 * 60_000;
const ACTIVATION_TIMEOUT_MS = 90_000;

/** The same call as the server's, for `--install-extension` (its folders are those startCodeServer uses in `runDir`). */
function installExtension(codeServer, runDir, vsixFile) {
  const dir = (name) => path.join(runDir, name);
  return new Promise((resolve, reject) => {
    const child = spawn(
      codeServer.node,
      [codeServer.entry, '--user-data-dir', dir('user-data'), '--extensions-dir', dir('extensions'), '--install-extension', vsixFile],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, XDG_CONFIG_HOME: dir('xdg-config'), XDG_DATA_HOME: dir('xdg-data'), TMPDIR: dir('tmp') } },
    );
    let output = '';
    child.stdout.on('data', (data) => (output += data));
    child.stderr.on('data', (data) => (output += data));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`installing ${vsixFile} exited ${code}: ${output.slice(-2000)}`))));
  });
}

function readLines(file) {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [];
}

async function waitForLines(file, count, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const lines = readLines(file);
    if (lines.length >= count) return lines;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no activation timing arrived within ${timeoutMs / 1000} s`);
}

/**
 * @returns {Promise<{ describe: string, vscodeVersion: string, activation: object[], host?: object, error?: string }>}
 */
export async function measureInVSCode({ root, vsixFile, activationRuns, hostRuns, print }) {
  const codeServer = await ensureCodeServer(print);
  const runDir = path.join(runsDir, `bench-${Date.now()}-${process.pid}`);
  const workspace = path.join(runDir, 'workspace');
  await mkdir(path.join(runDir, 'extensions'), { recursive: true });
  await cp(path.join(root, 'test/fixtures/workspace'), workspace, { recursive: true });
  await installExtension(codeServer, runDir, vsixFile);

  const activationFile = path.join(runDir, 'activation.jsonl');
  const hostFile = path.join(runDir, 'host.json');
  // One development path holding both extensions: the web workbench keeps only the last
  // `extensionDevelopmentPath` of its payload, and a folder without a package.json is scanned for several.
  const benchExtensions = [path.join(root, 'bench/extensions')];
  const env = {
    INKWELL_BENCH_ACTIVATION: activationFile,
    INKWELL_BENCH_RESULTS: hostFile,
    INKWELL_BENCH_ROOT: root,
    INKWELL_BENCH_RUNS: String(hostRuns),
    // A window left for the next cold start would otherwise keep its extension host for hours (in
    // case the browser reconnects), and every earlier host would run beside the ones measured after it.
    VSCODE_RECONNECTION_GRACE_TIME: '1000',
  };
  const outcome = { describe: codeServer.describe, vscodeVersion: codeServer.vscodeVersion, activation: [] };
  try {
    await withCodeServer({ codeServer, runDir, env }, async ({ server, page }) => {
      // Each page load is a new window with its own extension host, so each is a cold activation.
      for (let i = 0; i < activationRuns; i++) {
        print(`  activation run ${i + 1} of ${activationRuns} …`);
        await page.goto(workbenchUrl({ origin: server.origin, port: server.port, folder: workspace, extensionPaths: benchExtensions }));
        outcome.activation = await waitForLines(activationFile, i + 1, ACTIVATION_TIMEOUT_MS);
        await page.goto('about:blank');
      }
      print('  Inkwell at work in the extension host …');
      const code = await runTestsModule({
        server,
        page,
        folder: workspace,
        extensionPaths: benchExtensions,
        testsPath: path.join(root, 'out/bench/host/index'),
        timeoutMs: HOST_TIMEOUT_MS,
      });
      outcome.host = existsSync(hostFile) ? JSON.parse(readFileSync(hostFile, 'utf8')) : undefined;
      if (code === 'timeout') outcome.error = `the extension host part did not finish within ${HOST_TIMEOUT_MS / 1000} s`;
      else if (code !== 0) outcome.error = `the extension host part ended with exit code ${code}`;
    });
  } catch (error) {
    outcome.error = error.message;
  }
  if (!outcome.error) await rm(runDir, { recursive: true, force: true });
  else outcome.error += ` (its files are kept in ${runDir})`;
  return outcome;
}
