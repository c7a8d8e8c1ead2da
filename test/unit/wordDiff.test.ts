import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { applyDecisions, diffWords, insertionPreview, proposedText, wordTokens, type Decision, type WordChange } from '../../src/core/wordDiff';

const english = readFileSync(new URL('../fixtures/prose/english.md', import.meta.url), 'utf8');
const chinese = readFileSync(new URL('../fixtures/prose/chinese.md', import.meta.url), 'utf8');

/** The changes as [removed, added] pairs, checked against the original at their offsets. */
function pairs(original: string, rewritten: string): Array<[string, string]> {
  const changes = diffWords(original, rewritten);
  assertWellFormed(original, rewritten, changes);
  return changes.map((change) => [change.removed, change.added]);
}

function assertWellFormed(original: string, rewritten: string, changes: readonly WordChange[]): void {
  let previousEnd = 0;
  changes.forEach((change, i) => {
    assert.equal(change.index, i, 'indices count from 0 in document order');
    assert.ok(change.originalStart >= previousEnd, 'changes do not overlap');
    assert.equal(original.slice(change.originalStart, change.originalEnd), change.removed, 'removed text is the original at its offsets');
    assert.notEqual(change.removed, change.added);
    for (const offset of [change.originalStart, change.originalEnd]) {
      assert.ok(!isInsideSurrogatePair(original, offset), `offset ${offset} splits a surrogate pair`);
      assert.ok(!(original[offset - 1] === '\r' && original[offset] === '\n'), `offset ${offset} splits a CRLF`);
    }
    previousEnd = change.originalEnd;
  });
  assert.equal(proposedText(original, changes), rewritten, 'accepting every change gives the rewrite');
  assert.equal(applyDecisions(original, changes, []), original, 'deciding nothing keeps the original');
  assert.equal(
    applyDecisions(original, changes, changes.map(() => 'rejected')),
    original,
    'rejecting every change gives the original back',
  );
}

