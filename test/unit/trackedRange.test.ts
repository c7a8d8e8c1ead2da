import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EXCLUSIVE,
  moveRangeByEvent,
  placeOf,
  remainsAfterEvent,
  remainsOf,
  type EdgeRules,
  type OffsetChange,
  type OffsetRange,
} from '../../src/core/trackedRange';
import { followReviewEdits } from '../../src/core/reviewPassage';
import { PENDING_EDGES } from '../../src/extension/continue/pendingRange';
import { applyEvent, boundaries, isBoundary, pick, randomEvent, randomText, seeded } from './support/randomEdits';

test('the edge rules: an insertion at an edge goes by the rule, a deletion that only borders the range is outside it', () => {
  const range = { start: 10, end: 20 };
  assert.equal(placeOf(range, { offset: 10, length: 0, text: 'x' }, EXCLUSIVE), 'before');
  assert.equal(placeOf(range, { offset: 20, length: 0, text: 'x' }, EXCLUSIVE), 'after');
  assert.equal(placeOf(range, { offset: 20, length: 0, text: 'x' }, PENDING_EDGES), 'inside', 'typing on from a pending continuation');
  assert.equal(placeOf(range, { offset: 10, length: 0, text: 'x' }, { atStart: 'inside', atEnd: 'outside' }), 'inside');
  assert.equal(placeOf(range, { offset: 5, length: 5, text: 'yy' }, EXCLUSIVE), 'before', 'a replacement ending at the start');
  assert.equal(placeOf(range, { offset: 20, length: 5, text: '' }, PENDING_EDGES), 'after', 'a deletion starting at the end');
  assert.equal(placeOf(range, { offset: 19, length: 2, text: '' }, EXCLUSIVE), 'inside', 'a deletion over the end');
  assert.equal(placeOf(range, { offset: 0, length: 30, text: 'z' }, EXCLUSIVE), 'inside', 'a replacement of all of it');
});

test('an empty range (a continuation before its first text) is pushed along by typing at it', () => {
  const empty = { start: 4, end: 4 };
  assert.equal(placeOf(empty, { offset: 4, length: 0, text: 'x' }, PENDING_EDGES), 'before');
  assert.deepEqual(moveRangeByEvent(empty, [{ offset: 4, length: 0, text: 'xy' }], PENDING_EDGES), { start: 6, end: 6 });
  assert.equal(placeOf(empty, { offset: 2, length: 4, text: '' }, PENDING_EDGES), 'inside', 'a deletion across it');
  assert.deepEqual(remainsOf(empty, { offset: 0, length: 0, text: 'x' }), []);
});

test('remainsOf: typing inside splits, deleting inside shortens, replacing keeps only the untouched sides', () => {
  const range = { start: 10, end: 20 };
  assert.deepEqual(remainsOf(range, { offset: 15, length: 0, text: 'abc' }), [{ start: 10, end: 15 }, { start: 18, end: 23 }]);
  assert.deepEqual(remainsOf(range, { offset: 12, length: 3, text: '' }), [{ start: 10, end: 17 }]);
  assert.deepEqual(remainsOf(range, { offset: 8, length: 4, text: 'Q' }), [{ start: 9, end: 17 }]);
  assert.deepEqual(remainsOf(range, { offset: 18, length: 5, text: '' }), [{ start: 10, end: 18 }]);
  assert.deepEqual(remainsOf(range, { offset: 10, length: 10, text: 'new' }), []);
  assert.deepEqual(remainsOf(range, { offset: 10, length: 0, text: 'ab' }), [{ start: 12, end: 22 }], 'typing at the start is not the range’s');
  assert.deepEqual(remainsOf(range, { offset: 20, length: 0, text: 'ab' }), [range], 'typing at the end is not the range’s');
});

/**
 * The oracle: every UTF-16 unit of the document carries an identity; a change keeps the identities
 * of the units it does not remove and gives the inserted ones new identities. A range's pieces must
 * be exactly the runs of its own units in the document after the edits.
 */
function identities(length: number, next: { id: number }): number[] {
  return Array.from({ length }, () => next.id++);
}

function applyToIdentities(ids: number[], changes: readonly OffsetChange[], next: { id: number }): number[] {
  let result = ids;
  for (const change of [...changes].sort((a, b) => b.offset - a.offset)) {
    result = [...result.slice(0, change.offset), ...identities(change.text.length, next), ...result.slice(change.offset + change.length)];
  }
  return result;
}

function runsOf(ids: readonly number[], own: ReadonlySet<number>): OffsetRange[] {
  const runs: OffsetRange[] = [];
  for (let i = 0; i < ids.length; i++) {
    if (!own.has(ids[i])) continue;
    const last = runs[runs.length - 1];
    if (last && last.end === i) runs[runs.length - 1] = { start: last.start, end: i + 1 };
    else runs.push({ start: i, end: i + 1 });
  }
  return runs;
}

function randomRange(random: () => number, text: string): OffsetRange {
  const offsets = boundaries(text);
  const a = pick(random, offsets);
  const b = pick(random, offsets);
  return { start: Math.min(a, b), end: Math.max(a, b) };
}

