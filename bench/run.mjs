// `npm run bench`: what "fast and light" measures to. Builds and packages Inkwell as it ships, then
// takes each figure beside its budget and, where there is one, a floor measured in the same run;
// prints one table and writes it to bench/results/latest.json. Measurements, not tests: it exits 0
// and says plainly which figures are over budget. `--update-readme` also puts the table in README.md.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAndPackage, measureSizes } from './sizes.mjs';
import { measureInVSCode } from './vscode.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(root, 'bench/results');
const vsixFile = path.join(resultsDir, 'inkwell.vsix');
const RUNS = { core: 15, activation: 6, host: 15, local: 7 };
const print = (line) => console.log(line);

// ---- statistics ----------------------------------------------------------------------------------

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.ceil(at)] - sorted[low]) * (at - low);
}

/** Median with its spread: p25–p75 for larger samples, min–max for five or fewer. */
function summary(values) {
  const small = values.length <= 5;
  return {
    median: quantile(values, 0.5),
    low: small ? Math.min(...values) : quantile(values, 0.25),
    high: small ? Math.max(...values) : quantile(values, 0.75),
    spreadKind: small ? 'min–max' : 'p25–p75',
    n: values.length,
  };
}

const isSamples = (value) => Array.isArray(value) && value.length > 0;
const notMeasuredReason = (value, fallback) => value?.notMeasured ?? (isSamples(value) ? undefined : fallback);

// ---- formatting ----------------------------------------------------------------------------------

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
const times = (value) => `${value.toFixed(2)}×`;
const mb = (bytes) => `${(bytes / (1024 * 1024)).toFixed(2)} MB`;

function withSpread(s, unit) {
  return `${unit(s.median)} (${s.spreadKind} ${unit(s.low)}–${unit(s.high)}, n=${s.n})`;
}

// ---- rows ----------------------------------------------------------------------------------------

const rows = [];

/** One row: `value` is a formatted figure or `{ notMeasured }`; `over` tells whether it is over budget. */
function row(figure, budget, value, { floor = '—', over = false, cause } = {}) {
  const notMeasured = typeof value === 'object' ? value.notMeasured : undefined;
  rows.push({
    figure,
    value: notMeasured === undefined ? value : `not measured: ${notMeasured}`,
    budget,
    floor,
    status: notMeasured !== undefined ? 'not measured' : over ? 'over budget' : 'within budget',
    ...(over && cause ? { cause } : {}),
  });
}

function compositionText(list) {
  return list.slice(0, 4).map(({ name, bytes }) => `${name} ${kb(bytes)}`).join(', ');
}

const made = (sizes) => `${kb(sizes.extension)}, made of ${compositionText(sizes.composition.extension)}`;

function sizeRows(sizes) {
  if (sizes.notMeasured) {
    for (const figure of ['extension bundle', 'webview bundle', '.vsix']) row(figure, '—', sizes);
    return;
  }
  const floor = `openai alone, bundled the same way: ${kb(sizes.floor.openaiBundled)}`;
  const extensionMadeOf = `made of ${compositionText(sizes.composition.extension)}`;
  row('extension bundle: dist/extension.js (loaded at activation)', '≤ 600 KB', kb(sizes.extension), { floor, over: sizes.extension > 600 * 1024, cause: extensionMadeOf });
  const request = sizes.extension + sizes.openai;
  row('extension bundle: extension.js + openai.js (loaded for a request)', '≤ 600 KB', kb(request), {
    floor,
    over: request > 600 * 1024,
    cause: `openai.js is ${kb(sizes.openai)} of it; extension.js is ${made(sizes)}`,
  });
  row('webview bundle: dist/webview.js', '≤ 100 KB', kb(sizes.webview), { over: sizes.webview > 100 * 1024, cause: `made of ${compositionText(sizes.composition.webview)}` });
  row('.vsix', '≤ 400 KB', kb(sizes.vsix), { floor: `openai bundle deflated as in a .vsix: ${kb(sizes.floor.openaiDeflated)}`, over: sizes.vsix > 400 * 1024 });
}

