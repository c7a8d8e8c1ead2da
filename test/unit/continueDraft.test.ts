import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Coalescer, splitWritable, withLineEnding, type WriteOutcome } from '../../src/extension/continue/coalescer';
import { moveRangeByEvent, placeOf as placeWithRules, type OffsetChange, type OffsetRange } from '../../src/core/trackedRange';
import { PENDING_EDGES } from '../../src/extension/continue/pendingRange';

const placeOf = (range: OffsetRange, change: OffsetChange) => placeWithRules(range, change, PENDING_EDGES);
const moveRange = (range: OffsetRange, changes: OffsetChange[]) => moveRangeByEvent(range, changes, PENDING_EDGES);

test('a change before the pending text moves it along, one after it leaves it, one inside touches it', () => {
  const range = { start: 10, end: 20 };
  assert.equal(placeOf(range, { offset: 0, length: 0, text: 'abc' }), 'before');
  assert.equal(placeOf(range, { offset: 9, length: 1, text: '' }), 'before', 'backspace just before it');
  assert.equal(placeOf(range, { offset: 10, length: 0, text: 'x' }), 'before', 'typing right before it');
  assert.equal(placeOf(range, { offset: 21, length: 0, text: 'x' }), 'after');
  assert.equal(placeOf(range, { offset: 20, length: 3, text: '' }), 'after', 'deleting what follows it');
  assert.equal(placeOf(range, { offset: 20, length: 0, text: 'x' }), 'inside', 'carrying on from its end');
  assert.equal(placeOf(range, { offset: 15, length: 0, text: 'x' }), 'inside');
  assert.equal(placeOf(range, { offset: 5, length: 10, text: '' }), 'inside', 'a deletion across its start');
  assert.equal(placeOf(range, { offset: 0, length: 30, text: '' }), 'inside', 'a deletion of all of it');
});

test('while nothing has arrived, typing at the insertion point pushes the continuation after it', () => {
  assert.equal(placeOf({ start: 10, end: 10 }, { offset: 10, length: 0, text: 'x' }), 'before');
  assert.equal(placeOf({ start: 10, end: 10 }, { offset: 10, length: 2, text: '' }), 'after');
});

test('moveRange adds up the changes of one event, all measured on the document before it', () => {
  const range = { start: 10, end: 20 };
  const moved = moveRange(range, [
    { offset: 30, length: 0, text: 'tail' },
    { offset: 2, length: 3, text: '' },
    { offset: 0, length: 0, text: '你好' },
  ]);
  assert.deepEqual(moved, { start: 9, end: 19 });
  assert.equal(moveRange(range, [{ offset: 0, length: 0, text: 'a' }, { offset: 12, length: 1, text: '' }]), undefined);
});

test('a trailing carriage return or high surrogate waits for the next delta, unless it is the end', () => {
  assert.deepEqual(splitWritable('line\r', false), { ready: 'line', held: '\r' });
  assert.deepEqual(splitWritable('smile \ud83d', false), { ready: 'smile ', held: '\ud83d' });
  assert.deepEqual(splitWritable('line\r', true), { ready: 'line\r', held: '' });
  assert.equal(withLineEnding('a\nb\r\nc\rd', '\r\n'), 'a\r\nb\r\nc\r\nd');
  assert.equal(withLineEnding('a\r\nb', '\n'), 'a\nb');
});

/** A clock and timers that only move when the test says so. */
function fakeTime() {
  let now = 0;
  let timers: Array<{ at: number; callback: () => void; id: number }> = [];
  let ids = 0;
  return {
    now: () => now,
    setTimer: (callback: () => void, ms: number) => {
      const id = ++ids;
      timers.push({ at: now + ms, callback, id });
      return id;
    },
    clearTimer: (id: unknown) => {
      timers = timers.filter((timer) => timer.id !== id);
    },
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        const due = timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((timer) => timer !== due);
        now = due.at;
        due.callback();
      }
      now = until;
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

test('a burst of deltas becomes one write per interval, and the writes add up to exactly what was pushed', async () => {
  const time = fakeTime();
  const written: string[] = [];
  const coalescer = new Coalescer(async (text) => {
    written.push(text);
    return 'applied';
  }, { eol: '\n', intervalMs: 20, ...time });
  const tokens = Array.from({ length: 2000 }, (_, i) => `w${i} `);
  // 2,000 tokens over one second: two per millisecond.
  for (let ms = 0; ms < 1000; ms++) {
    coalescer.push(tokens[ms * 2] + tokens[ms * 2 + 1]);
    await time.advance(1);
  }
  await coalescer.finish();
  assert.equal(written.join(''), tokens.join(''));
  assert.ok(written.length <= 51, `${written.length} writes for 2,000 tokens`);
  assert.equal(written[0], tokens[0] + tokens[1], 'the first text is written at once');
});

test('a slow write does not add its own time to the spacing between writes', async () => {
  const time = fakeTime();
  const startedAt: number[] = [];
  const coalescer = new Coalescer(async () => {
    startedAt.push(time.now());
    // Each write takes 15 ms to come back, as an editor round trip does.
    await new Promise<void>((resolve) => time.setTimer(resolve, 15));
    return 'applied';
  }, { eol: '\n', intervalMs: 20, ...time });
  for (let ms = 0; ms < 200; ms += 5) {
    coalescer.push('x');
    await time.advance(5);
  }
  const finished = coalescer.finish();
  await time.advance(100);
  await finished;
  const gaps = startedAt.slice(1).map((at, i) => at - startedAt[i]);
  assert.ok(gaps.every((gap) => gap >= 20), `every write starts at least 20 ms after the one before: ${gaps.join(', ')}`);
  assert.ok(gaps.slice(0, -1).every((gap) => gap <= 25), `and not 15 ms later than that: ${gaps.join(', ')}`);
});

test('a refused write is tried again with the same text, in order, and line endings become the document\'s', async () => {
  const time = fakeTime();
  const written: string[] = [];
  let refuse = 2;
  const coalescer = new Coalescer(async (text): Promise<WriteOutcome> => {
    if (refuse-- > 0) return 'retry';
    written.push(text);
    return 'applied';
  }, { eol: '\r\n', intervalMs: 40, retryMs: 5, ...time });
  coalescer.push('one\r');
  coalescer.push('\ntwo\n');
  await time.advance(5);
  coalescer.push('three');
  await time.advance(100);
  const finished = coalescer.finish();
  await time.advance(100);
  await finished;
  assert.equal(written.join(''), 'one\r\ntwo\r\nthree');
  assert.ok(!written.join('').includes('\r\r'), 'a CRLF split between deltas stays one line break');
});

test('stop drops what is buffered, and a write that says stop ends the stream', async () => {
  const time = fakeTime();
  const written: string[] = [];
  const coalescer = new Coalescer(async (text): Promise<WriteOutcome> => {
    written.push(text);
    return written.length === 2 ? 'stop' : 'applied';
  }, { eol: '\n', intervalMs: 40, ...time });
  coalescer.push('a');
  coalescer.push('b');
  await time.advance(50);
  coalescer.push('c');
  await time.advance(50);
  assert.deepEqual(written, ['a', 'b']);
  assert.equal(coalescer.isStopped, true);
  await coalescer.finish();
  assert.deepEqual(written, ['a', 'b']);

  const other = new Coalescer(async (text) => {
    written.push(text);
    return 'applied';
  }, { eol: '\n', intervalMs: 40, ...time });
  other.push('x');
  other.push('y');
  await other.stop();
  await time.advance(100);
  assert.deepEqual(written.slice(2), ['x']);
});
