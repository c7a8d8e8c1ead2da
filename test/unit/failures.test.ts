import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { MAX_RETRY_WAIT_MS, classifyFailure, retryDelayMs, type FailureDescription } from '../../src/core/failures';

const classify = (description: Partial<FailureDescription> & Pick<FailureDescription, 'kind'>) =>
  classifyFailure({ provider: 'openai-compatible', ...description });

test('HTTP statuses map to the contract codes, each with the action that fixes it', () => {
  assert.deepEqual(classify({ kind: 'api', status: 401 }), { errorCode: 'auth', message: 'auth', action: 'setApiKey', retryable: false });
  assert.deepEqual(classify({ kind: 'api', status: 403 }), { errorCode: 'forbidden', message: 'forbidden', action: 'showLog', retryable: false });
  assert.deepEqual(classify({ kind: 'api', status: 404, code: 'model_not_found' }), {
    errorCode: 'model-not-found', message: 'model-not-found', action: 'selectModel', retryable: false,
  });
  assert.deepEqual(classify({ kind: 'api', status: 429 }), { errorCode: 'rate-limited', message: 'rate-limited', retryable: true });
  assert.deepEqual(classify({ kind: 'api', status: 429, code: 'insufficient_quota' }), { errorCode: 'rate-limited', message: 'quota', retryable: false });
  for (const status of [500, 502, 503, 504]) assert.equal(classify({ kind: 'api', status }).retryable, true, String(status));
  assert.equal(classify({ kind: 'api', status: 501 }).retryable, false);
  assert.equal(classify({ kind: 'api', status: 503 }).errorCode, 'server-error');
  assert.equal(classify({ kind: 'api', status: 400, code: 'context_length_exceeded' }).message, 'context-too-long');
  assert.equal(classify({ kind: 'api', status: 400 }).message, 'bad-request');
});

test('an error with no status inside a started stream is an in-band failure', () => {
  assert.deepEqual(classify({ kind: 'api' }), { errorCode: 'stream-broken', message: 'in-band', action: 'showLog', retryable: false });
  assert.equal(classify({ kind: 'in-band' }).errorCode, 'stream-broken');
});

test('a refused connection to a local preset says the local server is not running', () => {
  for (const provider of ['ollama', 'lmstudio'] as const) {
    assert.deepEqual(classifyFailure({ kind: 'connection', provider, code: 'ECONNREFUSED' }), {
      errorCode: 'unreachable', message: 'local-not-running', retryable: false,
    });
  }
  assert.equal(classify({ kind: 'connection', code: 'ECONNREFUSED' }).message, 'refused-connection');
});

test('DNS and TLS failures are told apart; a reset connection may be retried', () => {
  for (const code of ['ENOTFOUND', 'EAI_AGAIN']) assert.equal(classify({ kind: 'connection', code }).message, 'dns', code);
  for (const code of ['CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID', 'SELF_SIGNED_CERT_IN_CHAIN']) {
    assert.equal(classify({ kind: 'connection', code }).message, 'tls', code);
  }
  assert.deepEqual(classify({ kind: 'connection', code: 'ECONNRESET' }), { errorCode: 'unreachable', message: 'unreachable', action: 'showLog', retryable: true });
  assert.equal(classify({ kind: 'connection', code: 'ENOTFOUND' }).retryable, false);
});

test('stalls, cuts, refusals and filters keep their own codes and are never retried', () => {
  const expected = {
    timeout: 'timeout', stream: 'stream-broken', refusal: 'refused', 'content-filter': 'refused', 'not-confirmed': 'not-confirmed', 'no-key': 'no-key', 'no-model': 'model-not-found',
  } as const;
  for (const [kind, errorCode] of Object.entries(expected)) {
    const failure = classify({ kind: kind as keyof typeof expected });
    assert.equal(failure.errorCode, errorCode, kind);
    assert.equal(failure.retryable, false, kind);
  }
  assert.equal(classify({ kind: 'no-key' }).action, 'setApiKey');
  assert.equal(classify({ kind: 'not-confirmed' }).action, 'confirmHost');
  assert.equal(classify({ kind: 'no-provider' }).action, 'connect');
});

