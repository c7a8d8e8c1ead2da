import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanCompleteText } from '../../src/core/clean';
import { parseIdeas } from '../../src/core/ideas';
import { introducesList, isClosingNote, isPreambleLine, reasoningOpening, unwrapQuotes, QUOTE_PAIRS } from '../../src/core/modelText';
import { createContinuationFilter } from '../../src/core/seams';

const stream = (before: string, answer: string) => {
  const filter = createContinuationFilter(before, '');
  return [...answer].map((char) => filter.push(char)).join('') + filter.end();
};

test('reasoning tags: every name opens a block, a beginning of one is undecided, anything else is text', () => {
  assert.deepEqual(reasoningOpening('<Reasoning>plan'), { name: 'reasoning', contentStart: 11 });
  assert.equal(reasoningOpening('<refl'), 'maybe');
  assert.equal(reasoningOpening('<b>bold</b>'), undefined);
  assert.equal(reasoningOpening('think'), undefined);
});

test('one reasoning vocabulary: the continuation stream, the complete cleaner and the idea parser drop the same tags', () => {
  for (const name of ['think', 'thinking', 'reasoning', 'reflection']) {
    const answer = `<${name}>The writer wants rain.</${name}>\n\nThe rain came at dusk.`;
    assert.equal(stream('She waited.', answer), ' The rain came at dusk.', name);
    assert.equal(cleanCompleteText(answer, 'rewrite'), 'The rain came at dusk.', name);
    assert.deepEqual(parseIdeas(cleanCompleteText(`<${name}>Five names.</${name}>\n1. Agnes\n2. Davy`, 'brainstorm')), ['Agnes', 'Davy'], name);
  }
});

test('one preamble vocabulary: a preamble is dropped by the stream, by the cleaner, and never becomes an idea', () => {
  for (const preamble of ['Here are a few options:', 'Sure! Here is the continuation:', '好的，以下是续写：', 'Certainly.']) {
    assert.ok(isPreambleLine(preamble), preamble);
    assert.equal(stream('She waited.', `${preamble}\nThe rain came.`), ' The rain came.', preamble);
    assert.equal(cleanCompleteText(`${preamble}\n\nThe rain came.`, 'rewrite'), 'The rain came.', preamble);
  }
  assert.ok(introducesList('Here are five names for the keeper'));
  assert.ok(!introducesList('The following night the lamp went out.'));
  assert.deepEqual(parseIdeas('Here are five names for the keeper\nAgnes Pell\nDavy Rook'), ['Agnes Pell', 'Davy Rook']);
});

test('closing notes: the assistant talking about its answer or to the writer, not prose that starts alike', () => {
  for (const note of [
    'Note: I kept the tone of the original.',
    '**Note:** the second paragraph is new.',
    'I hope this works for you!',
    'Hope this helps.',
    "Let me know if you'd like a darker version.",
    'Would you like me to continue?',
    "I've kept your present tense throughout.",
    'This version leans on the weather.',
    '希望这些对你有帮助！',
    '注：保留了原文的时态。',
    '如果你需要更多，请告诉我。',
  ]) {
    assert.ok(isClosingNote(note), note);
  }
  for (const prose of [
    "I've kept the letter for years.",
    'I hope he drowns, she thought.',
    'Notes of tar and salt hung over the pier.',
    'This ferry had never been late.',
    '希望是一种危险的东西。',
    'Let the river have him.',
  ]) {
    assert.ok(!isClosingNote(prose), prose);
  }
});

test('quote pairs: the whole text in one pair is unwrapped; two quotations are not one', () => {
  assert.equal(unwrapQuotes('“Leave now.”'), 'Leave now.');
  assert.equal(unwrapQuotes('"Go," he said. "Now."'), '"Go," he said. "Now."');
  assert.equal(unwrapQuotes("'The Salt Road'"), "'The Salt Road'");
  assert.equal(unwrapQuotes("'The Salt Road'", QUOTE_PAIRS), 'The Salt Road');
});
