import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dominantLanguage, isWrittenWithoutSpaces, languageName, languageRule } from '../../src/core/language';

const english = readFileSync(new URL('../fixtures/prose/english.md', import.meta.url), 'utf8');
const chinese = readFileSync(new URL('../fixtures/prose/chinese.md', import.meta.url), 'utf8');

test('the samples are recognised as English and Chinese', () => {
  assert.equal(dominantLanguage(english), 'en');
  assert.equal(dominantLanguage(chinese), 'zh');
});

test('Chinese prose with English names in it is still Chinese, and the reverse', () => {
  assert.equal(dominantLanguage('她打开 MacBook，登录了 GitHub，把草稿 push 上去，然后走到窗边，看着楼下的街道。'), 'zh');
  assert.equal(dominantLanguage('She ordered the 麻婆豆腐 again, because the waiter remembered her name and her order.'), 'en');
});

test('other scripts and languages', () => {
  assert.equal(dominantLanguage('彼女は静かに扉を開けて、誰もいない部屋を見回した。'), 'ja');
  assert.equal(dominantLanguage('그녀는 조용히 문을 열고 아무도 없는 방을 둘러보았다.'), 'ko');
  assert.equal(dominantLanguage('Она тихо открыла дверь и оглядела пустую комнату.'), 'ru');
  assert.equal(dominantLanguage('Elle ouvrit la porte et regarda la chambre vide, et il ne dit rien.'), 'fr');
  assert.equal(dominantLanguage('Sie öffnete die Tür und sah, dass das Zimmer nicht leer war.'), 'de');
  assert.equal(dominantLanguage('فتحت الباب بهدوء ونظرت إلى الغرفة الفارغة.'), 'ar');
  assert.equal(dominantLanguage('...  123 — !'), 'und');
  assert.equal(languageName('zh'), 'Chinese');
  assert.equal(languageName('und'), undefined);
  assert.equal(languageRule('fr'), 'Write in French, the language of the manuscript.');
  assert.match(languageRule('ru'), /language of the manuscript \(it is written in Cyrillic script\)/);
  assert.equal(languageRule('und'), 'Write in the language of the manuscript.');
});

test('Chinese, Japanese and their punctuation are written without spaces; Korean and Latin are not', () => {
  for (const char of ['字', 'か', 'カ', '，', '。', '」', '！']) assert.ok(isWrittenWithoutSpaces(char), char);
  for (const char of ['a', '한', '.', '"', '1']) assert.ok(!isWrittenWithoutSpaces(char), char);
});