function activationRow(vscode, sizes) {
  // The host's own time to activate any extension varies from window to window by more than
  // Inkwell's share, so what is judged is what Inkwell adds over an empty extension in the same run.
  const figure = 'activation in the extension host: what Inkwell adds over an empty extension, module loading included';
  const samples = (vscode.activation ?? []).flatMap((line) => line.samples);
  const of = (id) => samples.filter((s) => s.id === id && typeof s.ms === 'number').map((s) => s.ms);
  const inkwell = of('inkwell.inkwell');
  const empty = of('inkwell-bench.empty');
  const problem = samples.find((s) => s.error);
  if (!isSamples(inkwell) || !isSamples(empty)) {
    row(figure, '≤ 5 ms', { notMeasured: problem ? `${problem.id}: ${problem.error}` : vscode.error ?? 'no activation was timed' });
    return;
  }
  const windows = vscode.activation.length;
  const quiet = vscode.activation.filter((line) => line.quiet).length;
  const busy = quiet < windows ? `; the host was still busy after 20 s in ${windows - quiet} of ${windows} windows` : '';
  const added = summary(inkwell).median - summary(empty).median;
  row(figure, '≤ 5 ms', `${ms(Math.max(0, added))} (Inkwell ${withSpread(summary(inkwell), ms)})${busy}`, {
    floor: `empty extension: ${withSpread(summary(empty), ms)}`,
    over: added > 5,
    cause: sizes.notMeasured ? undefined : `activation loads extension.js: ${made(sizes)}`,
  });
}

/** Where the extra time of the fast stream goes: before the request, or between the request and the last text. */
function streamSplit(stream) {
  if (!isSamples(stream.fromRequest) || !isSamples(stream.bareFromRequest)) return '';
  const inkwell = summary(stream.fromRequest).median;
  const bare = summary(stream.bareFromRequest).median;
  return `; from the request at the server to the last text in the document ${ms(inkwell)}, against ${ms(bare)} from the request to the bare client's last chunk`;
}

