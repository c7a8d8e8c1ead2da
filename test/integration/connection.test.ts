// The model connection in a real VS Code: every provider against the scripted test server (or, for
// vscode-lm, a chat model provider registered through VS Code's API by test/extensions/lm-provider),
// driven through the public commands a writer or script uses.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GenerationResult } from '../../src/core/types';
import { TestModelServer, type RecordedRequest } from '../server/testServer';
import { closeAllEditors, extension, sleep, waitFor, workspaceFolder } from './helpers';

const MODEL = 'story-model';
const KEY = 'sk-inkwell-test-0123456789abcdef';
const CONNECTION_SETTINGS = ['provider', 'baseUrl', 'model', 'azure.endpoint', 'azure.apiVersion', 'requestTimeoutSeconds', 'temperature', 'maxOutputTokens'];

interface LmProviderExports {
  requests: { messages: { role: string; text: string }[]; cancelled: boolean }[];
  reply(reply: { text: string; stallAfter?: number }): void;
  logUri: vscode.Uri;
}

/** Sets user (global) settings, as the writer would in their user settings.json. */
async function useSettings(values: Record<string, unknown>): Promise<void> {
  const config = vscode.workspace.getConfiguration('inkwell');
  for (const [key, value] of Object.entries(values)) await config.update(key, value, vscode.ConfigurationTarget.Global);
}

async function resetSettings(): Promise<void> {
  await useSettings(Object.fromEntries(CONNECTION_SETTINGS.map((key) => [key, undefined])));
}

const chats = (server: TestModelServer) => server.requests.filter((request) => request.path.endsWith('/chat/completions'));

function lastChat(server: TestModelServer): RecordedRequest {
  const all = chats(server);
  assert.ok(all.length > 0, 'a chat request reached the server');
  return all[all.length - 1];
}

let copies = 0;

/** A fresh manuscript in the workspace, opened with the cursor at its end. */
async function openManuscript(content = 'The lamp guttered and the house went quiet.\n\n'): Promise<vscode.TextDocument> {
  const file = path.join(workspaceFolder().uri.fsPath, `connection-${++copies}.md`);
  fs.writeFileSync(file, content);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  const end = document.positionAt(document.getText().length);
  editor.selection = new vscode.Selection(end, end);
  return document;
}

function continueDraft(): Thenable<GenerationResult> {
  return vscode.commands.executeCommand<GenerationResult>('inkwell.continueDraft', {});
}

/** Continues a fresh manuscript; returns the result and what the document then holds after the original text. */
async function continueFresh(content?: string): Promise<{ result: GenerationResult; added: string; document: vscode.TextDocument }> {
  const document = await openManuscript(content);
  const before = document.getText();
  const result = await continueDraft();
  const after = document.getText();
  return { result, added: after.startsWith(before) ? after.slice(before.length) : after, document };
}

function assertFailed(result: GenerationResult, errorCode: string, message?: RegExp): void {
  assert.equal(result.outcome, 'failed', JSON.stringify(result));
  assert.equal(result.errorCode, errorCode, JSON.stringify(result));
  assert.ok(result.error && result.error.length > 0, 'a message for the writer');
  if (message) assert.match(result.error, message);
}

function lmProvider(): vscode.Extension<LmProviderExports> {
  const ext = vscode.extensions.getExtension<LmProviderExports>('inkwell-test.lm-provider');
  assert.ok(ext, 'the test language model provider extension (test/extensions/lm-provider) is loaded');
  return ext;
}

/** Inkwell's log file: its LogOutputChannel writes to <logs>/<extension id>/Inkwell.log. */
async function inkwellLog(expected: string): Promise<string> {
  const { logUri } = await lmProvider().activate();
  const file = path.join(path.dirname(logUri.fsPath), 'inkwell.inkwell', 'Inkwell.log');
  await waitFor(`"${expected}" in ${file}`, () => fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes(expected));
  return fs.readFileSync(file, 'utf8');
}

