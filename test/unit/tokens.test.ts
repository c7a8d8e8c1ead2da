import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
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
