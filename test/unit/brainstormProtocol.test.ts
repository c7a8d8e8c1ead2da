import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateFromWebview } from '../../src/core/brainstormProtocol';

const round = { type: 'brainstorm', category: 'names', topic: 'a smuggler captain', style: 'noir', count: 8, exclude: ['Mara'] };

test('well-formed messages from the page pass', () => {
  for (const message of [
    { type: 'ready' },
    round,
    { ...round, seed: 'Tobias Crane' },
    { type: 'stop' },
    { type: 'insert', requestId: 3, text: '白若霜' },
    { type: 'copy', requestId: 0, text: 'x' },
    { type: 'keep', text: 'Mara', category: 'names' },
    { type: 'unkeep', id: 'lq3-abc' },
    { type: 'clearHistory' },
  ]) {
    const checked = validateFromWebview(message);
    assert.ok(checked.ok, JSON.stringify(checked));
  }
});

test('anything else is refused with the reason', () => {
  const refused: [unknown, RegExp][] = [
    [null, /object/],
    ['ready', /object/],
    [[], /object/],
    [{ type: 'eval', code: '1' }, /unknown message type/],
    [{ type: '__proto__' }, /unknown message type/],
    [{ type: 'ready', extra: 1 }, /unexpected field "extra"/],
    [{ ...round, topic: '   ' }, /topic must not be empty/],
    [{ ...round, topic: 'x'.repeat(4001) }, /topic must be at most/],
    [{ ...round, category: '../etc' }, /category must be an id/],
    [{ ...round, style: 42 }, /style must be an id/],
    [{ ...round, count: 0 }, /count must be an integer/],
    [{ ...round, count: 2.5 }, /count must be an integer/],
    [{ ...round, count: '8' }, /count must be an integer/],
    [{ ...round, exclude: 'Mara' }, /exclude must be an array/],
    [{ ...round, exclude: [1] }, /exclude entry 0/],
    [{ ...round, exclude: Array(101).fill('x') }, /at most 100 entries/],
    [{ ...round, seed: '' }, /seed must not be empty/],
    [{ type: 'insert', text: 'x' }, /requestId/],
    [{ type: 'insert', requestId: -1, text: 'x' }, /requestId/],
    [{ type: 'insert', requestId: 1, text: { toString: 'x' } }, /text must be a string/],
    [{ type: 'keep', text: 'x' }, /category/],
  ];
  for (const [message, reason] of refused) {
    const checked = validateFromWebview(message);
    assert.equal(checked.ok, false, JSON.stringify(message)?.slice(0, 80));
    if (!checked.ok) assert.match(checked.error, reason);
  }
});
