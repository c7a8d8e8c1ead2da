// The attempt loop and the endings of a request, with a fake clock: no VS Code, no network, no waiting.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { answerCeilingCharacters, runAttempts, settle, type Attempt, type AttemptProblem, type Clock } from '../../src/core/requestRun';

function fakeClock(start = Date.parse('2026-12-01T12:00:00Z'), { cancelAt }: { cancelAt?: number } = {}) {
  const waits: number[] = [];
  let now = start;
  const clock: Clock = {
    now: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
      return cancelAt === undefined || waits.length < cancelAt;
    },
  };
  return { clock, waits };
}

const failed = (problem: Partial<AttemptProblem> & Pick<AttemptProblem, 'kind'>, receivedChunk = false): Attempt<AttemptProblem> => ({
  ended: 'failed',
  receivedChunk,
  problem: { provider: 'openai-compatible', ...problem },
});
const complete: Attempt<AttemptProblem> = { ended: 'complete', end: { finishReason: 'stop' } };

function scripted(...attempts: Attempt<AttemptProblem>[]) {
  let calls = 0;
  return { run: async () => attempts[Math.min(calls++, attempts.length - 1)], calls: () => calls };
}

test('passing trouble before the first token is tried again, at most twice, with growing pauses', async () => {
  const { clock, waits } = fakeClock();
  const attempts = scripted(failed({ kind: 'api', status: 503 }), failed({ kind: 'connection', code: 'ECONNRESET' }), complete);
  assert.deepEqual(await runAttempts(attempts.run, { clock, cancelled: () => false }), complete);
  assert.equal(attempts.calls(), 3);
  assert.deepEqual(waits, [500, 1000]);

  const always = scripted(failed({ kind: 'api', status: 502 }));
  const last = await runAttempts(always.run, { clock, cancelled: () => false });
  assert.equal(last.ended, 'failed');
  assert.equal(always.calls(), 3, 'the first try and two retries');
});

test("the server's Retry-After is honoured (seconds or an HTTP date, by the injected clock); one asking too long is not waited for", async () => {
  const { clock, waits } = fakeClock();
  const inDate = new Date(clock.now() + 3000).toUTCString();
  const attempts = scripted(failed({ kind: 'api', status: 429, retryAfter: '2' }), failed({ kind: 'api', status: 429, retryAfter: inDate }), complete);
  await runAttempts(attempts.run, { clock, cancelled: () => false });
  assert.deepEqual(waits, [2000, 1000], 'two seconds, then the date measured from the clock after the first wait');

  const tooLong = scripted(failed({ kind: 'api', status: 429, retryAfter: '3600' }), complete);
  assert.equal((await runAttempts(tooLong.run, { clock, cancelled: () => false })).ended, 'failed');
  assert.equal(tooLong.calls(), 1);
});

test('nothing is tried again once text has arrived, when it cannot help, or when the writer cancelled', async () => {
  const { clock, waits } = fakeClock();
  for (const attempt of [failed({ kind: 'api', status: 503 }, true), failed({ kind: 'api', status: 401 }), failed({ kind: 'api', status: 400 })]) {
    const once = scripted(attempt, complete);
    assert.equal((await runAttempts(once.run, { clock, cancelled: () => false })).ended, 'failed');
    assert.equal(once.calls(), 1);
  }
  const cancelled = scripted(failed({ kind: 'api', status: 503 }), complete);
  assert.equal((await runAttempts(cancelled.run, { clock, cancelled: () => true })).ended, 'failed');
  assert.equal(cancelled.calls(), 1);
  const cutWait = fakeClock(0, { cancelAt: 1 });
  const waiting = scripted(failed({ kind: 'api', status: 503 }), complete);
  assert.equal((await runAttempts(waiting.run, { clock: cutWait.clock, cancelled: () => false })).ended, 'failed', 'a wait cut by cancelling ends the loop');
  assert.deepEqual(waits, []);
});

test('a failure the next attempt can avoid is sent again at once, without a pause', async () => {
  const { clock, waits } = fakeClock();
  let adapted = false;
  const attempts = scripted(failed({ kind: 'api', status: 400 }), complete);
  const adapt = () => (adapted ? false : (adapted = true));
  assert.deepEqual(await runAttempts(attempts.run, { clock, cancelled: () => false, adapt }), complete);
  assert.deepEqual(waits, []);
});

test('only stop and length are finished answers; every other finish reason is unfinished and stays out of the result', () => {
  assert.deepEqual(settle({ finishReason: 'stop' }, 600), { outcome: 'done', finishReason: 'stop', contextFull: false });
  assert.deepEqual(settle({ finishReason: 'length', usage: { promptTokens: 900, completionTokens: 600 } }, 600), { outcome: 'done', finishReason: 'length', contextFull: false });
  for (const reason of ['abort', 'tool_calls', 'function_call', 'eos_token_maybe']) {
    assert.deepEqual(settle({ finishReason: reason }, 600), { outcome: 'failed', kind: 'unfinished', detail: reason }, reason);
  }
  assert.deepEqual(settle({}, 600), { outcome: 'failed', kind: 'stream' });
  assert.deepEqual(settle({ finishReason: 'error' }, 600), { outcome: 'failed', kind: 'in-band' });
  assert.deepEqual(settle({ finishReason: 'content_filter' }, 600), { outcome: 'failed', kind: 'content-filter', finishReason: 'content_filter' });
  assert.deepEqual(settle({ finishReason: 'stop', refusal: 'No.' }, 600), { outcome: 'failed', kind: 'refusal', detail: 'No.' });
});

test("a length stop well under the answer limit is the server's full context, not the limit", () => {
  assert.equal(settle({ finishReason: 'length', usage: { promptTokens: 4000, completionTokens: 37 } }, 600).outcome === 'done', true);
  assert.deepEqual(settle({ finishReason: 'length', usage: { promptTokens: 4000, completionTokens: 37 } }, 600), { outcome: 'done', finishReason: 'length', contextFull: true });
  assert.deepEqual(settle({ finishReason: 'length', usage: { promptTokens: 4000, completionTokens: 590 } }, 600), { outcome: 'done', finishReason: 'length', contextFull: false });
  assert.deepEqual(settle({ finishReason: 'length' }, 600), { outcome: 'done', finishReason: 'length', contextFull: false }, 'without usage it cannot be told');
});

test('an answer may grow to a few times the answer limit', () => {
  assert.equal(answerCeilingCharacters(600), 19_200);
  assert.equal(answerCeilingCharacters(50), 16_384, 'never below a floor that a short limit would make too tight');
});