function hostRows(vscode) {
  const host = vscode.host ?? { notMeasured: vscode.error ?? 'the extension host part did not run' };
  const unavailable = (figure) => figure ?? { notMeasured: host.notMeasured ?? vscode.error ?? 'the extension host part did not report it' };

  const c2r = unavailable(host.commandToRequest);
  const c2rFigure = 'command → request at the test server (cursor at the end of a 1 MB manuscript)';
  const bareC2r = isSamples(c2r.bareClient) ? summary(c2r.bareClient) : undefined;
  const c2rFloor = bareC2r ? `bare openai client call: ${withSpread(bareC2r, ms)}` : '—';
  const c2rReason = c2r.notMeasured ?? notMeasuredReason(c2r.inkwell, 'no samples');
  if (c2rReason) row(c2rFigure, '≤ 10 ms median', { notMeasured: c2rReason }, { floor: c2rFloor });
  else {
    const s = summary(c2r.inkwell);
    const others = c2r.otherRequests ? `; before its chat requests Inkwell sent ${c2r.otherRequests} other request(s) in ${c2r.inkwell.length} runs` : '';
    const roundTrip = isSamples(c2r.roundTrip) ? `; one round trip from the extension host to the workbench (setContext) takes ${ms(summary(c2r.roundTrip).median)} here` : '';
    const small = isSamples(c2r.smallManuscript) ? `; on a 10 KB manuscript ${ms(summary(c2r.smallManuscript).median)}` : '';
    row(c2rFigure, '≤ 10 ms median', `${withSpread(s, ms)}${small}`, {
      floor: c2rFloor,
      over: s.median > 10,
      cause: bareC2r ? `${ms(s.median - bareC2r.median)} above the bare client${roundTrip}${others}` : undefined,
    });
  }

  const chunks = unavailable(host.chunkToDocument);
  const chunksFigure = 'chunk at the test server\'s socket → its text in the document (one token each 10 ms)';
  if (chunks.notMeasured || !isSamples(chunks.latencies)) row(chunksFigure, '≤ 35 ms p95', { notMeasured: chunks.notMeasured ?? 'no samples' });
  else {
    const p95 = quantile(chunks.latencies, 0.95);
    const runs = summary(chunks.perRunP95);
    const unmatched = chunks.unmatched ? `; ${chunks.unmatched} chunks never seen in the document` : '';
    row(chunksFigure, '≤ 35 ms p95', `${ms(p95)} p95 over ${chunks.latencies.length} chunks (median ${ms(quantile(chunks.latencies, 0.5))}; per-run p95 ${ms(runs.low)}–${ms(runs.high)}, ${runs.n} runs${unmatched})`, {
      over: p95 > 35,
      cause: `Inkwell wrote each stream of ${chunks.chunksPerRun} chunks (about ${((chunks.chunksPerRun * chunks.tokenIntervalMs) / 1000).toFixed(0)} s) in ${chunks.editsPerRun.join(', ')} edits`,
    });
  }

  const stream = unavailable(host.fastStream);
  const streamFigure = '2,000 tokens as fast as the server can: total time over the stream\'s own time';
  const bareStream = isSamples(stream.bareClient) ? summary(stream.bareClient) : undefined;
  const streamFloor = bareStream ? `raw stream read by the bare client: ${withSpread(bareStream, ms)}` : '—';
  const streamReason = stream.notMeasured ?? notMeasuredReason(stream.inkwell, 'no samples');
  const lastFigure = "last chunk of those 2,000 tokens at the server's socket → the last text in the document";
  if (streamReason || !bareStream) {
    row(streamFigure, '—', { notMeasured: streamReason ?? 'the bare client was not timed' }, { floor: streamFloor });
    row(lastFigure, '≤ one editor round trip', { notMeasured: streamReason ?? 'no samples' });
    row('document edits while streaming those 2,000 tokens (onDidChangeTextDocument)', '≤ 60 edits a second', { notMeasured: streamReason ?? 'no samples' });
  } else {
    const total = summary(stream.inkwell);
    const ratio = total.median / bareStream.median;
    // The whole stream's time is shown for comparison; what is judged is how long the writer waits
    // after the server has sent the last token.
    row(streamFigure, '—', `${times(ratio)} (Inkwell ${withSpread(total, ms)})`, { floor: streamFloor });
    if (isSamples(stream.lastChunkToDocument) && isSamples(stream.editRoundTrip)) {
      const last = summary(stream.lastChunkToDocument);
      const roundTrip = summary(stream.editRoundTrip);
      row(lastFigure, '≤ one editor round trip', withSpread(last, ms), {
        floor: `one edit from the extension host to its change event: ${withSpread(roundTrip, ms)}`,
        over: last.median > roundTrip.median,
        cause: `${ms(last.median - roundTrip.median)} more than one round trip, in ${summary(stream.edits).median} edits${streamSplit(stream)}`,
      });
    } else row(lastFigure, '≤ one editor round trip', { notMeasured: 'the host did not time the last chunk or an edit' });
    const busiest = summary(stream.busiestSecond);
    const edits = summary(stream.edits);
    row('document edits while streaming those 2,000 tokens (onDidChangeTextDocument)', '≤ 60 edits a second', `${busiest.median} in the busiest second (${busiest.spreadKind} ${busiest.low}–${busiest.high}; ${edits.median} edits in all)`, {
      over: busiest.median > 60,
    });
  }

  const heap = unavailable(host.heap);
  const heapFigure = 'extension host heap growth after 200 continue/reject cycles';
  if (heap.notMeasured) row(heapFigure, '≤ 10 MB', heap);
  else {
    const steps = heap.checkpointsBytes.map((bytes) => mb(bytes - heap.beforeBytes)).join(', ');
    row(heapFigure, '≤ 10 MB', `${mb(heap.growthBytes)} (after 50/100/150/200 cycles: ${steps}; ${ms(heap.cycleMs)} a cycle)`, { over: heap.growthBytes > 10 * 1024 * 1024 });
  }
}

/**
 * A pure computation is judged by the lower of its CPU and wall medians: on a busy machine the wall
 * time counts waiting for a core, on an idle one the CPU time also counts the collector's threads.
 */
function timeFigure(samples) {
  const cpu = summary(samples.cpu);
  const wall = summary(samples.wall);
  const judged = wall.median < cpu.median ? wall : cpu;
  const other = judged === cpu ? `CPU; wall ${ms(wall.median)}` : `wall; CPU ${ms(cpu.median)}`;
  return { judged, text: `${withSpread(judged, ms)} ${other}` };
}

/** The longest Inkwell's own computation may hold the extension host, on any input (a whole stream's pushes counted together). */
const ADVERSARIAL_BUDGET_MS = 50;

