// A token estimate good enough for context budgets, without shipping a tokenizer's vocabulary.
//
// Rates are per script, measured against the o200k vocabulary (the GPT-4o family; most other
// current vocabularies are within a few percent on prose): an English word is about one token and
// long words cost more; a Han character is a little under one token (common pairs merge); other
// alphabets cost a token every three or four letters. test/unit/tokens.test.ts checks the estimate
// against the real tokenizer on the prose fixtures and states its error.

const LATIN_WORD_BASE = 1;
/** Letters beyond this length in a Latin word are likely split into extra pieces. */
const LATIN_WORD_FREE_LETTERS = 7;
const LATIN_EXTRA_LETTERS_PER_TOKEN = 4;
const HAN_PER_CHAR = 0.86;
const KANA_PER_CHAR = 0.8;
const HANGUL_PER_CHAR = 0.85;
const PUNCTUATION_PER_CHAR = 0.8;
const EMOJI_PER_CHAR = 1.6;
const DIGITS_PER_TOKEN = 3;
/** Letters per token for alphabets the vocabulary covers less densely than Latin. */
const LETTERS_PER_TOKEN: ReadonlyArray<readonly [RegExp, number]> = [
  [/\p{Script=Cyrillic}/u, 3.05],
  [/\p{Script=Greek}/u, 3],
  [/\p{Script=Arabic}/u, 2.7],
  [/\p{Script=Hebrew}/u, 2.2],
  [/\p{Script=Devanagari}/u, 3.1],
  [/\p{Script=Thai}/u, 2.5],
];
const OTHER_LETTERS_PER_TOKEN = 2.5;

const RUNS =
  /(\p{Script=Han}+)|([\p{Script=Hiragana}\p{Script=Katakana}ー]+)|(\p{Script=Hangul}+)|(\p{Extended_Pictographic}|\p{Regional_Indicator})|([\p{L}\p{M}'’]+)|(\p{N}+)|(\n+)|([^\S\n]{2,})|[^\S\n]|([\p{P}\p{S}])/gu;

/** Estimated number of tokens in `text` (never negative; 0 only for the empty string). */
export function estimateTokens(text: string): number {
  if (text.length === 0) return 0;
  let total = 0;
  RUNS.lastIndex = 0;
  for (let match = RUNS.exec(text); match !== null; match = RUNS.exec(text)) {
    const [run, han, kana, hangul, emoji, letters, digits, newlines, spaces, punctuation] = match;
    if (han) total += han.length * HAN_PER_CHAR;
    else if (kana) total += kana.length * KANA_PER_CHAR;
    else if (hangul) total += hangul.length * HANGUL_PER_CHAR;
    else if (emoji) total += EMOJI_PER_CHAR;
    else if (letters) total += wordTokens(letters);
    else if (digits) total += Math.ceil(digits.length / DIGITS_PER_TOKEN);
    // A paragraph break is usually a token of its own, often merged with the punctuation before it.
    else if (newlines) total += newlines.length > 1 ? 0.6 : 0.4;
    else if (spaces) total += 1;
    else if (punctuation) total += PUNCTUATION_PER_CHAR;
    else if (run.trim() !== '') total += 1;
  }
  return Math.max(1, Math.round(total));
}

function wordTokens(word: string): number {
  const first = word[0];
  if (/[\p{Script=Latin}'’]/u.test(first)) {
    const extra = Math.max(0, word.length - LATIN_WORD_FREE_LETTERS);
    return LATIN_WORD_BASE + extra / LATIN_EXTRA_LETTERS_PER_TOKEN;
  }
  const rate = LETTERS_PER_TOKEN.find(([script]) => script.test(first))?.[1] ?? OTHER_LETTERS_PER_TOKEN;
  return Math.max(1, word.length / rate);
}
