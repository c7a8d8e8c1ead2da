// Runs inside the real VS Code extension host (loaded as the extension tests module, like the
// integration suites): the figures that need Inkwell at work in an editor, against the scripted test
// server, each beside a bare `openai` client in the same host. Writes raw samples (milliseconds) as
// JSON to INKWELL_BENCH_RESULTS; a figure that cannot be taken says why instead of giving a number.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import OpenAI from 'openai';
import * as vscode from 'vscode';
import { buildPrompt } from '../../src/core/prompt';
import { BUILT_IN_STYLES } from '../../src/core/styles';
import type { GenerationResult } from '../../src/core/types';
import { TestModelServer, type ChunkStep, type RecordedRequest } from '../../test/server/testServer';
import { fixture, manuscriptOf } from '../passages';

const MODEL = 'bench-model';
/** The bare client needs some key; Inkwell needs none for a server on this machine. */
const KEY = 'sk-bench';
const RUNS = Number(process.env.INKWELL_BENCH_RUNS ?? 15);
const COMMAND_TIMEOUT_MS = 60_000;

type Figure = Record<string, unknown> | { notMeasured: string };

class NotMeasured extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function withTimeout<T>(promise: Thenable<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([Promise.resolve(promise), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The words of the English fixture as a model would stream them: one token, with its leading space. */
function wordTokens(count: number): ChunkStep[] {
  const words = fixture('english').replace(/^#.*\n/, '').split(/\s+/).filter(Boolean);
  return Array.from({ length: count }, (_, i) => ({ text: (i === 0 ? '' : ' ') + words[i % words.length] }));
}

const nonSpaceLength = (text: string) => text.replace(/\s+/g, '').length;

/**
 * Resolves at the moment the next chat request (after the first `seen` requests) reaches the server.
 * A run that fails before sending never awaits it, so its timeout is not reported as unhandled.
 */
function nextChatRequest(server: TestModelServer, seen: number): Promise<{ request: RecordedRequest; at: number }> {
  const next = (async () => {
    for (let n = seen + 1; ; n++) {
      const request = await server.waitForRequest(n, COMMAND_TIMEOUT_MS);
      const at = performance.now();
      if (request.method === 'POST' && request.path.endsWith('/chat/completions')) return { request, at };
    }
  })();
  next.catch(() => {});
  return next;
}

async function openAtEnd(file: string, text: string): Promise<vscode.TextEditor> {
  fs.writeFileSync(file, text);
  const document = await vscode.workspace.openTextDocument(file);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  const end = document.positionAt(document.getText().length);
  editor.selection = new vscode.Selection(end, end);
  return editor;
}

async function continueDraft(): Promise<GenerationResult> {
  const result = await withTimeout(
    vscode.commands.executeCommand<GenerationResult>('inkwell.continueDraft', {}),
    COMMAND_TIMEOUT_MS,
    'inkwell.continueDraft',
  );
  if (!result || result.outcome !== 'done') {
    throw new NotMeasured(`inkwell.continueDraft ended ${result ? `${result.outcome} (${result.errorCode ?? ''} ${result.error ?? ''})` : 'without a result'}`);
  }
  return result;
}

/** Rejects the pending continuation and checks the document is back as it was (the next run starts from there). */
async function reject(editor: vscode.TextEditor, length: number): Promise<void> {
  await withTimeout(vscode.commands.executeCommand('inkwell.rejectSuggestion'), COMMAND_TIMEOUT_MS, 'inkwell.rejectSuggestion');
  const now = editor.document.getText().length;
  if (now !== length) throw new NotMeasured(`after inkwell.rejectSuggestion the document has ${now} characters instead of ${length}`);
  const end = editor.document.positionAt(length);
  editor.selection = new vscode.Selection(end, end);
}

async function inkwellCanContinue(): Promise<void> {
  const commands = new Set(await vscode.commands.getCommands(true));
  if (!commands.has('inkwell.continueDraft')) throw new NotMeasured('inkwell.continueDraft is not registered yet (Continue Draft has not landed)');
}

async function connectInkwell(server: TestModelServer): Promise<void> {
  const config = vscode.workspace.getConfiguration('inkwell');
  const global = vscode.ConfigurationTarget.Global;
  await config.update('provider', 'openai-compatible', global);
  await config.update('baseUrl', server.url, global);
  await config.update('model', MODEL, global);
  await config.update('maxOutputTokens', 4000, global);
}

/** Reverting first: a document left dirty would ask to be saved, and that dialog would stop the run. */
async function closeAllEditors(): Promise<void> {
  for (let i = 0; i < 30 && vscode.window.visibleTextEditors.length > 0; i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Command → request at the server, cursor at the end of a 1 MB manuscript; floor: a bare client's call. */
async function commandToRequest(server: TestModelServer, folder: string): Promise<Figure> {
  const text = manuscriptOf(fixture('english'), 1024 * 1024);
  const style = BUILT_IN_STYLES.find((s) => s.id === 'match') ?? BUILT_IN_STYLES[0];
  const { messages } = buildPrompt({ action: 'continue', style, text, selection: { start: text.length, end: text.length }, contextTokens: 3000 });
  const client = new OpenAI({ baseURL: server.url, apiKey: KEY, maxRetries: 0 });
  const bare: number[] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    server.reply({ text: 'The rain kept on.', splitBytes: false });
    const arrived = nextChatRequest(server, server.requests.length);
    const start = performance.now();
    const stream = await client.chat.completions.create({ model: MODEL, messages, stream: true });
    const { at } = await arrived;
    for await (const chunk of stream) void chunk;
    if (i >= 2) bare.push(at - start);
  }

  const figure: Record<string, unknown> = { manuscriptCharacters: text.length, bareClient: bare, roundTrip: await roundTrips() };
  try {
    await inkwellCanContinue();
    Object.assign(figure, await timeInkwellRequests(server, path.join(folder, 'bench-1mb.md'), text));
    // The same on a 10 KB manuscript tells what the size of the document costs.
    figure.smallManuscript = (await timeInkwellRequests(server, path.join(folder, 'bench-10kb.md'), text.slice(-10 * 1024))).inkwell;
  } catch (error) {
    figure.inkwell = { notMeasured: reason(error) };
  }
  await closeAllEditors();
  return figure;
}

/** One call from the extension host to the workbench and back: what each of a command's awaited UI calls costs here. */
async function roundTrips(): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const start = performance.now();
    await vscode.commands.executeCommand('setContext', 'inkwellBench.probe', i);
    if (i >= 2) samples.push(performance.now() - start);
  }
  return samples;
}

/**
 * One editor round trip as a streamed write makes it: an edit of the document from the extension host,
 * until its change event is back (one character typed, then taken out again).
 */
async function editRoundTrips(editor: vscode.TextEditor): Promise<number[]> {
  const samples: number[] = [];
  const end = () => editor.document.positionAt(editor.document.getText().length);
  for (let i = 0; i < RUNS + 2; i++) {
    const changed = new Promise<number>((resolve) => {
      const listener = vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document !== editor.document) return;
        listener.dispose();
        resolve(performance.now());
      });
    });
    const start = performance.now();
    await editor.edit((builder) => builder.insert(end(), '.'), { undoStopBefore: false, undoStopAfter: false });
    const at = await changed;
    if (i >= 2) samples.push(at - start);
    const last = end();
    await editor.edit((builder) => builder.delete(new vscode.Range(last.translate(0, -1), last)), { undoStopBefore: false, undoStopAfter: false });
  }
  return samples;
}

