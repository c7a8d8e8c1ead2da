import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { buildPrompt, STORY_NOTES_SHARE } from '../../src/core/prompt';
import { BUILT_IN_STYLES } from '../../src/core/styles';
import { estimateTokens } from '../../src/core/tokens';

// Measured on the fixtures against o200k (the GPT-4o family's vocabulary): the estimate is within
// about 1% of the real count on each whole sample (English −0.9%, Chinese −0.5%), and within 13% on
// any single paragraph of either. The assertions leave room for the fixtures to grow.
const english = readFileSync(new URL('../fixtures/prose/english.md', import.meta.url), 'utf8');
const chinese = readFileSync(new URL('../fixtures/prose/chinese.md', import.meta.url), 'utf8');

function relativeError(text: string): number {
  const real = countTokens(text);
  return (estimateTokens(text) - real) / real;
}

test('the estimate of a whole English sample is within 5% of the real tokenizer', () => {
  assert.ok(Math.abs(relativeError(english)) < 0.05, `error ${(relativeError(english) * 100).toFixed(1)}%`);
});

test('the estimate of a whole Chinese sample is within 5% of the real tokenizer', () => {
  assert.ok(Math.abs(relativeError(chinese)) < 0.05, `error ${(relativeError(chinese) * 100).toFixed(1)}%`);
});

test('every paragraph of both samples is estimated within 20%', () => {
  for (const text of [english, chinese]) {
    for (const paragraph of text.split(/\n\s*\n/)) {
      if (countTokens(paragraph) < 40) continue;
      const error = relativeError(paragraph);
      assert.ok(Math.abs(error) < 0.2, `${(error * 100).toFixed(1)}% on: ${paragraph.slice(0, 60)}`);
    }
  }
});

test('mixed Chinese and English text is estimated within 20%', () => {
  const mixed = '她打开 MacBook，登录了 GitHub，把《修钟人》的草稿 push 上去。Then she closed the lid and 走到窗边。';
  assert.ok(Math.abs(relativeError(mixed)) < 0.2, `error ${(relativeError(mixed) * 100).toFixed(1)}%`);
});

test('other scripts get a plausible estimate', () => {
  const samples = [
    'Паром ходил дважды в день летом и один раз зимой, и за сорок один год он ни разу не отошёл от причала.',
    'フェリーは夏には一日二回、冬には一日一回運航していた。彼女の名前がないまま桟橋を離れたことはなかった。',
    '여름에는 하루 두 번, 겨울에는 하루 한 번 배가 다녔고, 그녀의 이름 없이 부두를 떠난 적은 한 번도 없었다.',
    'كانت العبّارة تعبر مرتين في اليوم صيفًا ومرة واحدة شتاءً، ولم تغادر الرصيف مرة واحدة دون اسمها.',
  ];
  for (const sample of samples) {
    assert.ok(Math.abs(relativeError(sample)) < 0.25, `${(relativeError(sample) * 100).toFixed(1)}% on ${sample}`);
  }
});

test('empty text costs nothing and any text at least one token', () => {
  assert.equal(estimateTokens(''), 0);
  assert.equal(estimateTokens(' '), 1);
  assert.ok(estimateTokens('😀') >= 1);
});

test('the estimate adds up: a text costs about the sum of its halves', () => {
  const middle = english.indexOf('\n\n', english.length / 2);
  const sum = estimateTokens(english.slice(0, middle)) + estimateTokens(english.slice(middle));
  assert.ok(Math.abs(sum - estimateTokens(english)) <= 2);
});

test('typeset punctuation costs what its plain form does, and an accented word is still one word', () => {
  const plain = `"Don't go," she said - and left.`;
  const typeset = '“Don’t go,” she said – and left.';
  assert.equal(estimateTokens(typeset), estimateTokens(plain));
  assert.equal(estimateTokens('a café, a naïve rôle'), estimateTokens('a cafe, a naive role'));
  assert.equal(estimateTokens('Zoë’s'), estimateTokens("Zoes'"));
});

// ---- nothing is free: caps hold for any input -----------------------------------------------------

/** A small seeded generator, so a failure names a case that can be run again. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A code point as a one-character string; a surrogate code point is a lone surrogate. */
const char = (code: number) => (code >= 0xd800 && code <= 0xdfff ? String.fromCharCode(code) : String.fromCodePoint(code));

function randomText(length: number, pick: () => number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += char(pick());
  return text;
}

/** Characters a tokenizer charges for that the estimate once counted as nothing. */
const ONCE_FREE: ReadonlyArray<readonly [string, number, number]> = [
  ['NUL and other controls', 0x00, 0x08],
  ['zero-width space, joiners, marks', 0x200b, 0x200f],
  ['word joiner and invisible operators', 0x2060, 0x2064],
  ['soft hyphen', 0xad, 0xad],
  ['private use', 0xe000, 0xf8ff],
  ['supplementary private use', 0xf0000, 0xffffd],
  ['tag characters', 0xe0000, 0xe007f],
  ['lone surrogates', 0xd800, 0xdfff],
  ['unassigned', 0x40000, 0x4ffff],
];

