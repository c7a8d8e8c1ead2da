// What the local provider does before llama.cpp sees a file, and how it downloads a model: the GGUF
// header check, resumed downloads, the published checksum, cancel. Plain Node, a local server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tinyModelBytes, TINY_MODEL_CONTEXT } from '../gguf/tinyModel.mjs';
import { TestRegistry } from '../gguf/testRegistry';
import { checkGguf } from '../../src/extension/connection/local/gguf';
import { ChecksumError, DownloadError, downloadModel, partialFile } from '../../src/extension/connection/local/modelDownload';
import { contextSizeFor, memoryShortfall } from '../../src/extension/connection/local/engine';

const work = mkdtempSync(path.join(tmpdir(), 'inkwell-gguf-'));
const model = tinyModelBytes();
let server: TestRegistry;

before(async () => {
  server = await new TestRegistry(work).start();
  server.models.set('tiny.gguf', model);
});
after(async () => {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
});

const file = (name: string, bytes: Uint8Array | string) => {
  const full = path.join(work, name);
  writeFileSync(full, bytes);
  return full;
};

test('the tiny model is a few hundred KB and its header reads as a llama model with a chat template', async () => {
  assert.ok(model.length > 100_000 && model.length < 1_000_000, `${model.length} bytes`);
  const checked = await checkGguf(file('tiny.gguf', model));
  assert.ok(checked.ok);
  assert.equal(checked.header.architecture, 'llama');
  assert.equal(checked.header.contextLength, TINY_MODEL_CONTEXT);
  assert.equal(checked.header.hasChatTemplate, true);
});

test('files llama.cpp must not be given are refused from their header, with the reason', async () => {
  const cases: Array<[string, Uint8Array | string, string, RegExp?]> = [
    ['notes.gguf', 'Chapter one. It was a dark and stormy night.', 'not-gguf'],
    ['empty.gguf', '', 'truncated'],
    ['half.gguf', model.subarray(0, 2000), 'truncated'],
    ['no-ffn.gguf', tinyModelBytes({ omit: ['llama.feed_forward_length'] }), 'missing-keys', /llama\.feed_forward_length/],
    ['no-heads.gguf', tinyModelBytes({ omit: ['llama.attention.head_count'] }), 'missing-keys', /llama\.attention\.head_count/],
    ['no-arch.gguf', tinyModelBytes({ omit: ['general.architecture'] }), 'no-architecture'],
  ];
  for (const [name, bytes, problem, detail] of cases) {
    const checked = await checkGguf(file(name, bytes));
    assert.equal(checked.ok, false, name);
    if (checked.ok) continue;
    assert.equal(checked.problem, problem, name);
    if (detail) assert.match(checked.detail, detail, name);
  }
  const v9 = Buffer.from(model);
  v9.writeUInt32LE(9, 4);
  const checked = await checkGguf(file('v9.gguf', v9));
  assert.deepEqual(checked, { ok: false, problem: 'version', detail: '9' });
});

test('a model downloads with progress and is checked against the published SHA-256', async () => {
  const target = path.join(work, 'downloaded.gguf');
  const progress: Array<[number, number | undefined]> = [];
  await downloadModel(`${server.url}/models/tiny.gguf`, target, { signal: new AbortController().signal, onProgress: (received, total) => progress.push([received, total]) });
  assert.deepEqual(readFileSync(target), model);
  assert.deepEqual(progress.at(-1), [model.length, model.length]);
  assert.equal(existsSync(partialFile(target)), false);
});

test('a cancelled download keeps its part and resumes from it with a Range request', async () => {
  const target = path.join(work, 'resumed.gguf');
  const controller = new AbortController();
  server.holdModelAfter = 100_000;
  let received = 0;
  const first = downloadModel(`${server.url}/models/tiny.gguf`, target, { signal: controller.signal, onProgress: (bytes) => (received = bytes) });
  while (received < 100_000) await new Promise((resolve) => setTimeout(resolve, 5));
  controller.abort();
  await assert.rejects(first, { name: 'AbortError' });
  server.holdModelAfter = undefined;
  server.release();
  const kept = statSync(partialFile(target)).size;
  assert.ok(kept >= 100_000 && kept < model.length, `kept ${kept} bytes`);

  const requests = server.requests.length;
  await downloadModel(`${server.url}/models/tiny.gguf`, target, { signal: new AbortController().signal, onProgress: () => {} });
  assert.equal(server.requests[requests].range, `bytes=${kept}-`);
  assert.deepEqual(readFileSync(target), model);
});

test('a download whose bytes do not match the published checksum is deleted, not kept as a model', async () => {
  const target = path.join(work, 'tampered.gguf');
  server.tampered.add('/models/tiny.gguf');
  try {
    await assert.rejects(downloadModel(`${server.url}/models/tiny.gguf`, target, { signal: new AbortController().signal, onProgress: () => {} }), ChecksumError);
  } finally {
    server.tampered.delete('/models/tiny.gguf');
  }
  assert.equal(existsSync(target), false);
  assert.equal(existsSync(partialFile(target)), false);
  await assert.rejects(downloadModel(`${server.url}/models/missing.gguf`, target, { signal: new AbortController().signal, onProgress: () => {} }), (error: unknown) => error instanceof DownloadError && error.status === 404);
});

test('the context follows inkwell.contextTokens within what the model was trained for; memory is checked before loading', () => {
  assert.equal(contextSizeFor(3000, 600, 32768), 3000 + 600 + 1024);
  assert.equal(contextSizeFor(200_000, 600, 8192), 8192);
  assert.equal(contextSizeFor(200, 16, 0), 200 + 16 + 1024, 'a model that does not say its trained length');
  assert.equal(memoryShortfall(1e9, 8e9), 0);
  assert.ok(memoryShortfall(4e9, 2e9) > 2e9);
});