async function timeInkwellRequests(server: TestModelServer, file: string, text: string): Promise<{ inkwell: number[]; otherRequests: number }> {
  const editor = await openAtEnd(file, text);
  const inkwell: number[] = [];
  let otherRequests = 0;
  for (let i = 0; i < RUNS + 2; i++) {
    server.reply({ text: ' The rain kept on.', splitBytes: false });
    const seen = server.requests.length;
    const arrived = nextChatRequest(server, seen);
    const start = performance.now();
    await continueDraft();
    const { request, at } = await arrived;
    await reject(editor, text.length);
    if (i < 2) continue;
    inkwell.push(at - start);
    otherRequests += server.requests.indexOf(request) - seen;
  }
  return { inkwell, otherRequests };
}

/** Chunk written to the server's socket → its text in the document, at a model's pace (one token each 10 ms). */
async function chunkToDocument(server: TestModelServer, folder: string): Promise<Figure> {
  await inkwellCanContinue();
  const text = fixture('english');
  const editor = await openAtEnd(path.join(folder, 'bench-chunks.md'), text);
  const document = editor.document;
  const latencies: number[] = [];
  const perRunP95: number[] = [];
  const editsPerRun: number[] = [];
  let unmatched = 0;
  const runs = 3;
  for (let run = 0; run < runs; run++) {
    const steps = wordTokens(300).map((step) => ({ ...step, delayMs: 10 }));
    const pending: { expected: number; at: number }[] = [];
    const runLatencies: number[] = [];
    let written = 0;
    let inDocument = 0;
    const settle = (now: number) => {
      while (pending.length > 0 && pending[0].expected <= inDocument) runLatencies.push(now - pending.shift()!.at);
    };
    server.onChunkWritten = (chunk) => {
      // Events without text (the role, the finish reason, usage) have nothing to arrive.
      if (nonSpaceLength(chunk) === 0) return;
      written += nonSpaceLength(chunk);
      pending.push({ expected: written, at: performance.now() });
      settle(performance.now());
    };
    let edits = 0;
    const listener = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document !== document || event.contentChanges.length === 0) return;
      const now = performance.now();
      edits++;
      inDocument = nonSpaceLength(document.getText().slice(text.length));
      settle(now);
    });
    server.reply({ chunks: steps });
    try {
      await continueDraft();
    } finally {
      listener.dispose();
      server.onChunkWritten = undefined;
    }
    unmatched += pending.length;
    await reject(editor, text.length);
    latencies.push(...runLatencies);
    perRunP95.push(percentile(runLatencies, 0.95));
    editsPerRun.push(edits);
  }
  await closeAllEditors();
  return { chunksPerRun: 300, tokenIntervalMs: 10, latencies, perRunP95, editsPerRun, unmatched };
}