function coreRows(core) {
  if (core.notMeasured) {
    row('word diff', '≤ 20 ms', core);
    row('context assembly', '≤ 5 ms, and flat', core);
    row('context assembly with 500 lore entries', '≤ 5 ms', core);
    return;
  }
  const { english, chinese } = core.wordDiff;
  for (const [label, passage] of [[`${english.words}-word English passage`, english], [`${chinese.characters}-character Chinese passage`, chinese]]) {
    const { judged, text } = timeFigure(passage.samples);
    row(`word diff, ${label} (${passage.changes} changes)`, '≤ 20 ms', text, { over: judged.median > 20 });
  }
  for (const [label, figure] of Object.entries(core.adversarial ?? {})) {
    const { judged, text } = timeFigure(figure.samples);
    row(`adversarial input: ${label} (${Math.round(figure.characters / 1024)}K characters)`, `≤ ${ADVERSARIAL_BUDGET_MS} ms in all`, text, {
      over: judged.median > ADVERSARIAL_BUDGET_MS,
      cause: 'the work is linear in the input; this much input takes longer than the budget on this machine',
    });
  }
  const small = timeFigure(core.context['10 KB'].samples).judged;
  for (const [label, { samples }] of Object.entries(core.context)) {
    const { judged, text } = timeFigure(samples);
    const ratio = judged.median / small.median;
    const flat = label === '10 KB' ? '' : `; ${times(ratio)} the 10 KB figure`;
    row(`context assembly at the end of a ${label} manuscript (buildPrompt, continue)`, '≤ 5 ms, and flat (≤ 2× the 10 KB figure)', `${text}${flat}`, {
      over: judged.median > 5 || ratio > 2,
    });
  }
  const { lore } = core;
  const { judged, text } = timeFigure(lore.samples);
  const build = timeFigure(lore.build).judged;
  row(
    `context assembly with ${lore.entries} lore entries at the end of a 1 MB manuscript (buildPrompt, continue; ${lore.sent} entries sent)`,
    '≤ 5 ms',
    `${text}; building the lorebook's matcher once: ${ms(build.median)}`,
    { floor: `without lore: ${ms(small.median)} (10 KB)`, over: judged.median > 5 },
  );
}

/** The local provider on the tiny test model, in plain Node: Inkwell's engine beside node-llama-cpp's bare loop. */
function localRows(local) {
  const figures = ['local model (tiny GGUF): 300 tokens, Inkwell’s engine over node-llama-cpp’s bare loop', 'local model: first token', 'local model: tokens per second', 'local model: memory the runtime and the loaded model add'];
  if (local.notMeasured) {
    for (const figure of figures) row(figure, '—', local);
    return;
  }
  const of = (runs, key) => summary(runs.map((run) => run[key]));
  const rate = (runs) => summary(runs.map((run) => (run.tokens / run.totalMs) * 1000));
  const [inkwell, bare] = [of(local.inkwell, 'totalMs'), of(local.bare, 'totalMs')];
  const ratio = inkwell.median / bare.median;
  row(figures[0], '≤ 1.1×', `${times(ratio)} (Inkwell ${withSpread(inkwell, ms)})`, {
    floor: `bare loop: ${withSpread(bare, ms)}`,
    over: ratio > 1.1,
    cause: 'both run the same runtime, model, context size, threads and chat template in one process; the spread of the two shows how much is the machine',
  });
  row(figures[1], '—', withSpread(of(local.inkwell, 'firstTokenMs'), ms), { floor: `bare loop: ${withSpread(of(local.bare, 'firstTokenMs'), ms)}` });
  const perSecond = (value) => `${Math.round(value)} tok/s`;
  row(figures[2], '—', withSpread(rate(local.inkwell), perSecond), { floor: `bare loop: ${withSpread(rate(local.bare), perSecond)}` });
  row(figures[3], '—', `${mb(local.rssAdded)} RSS`);
}

// ---- steps ---------------------------------------------------------------------------------------

/** Runs a plain-Node bench module (`bench/core.ts`, `bench/local.ts`) that prints its figures as JSON. */
function runNodeBench(script, runs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, String(runs)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stdout.on('data', (data) => (output += data));
    child.stderr.on('data', (data) => (errors += data));
    child.on('close', (code) => {
      try {
        if (code !== 0) throw new Error(errors.trim().split('\n').slice(-3).join(' ') || `exit ${code}`);
        resolve(JSON.parse(output));
      } catch (error) {
        resolve({ notMeasured: `${script} failed: ${error.message}` });
      }
    });
  });
}

