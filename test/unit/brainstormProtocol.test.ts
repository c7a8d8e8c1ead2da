import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  answer,
  createRequester,
  validateFromWebview,
  type RequestHandlers,
  type RequestMessage,
  type Schedule,
} from '../../src/core/brainstormProtocol';

const round = { type: 'brainstorm', requestId: 1, params: { category: 'names', topic: 'a smuggler captain', style: 'noir', count: 8, exclude: ['Mara'] } };
const idea = { roundId: 'lq3-abc', index: 2 };

test('well-formed messages from the page pass', () => {
  for (const message of [
    { type: 'ready', requestId: 0, params: {} },
    round,
    { ...round, params: { ...round.params, seed: 'Tobias Crane' } },
    { type: 'stop', params: {} },
    { type: 'insert', requestId: 3, params: { idea } },
    { type: 'insert', requestId: 3, params: { idea: { keeperId: 'lq3-def' } } },
    { type: 'copy', requestId: 0, params: { idea } },
    { type: 'keep', requestId: 4, params: { idea } },
    { type: 'unkeep', requestId: 5, params: { id: 'lq3-abc' } },
    { type: 'clearHistory', requestId: 6, params: {} },
  ]) {
    const checked = validateFromWebview(message);
    assert.ok(checked.ok, JSON.stringify(checked));
  }
});

test('anything else is refused with the reason', () => {
  const withParams = (params: object) => ({ ...round, params: { ...round.params, ...params } });
  const refused: [unknown, RegExp][] = [
    [null, /object/],
    ['ready', /object/],
    [[], /object/],
    [{ type: 'eval', code: '1' }, /unknown message type/],
    [{ type: '__proto__' }, /unknown message type/],
    [{ type: 'ready', requestId: 1, params: {}, extra: 1 }, /unexpected field "extra"/],
    [{ type: 'ready', requestId: 1, params: { extra: 1 } }, /unexpected field "extra"/],
    [{ type: 'ready', requestId: 1 }, /params must be an object/],
    [{ type: 'stop', requestId: 1, params: {} }, /unexpected field "requestId"/],
    [withParams({ topic: '   ' }), /topic must not be empty/],
    [withParams({ topic: 'x'.repeat(4001) }), /topic must be at most/],
    [withParams({ category: '../etc' }), /category must be an id/],
    [withParams({ style: 42 }), /style must be an id/],
    [withParams({ count: 0 }), /count must be an integer/],
    [withParams({ count: 2.5 }), /count must be an integer/],
    [withParams({ count: '8' }), /count must be an integer/],
    [withParams({ exclude: 'Mara' }), /exclude must be an array/],
    [withParams({ exclude: [1] }), /exclude entry 0/],
    [withParams({ exclude: Array(101).fill('x') }), /at most 100 entries/],
    [withParams({ seed: '' }), /seed must not be empty/],
    [{ type: 'insert', params: { idea } }, /requestId/],
    [{ type: 'insert', requestId: -1, params: { idea } }, /requestId/],
    [{ type: 'insert', requestId: 1, params: { text: 'x' } }, /unexpected field "text"/],
    [{ type: 'insert', requestId: 1, params: { idea: { roundId: 'a', index: -1 } } }, /index must be a non-negative integer/],
    [{ type: 'insert', requestId: 1, params: { idea: { roundId: 'a', index: 0, text: 'x' } } }, /roundId, index/],
    [{ type: 'keep', requestId: 1, params: { idea: { keeperId: '../x' } } }, /must be an id/],
    [{ type: 'keep', requestId: 1, params: {} }, /idea must be an object/],
  ];
  for (const [message, reason] of refused) {
    const checked = validateFromWebview(message);
    assert.equal(checked.ok, false, JSON.stringify(message)?.slice(0, 80));
    if (!checked.ok) assert.match(checked.error, reason);
  }
});

const handlers: RequestHandlers = {
  ready: async () => ({ ok: false, error: 'not in this test' }),
  brainstorm: async () => ({ ok: true, value: { roundId: 'r1' } }),
  insert: async () => ({ ok: false, error: 'Open a text editor to insert the idea into.' }),
  copy: async () => {
    throw new Error('the clipboard is gone');
  },
  keep: async () => ({ ok: true, value: { keepers: [] } }),
  unkeep: async () => ({ ok: true, value: { keepers: [] } }),
  clearHistory: async () => ({ ok: true, value: { history: [] } }),
};

test('answer replies to the request it was given, with its handler’s answer or what it threw', async () => {
  assert.deepEqual(await answer(handlers, { type: 'brainstorm', requestId: 7, params: round.params }), {
    type: 'reply',
    requestId: 7,
    request: 'brainstorm',
    answer: { ok: true, value: { roundId: 'r1' } },
  });
  assert.deepEqual((await answer(handlers, { type: 'insert', requestId: 8, params: { idea } })).answer, {
    ok: false,
    error: 'Open a text editor to insert the idea into.',
  });
  assert.deepEqual((await answer(handlers, { type: 'copy', requestId: 9, params: { idea } })).answer, { ok: false, error: 'the clipboard is gone' });
});

/** A clock that runs only when told: the requester's timeout without waiting for it. */
function manualClock() {
  const timers = new Set<{ at: number; run: () => void }>();
  let now = 0;
  const schedule: Schedule = (delayMs, run) => {
    const timer = { at: now + delayMs, run };
    timers.add(timer);
    return () => timers.delete(timer);
  };
  const advance = (ms: number) => {
    now += ms;
    for (const timer of [...timers].filter((each) => each.at <= now)) {
      timers.delete(timer);
      timer.run();
    }
  };
  return { schedule, advance, pending: () => timers.size };
}

test('the page’s request settles with its reply, and a reply naming another request is dropped', async () => {
  const sent: RequestMessage[] = [];
  const clock = manualClock();
  const requester = createRequester((message) => sent.push(message), { timeoutMs: 1000, schedule: clock.schedule, timeoutMessage: () => 'no answer' });
  const kept = requester.request('keep', { idea });
  assert.deepEqual(sent, [{ type: 'keep', requestId: 1, params: { idea } }]);
  requester.receive({ type: 'reply', requestId: 1, request: 'clearHistory', answer: { ok: true, value: { history: [] } } });
  requester.receive({ type: 'reply', requestId: 1, request: 'keep', answer: { ok: true, value: { keepers: [{ id: 'k', text: 'Mara', category: 'names', keptAt: 1 }] } } });
  const reply = await kept;
  assert.ok(reply.ok);
  assert.deepEqual(reply.value.keepers.map((keeper) => keeper.text), ['Mara']);
  assert.equal(clock.pending(), 0, 'the timeout is cleared');
});

test('a request without an answer settles as failed after the timeout, and a late reply changes nothing', async () => {
  const clock = manualClock();
  const requester = createRequester(() => {}, { timeoutMs: 1000, schedule: clock.schedule, timeoutMessage: (type) => `no answer to ${type}` });
  const inserted = requester.request('insert', { idea });
  clock.advance(999);
  clock.advance(1);
  assert.deepEqual(await inserted, { ok: false, error: 'no answer to insert' });
  requester.receive({ type: 'reply', requestId: 1, request: 'insert', answer: { ok: true, value: {} } });
  assert.deepEqual(await inserted, { ok: false, error: 'no answer to insert' });
});