test('property: over random edit sequences (CRLF, surrogate pairs, CJK), the pieces are exactly the range’s surviving text', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const random = seeded(seed);
    let text = randomText(random, 30);
    const next = { id: 0 };
    let ids = identities(text.length, next);
    const range = randomRange(random, text);
    const own = new Set(ids.slice(range.start, range.end));
    let pieces: OffsetRange[] = range.end > range.start ? [range] : [];
    for (let step = 0; step < 12; step++) {
      const event = randomEvent(random, text);
      text = applyEvent(text, event);
      ids = applyToIdentities(ids, event, next);
      pieces = remainsAfterEvent(pieces, event);
      assert.deepEqual(pieces, runsOf(ids, own), `seed ${seed}, step ${step}`);
      for (const piece of pieces) {
        assert.ok(isBoundary(text, piece.start) && isBoundary(text, piece.end), `seed ${seed}: a piece never splits a CRLF or a surrogate pair`);
      }
    }
  }
});

test('property: a range moved by edits outside it holds exactly its own text; an edit reported inside really reached it', () => {
  const rules: EdgeRules[] = [EXCLUSIVE, PENDING_EDGES];
  let insideSeen = 0;
  for (let seed = 1; seed <= 300; seed++) {
    const random = seeded(seed * 7919);
    let text = randomText(random, 30);
    const next = { id: 0 };
    let ids = identities(text.length, next);
    let range: OffsetRange | undefined = randomRange(random, text);
    const edges = rules[seed % 2];
    const own = ids.slice(range.start, range.end);
    for (let step = 0; step < 12 && range; step++) {
      const event = randomEvent(random, text);
      const before: OffsetRange = range;
      text = applyEvent(text, event);
      ids = applyToIdentities(ids, event, next);
      range = moveRangeByEvent(before, event, edges);
      if (range) {
        assert.deepEqual(ids.slice(range.start, range.end), own, `seed ${seed}, step ${step}`);
        continue;
      }
      insideSeen++;
      const reached = event.some(
        (change) =>
          (change.offset < before.end && change.offset + change.length > before.start) ||
          (change.length === 0 && change.offset > before.start && change.offset < before.end) ||
          (change.length === 0 && change.offset === before.end && edges.atEnd === 'inside' && before.end > before.start) ||
          (change.length > 0 && before.start === before.end && change.offset < before.start && change.offset + change.length > before.start),
      );
      assert.ok(reached, `seed ${seed}, step ${step}: ${JSON.stringify({ before, event })}`);
    }
  }
  assert.ok(insideSeen > 100, 'the sequences reach inside ranges often enough to mean something');
});

test('the review’s passage: an edit outside moves it, one inside that touches no change joins it, one at a change ends it', () => {
  // "The sea was grey." under review; the change is "grey" → "silver" at 12–16.
  const passage = { start: 100, original: 'The sea was grey.', changes: [{ originalStart: 12, originalEnd: 16 }] };
  assert.deepEqual(followReviewEdits(passage, [{ offset: 0, length: 0, text: 'Once. ' }]), { ...passage, start: 106 });
  assert.deepEqual(followReviewEdits(passage, [{ offset: 117, length: 0, text: ' Rain.' }]), passage, 'typing right after the passage');
  assert.deepEqual(followReviewEdits(passage, [{ offset: 104, length: 0, text: 'cold ' }]), {
    start: 100,
    original: 'The cold sea was grey.',
    changes: [{ originalStart: 17, originalEnd: 21 }],
  });
  assert.equal(followReviewEdits(passage, [{ offset: 112, length: 0, text: 'x' }]), undefined, 'typing right before the change');
  assert.equal(followReviewEdits(passage, [{ offset: 113, length: 2, text: '' }]), undefined, 'deleting in the change');
  assert.equal(followReviewEdits(passage, [{ offset: 98, length: 4, text: '' }]), undefined, 'a deletion over the passage’s start');
});

test('property: while a review follows random edits, its passage and every change still read as they did', () => {
  let followedSteps = 0;
  for (let seed = 1; seed <= 300; seed++) {
    const random = seeded(seed * 104729);
    let text = randomText(random, 40);
    const span = randomRange(random, text);
    const original = text.slice(span.start, span.end);
    const inner = boundaries(original);
    const changes: { originalStart: number; originalEnd: number; removed: string }[] = [];
    for (let i = 0; i < 2; i++) {
      const a = pick(random, inner);
      const b = pick(random, inner);
      const change = { originalStart: Math.min(a, b), originalEnd: Math.max(a, b) };
      if (changes.some((other) => change.originalStart <= other.originalEnd && change.originalEnd >= other.originalStart)) continue;
      changes.push({ ...change, removed: original.slice(change.originalStart, change.originalEnd) });
    }
    changes.sort((a, b) => a.originalStart - b.originalStart);
    let passage: ReturnType<typeof followReviewEdits<(typeof changes)[number]>> = { start: span.start, original, changes };
    for (let step = 0; step < 10 && passage; step++) {
      const event = randomEvent(random, text);
      text = applyEvent(text, event);
      passage = followReviewEdits(passage, event);
      if (!passage) break;
      followedSteps++;
      assert.equal(text.slice(passage.start, passage.start + passage.original.length), passage.original, `seed ${seed}, step ${step}`);
      for (const change of passage.changes) assert.equal(passage.original.slice(change.originalStart, change.originalEnd), change.removed);
    }
  }
  assert.ok(followedSteps > 200);
});