/** 2,000 tokens as fast as the server writes them: Inkwell's total time, its edits, and the bare client reading the same stream. */
async function fastStream(server: TestModelServer, folder: string): Promise<Figure> {
  const steps = wordTokens(2000);
  const client = new OpenAI({ baseURL: server.url, apiKey: KEY, maxRetries: 0 });
  const runs = 5;
  const bare: number[] = [];
  const bareFromRequest: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    server.reply({ chunks: steps, splitBytes: false });
    const arrived = nextChatRequest(server, server.requests.length);
    const start = performance.now();
    const stream = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Go on.' }], stream: true });
    let received = '';
    for await (const chunk of stream) received += chunk.choices[0]?.delta?.content ?? '';
    const end = performance.now();
    if (received.length === 0) throw new Error('the bare client read no text');
    if (i === 0) continue;
    bare.push(end - start);
    bareFromRequest.push(end - (await arrived).at);
  }

  const figure: Record<string, unknown> = { tokens: steps.length, bareClient: bare, bareFromRequest };
  try {
    await inkwellCanContinue();
    const text = fixture('english');
    const editor = await openAtEnd(path.join(folder, 'bench-stream.md'), text);
    const totals: number[] = [];
    const fromRequest: number[] = [];
    const lastChunkToDocument: number[] = [];
    const edits: number[] = [];
    const busiestSecond: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const editTimes: number[] = [];
      let lastChunkAt = 0;
      server.onChunkWritten = (chunk) => {
        if (chunk.length > 0) lastChunkAt = performance.now();
      };
      const listener = vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === editor.document && event.contentChanges.length > 0) editTimes.push(performance.now());
      });
      server.reply({ chunks: steps, splitBytes: false });
      const arrived = nextChatRequest(server, server.requests.length);
      const start = performance.now();
      try {
        await continueDraft();
      } finally {
        listener.dispose();
        server.onChunkWritten = undefined;
      }
      const total = performance.now() - start;
      await reject(editor, text.length);
      if (i === 0) continue;
      totals.push(total);
      fromRequest.push(Math.max(0, ...editTimes) - (await arrived).at);
      lastChunkToDocument.push(Math.max(0, ...editTimes) - lastChunkAt);
      edits.push(editTimes.length);
      busiestSecond.push(Math.max(0, ...editTimes.map((t, k) => editTimes.slice(k).filter((u) => u < t + 1000).length)));
    }
    Object.assign(figure, { inkwell: totals, fromRequest, lastChunkToDocument, edits, busiestSecond, editRoundTrip: await editRoundTrips(editor) });
  } catch (error) {
    figure.inkwell = { notMeasured: reason(error) };
  }
  await closeAllEditors();
  return figure;
}

