// The README's one test command: type check, build, unit tests in plain Node, the integration
// suites inside a real VS Code, and the webview's browser tests. Ends with `N passed, N failed`.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ensureLlamaRuntime } from './gguf/llamaRuntime.mjs';
import { root, cacheDir } from './vscode/paths.mjs';
import { runIntegration } from './vscode/runIntegration.mjs';

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

// A partial run (`npm run test:unit`, `test:vscode`, `test:browser`) skips the type check so that one
// module's unfinished types do not stop another's tests; the full run checks everything.
const typesOk = only ? true : await step('type check', process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.']);
const built = (await step('build', process.execPath, ['esbuild.mjs', '--tests'])) && typesOk;

// The local provider's runtime for its tests, fetched once into .cache/ like the test VS Code.
if (built && (!only || only === 'unit' || only === 'vscode')) ensureLlamaRuntime();

if (!only || only === 'unit') {
  await nodeTests('unit tests', testFiles('test/unit', '.test.ts'), ['--import', 'tsx']);
}
if (built && (!only || only === 'vscode')) {
  console.log('\n== integration tests in VS Code ==');
  const result = await runIntegration();
  totals.passed += result.passed;
  totals.failed += result.failed;
}
if (built && (!only || only === 'browser')) {
  await nodeTests('browser tests', testFiles('test/browser', '.test.mjs'));
}
// Last: packaging rebuilds dist/ in production mode.
if (built && (!only || only === 'package')) {
  await nodeTests('packaging', testFiles('test/packaging', '.test.mjs'));
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