test('no character is free: every one the estimate once counted as nothing costs at least what the real tokenizer charges', () => {
  const next = random(11);
  for (const [name, low, high] of ONCE_FREE) {
    for (const length of [1, 2, 7, 100, 5000]) {
      const code = low + Math.floor(next() * (high - low + 1));
      const run = char(code).repeat(length);
      assert.ok(estimateTokens(run) >= countTokens(run), `${name}: U+${code.toString(16)} × ${length}: ${estimateTokens(run)} < ${countTokens(run)}`);
      const mixed = randomText(length, () => low + Math.floor(next() * (high - low + 1)));
      assert.ok(estimateTokens(mixed) >= countTokens(mixed), `${name}, ${length} mixed: ${estimateTokens(mixed)} < ${countTokens(mixed)}`);
      const inProse = `${english.slice(0, 2000)}${run}`;
      assert.ok(estimateTokens(inProse) - estimateTokens(english.slice(0, 2000)) >= countTokens(run) - 1, `${name} × ${length} after prose`);
    }
  }
});

test('random code points that are not prose (controls, format, private use, unassigned, surrogates) never cost more than the estimate', () => {
  const next = random(2026);
  const notProse = (code: number) => /^\p{C}$/u.test(char(code)) && !/\s/.test(char(code));
  for (let sample = 0; sample < 200; sample++) {
    const text = randomText(1 + Math.floor(next() * 300), () => {
      for (;;) {
        const code = Math.floor(next() * 0x110000);
        if (notProse(code)) return code;
      }
    });
    assert.ok(estimateTokens(text) >= countTokens(text), `sample ${sample}: ${estimateTokens(text)} < ${countTokens(text)}`);
  }
});

test('random code points from anywhere in Unicode cost, all told, no more than the estimate', () => {
  const next = random(1);
  let estimated = 0;
  let real = 0;
  for (let sample = 0; sample < 200; sample++) {
    const text = randomText(1 + Math.floor(next() * 300), () => Math.floor(next() * 0x110000));
    estimated += estimateTokens(text);
    real += countTokens(text);
  }
  assert.ok(estimated >= real, `${estimated} < ${real}`);
});

test('random letters of the prose scripts cost at most five times the estimate', () => {
  // Prose rates assume words: letter soup in a script the vocabulary knows costs more than prose
  // does (four times, at worst, in Devanagari), but within a bound, so a cap in tokens is still a cap.
  const next = random(7);
  const ranges: ReadonlyArray<readonly [string, number, number]> = [
    ['printable ASCII', 0x20, 0x7e],
    ['Latin-1 and Latin Extended', 0xa0, 0x24f],
    ['the Basic Multilingual Plane', 0, 0xffff],
    ['Cyrillic', 0x400, 0x4ff],
    ['basic Russian', 0x410, 0x44f],
    ['Greek', 0x391, 0x3c9],
    ['Devanagari', 0x900, 0x97f],
    ['Thai', 0xe01, 0xe5b],
    ['Han', 0x4e00, 0x9fff],
    ['Hangul', 0xac00, 0xd7a3],
  ];
  for (const [name, low, high] of ranges) {
    for (let sample = 0; sample < 20; sample++) {
      const text = randomText(200 + Math.floor(next() * 800), () => low + Math.floor(next() * (high - low + 1)));
      assert.ok(countTokens(text) <= 5 * estimateTokens(text), `${name}, sample ${sample}: real ${countTokens(text)}, estimate ${estimateTokens(text)}`);
    }
  }
});

test('the story notes cap and the selection budget hold for invisible characters', () => {
  const style = BUILT_IN_STYLES[0];
  const invisible = 'Notes.\n\n' + '\u200b'.repeat(1_000_000);
  const text = english.slice(0, 4000);
  const prompt = buildPrompt({ action: 'continue', style, variant: 'auto', text, selection: { start: text.length, end: text.length }, storyNotes: invisible, contextTokens: 3000, languageId: 'markdown', maxOutputTokens: 600 });
  const notes = prompt.parts.find((part) => part.kind === 'notes');
  const sent = notes?.text ?? '';
  // Counted by characters first: the real tokenizer takes minutes over a megabyte of one character.
  assert.ok(sent.length <= 3 * 3000 * STORY_NOTES_SHARE, `notes sent: ${sent.length} characters`);
  assert.ok(countTokens(sent) <= 3000 * STORY_NOTES_SHARE, `notes sent: ${countTokens(sent)} tokens`);
  const selected = 'She waited.' + '\u2060\u00ad\ue000'.repeat(5000);
  const rewrite = buildPrompt({ action: 'rewrite', style, variant: 'rephrase', text: selected, selection: { start: 0, end: selected.length }, contextTokens: 3000, languageId: 'markdown', maxOutputTokens: 600 });
  assert.ok(countTokens(selected) > 3000);
  assert.equal(rewrite.truncated, true, 'a selection larger than the budget is refused');
});
