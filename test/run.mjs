// The README's one test command: type check, lint, build, unit tests in plain Node, the integration
// suites inside a real VS Code, and the webview's browser tests. Ends with `N passed, N failed`.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ensureLlamaRuntime } from './gguf/llamaRuntime.mjs';
import { root, cacheDir } from './vscode/paths.mjs';
import { codeServerBuilt, ensureCodeServer } from './vscode/provision.mjs';
import { desktopBackend, runIntegration } from './vscode/runIntegration.mjs';
import { BUILD_PACKAGES, ensureSystemPackages, SetupError } from './vscode/systemPackages.mjs';

const only = process.argv[2];
const totals = { passed: 0, failed: 0 };

function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...options });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

function testFiles(dir, suffix) {
  const full = path.join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full)
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => path.join(dir, name));
}

/** node --test with the spec reporter on screen and TAP in a file, whose summary gives the counts. */
async function nodeTests(label, files, extraArgs = []) {
  console.log(`\n== ${label} ==`);
  if (files.length === 0) {
    console.log('(no test files)');
    return;
  }
  await mkdir(cacheDir, { recursive: true });
  const tapFile = path.join(cacheDir, `${label.replace(/\W+/g, '-')}.tap`);
  const code = await run(process.execPath, [
    ...extraArgs,
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    ...files,
  ]);
  const tap = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : '';
  const count = (name) => Number(tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  totals.passed += count('pass');
  totals.failed += count('fail') + count('cancelled');
  if (code !== 0 && count('fail') + count('cancelled') === 0) totals.failed += 1;
}

async function step(label, command, args) {
  console.log(`\n== ${label} ==`);
  const code = await run(command, args);
  if (code !== 0) {
    console.log(`${label} failed (exit ${code})`);
    totals.failed += 1;
  }
  return code === 0;
}

const runs = (suite) => !only || only === suite;
const desktop = desktopBackend();

/**
 * Everything the suites need from outside npm, provisioned once before any of them: the system's
 * packages (installed when root, else one message with the command), Node 24 and code-server. If
 * that cannot be done, the run stops here rather than have each suite fail on it again.
 */
async function provision() {
  const needsCodeServer = (runs('vscode') && !desktop) || runs('browser') || runs('package');
  const packages = [
    ...(needsCodeServer && !codeServerBuilt() ? BUILD_PACKAGES : []),
    ...((runs('vscode') && !desktop) || runs('browser') ? ['chromium'] : []),
    ...(runs('browser') ? ['fonts-wqy-microhei'] : []),
    ...(runs('package') ? ['unzip'] : []),
  ];
  try {
    await ensureSystemPackages(packages);
    if (needsCodeServer) await ensureCodeServer();
  } catch (error) {
    console.error(`\n${error instanceof SetupError ? error.message : `Could not provision the test VS Code: ${error.message}`}`);
    console.log('\n0 passed, 1 failed');
    process.exit(1);
  }
}

if (only !== 'unit') await provision();

// A partial run (`npm run test:unit`, `test:vscode`, `test:browser`) skips the type check and lint so
// that one module's unfinished types do not stop another's tests; the full run checks everything.
const typesOk = only ? true : await step('type check (each layer, then everything)', process.execPath, ['scripts/typecheck.mjs']);
if (!only) await step('lint', process.execPath, ['node_modules/eslint/bin/eslint.js', '.']);
const built = (await step('build', process.execPath, ['esbuild.mjs', '--tests'])) && typesOk;

// The local provider's runtime for its tests, fetched once into .cache/ like the test VS Code.
if (built && (runs('unit') || runs('vscode'))) ensureLlamaRuntime();

if (runs('unit')) {
  await nodeTests('unit tests', testFiles('test/unit', '.test.ts'), ['--import', 'tsx']);
}
if (built && runs('vscode')) {
  console.log('\n== integration tests in VS Code ==');
  const result = await runIntegration();
  totals.passed += result.passed;
  totals.failed += result.failed;
}
if (built && runs('browser')) {
  await nodeTests('browser tests', testFiles('test/browser', '.test.mjs'));
}
// Last: packaging rebuilds dist/ in production mode.
if (built && runs('package')) {
  await nodeTests('packaging', testFiles('test/packaging', '.test.mjs'));
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
