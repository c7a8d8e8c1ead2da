// Runs the mocha suites of test/integration inside a real VS Code extension host, on a fresh copy of
// the test workspace. Two backends: a desktop VS Code through @vscode/test-electron (VSCODE_EXECUTABLE,
// or INKWELL_VSCODE=desktop to let it download one), and otherwise VS Code's server build from npm in
// headless Chromium, as on machines that cannot download VS Code.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { cp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { format } from 'node:util';
import { launchBrowser } from './browser.mjs';
import { startCodeServer, workbenchUrl } from './codeServer.mjs';
import { root, runsDir } from './paths.mjs';
import { ensureCodeServer } from './provision.mjs';
import { quietUserSettings } from './userSettings.mjs';

const testsModule = path.join(root, 'out/test/integration/index');
const TIMEOUT_MS = Number(process.env.INKWELL_TEST_TIMEOUT_MS ?? 15 * 60_000);

/** Extra extensions the suites need (e.g. a language model provider), each a folder with a package.json. */
function testExtensions() {
  const dir = path.join(root, 'test/extensions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => path.join(dir, name))
    .filter((folder) => existsSync(path.join(folder, 'package.json')));
}

/**
 * The web workbench keeps only the last `extensionDevelopmentPath` of its payload, but scans a folder
 * without a package.json for several extensions: several paths become one folder of links to them.
 */
export async function developmentFolder(runDir, extensionPaths) {
  if (extensionPaths.length <= 1) return extensionPaths;
  const folder = path.join(runDir, 'development-extensions');
  await mkdir(folder, { recursive: true });
  await Promise.all(extensionPaths.map((target, i) => symlink(target, path.join(folder, `${i}-${path.basename(target)}`), 'dir')));
  return [folder];
}

async function prepareRun(name) {
  const runDir = path.join(runsDir, `${name}-${Date.now()}-${process.pid}`);
  const workspace = path.join(runDir, 'workspace');
  await mkdir(runDir, { recursive: true });
  await cp(path.join(root, 'test/fixtures/workspace'), workspace, { recursive: true });
  return { runDir, workspace, resultsFile: path.join(runDir, 'results.json') };
}


function readResults(resultsFile) {
  try {
    return JSON.parse(readFileSync(resultsFile, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Prints the mocha lines the extension host sends to the browser console (`["%c INFO", css, fmt, …args]`). */
function printHostConsole(message, print) {
  const text = message.text();
  if (!/\[(Extension Host|inkwell)\]/.test(text) && !/^\s*(✔|✓|\d+\) |\d+ (passing|failing|pending))/.test(text)) return;
  print(`  ${text.replace(/^%c\s*\S+\s*/, '').replace(/color:[^ ]+ /, '')}`);
}

/**
 * Starts the test VS Code's server with `env` and quiet user settings, and a browser with a fresh
 * profile in `runDir`; hands both to `use` and stops them when it settles. Shared with the benchmark.
 */
export async function withCodeServer({ codeServer, runDir, env }, use) {
  const server = await startCodeServer({ codeServer, runDir, env, log: () => {} });
  await mkdir(path.join(server.userDataDir, 'User'), { recursive: true });
  await writeFile(path.join(server.userDataDir, 'User/settings.json'), JSON.stringify(quietUserSettings, null, 2));
  let browser;
  try {
    browser = await launchBrowser(path.join(runDir, 'profile'));
    return await use({ server, page: browser.page });
  } finally {
    await browser?.context.close().catch(() => {});
    await server.stop();
  }
}

/** Opens `folder` with the extensions and runs the tests module in its extension host: its exit code, or 'timeout'. */
export async function runTestsModule({ server, page, folder, extensionPaths, testsPath, timeoutMs }) {
  const exit = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
  await page.goto(workbenchUrl({ origin: server.origin, port: server.port, folder, extensionPaths, testsPath }));
  const timedOut = new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
  return Promise.race([exit, timedOut]);
}

async function runInCodeServer({ grep, print }) {
  const codeServer = await ensureCodeServer(print);
  print(`Starting ${codeServer.describe} with Inkwell and the test suites …`);
  const run = await prepareRun('integration');
  const env = { INKWELL_TEST_RESULTS: run.resultsFile, INKWELL_TEST_WORKSPACE: run.workspace, ...(grep ? { INKWELL_GREP: grep } : {}) };
  return withCodeServer({ codeServer, runDir: run.runDir, env }, async ({ server, page }) => {
    page.on('console', (message) => printHostConsole(message, print));
    const code = await runTestsModule({
      server,
      page,
      folder: run.workspace,
      extensionPaths: await developmentFolder(run.runDir, [root, ...testExtensions()]),
      testsPath: testsModule,
      timeoutMs: TIMEOUT_MS,
    });
    const results = readResults(run.resultsFile);
    return { code, results, runDir: run.runDir, version: `VS Code ${results?.vscodeVersion ?? '?'} (code-server ${codeServer.version}, extension host in Node, workbench in Chromium)` };
  });
}

async function runInDesktop({ grep, print }) {
  const { runTests, downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE || (await downloadAndUnzipVSCode('stable'));
  const run = await prepareRun('desktop');
  const userDataDir = path.join(run.runDir, 'user-data');
  await mkdir(path.join(userDataDir, 'User'), { recursive: true });
  await writeFile(path.join(userDataDir, 'User/settings.json'), JSON.stringify(quietUserSettings, null, 2));
  print(`Desktop VS Code: ${vscodeExecutablePath}`);
  let code;
  try {
    code = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: [root, ...testExtensions()],
      extensionTestsPath: testsModule,
      launchArgs: [run.workspace, '--user-data-dir', userDataDir, '--extensions-dir', path.join(run.runDir, 'extensions'), '--disable-workspace-trust'],
      extensionTestsEnv: { INKWELL_TEST_RESULTS: run.resultsFile, INKWELL_TEST_WORKSPACE: run.workspace, ...(grep ? { INKWELL_GREP: grep } : {}) },
    });
  } catch (error) {
    code = typeof error === 'number' ? error : 1;
  }
  const results = readResults(run.resultsFile);
  return { code, results, version: `VS Code ${results?.vscodeVersion ?? '?'} (desktop)` };
}

/** A desktop VS Code runs the suites (VSCODE_EXECUTABLE, or INKWELL_VSCODE=desktop), not code-server. */
export const desktopBackend = () => !!process.env.VSCODE_EXECUTABLE || process.env.INKWELL_VSCODE === 'desktop';

/**
 * @returns {Promise<{ passed: number, failed: number, ok: boolean }>}
 */
export async function runIntegration({ grep = process.env.INKWELL_GREP, print = console.log } = {}) {
  const desktop = desktopBackend();
  let outcome;
  try {
    outcome = await (desktop ? runInDesktop : runInCodeServer)({ grep, print });
  } catch (error) {
    print(`Could not run the integration tests in VS Code: ${error.message}`);
    return { passed: 0, failed: 1, ok: false };
  }
  const { code, results, version, runDir } = outcome;
  print(`Integration tests ran in ${version}`);
  const tests = results?.tests ?? [];
  for (const test of tests) {
    const mark = test.state === 'passed' ? '✔' : test.state === 'failed' ? '✘' : '-';
    print(`  ${mark} ${test.title}${test.durationMs ? ` (${test.durationMs} ms)` : ''}`);
    if (test.error) print(format('      %s', test.error.split('\n').slice(0, 12).join('\n      ')));
  }
  let failed = tests.filter((t) => t.state === 'failed').length;
  const passed = tests.filter((t) => t.state === 'passed').length;
  if (code === 'timeout') {
    print(`The run did not finish within ${TIMEOUT_MS / 1000} s.`);
    failed += 1;
  } else if (!results?.done) {
    print(`The suite did not run to its end (exit code ${code}).`);
    failed += 1;
  } else if (code !== 0 && failed === 0) {
    print(`VS Code reported exit code ${code}.`);
    failed += 1;
  }
  if (tests.length === 0 && !grep) failed += 1;
  // A failed run's folder (workspace, logs, profile) is kept to look into; a passed one is not.
  if (runDir && failed === 0 && !process.env.INKWELL_KEEP_RUNS) await rm(runDir, { recursive: true, force: true });
  else if (runDir) print(`The run's files are kept in ${runDir}`);
  return { passed, failed, ok: failed === 0 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { passed, failed } = await runIntegration();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