test('VS Code language model errors map by their code', () => {
  assert.equal(classifyFailure({ kind: 'lm', provider: 'vscode-lm', code: 'NoPermissions' }).errorCode, 'forbidden');
  assert.equal(classifyFailure({ kind: 'lm', provider: 'vscode-lm', code: 'Blocked' }).errorCode, 'rate-limited');
  assert.equal(classifyFailure({ kind: 'lm', provider: 'vscode-lm', code: 'NotFound' }).errorCode, 'model-not-found');
  assert.equal(classifyFailure({ kind: 'lm', provider: 'vscode-lm', code: 'Unknown' }).errorCode, 'server-error');
});

test('Retry-After is honoured in seconds, milliseconds or as a date; too long a wait is not waited', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(retryDelayMs(1, { retryAfter: '2' }, now), 2000);
  assert.equal(retryDelayMs(1, { retryAfterMs: '350', retryAfter: '2' }, now), 350);
  assert.equal(retryDelayMs(1, { retryAfter: 'Thu, 01 Jan 2026 00:00:03 GMT' }, now), 3000);
  assert.equal(retryDelayMs(1, { retryAfter: String(MAX_RETRY_WAIT_MS / 1000 + 1) }, now), undefined);
  assert.equal(retryDelayMs(1, {}, now), 500);
  assert.equal(retryDelayMs(2, {}, now), 1000);
  assert.equal(retryDelayMs(1, { retryAfter: '0' }, now), 0);
});

test('what the openai package throws is described by the system error underneath it', async () => {
  const { createServer } = await import('node:net');
  const { describeChatError, streamChat } = await import('../../src/extension/connection/openaiChat');
  const closedPort = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const options = { messages: [{ role: 'user' as const, content: 'Once' }], temperature: null, maxOutputTokens: 16, asReasoningModel: false };
  const events = { content: () => {}, activity: () => {} };
  const thrown = async (target: Parameters<typeof streamChat>[0]) => {
    try {
      await streamChat(target, undefined, options, AbortSignal.timeout(10_000), events);
    } catch (error) {
      return classifyFailure(await describeChatError(error, target, false));
    }
    throw new Error('no error');
  };

  const refused = await thrown({ provider: 'ollama', baseUrl: `http://127.0.0.1:${closedPort}/v1`, keyRequired: false, model: 'm' });
  assert.deepEqual(refused, { errorCode: 'unreachable', message: 'local-not-running', retryable: false });
  // `.invalid` never resolves (RFC 2606); offline it is a temporary DNS failure, online "not found": both are DNS.
  const unknown = await thrown({ provider: 'openai-compatible', baseUrl: 'http://inkwell-test.invalid/v1', keyRequired: false, model: 'm' });
  assert.equal(unknown.message, 'dns');
  assert.equal(unknown.errorCode, 'unreachable');
});

test("an over-long prompt is the context-length message, however the server words it", () => {
  const contextTooLong = [
    { status: 400, code: 'context_length_exceeded', detail: 'This model maximum context length is 128000 tokens.' },
    // llama.cpp's server: a numeric code (not kept), the type says it.
    { status: 400, type: 'exceed_context_size_error', detail: 'the request exceeds the available context size, try increasing it' },
    // vLLM.
    { status: 400, type: 'BadRequestError', detail: "This model's maximum context length is 4096 tokens. However, you requested 5120 tokens (4608 in the messages, 512 in the completion)." },
    // Ollama.
    { status: 400, detail: 'prompt too long; exceeded max context length by 412 tokens' },
    { status: 500, detail: 'the input length exceeds the context length' },
    // LM Studio.
    { status: 400, detail: 'Trying to keep the first 5210 tokens when context the overflows. However, the model is loaded with context length of only 4096 tokens, which is not enough.' },
  ];
  for (const description of contextTooLong) {
    const failure = classify({ kind: 'api', ...description });
    assert.equal(failure.message, 'context-too-long', description.detail);
    assert.equal(failure.errorCode, 'server-error');
    assert.equal(failure.retryable, false, 'sending the same prompt again cannot help');
  }
  for (const description of [
    { status: 400, detail: 'max_tokens is too large: 5000. This model supports at most 4096 completion tokens.' },
    { status: 400, detail: "Invalid value for 'temperature'." },
    { status: 401, detail: 'the context of this key has expired' },
  ]) {
    assert.notEqual(classify({ kind: 'api', ...description }).message, 'context-too-long', description.detail);
  }
});

test('an unfinished answer and a runaway one are broken streams that keep what arrived', () => {
  assert.equal(classify({ kind: 'unfinished' }).errorCode, 'stream-broken');
  assert.equal(classify({ kind: 'runaway' }).errorCode, 'stream-broken');
  assert.equal(classify({ kind: 'runaway' }).retryable, false);
});
