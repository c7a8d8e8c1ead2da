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

/** Quotation marks, dashes and the ellipsis of typeset prose: punctuation, never part of a word. */
const TYPOGRAPHIC_PUNCTUATION = new Set([0xab, 0xbb, 0x2013, 0x2014, 0x2018, 0x201c, 0x201d, 0x2026]);
/** Where a run that starts with an ASCII letter, digit or space goes on past ASCII. */
const LETTERS_ON = /[\p{L}\p{M}'’]*/uy;
const DIGITS_ON = /\p{N}*/uy;
const SPACES_ON = /[^\S\n]*/uy;

/** Estimated number of tokens in `text` (never negative; 0 only for the empty string). */
export function estimateTokens(text: string): number {
  if (text.length === 0) return 0;
  let total = 0;
  let at = 0;
  // ASCII and typographic punctuation (most of any Latin-script manuscript) are read here a
  // character at a time; anything else by RUNS. Both read the same runs and count them the same way.
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (code === 0x2019) {
      // A typographic apostrophe starts a word as a straight one does.
      const end = runEnd(text, at, isAsciiLetterOrApostrophe, LETTERS_ON);
      total += latinWordTokens(end - at);
      at = end;
    } else if (TYPOGRAPHIC_PUNCTUATION.has(code)) {
      total += PUNCTUATION_PER_CHAR;
      at++;
    } else if (code >= 0x80) {
      RUNS.lastIndex = at;
      const match = RUNS.exec(text);
      if (match === null) break;
      total += runTokens(match);
      at = RUNS.lastIndex;
    } else if (isAsciiLetter(code) || code === 0x27) {
      const end = runEnd(text, at, isAsciiLetterOrApostrophe, LETTERS_ON);
      total += latinWordTokens(end - at);
      at = end;
    } else if (code >= 0x30 && code <= 0x39) {
      const end = runEnd(text, at, isAsciiDigit, DIGITS_ON);
      total += Math.ceil((end - at) / DIGITS_PER_TOKEN);
      at = end;
    } else if (code === 0x0a) {
      const start = at;
      while (text.charCodeAt(at) === 0x0a) at++;
      total += at - start > 1 ? 0.6 : 0.4;
    } else if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) {
      const end = runEnd(text, at, isAsciiSpace, SPACES_ON);
      if (end - at > 1) total += 1;
      at = end;
    } else {
      // Every other printable ASCII character is punctuation or a symbol; control characters count nothing.
      if (code > 0x20 && code < 0x7f) total += PUNCTUATION_PER_CHAR;
      at++;
    }
  }
  return Math.max(1, Math.round(total));
}

function runTokens(match: RegExpExecArray): number {
  const [run, han, kana, hangul, emoji, letters, digits, newlines, spaces, punctuation] = match;
  if (han) return han.length * HAN_PER_CHAR;
  if (kana) return kana.length * KANA_PER_CHAR;
  if (hangul) return hangul.length * HANGUL_PER_CHAR;
  if (emoji) return EMOJI_PER_CHAR;
  if (letters) return wordTokens(letters);
  if (digits) return Math.ceil(digits.length / DIGITS_PER_TOKEN);
  // A paragraph break is usually a token of its own, often merged with the punctuation before it.
  if (newlines) return newlines.length > 1 ? 0.6 : 0.4;
  if (spaces) return 1;
  if (punctuation) return PUNCTUATION_PER_CHAR;
  return run.trim() !== '' ? 1 : 0;
}

const isAsciiLetter = (code: number) => (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
const isAsciiLetterOrApostrophe = (code: number) => isAsciiLetter(code) || code === 0x27;
const isAsciiDigit = (code: number) => code >= 0x30 && code <= 0x39;
const isAsciiSpace = (code: number) => code === 0x20 || code === 0x09 || code === 0x0b || code === 0x0c || code === 0x0d;

/** The end of the run from `start`: ASCII characters `inRun` accepts, then, past ASCII, what `on` matches. */
function runEnd(text: string, start: number, inRun: (code: number) => boolean, on: RegExp): number {
  let end = start + 1;
  while (end < text.length && inRun(text.charCodeAt(end))) end++;
  if (end < text.length && text.charCodeAt(end) >= 0x80) {
    on.lastIndex = end;
    on.test(text);
    end = on.lastIndex;
  }
  return end;
}

function wordTokens(word: string): number {
  const first = word[0];
  if (/[\p{Script=Latin}'’]/u.test(first)) return latinWordTokens(word.length);
  const rate = LETTERS_PER_TOKEN.find(([script]) => script.test(first))?.[1] ?? OTHER_LETTERS_PER_TOKEN;
  return Math.max(1, word.length / rate);
}

function latinWordTokens(length: number): number {
  return LATIN_WORD_BASE + Math.max(0, length - LATIN_WORD_FREE_LETTERS) / LATIN_EXTRA_LETTERS_PER_TOKEN;
}
