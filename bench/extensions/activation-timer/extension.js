// Times `activate()` of Inkwell and of an empty extension from outside them. Neither is loaded before
// this runs, so each time includes reading and evaluating its module, as a writer's first command would.
// It runs once the window has started and the host has gone quiet, as when a writer first calls Inkwell:
// timed during startup, it would mostly measure the other extensions starting at the same time.
const fs = require('node:fs');
const vscode = require('vscode');

const INKWELL = 'inkwell.inkwell';
const EMPTY = 'inkwell-bench.empty';

/** Resolves true when ten 50 ms timers in a row fire less than 5 ms late, false if that has not happened in 20 s. */
async function hostQuiet() {
  const deadline = performance.now() + 20_000;
  let calm = 0;
  while (calm < 10 && performance.now() < deadline) {
    const start = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
    calm = performance.now() - start < 55 ? calm + 1 : 0;
  }
  return calm >= 10;
}

async function timeActivation(id) {
  const extension = vscode.extensions.getExtension(id);
  if (!extension) return { id, error: 'not installed in this VS Code' };
  if (extension.isActive) return { id, error: 'already active before the timer ran' };
  const start = performance.now();
  await extension.activate();
  return { id, ms: performance.now() - start };
}

exports.activate = async function activate() {
  const file = process.env.INKWELL_BENCH_ACTIVATION;
  if (!file) return;
  // Whichever goes first may pay a one-time cost of the host, so the order alternates between runs.
  const earlier = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
  const order = earlier % 2 === 0 ? [EMPTY, INKWELL] : [INKWELL, EMPTY];
  const quiet = await hostQuiet();
  const samples = [];
  for (const id of order) samples.push(await timeActivation(id));
  fs.appendFileSync(file, JSON.stringify({ vscodeVersion: vscode.version, quiet, samples }) + '\n');
};