suite('Model connection', function () {
  this.timeout(60_000);
  let server: TestModelServer;

  suiteSetup(async () => {
    await extension().activate();
    await lmProvider().activate();
  });

  setup(async () => {
    server = await TestModelServer.start({ models: [MODEL, 'o3-mini', 'my-reasoner', 'other-model', 'prose-deployment'] });
    await useSettings({ provider: 'openai-compatible', baseUrl: server.url, model: MODEL, requestTimeoutSeconds: 20 });
  });

  teardown(async () => {
    await closeAllEditors();
    await vscode.commands.executeCommand('inkwell.clearApiKey', {});
    await resetSettings();
    await server.close();
  });

  test('openai-compatible: a valid streamed request with the stored key as Bearer, text whole and in order, usage reported', async () => {
    assert.equal(await vscode.commands.executeCommand('inkwell.setApiKey', { key: KEY }), true);
    const answer = 'Rain came at dusk — 雨夜里下起了雨，她等着。😀 Nobody knocked.';
    server.reply({ text: answer, usage: { prompt_tokens: 42, completion_tokens: 17 } });
    const { result, added } = await continueFresh();
    assert.equal(result.outcome, 'done', JSON.stringify(result));
    assert.equal(result.finishReason, 'stop');
    assert.equal(result.text.trim(), answer);
    assert.equal(added.trim(), answer, 'the document holds the answer exactly');
    assert.deepEqual(result.usage, { promptTokens: 42, completionTokens: 17 });
    const request = lastChat(server);
    assert.equal(request.path, '/v1/chat/completions');
    assert.equal(request.headers.authorization, `Bearer ${KEY}`, 'the key read back from SecretStorage is sent as Bearer');
    assert.equal(request.body.stream, true);
    assert.deepEqual(request.body.stream_options, { include_usage: true });
    assert.equal(request.body.model, MODEL);
    assert.ok(request.body.messages.some((m: { content: string }) => m.content.includes('The lamp guttered')), 'the manuscript was sent');
    server.assertAllValid();
  });

  test('bytes split inside multi-byte characters still arrive as whole characters', async () => {
    const answer = '月光落在她的手上。🌧️👩‍👧 Ünïcödé ends here.';
    server.reply({ chunks: [{ text: answer.slice(0, 5) }, { text: answer.slice(5, 12) }, { text: answer.slice(12) }, { finishReason: 'stop' }], splitBytes: true });
    const { result } = await continueFresh();
    assert.equal(result.outcome, 'done', JSON.stringify(result));
    assert.equal(result.text.trim(), answer);
    assert.ok(!result.text.includes('\uFFFD'), 'no replacement characters');
  });

  test('usage is optional: a server that sends none still gives a done result', async () => {
    server.reply({ text: 'The door held.', usage: 'none' });
    const { result } = await continueFresh();
    assert.equal(result.outcome, 'done', JSON.stringify(result));
    assert.equal(result.usage, undefined);
  });

  test('ollama and lmstudio presets send no authentication header; empty choices and reasoning never reach the text', async () => {
    for (const provider of ['ollama', 'lmstudio']) {
      await useSettings({ provider, baseUrl: server.url });
      server.reply({
        chunks: [
          { emptyChoices: true },
          { reasoning: 'She should hesitate first.', reasoningField: 'reasoning_content' },
          { reasoning: 'Then open it.', reasoningField: 'reasoning' },
          { text: '<thi' },
          { text: 'nk>hidden plan</th' },
          { text: 'ink>She opened the door.' },
          { emptyChoices: true },
          { finishReason: 'stop' },
        ],
      });
      const { result } = await continueFresh();
      assert.equal(result.outcome, 'done', `${provider}: ${JSON.stringify(result)}`);
      assert.equal(result.text.trim(), 'She opened the door.', provider);
      const request = lastChat(server);
      assert.equal(request.headers.authorization, undefined, `${provider} sends no Authorization header`);
      assert.equal(request.headers['api-key'], undefined);
      await closeAllEditors();
    }
    server.assertAllValid();
  });

  test('azure: the deployment path with api-version and the api-key header, never Bearer', async () => {
    await useSettings({ provider: 'azure', baseUrl: undefined, model: 'prose-deployment', 'azure.endpoint': server.origin, 'azure.apiVersion': '2024-10-21' });
    assert.equal(await vscode.commands.executeCommand('inkwell.setApiKey', { key: KEY }), true);
    server.reply({ text: 'The fog lifted.' });
    const { result } = await continueFresh();
    assert.equal(result.outcome, 'done', JSON.stringify(result));
    assert.equal(result.text.trim(), 'The fog lifted.');
    const request = lastChat(server);
    assert.equal(request.path, '/openai/deployments/prose-deployment/chat/completions');
    assert.equal(request.query['api-version'], '2024-10-21');
    assert.equal(request.headers['api-key'], KEY);
    assert.equal(request.headers.authorization, undefined);
    assert.deepEqual(request.body.stream_options, { include_usage: true });

    // Azure refused stream_options before api-version 2024-10-21.
    await useSettings({ 'azure.apiVersion': '2024-06-01' });
    server.reply({ text: 'Again.' });
    await closeAllEditors();
    const older = await continueFresh();
    assert.equal(older.result.outcome, 'done', JSON.stringify(older.result));
    assert.equal(lastChat(server).body.stream_options, undefined);
    server.assertAllValid();
  });

  test('openai without a stored key fails with no-key and sends nothing', async () => {
    await useSettings({ provider: 'openai', baseUrl: undefined });
    const { result } = await continueFresh();
    assertFailed(result, 'no-key', /API key/);
    assert.equal(server.requests.length, 0);
  });

  test('reasoning models get max_completion_tokens and no temperature; a 400 about max_tokens is retried that way once', async () => {
    await useSettings({ model: 'o3-mini', temperature: 0.7 });
    server.reply({ text: 'Quietly.' });
    let { result } = await continueFresh();
    assert.equal(result.outcome, 'done', JSON.stringify(result));
    const body = lastChat(server).body;
    assert.equal(typeof body.max_completion_tokens, 'number');
    assert.equal(body.max_tokens, undefined);
    assert.equal(body.temperature, undefined);
    await closeAllEditors();

    await useSettings({ model: 'my-reasoner' });
    server.reply({
      status: 400,
      error: { message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", type: 'invalid_request_error', code: 'unsupported_parameter' },
    });
    server.reply({ text: 'At last.' });
    ({ result } = await continueFresh());
    assert.equal(result.outcome, 'done', JSON.stringify(result));
    assert.equal(result.text.trim(), 'At last.');
    const [first, second] = chats(server).slice(-2);
    assert.equal(typeof first.body.max_tokens, 'number');
    assert.equal(first.body.temperature, 0.7);
    assert.equal(typeof second.body.max_completion_tokens, 'number');
    assert.equal(second.body.max_tokens, undefined);
    assert.equal(second.body.temperature, undefined);
    server.assertAllValid();
  });

  test('HTTP failures map to their error codes and messages, nothing thrown', async () => {
    const cases: { reply: Parameters<TestModelServer['reply']>[0]; errorCode: string; message: RegExp; model?: string; requireKey?: boolean }[] = [
      { reply: { status: 403, error: { message: 'forbidden', type: 'permission_error' } }, errorCode: 'forbidden', message: /403/ },
      { reply: { status: 429, error: { message: 'quota', code: 'insufficient_quota' } }, errorCode: 'rate-limited', message: /quota/ },
      { reply: { status: 501, error: { message: 'not implemented' } }, errorCode: 'server-error', message: /501/ },
    ];
    for (const { reply, errorCode, message } of cases) {
      server.reply(reply);
      const { result } = await continueFresh();
      assertFailed(result, errorCode, message);
      await closeAllEditors();
    }

    // A model the server does not have.
    await useSettings({ model: 'no-such-model' });
    let { result } = await continueFresh();
    assertFailed(result, 'model-not-found', /no-such-model/);
    await closeAllEditors();

    // A wrong key: the server checks it.
    await server.close();
    server = await TestModelServer.start({ models: [MODEL], requireKey: 'sk-the-right-key' });
    await useSettings({ baseUrl: server.url, model: MODEL });
    await vscode.commands.executeCommand('inkwell.setApiKey', { key: KEY });
    ({ result } = await continueFresh());
    assertFailed(result, 'auth', /API key/);
    assert.ok(!result.error!.includes(KEY), 'the message never holds the key');
  });

  test('429 and 5xx are retried before the first token, honouring Retry-After', async () => {
    server.reply({ status: 429, headers: { 'retry-after': '1' }, error: { message: 'slow down', code: 'rate_limit_exceeded' } });
    server.reply({ text: 'Patience paid.' });
    let { result } = await continueFresh();
    assert.equal(result.outcome, 'done', JSON.stringify(result));
    const [limited, retried] = chats(server);
    assert.ok(retried.receivedAt - limited.receivedAt >= 950, `waited ${retried.receivedAt - limited.receivedAt} ms as Retry-After asked`);
    await closeAllEditors();

    for (let i = 0; i < 3; i++) server.reply({ status: 503, error: { message: 'overloaded' } });
    ({ result } = await continueFresh());
    assertFailed(result, 'server-error', /503/);
    assert.equal(chats(server).length, 2 + 3, 'two retries, then the failure');
    await closeAllEditors();

    for (let i = 0; i < 3; i++) server.reply({ status: 429, headers: { 'retry-after': '0' }, error: { message: 'slow down' } });
    ({ result } = await continueFresh());
    assertFailed(result, 'rate-limited');
  });

  test('connection refused on a local preset says the server is not running; a TLS failure is told as such', async () => {
    const closed = await TestModelServer.start();
    const url = closed.url;
    await closed.close();
    await useSettings({ provider: 'ollama', baseUrl: url });
    let { result } = await continueFresh();
    assertFailed(result, 'unreachable', /Ollama.*is it running\?/);
    await closeAllEditors();

    await useSettings({ provider: 'openai-compatible', baseUrl: server.url.replace('http://', 'https://') });
    ({ result } = await continueFresh());
    assertFailed(result, 'unreachable', /TLS/);
  });

  test('stream endings: cut, in-band error, length and content filter keep the text that arrived', async () => {
    server.reply({ text: 'One two three four five six seven eight nine ten.', cutAfterChunks: 5 });
    let { result } = await continueFresh();
    assertFailed(result, 'stream-broken');
    assert.ok(result.text.length > 0, 'the partial text is kept');
    await closeAllEditors();

    server.reply({ text: 'It began well', inBandError: { message: 'upstream provider failed' } });
    ({ result } = await continueFresh());
    assertFailed(result, 'stream-broken', /upstream provider failed/);
    assert.ok(result.text.startsWith('It began'), JSON.stringify(result));
    await closeAllEditors();

    server.reply({ chunks: [{ text: 'She ran and ran' }, { finishReason: 'length' }] });
    ({ result } = await continueFresh());
    assert.equal(result.outcome, 'done', JSON.stringify(result));
    assert.equal(result.finishReason, 'length');
    assert.equal(result.text.trim(), 'She ran and ran');
    await closeAllEditors();

    server.reply({ chunks: [{ text: 'The blade' }, { finishReason: 'content_filter' }] });
    ({ result } = await continueFresh());
    assertFailed(result, 'refused', /filter/);
    assert.equal(result.finishReason, 'content_filter');
    await closeAllEditors();

    server.reply({ chunks: [{ refusal: "I can't help with that." }, { finishReason: 'stop' }] });
    const refused = await continueFresh();
    assertFailed(refused.result, 'refused', /can't help with that/);
    assert.ok(!refused.document.getText().includes("can't help"), 'a refusal is never written into the manuscript');
  });

  test('the idle watchdog ends a stalled stream as a timeout that keeps what arrived', async () => {
    await useSettings({ requestTimeoutSeconds: 5 });
    server.reply({ text: 'Footsteps on the stair, then nothing', stallAfterChunks: 4 });
    const started = Date.now();
    const { result } = await continueFresh();
    const took = Date.now() - started;
    assertFailed(result, 'timeout', /5/);
    assert.ok(result.text.length > 0, 'the text before the stall is kept');
    assert.ok(took >= 4500 && took < 15_000, `ended after ${took} ms`);
    await server.waitForClose(lastChat(server), 2000);
  });

  test('cancelling stops the request at the server within a second', async () => {
    server.reply({ text: 'Slowly the water rose around the house', stallAfterChunks: 3 });
    const document = await openManuscript();
    const running = continueDraft();
    const request = await server.waitForRequest(1);
    await waitFor('text in the document', () => document.getText().length > 'The lamp guttered and the house went quiet.\n\n'.length);
    const cancelledAt = Date.now();
    await vscode.commands.executeCommand('inkwell.cancel');
    await server.waitForClose(request, 1000);
    assert.ok(request.closedAt! - cancelledAt < 1000, `closed ${request.closedAt! - cancelledAt} ms after cancel`);
    const result = await running;
    assert.equal(result.outcome, 'cancelled', JSON.stringify(result));
  });

  test('a workspace .vscode/settings.json cannot redirect requests or the key', async () => {
    const attacker = await TestModelServer.start({ models: [MODEL, 'attacker-model'] });
    const settingsFile = path.join(workspaceFolder().uri.fsPath, '.vscode', 'settings.json');
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    const before = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : undefined;
    try {
      await vscode.commands.executeCommand('inkwell.setApiKey', { key: KEY });
      const changed = new Promise<void>((resolve) => {
        const listener = vscode.workspace.onDidChangeConfiguration(() => {
          listener.dispose();
          resolve();
        });
      });
      fs.writeFileSync(
        settingsFile,
        JSON.stringify({
          'inkwell.provider': 'ollama',
          'inkwell.baseUrl': attacker.url,
          'inkwell.model': 'attacker-model',
          'inkwell.azure.endpoint': attacker.origin,
          'inkwell.requestTimeoutSeconds': 5,
        }),
      );
      await Promise.race([changed, sleep(3000)]);
      attacker.reply({ text: 'stolen' });
      server.reply({ text: 'Safe at home.' });
      const { result } = await continueFresh();
      assert.equal(result.outcome, 'done', JSON.stringify(result));
      assert.equal(result.text.trim(), 'Safe at home.');
      assert.equal(lastChat(server).headers.authorization, `Bearer ${KEY}`);
      assert.equal(lastChat(server).body.model, MODEL);
      assert.deepEqual(attacker.requests, [], 'the attacker server received nothing');
    } finally {
      if (before === undefined) fs.rmSync(settingsFile);
      else fs.writeFileSync(settingsFile, before);
      await attacker.close();
    }
  });

  test('the key lives in SecretStorage only: never in settings or the log, never sent to another host after switching', async () => {
    await vscode.commands.executeCommand('inkwell.setApiKey', { key: KEY });
    server.reply({ text: 'First.' });
    const first = await continueFresh();
    assert.equal(first.result.outcome, 'done', JSON.stringify(first.result));
    assert.equal(lastChat(server).headers.authorization, `Bearer ${KEY}`, 'read back from SecretStorage');
    await closeAllEditors();

    const other = await TestModelServer.start({ models: [MODEL] });
    try {
      for (const provider of ['openai-compatible', 'ollama', 'lmstudio']) {
        await useSettings({ provider, baseUrl: other.url });
        other.reply({ text: 'Elsewhere.' });
        const { result } = await continueFresh();
        assert.equal(result.outcome, 'done', `${provider}: ${JSON.stringify(result)}`);
        const request = lastChat(other);
        assert.equal(request.headers.authorization, undefined, `${provider} at another host gets no key`);
        assert.ok(!JSON.stringify(request).includes(KEY), `${provider}: the key appears nowhere in the request`);
        await closeAllEditors();
      }
    } finally {
      await other.close();
    }

    // Back to the first server: the key is still there for it, and clearing removes it.
    await useSettings({ provider: 'openai-compatible', baseUrl: server.url });
    server.reply({ text: 'Home.' });
    await continueFresh();
    assert.equal(lastChat(server).headers.authorization, `Bearer ${KEY}`);
    await closeAllEditors();
    assert.equal(await vscode.commands.executeCommand('inkwell.clearApiKey', {}), true);
    server.reply({ text: 'Without.' });
    await continueFresh();
    assert.equal(lastChat(server).headers.authorization, undefined, 'cleared');

    const config = vscode.workspace.getConfiguration('inkwell');
    for (const key of CONNECTION_SETTINGS) assert.ok(!JSON.stringify(config.inspect(key) ?? {}).includes(KEY), `not in setting ${key}`);
    const logged = `openai-compatible ${server.url.replace('http://', '').replace('/v1', '')} model=${MODEL}`;
    const log = await inkwellLog(logged);
    assert.ok(log.includes(logged), 'each request is logged with provider, host and model');
    assert.ok(!log.includes(KEY), 'the key is in no log line');
  });

  test('selectModel with a model id sets the user setting without a picker', async () => {
    assert.equal(await vscode.commands.executeCommand('inkwell.selectModel', { model: 'other-model' }), 'other-model');
    assert.equal(vscode.workspace.getConfiguration('inkwell').inspect('model')?.globalValue, 'other-model');
    server.reply({ text: 'Chosen.' });
    const { result } = await continueFresh();
    assert.equal(result.outcome, 'done', JSON.stringify(result));
    assert.equal(lastChat(server).body.model, 'other-model');
  });

  test('an empty model setting uses the first model the server lists', async () => {
    await useSettings({ model: undefined });
    server.reply({ text: 'Listed.' });
    const { result } = await continueFresh();
    assert.equal(result.outcome, 'done', JSON.stringify(result));
    assert.ok(server.requests.some((request) => request.path === '/v1/models'));
    assert.equal(lastChat(server).body.model, MODEL);
  });

  test('vscode-lm streams from a chat model provider registered through VS Code\'s API, reasoning removed', async () => {
    const provider = await lmProvider().activate();
    await useSettings({ provider: 'vscode-lm', baseUrl: undefined, model: undefined });
    const requestsBefore = provider.requests.length;
    provider.reply({ text: '<think>she should wait</think>她没有回头，雨一直下到天亮。🌧️ The end.' });
    const { result, added } = await continueFresh('她推开门，屋里一片寂静。\n\n');
    assert.equal(result.outcome, 'done', JSON.stringify(result));
    assert.equal(provider.requests.length, requestsBefore + 1, 'the test model received the request');
    const sent = provider.requests[provider.requests.length - 1].messages.map((message) => message.text).join('\n');
    assert.ok(sent.includes('她推开门'), 'the manuscript reached the model');
    assert.equal(result.text.trim(), '她没有回头，雨一直下到天亮。🌧️ The end.');
    assert.equal(added.trim(), result.text.trim(), 'the answer is in the document');
    assert.equal(server.requests.length, 0, 'nothing went to an HTTP server');
  });

  test('vscode-lm: cancelling reaches the model provider', async () => {
    const provider = await lmProvider().activate();
    await useSettings({ provider: 'vscode-lm', baseUrl: undefined, model: 'inkwell-test-echo' });
    provider.reply({ text: 'Waiting for the tide to turn', stallAfter: 3 });
    const document = await openManuscript();
    const before = provider.requests.length;
    const running = continueDraft();
    await waitFor('the test model to be asked', () => provider.requests.length > before);
    await waitFor('text in the document', () => document.getText().includes('Waiting'));
    await vscode.commands.executeCommand('inkwell.cancel');
    const result = await running;
    assert.equal(result.outcome, 'cancelled', JSON.stringify(result));
    await waitFor('the provider to see the cancellation', () => provider.requests[provider.requests.length - 1].cancelled, 1000);
  });

  test('auto prefers VS Code models when no local server answers, and a local Ollama when one does', async () => {
    const provider = await lmProvider().activate();
    await useSettings({ provider: 'auto', baseUrl: undefined, model: undefined });
    const before = provider.requests.length;
    provider.reply({ text: 'From VS Code.' });
    let { result } = await continueFresh();
    assert.equal(result.outcome, 'done', JSON.stringify(result));
    assert.equal(result.text.trim(), 'From VS Code.');
    assert.equal(provider.requests.length, before + 1, 'auto used the VS Code model');
    await closeAllEditors();

    const ollama = await TestModelServer.start({ port: 11434, models: ['llama-local'] });
    try {
      await useSettings({ model: 'unrelated' });
      ollama.reply({ text: 'Local words.' });
      ({ result } = await continueFresh());
      assert.equal(result.outcome, 'done', JSON.stringify(result));
      assert.equal(result.text.trim(), 'Local words.');
      const request = lastChat(ollama);
      assert.equal(request.body.model, 'llama-local');
      assert.equal(request.headers.authorization, undefined);
      assert.equal(provider.requests.length, before + 1, 'the local server came first');
    } finally {
      await ollama.close();
    }
  });
  test('a redirect to another origin is not followed: nothing reaches it, and the message names both hosts', async () => {
    await vscode.commands.executeCommand('inkwell.setApiKey', { key: KEY });
    const elsewhere = await TestModelServer.start({ models: [MODEL] });
    const host = (origin: string) => origin.replace('http://', '');
    try {
      for (const status of [307, 308]) {
        const moved = await TestModelServer.start({ models: [MODEL], redirect: (pathAndQuery) => elsewhere.origin + pathAndQuery, redirectStatus: status });
        try {
          await useSettings({ baseUrl: moved.url, model: MODEL });
          const { result, added } = await continueFresh();
          assertFailed(result, 'unreachable');
          assert.ok(result.error!.includes(host(moved.origin)) && result.error!.includes(host(elsewhere.origin)), `${status}: both hosts named: ${result.error}`);
          assert.equal(added, '', 'the document is unchanged');
          assert.equal(chats(moved).length, 1, `${status}: the request went to the configured server only`);
          await closeAllEditors();

          // Listing models (no model chosen) is held to the same rule.
          await useSettings({ model: undefined });
          const listing = await continueFresh();
          assertFailed(listing.result, 'unreachable');
          assert.ok(moved.requests.some((request) => request.path === '/v1/models'), 'the listing was asked of the configured server');
          await closeAllEditors();
        } finally {
          await moved.close();
        }
      }
      assert.deepEqual(elsewhere.requests, [], 'the other origin received nothing: no text, no key, no listing');
    } finally {
      await elsewhere.close();
    }
  });

  test('a redirect within the same origin is followed', async () => {
    const moved = await TestModelServer.start({ models: [MODEL], redirect: (pathAndQuery) => (pathAndQuery.startsWith('/old/') ? pathAndQuery.slice('/old'.length) : undefined) });
    try {
      await useSettings({ baseUrl: `${moved.origin}/old/v1` });
      moved.reply({ text: 'Same house.' });
      const { result } = await continueFresh();
      assert.equal(result.outcome, 'done', JSON.stringify(result));
      assert.equal(result.text.trim(), 'Same house.');
      assert.equal(lastChat(moved).path, '/v1/chat/completions');
    } finally {
      await moved.close();
    }
  });

  test('keys belong to an origin: a key stored for https://host is not sent to http://host', async () => {
    const port = new URL(server.url).port;
    await useSettings({ baseUrl: `https://127.0.0.1:${port}/v1` });
    assert.equal(await vscode.commands.executeCommand('inkwell.setApiKey', { key: KEY }), true);
    await useSettings({ baseUrl: server.url });
    server.reply({ text: 'In the clear.' });
    const { result } = await continueFresh();
    assert.equal(result.outcome, 'done', JSON.stringify(result));
    assert.equal(lastChat(server).headers.authorization, undefined, 'the https key is not sent over http');
    assert.ok(!JSON.stringify(lastChat(server)).includes(KEY));
    await closeAllEditors();

    // A key stored for the http origin itself is used there.
    await vscode.commands.executeCommand('inkwell.setApiKey', { key: `${KEY}-http` });
    server.reply({ text: 'Keyed.' });
    await continueFresh();
    assert.equal(lastChat(server).headers.authorization, `Bearer ${KEY}-http`);
    await useSettings({ baseUrl: `https://127.0.0.1:${port}/v1` });
    await vscode.commands.executeCommand('inkwell.clearApiKey', {});
  });
});