function isInsideSurrogatePair(text: string, offset: number): boolean {
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

test('English: exactly the changed words are marked, neighbouring words join one change', () => {
  assert.deepEqual(pairs('The quick brown fox jumps over the lazy dog.', 'The slow red fox jumps over the sleeping dog.'), [
    ['quick brown', 'slow red'],
    ['lazy', 'sleeping'],
  ]);
  assert.deepEqual(pairs('He ran. She walked home.', 'He sprinted. She walked home.'), [['ran', 'sprinted']]);
});

test('a deleted word takes its space with it; an inserted word sits between the original words', () => {
  const deleted = diffWords('She was very tired.', 'She was tired.');
  assert.deepEqual(deleted.map((c) => [c.originalStart, c.originalEnd, c.removed, c.added]), [[8, 13, 'very ', '']]);
  const inserted = diffWords('She smiled.', 'She smiled warmly.');
  assert.deepEqual(inserted.map((c) => [c.originalStart, c.originalEnd, c.removed, c.added]), [[10, 10, '', ' warmly']]);
});

test('a whitespace-only change is folded into the word beside it', () => {
  assert.deepEqual(pairs('The  cat sat.', 'The cat sat.'), [['The  ', 'The ']]);
  assert.deepEqual(pairs('It ended here.  \nNext line.', 'It ended here.\nNext line.'), [['here.  ', 'here.']]);
  // Two paragraphs run together: the change is shown on the words of the line the break opened.
  assert.deepEqual(pairs('One two.\n\nThree four.', 'One two. Three four.'), [['\n\nThree', ' Three']]);
});

test('Chinese is diffed by words, not by the whole line', () => {
  assert.deepEqual(pairs('她推开门，走进了昏暗的房间。', '她推开门，走进了明亮的房间。'), [['昏暗', '明亮']]);
  assert.deepEqual(pairs('外面下着大雨，她没有带伞。', '外面下着小雨，她忘了带伞。'), [
    ['大雨', '小雨'],
    ['没有', '忘了'],
  ]);
  const changes = diffWords('陈伯把表贴在耳边，闭上眼睛，过一会儿就说话了。', '陈伯把表贴在耳边，闭上眼睛，过了很久才说话。');
  assert.ok(changes.length >= 1);
  for (const change of changes) assert.ok(change.removed.length <= 8, `"${change.removed}" is a few words, not the sentence`);
});

test('accepting one change and rejecting another gives the expected text', () => {
  const original = 'The quick brown fox jumps over the lazy dog.';
  const changes = diffWords(original, 'The slow red fox jumps over the sleeping dog.');
  assert.equal(applyDecisions(original, changes, ['accepted', 'rejected']), 'The slow red fox jumps over the lazy dog.');
  assert.equal(applyDecisions(original, changes, ['rejected', 'accepted']), 'The quick brown fox jumps over the sleeping dog.');
  const zh = '外面下着大雨，她没有带伞。';
  assert.equal(applyDecisions(zh, diffWords(zh, '外面下着小雨，她忘了带伞。'), [undefined, 'accepted']), '外面下着大雨，她忘了带伞。');
});

test('CRLF, trailing whitespace and paragraph breaks survive every decision', () => {
  const original = 'First para of the scene.   \r\n\r\nSecond para, still here.\r\n';
  const rewritten = 'First paragraph of the scene.   \r\n\r\nSecond para, still waiting.\r\n';
  const changes = diffWords(original, rewritten);
  assertWellFormed(original, rewritten, changes);
  assert.deepEqual(changes.map((c) => [c.removed, c.added]), [
    ['para', 'paragraph'],
    ['here', 'waiting'],
  ]);
  assert.equal(applyDecisions(original, changes, ['rejected', 'accepted']), 'First para of the scene.   \r\n\r\nSecond para, still waiting.\r\n');
});

test('emoji, flags and surrogate pairs are never split', () => {
  assert.deepEqual(pairs('I love 🍎 pie.', 'I love 🍊 pie.'), [['🍎', '🍊']]);
  assert.deepEqual(pairs('The family 👩‍👩‍👧 waved from 🇯🇵.', 'The family 👩‍👩‍👦 waved from 🇫🇷.'), [
    ['👩‍👩‍👧', '👩‍👩‍👦'],
    ['🇯🇵', '🇫🇷'],
  ]);
  assert.deepEqual(pairs('𠀋𠀌 is rare.', '𠀋𠀍 is rare.').length, 1);
});

test('identical text has no changes; an empty side is one change', () => {
  assert.deepEqual(diffWords(english, english), []);
  assert.deepEqual(pairs('', 'New words.'), [['', 'New words.']]);
  assert.deepEqual(pairs('Old words.', ''), [['Old words.', '']]);
});

/** A deterministic generator, so a failure can be reproduced. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** Edits a passage the way a model's rewrite does: words swapped, dropped and added. */
function edit(text: string, seed: number): string {
  const next = random(seed);
  const words = ['quietly', '忽然', 'the', '🙂', 'and', '灯光', 'moonlit', '，', ' ', 'ever'];
  return [...new Intl.Segmenter('en', { granularity: 'word' }).segment(text)]
    .map(({ segment }) => {
      const roll = next();
      if (roll < 0.04) return '';
      if (roll < 0.08) return words[Math.floor(next() * words.length)];
      if (roll < 0.1) return segment + words[Math.floor(next() * words.length)];
      return segment;
    })
    .join('');
}

test('random edits of the English and Chinese samples: every decision pattern composes', () => {
  for (const [name, sample] of [
    ['english', english.replace(/\n/g, '\r\n')],
    ['chinese', chinese],
  ] as const) {
    for (let seed = 1; seed <= 12; seed++) {
      const rewritten = edit(sample, seed);
      const changes = diffWords(sample, rewritten);
      assertWellFormed(sample, rewritten, changes);
      const pick = random(seed * 7);
      const decisions: Decision[] = changes.map(() => (pick() < 0.5 ? 'accepted' : 'rejected'));
      // Applying the accepted changes one at a time, from the end, gives the same text.
      let expected = sample;
      for (const change of [...changes].reverse()) {
        if (decisions[change.index] === 'accepted') {
          expected = expected.slice(0, change.originalStart) + change.added + expected.slice(change.originalEnd);
        }
      }
      assert.equal(applyDecisions(sample, changes, decisions), expected, `${name} seed ${seed}`);
    }
  }
});

test('a long or multi-line insertion gets a short preview; a short one reads inline as it is', () => {
  assert.equal(insertionPreview(' warmly'), undefined);
  const long = insertionPreview(' The wind rose off the water and rattled the shutters of every house on the hill, one after another.');
  assert.ok(long);
  assert.equal(long.head, 'The wind rose off the water');
  assert.equal(long.moreWords, 13);
  const lines = insertionPreview('She waited.\n\nNobody came.');
  assert.deepEqual(lines, { head: 'She waited.', moreWords: 2 });
  const zh = insertionPreview('窗外的风越刮越大，吹得整条街的百叶窗都噼啪作响，一家接着一家，像是有人在挨家挨户地敲门，又像是远方传来的鼓声。');
  assert.ok(zh && zh.head.length <= 30 && zh.moreWords > 5);
});

test('word boundaries are those of Intl.Segmenter, on the English and Chinese samples and on hard cases', () => {
  const extras = ' Mr. Smith paid $1,000.50 for 3.14 cafés — naïve 👩‍👩‍👧 🇯🇵 👍🏽 don’t "quoted" e.g. 1️⃣\r\n\r\n她说：“好。”';
  for (const [sample, locale] of [
    [english + extras, 'en'],
    [chinese + extras, 'zh'],
  ] as const) {
    const expected = [...new Intl.Segmenter(locale, { granularity: 'word' }).segment(sample)].map((s) => s.segment);
    const tokens = wordTokens(sample);
    assert.equal(tokens.join(''), sample);
    assert.deepEqual(tokens, expected);
  }
});

test('a passage whose every line changed is still exact: lines kept at its start and end stay out of the changes', () => {
  const lines = Array.from({ length: 5000 }, (_, i) => `The ferry made crossing ${i} at dawn.`);
  const original = ['The ledger opens.', ...lines, 'The ledger closes.'].join('\n');
  const rewritten = ['The ledger opens.', ...lines.map((line) => line.split(' ').reverse().join(' ')), 'The ledger closes.'].join('\n');
  const changes = diffWords(original, rewritten);
  assert.equal(proposedText(original, changes), rewritten);
  assert.equal(applyDecisions(original, changes, []), original);
  assert.ok(changes.every((change) => change.originalStart >= 'The ledger opens.'.length && change.originalEnd <= original.length - 'The ledger closes.'.length));
});