function collectGarbage(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

async function settledHeap(gc: () => void): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(50);
  }
  return process.memoryUsage().heapUsed;
}

/** Extension host heap after 200 continue/reject cycles, against the heap after a warm-up, both after full collections. */
async function heapGrowth(server: TestModelServer, folder: string): Promise<Figure> {
  await inkwellCanContinue();
  const gc = collectGarbage();
  const text = fixture('english');
  const editor = await openAtEnd(path.join(folder, 'bench-heap.md'), text);
  const cycle = async () => {
    server.reply({ chunks: wordTokens(40), splitBytes: false });
    await continueDraft();
    await reject(editor, text.length);
    // The test server keeps every request it saw; its memory is not the extension's.
    server.requests.length = 0;
  };
  for (let i = 0; i < 10; i++) await cycle();
  const before = await settledHeap(gc);
  const checkpoints: number[] = [];
  const started = performance.now();
  for (let i = 1; i <= 200; i++) {
    await cycle();
    if (i % 50 === 0) checkpoints.push(await settledHeap(gc));
  }
  const cycleMs = (performance.now() - started) / 200;
  await closeAllEditors();
  return { cycles: 200, beforeBytes: before, checkpointsBytes: checkpoints, growthBytes: checkpoints[checkpoints.length - 1] - before, cycleMs };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function measure(name: string, work: () => Promise<Figure>): Promise<Figure> {
  try {
    return await work();
  } catch (error) {
    return { notMeasured: `${error instanceof NotMeasured ? '' : `${name} failed: `}${reason(error)}` };
  }
}

export async function run(): Promise<void> {
  const resultsFile = process.env.INKWELL_BENCH_RESULTS;
  if (!resultsFile) throw new Error('INKWELL_BENCH_RESULTS is not set');
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!folder) throw new Error('The bench needs a workspace folder on disk');
  const results: Record<string, unknown> = { vscodeVersion: vscode.version, node: process.version, done: false };
  const write = () => fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  write();

  const server = await TestModelServer.start({ models: [MODEL] });
  try {
    await vscode.extensions.getExtension('inkwell.inkwell')?.activate();
    await connectInkwell(server);
    results.commandToRequest = await measure('command → request', () => commandToRequest(server, folder));
    write();
    results.chunkToDocument = await measure('chunk → document', () => chunkToDocument(server, folder));
    write();
    results.fastStream = await measure('fast stream', () => fastStream(server, folder));
    write();
    results.heap = await measure('heap growth', () => heapGrowth(server, folder));
  } finally {
    await server.close();
    results.done = true;
    write();
  }
}
