import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI, { APIError, AuthenticationError, AzureOpenAI, NotFoundError, RateLimitError } from 'openai';
import { TestModelServer } from '../server/testServer';
import { schemaErrors } from '../server/validate';

let server: TestModelServer;
let client: OpenAI;

beforeEach(async () => {
  server = await TestModelServer.start({ models: ['story-model'] });
  client = new OpenAI({ baseURL: server.url, apiKey: 'test-key', maxRetries: 0 });
});

afterEach(async () => {
  await server.close();
});

const messages = [{ role: 'user' as const, content: 'Continue the story.' }];
const streamRequest = (extra: Record<string, unknown> = {}) => ({ model: 'story-model', messages, stream: true, ...extra });

/** Reads a streamed answer with plain fetch: the byte reads as they arrived, and the parsed `data:` payloads. */
async function readRaw(body: Record<string, unknown>, signal?: AbortSignal) {
  const response = await fetch(`${server.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer test-key' },
    body: JSON.stringify(body),
    signal,
  });
  const reads: Uint8Array[] = [];
  let failure: unknown;
  try {
    for await (const read of response.body as unknown as AsyncIterable<Uint8Array>) reads.push(read);
  } catch (error) {
    failure = error;
  }
  const text = new TextDecoder().decode(Buffer.concat(reads));
  const payloads = text.split('\n\n').filter((event) => event.startsWith('data: ')).map((event) => event.slice(6));
  return { response, reads, text, payloads, failure };
}

function chunksOf(payloads: string[]) {
  const chunks = payloads.filter((payload) => payload !== '[DONE]').map((payload) => JSON.parse(payload));
  for (const chunk of chunks) assert.deepEqual(schemaErrors('CreateChatCompletionStreamResponse', chunk), [], JSON.stringify(chunk));
  return chunks;
}

async function streamedText(request: Record<string, unknown> = streamRequest()) {
  const stream = await client.chat.completions.create(request as never) as unknown as AsyncIterable<OpenAI.ChatCompletionChunk>;
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  return text;
}

test('a request that breaks the schema, or has an unknown top-level field, is recorded as invalid', async () => {
  const post = (body: unknown) => fetch(`${server.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal((await post({ model: 'story-model' })).status, 400);
  assert.equal((await post({ model: 'story-model', messages, temperature: 'hot' })).status, 400);
  assert.equal((await post({ model: 'story-model', messages, temprature: 0.7 })).status, 400);
  const [noMessages, hot, misspelled] = server.invalidRequests();
  assert.match(noMessages.validationErrors.join(), /required property 'messages'/);
  assert.match(hot.validationErrors.join(), /\/temperature must be number/);
  assert.match(misspelled.validationErrors.join(), /unrecognized request argument "temprature"/);
  assert.throws(() => server.assertAllValid(), /3 invalid request\(s\)[\s\S]*temprature/);
});

test('a request beyond the scripted replies gets 500 and counts as invalid', async () => {
  await assert.rejects(client.chat.completions.create({ model: 'story-model', messages }), (error) => error instanceof APIError && error.status === 500);
  assert.throws(() => server.assertAllValid(), /no scripted reply/);
});

test('a Chinese and emoji answer arrives whole through the openai package, though the wire splits its characters', async () => {
  const answer = '她推开门，雨停了。🌧️ 远处有人喊她的名字——👩‍👧 “回来吧！”';
  server.reply({ text: answer });
  assert.equal(await streamedText(), answer);

  server.reply({ text: answer });
  const { reads, payloads, response } = await readRaw(streamRequest());
  assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  const strict = new TextDecoder('utf-8', { fatal: true });
  assert.ok(reads.some((read) => { try { strict.decode(read); return false; } catch { return true; } }), 'some read ends inside a character');
  assert.ok(reads.some((read) => Buffer.from(read).toString().endsWith('data:')), 'some read ends between data: and its JSON');
  assert.equal(payloads.at(-1), '[DONE]');
  const chunks = chunksOf(payloads);
  assert.equal(chunks[0].choices[0].delta.role, 'assistant');
  assert.ok(chunks.every((chunk) => chunk.model === 'story-model' && chunk.id === chunks[0].id && !('usage' in chunk)));
  assert.equal(chunks.map((chunk) => chunk.choices[0].delta.content ?? '').join(''), answer);
  assert.equal(chunks.at(-1).choices[0].finish_reason, 'stop');
  server.assertAllValid();
});

test('usage: a final chunk with empty choices when include_usage, usage null on the others; none when scripted so', async () => {
  server.reply({ text: 'The end.', usage: { prompt_tokens: 12, completion_tokens: 3 } });
  let chunks = chunksOf((await readRaw(streamRequest({ stream_options: { include_usage: true } }))).payloads);
  assert.deepEqual(chunks.at(-1).choices, []);
  assert.deepEqual(chunks.at(-1).usage, { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 });
  assert.ok(chunks.slice(0, -1).every((chunk) => chunk.usage === null));

  server.reply({ text: 'The end.', usage: 'none' });
  chunks = chunksOf((await readRaw(streamRequest({ stream_options: { include_usage: true } }))).payloads);
  assert.ok(chunks.every((chunk) => chunk.choices.length === 1 && !('usage' in chunk)));
  server.assertAllValid();
});

test('reasoning arrives in the scripted field, apart from the content; empty choices and comments pass', async () => {
  server.reply({ chunks: [
    { emptyChoices: true },
    { raw: ': OPENROUTER PROCESSING\n\n' },
    { reasoning: 'She should ', reasoningField: 'reasoning_content' },
    { reasoning: 'hesitate.', reasoningField: 'reasoning' },
    { text: 'She waited.' },
    { finishReason: 'length' },
  ] });
  const { payloads } = await readRaw(streamRequest());
  const chunks = chunksOf(payloads);
  assert.deepEqual(chunks[0].choices, []);
  assert.deepEqual(chunks[1].choices[0].delta, { role: 'assistant', reasoning_content: 'She should ' });
  assert.deepEqual(chunks[2].choices[0].delta, { reasoning: 'hesitate.' });
  assert.deepEqual(chunks[3].choices[0].delta, { content: 'She waited.' });
  assert.equal(chunks[4].choices[0].finish_reason, 'length');
  assert.equal(chunks.length, 5);

  server.reply({ chunks: [{ emptyChoices: true }, { raw: ': keepalive\n\n' }, { text: 'She ' }, { text: 'waited.' }] });
  assert.equal(await streamedText(), 'She waited.');
  server.assertAllValid();
});

test('a stall goes silent with the socket open until the client aborts, and waitForClose sees it', async () => {
  server.reply({ text: 'The lamp flickered and', stallAfterChunks: 2 });
  const controller = new AbortController();
  const response = await fetch(`${server.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(streamRequest()), signal: controller.signal });
  const reader = response.body!.getReader();
  let received = '';
  while (!(received.includes('"content":" "') && received.endsWith('\n\n'))) received += new TextDecoder().decode((await reader.read()).value);
  const next = reader.read();
  const silent = await Promise.race([next.then(() => false), new Promise((resolve) => setTimeout(() => resolve(true), 300))]);
  assert.ok(silent, 'nothing more arrives after the stall');
  assert.equal(server.requests[0].closedEarly, false);
  controller.abort();
  await next.catch(() => undefined);
  await server.waitForClose(server.requests[0]);
  assert.equal(server.requests[0].closedEarly, true);
  server.assertAllValid();
});

test('waitForClose sees a request aborted while the openai package reads it', async () => {
  server.reply({ chunks: [{ text: 'One' }, { text: ' two', delayMs: 2000 }] });
  const controller = new AbortController();
  const stream = await client.chat.completions.create({ model: 'story-model', messages, stream: true }, { signal: controller.signal });
  for await (const chunk of stream) {
    if (chunk.choices[0]?.delta.content === 'One') controller.abort();
  }
  const request = await server.waitForRequest(1);
  await server.waitForClose(request);
  assert.ok(request.closedEarly && request.closedAt! - request.receivedAt < 1500);
  server.assertAllValid();
});

test('a cut connection ends the stream without [DONE]', async () => {
  server.reply({ text: 'Midnight came', cutAfterChunks: 2 });
  const { payloads, failure } = await readRaw(streamRequest());
  assert.ok(failure, 'the body read fails');
  assert.deepEqual(chunksOf(payloads).map((chunk) => chunk.choices[0].delta.content), ['Mid', 'n']);
  assert.ok(!payloads.includes('[DONE]'));
  assert.equal(server.requests[0].closedEarly, false);

  server.reply({ text: 'Midnight came', cutAfterChunks: 2 });
  await assert.rejects(streamedText());
  server.assertAllValid();
});

test('an in-band error after HTTP 200 and a malformed event make the openai package throw', async () => {
  server.reply({ text: 'Half a sen', inBandError: { message: 'upstream provider failed' } });
  await assert.rejects(streamedText(), (error) => error instanceof APIError && /upstream provider failed/.test(error.message));

  server.reply({ chunks: [{ text: 'Fine' }, { raw: 'data: {"choices": [\n\n' }] });
  await assert.rejects(streamedText(), SyntaxError);
  server.assertAllValid();
});

test('status codes send OpenAI error bodies with the scripted headers', async () => {
  server.reply({ status: 429, headers: { 'retry-after': '1' }, error: { message: 'Slow down' } });
  await assert.rejects(client.chat.completions.create({ model: 'story-model', messages }), (error) => {
    assert.ok(error instanceof RateLimitError);
    assert.equal(error.headers.get('retry-after'), '1');
    assert.equal(error.code, 'rate_limit_exceeded');
    return true;
  });
  server.reply({ status: 503 });
  const unavailable = await fetch(`${server.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'story-model', messages }) });
  assert.equal(unavailable.status, 503);
  assert.deepEqual(schemaErrors('ErrorResponse', await unavailable.json()), []);
  await assert.rejects(client.chat.completions.create({ model: 'other-model', messages }), (error) => error instanceof NotFoundError && error.code === 'model_not_found');
  server.assertAllValid();
});