async function step(label, work) {
  print(`${label} …`);
  const started = Date.now();
  try {
    return await work();
  } catch (error) {
    return { notMeasured: `${label} failed: ${error.message.split('\n')[0]}` };
  } finally {
    print(`  (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
}

function table() {
  const header = ['figure', 'measured', 'budget', 'floor (same run)', ''];
  const mark = { 'within budget': '✓', 'over budget': 'over', 'not measured': '—' };
  const lines = [header, header.map(() => '---'), ...rows.map((r) => [r.figure, r.value, r.budget, r.floor, mark[r.status]])];
  return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

function closingNote(busiest, cores) {
  const over = rows.filter((r) => r.status === 'over budget');
  const missing = rows.filter((r) => r.status === 'not measured');
  const lines = [];
  if (busiest > cores) {
    lines.push(`The machine was shared: its load average reached ${busiest.toFixed(1)} on ${cores} cores, so every wall-clock figure of the extension host also counts waiting for a core.`);
  }
  lines.push(over.length === 0 ? 'Over budget: none.' : 'Over budget:');
  for (const r of over) lines.push(`- ${r.figure}: ${r.value} against ${r.budget}${r.cause ? ` — ${r.cause}` : ''}`);
  if (missing.length > 0) lines.push(`Not measured: ${missing.length} figure(s), each with its reason in the table.`);
  return lines.join('\n');
}

function updateReadme(text) {
  const readme = path.join(root, 'README.md');
  const content = readFileSync(readme, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const from = content.indexOf(start);
  const to = content.indexOf(end);
  if (from < 0 || to < from) {
    print(`README.md has no ${start} … ${end} markers; it was left as it is.`);
    return;
  }
  writeFileSync(readme, `${content.slice(0, from + start.length)}\n${text}\n${content.slice(to)}`);
  print('README.md: the Performance table is updated.');
}

async function main() {
  await mkdir(resultsDir, { recursive: true });
  const started = Date.now();
  const cpu = os.cpus();
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
  const loadAtStart = load();
  const startLoad = os.loadavg()[0];

  const sizes = await step('Production build and .vsix', async () => {
    await buildAndPackage(root, vsixFile);
    return measureSizes(root, vsixFile);
  });
  const core = await step(`Word diff and context assembly in Node ${process.version} (${RUNS.core} runs each)`, () => runNodeBench('bench/core.ts', RUNS.core));
  const local = await step(`The local provider's engine against node-llama-cpp's bare loop (${RUNS.local} runs each)`, () => runNodeBench('bench/local.ts', RUNS.local));
  const vscode = sizes.notMeasured
    ? { notMeasured: 'there is no build to run', activation: [] }
    : await step('The real VS Code extension host', () =>
        measureInVSCode({ root, vsixFile, activationRuns: RUNS.activation, hostRuns: RUNS.host, print }),
      );
  if (vscode.notMeasured && !vscode.error) vscode.error = vscode.notMeasured;

  sizeRows(sizes);
  activationRow(vscode, sizes);
  hostRows(vscode);
  coreRows(core);
  localRows(local);

  const header = [
    `Inkwell benchmark, ${new Date().toISOString()}`,
    `Machine: ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}; load average ${loadAtStart} at the start, ${load()} at the end`,
    `Node ${process.version} (bench and core figures); ${vscode.describe ?? 'VS Code: not started'}, extension host in Node ${vscode.host?.node ?? '?'}`,
    `Runs: medians with their spread; word diff and context assembly ${RUNS.core} runs each, judged by the lower of their CPU and wall medians (the other beside it), activation ${RUNS.activation} cold windows, extension host figures ${RUNS.host} runs (chunk latency 3 streams of 300 tokens, fast stream 5, heap 200 cycles), local model ${RUNS.local} runs of 300 tokens each in plain Node. Sizes in KB of 1,024 bytes, production build.`,
  ];
  const note = closingNote(Math.max(startLoad, os.loadavg()[0]), cpu.length);
  print('');
  print(header.join('\n'));
  print('');
  print(table());
  print('');
  print(note);
  print(`\n(${((Date.now() - started) / 1000).toFixed(0)} s in all; written to ${path.relative(root, path.join(resultsDir, 'latest.json'))})`);

  writeFileSync(
    path.join(resultsDir, 'latest.json'),
    JSON.stringify({ generatedAt: new Date().toISOString(), header, rows, note, raw: { sizes, core, vscode } }, null, 2),
  );
  if (process.argv.includes('--update-readme')) updateReadme(`${header.map((line) => `${line}  `).join('\n')}\n\n${table()}\n\n${note}`);
}

main().catch((error) => {
  // A measurement run reports; it does not fail the shell that ran it.
  console.error(`The benchmark stopped: ${error.stack ?? error}`);
});
