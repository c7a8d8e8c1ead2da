// The local provider's runtime download and engine, in plain Node against the test registry: the
// real published tarballs, hash checks, cancel, then the tiny model loaded and streamed by the
// unpacked node-llama-cpp.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureLlamaRuntime, tarballDir } from '../gguf/llamaRuntime.mjs';
import { writeTinyModel } from '../gguf/tinyModel.mjs';
import { TestRegistry } from '../gguf/testRegistry';
import { installRuntime, runtimeEntry, runtimeInstalled, runtimePackages, downloadSize, tarballUrl } from '../../src/extension/connection/local/runtime';
import { EngineFailure, LocalEngine } from '../../src/extension/connection/local/engine';

const available = ensureLlamaRuntime(() => {});
const packages = runtimePackages() ?? [];
const work = mkdtempSync(path.join(tmpdir(), 'inkwell-local-'));
let registry: TestRegistry;

before(async () => {
  registry = await new TestRegistry(tarballDir).start();
});
after(async () => {
  await registry.stop();
  rmSync(work, { recursive: true, force: true });
});

const install = (storage: string, signal: AbortSignal) => {
  let received = 0;
  return {
    done: installRuntime(storage, { registry: registry.url, packages, signal, onProgress: (bytes) => (received = bytes) }),
    received: () => received,
  };
};

test('a tarball that does not match its published hash stops the install and leaves nothing behind', { skip: !available }, async () => {
  const storage = path.join(work, 'tampered');
  const binary = packages.at(-1)!;
  const binaryPath = new URL(tarballUrl(registry.url, binary)).pathname;
  registry.tampered.add(binaryPath);
  try {
    await assert.rejects(install(storage, new AbortController().signal).done, /does not match its published integrity hash/);
  } finally {
    registry.tampered.delete(binaryPath);
  }
  assert.equal(runtimeInstalled(storage), false);
  assert.deepEqual(existsSync(storage) ? readdirSync(storage) : [], [], 'no partial runtime is kept');
});

test('a registry error names the package and installs nothing', { skip: !available }, async () => {
  const storage = path.join(work, 'failing');
  const first = new URL(tarballUrl(registry.url, packages[0])).pathname;
  registry.failing.set(first, 503);
  try {
    await assert.rejects(install(storage, new AbortController().signal).done, new RegExp(`${packages[0].name}@${packages[0].version}: the registry answered 503`));
  } finally {
    registry.failing.delete(first);
  }
  assert.equal(runtimeInstalled(storage), false);
});

test('cancelling the download stops it and keeps nothing', { skip: !available }, async () => {
  const storage = path.join(work, 'cancelled');
  const controller = new AbortController();
  const running = install(storage, controller.signal);
  const requestsBefore = registry.requests.length;
  while (registry.requests.length === requestsBefore) await new Promise((resolve) => setImmediate(resolve));
  controller.abort();
  await assert.rejects(running.done, { name: 'AbortError' });
  assert.equal(runtimeInstalled(storage), false);
  assert.deepEqual(existsSync(storage) ? readdirSync(storage) : [], []);
});

test('the runtime installs from the registry and runs the tiny model: streamed text, usage, maxTokens, cancel, unload', { skip: !available, timeout: 180_000 }, async () => {
  const storage = path.join(work, 'installed');
  const running = install(storage, new AbortController().signal);
  await running.done;
  assert.equal(runtimeInstalled(storage), true);
  assert.equal(running.received(), downloadSize(packages), 'progress reaches the announced size');

  const engine = new LocalEngine(runtimeEntry(storage));
  await assert.rejects(engine.load(path.join(work, 'nowhere.gguf')), (error: unknown) => error instanceof EngineFailure && error.code === 'missing-file');
  const broken = writeTinyModel(path.join(work, 'broken.gguf'), { omit: ['llama.feed_forward_length'] });
  await assert.rejects(engine.load(broken), (error: unknown) => error instanceof EngineFailure && error.code === 'not-a-model' && error.gguf === 'missing-keys' && /feed_forward_length/.test(error.detail));

  const model = writeTinyModel(path.join(work, 'tiny.gguf'));
  const header = await engine.load(model);
  assert.equal(header.architecture, 'llama');
  const messages = [
    { role: 'system' as const, content: 'You continue stories.' },
    { role: 'user' as const, content: 'Continue: The lighthouse keeper' },
  ];
  const chunks: string[] = [];
  const end = await engine.generate(messages, { temperature: 0, maxTokens: 24, contextTokens: 1000 }, new AbortController().signal, (text) => chunks.push(text));
  assert.equal(end.finishReason, 'length');
  assert.equal(end.usage.completionTokens, 24);
  assert.ok(end.usage.promptTokens > 10, `prompt tokens: ${end.usage.promptTokens}`);
  const text = chunks.join('');
  assert.match(text, /^[\x20-\x7e]+$/, 'printable text arrived');
  assert.ok(chunks.length > 1, 'it arrived in pieces');

  const again: string[] = [];
  await engine.generate(messages, { temperature: 0, maxTokens: 24, contextTokens: 1000 }, new AbortController().signal, (piece) => again.push(piece));
  assert.equal(again.join(''), text, 'the conversation was forgotten: the same prompt gives the same answer');

  const controller = new AbortController();
  const cut: string[] = [];
  const cancelled = await engine.generate(messages, { temperature: 0, maxTokens: 2000, contextTokens: 1000 }, controller.signal, (piece) => {
    cut.push(piece);
    if (cut.length === 3) controller.abort();
  });
  assert.equal(cancelled.finishReason, 'abort');
  assert.ok(cancelled.usage.completionTokens < 2000 && cut.length < 50, `stopped after ${cut.length} pieces`);

  await engine.unload();
  assert.equal(engine.loadedModel, undefined);
});