test('a non-streamed answer is one valid chat.completion, after the scripted delay', async () => {
  server.reply({ chunks: [{ reasoning: 'Keep it short.' }, { text: '她笑了。' }, { text: '🙂' }], delayMs: 200 });
  const started = Date.now();
  const response = await fetch(`${server.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'story-model', messages }) });
  assert.ok(Date.now() - started >= 190);
  const body = await response.json();
  assert.deepEqual(schemaErrors('CreateChatCompletionResponse', body), []);
  assert.equal(body.choices[0].message.content, '她笑了。🙂');
  assert.equal(body.choices[0].message.reasoning_content, 'Keep it short.');
  assert.equal(body.usage.total_tokens, body.usage.prompt_tokens + body.usage.completion_tokens);

  server.reply({ text: 'Yes.' });
  const completion = await client.chat.completions.create({ model: 'story-model', messages });
  assert.equal(completion.choices[0].message.content, 'Yes.');
  server.assertAllValid();
});

test('models are listed, chunk writes are observed, and the requests are recorded', async () => {
  const models = await client.models.list();
  assert.deepEqual(models.data.map((model) => model.id), ['story-model']);
  const listing = await (await fetch(`${server.url}/models`)).json();
  assert.deepEqual(schemaErrors('ListModelsResponse', listing), []);

  const written: string[] = [];
  server.onChunkWritten = (text) => written.push(text);
  server.reply({ text: 'Rain again.' });
  await streamedText(streamRequest({ temperature: 0.8 }));
  assert.equal(written.join(''), 'Rain again.');
  const chat = server.requests.find((request) => request.path === '/v1/chat/completions')!;
  assert.equal(chat.headers.authorization, 'Bearer test-key');
  assert.equal(chat.body.temperature, 0.8);
  server.assertAllValid();
});

test('a required key refuses others with invalid_api_key; Azure deployments are answered', async () => {
  await server.close();
  server = await TestModelServer.start({ requireKey: 'right-key' });
  const wrongKey = new OpenAI({ baseURL: server.url, apiKey: 'wrong-key', maxRetries: 0 });
  await assert.rejects(wrongKey.models.list(), (error) => error instanceof AuthenticationError && error.code === 'invalid_api_key');
  assert.deepEqual((await new OpenAI({ baseURL: server.url, apiKey: 'right-key' }).models.list()).data, []);

  const azure = new AzureOpenAI({ endpoint: server.origin, apiKey: 'right-key', apiVersion: '2024-10-21', deployment: 'prose', maxRetries: 0 });
  server.reply({ text: 'Dawn.' });
  const completion = await azure.chat.completions.create({ model: 'prose', messages });
  assert.equal(completion.choices[0].message.content, 'Dawn.');
  const request = server.requests.at(-1)!;
  assert.equal(request.path, '/openai/deployments/prose/chat/completions');
  assert.equal(request.headers['api-key'], 'right-key');
  server.assertAllValid();
});
