// A token estimate good enough for context budgets, without shipping a tokenizer's vocabulary.
//
// Rates are per script, measured against the o200k vocabulary (the GPT-4o family; most other
// current vocabularies are within a few percent on prose): an English word is about one token and
// long words cost more; a Han character is a little under one token (common pairs merge); other
// alphabets cost a token every three or four letters. test/unit/tokens.test.ts checks the estimate
// against the real tokenizer on the prose fixtures and states its error.
//
// Budgets and caps rest on this estimate, so nothing may be free: a character outside the prose
// classes (a control or format character such as NUL, U+200B or a soft hyphen, private use, tag
// characters, unassigned code points, a lone surrogate) costs what a byte-level tokenizer charges
// when nothing merges, a token per UTF-8 byte; long runs of whitespace cost a token per 16, as
// the tokenizer merges them. The tests bound the estimate by the real count on random code points.

const LATIN_WORD_BASE = 1;
/** Letters beyond this length in a Latin word are likely split into extra pieces. */
const LATIN_WORD_FREE_LETTERS = 7;
const LATIN_EXTRA_LETTERS_PER_TOKEN = 4;
const ACCENTED_LETTER_TOKENS = 0.7;
const HAN_PER_CHAR = 0.86;
const KANA_PER_CHAR = 0.8;
const HANGUL_PER_CHAR = 0.85;
const PUNCTUATION_PER_CHAR = 0.8;
const EMOJI_PER_CHAR = 1.6;
const DIGITS_PER_TOKEN = 3;
/** Letters per token for alphabets the vocabulary covers less densely than Latin (their main blocks). */
const LETTERS_PER_TOKEN: ReadonlyArray<readonly [RegExp, number]> = [
  [/[\u0400-\u04ff]/, 3.05],
  [/[\u0370-\u03ff\u1f00-\u1fff]/, 3],
  [/[\u0620-\u06ff]/, 2.7],
  [/[\u0590-\u05ff]/, 2.2],
  [/[\u0900-\u097f]/, 3.1],
  [/[\u0e00-\u0e7f]/, 2.5],
];
/** Whitespace characters a tokenizer merges into one token, at most. */
const WHITESPACE_PER_TOKEN = 16;

/**
 * The runs of non-ASCII text, each counted at its rate, for the characters prose is made of: the
 * common Han block, kana, Hangul syllables, an assigned emoji, a word of Latin (with its accented
 * letters) or of another measured alphabet's main block, digits, line breaks, spaces (the no-break
 * and ideographic ones too), the punctuation of prose (general, CJK, fullwidth). Anything else is
 * read one code point (or lone surrogate) at a time, at its bytes: rare neighbours of the prose
 * characters cost a tokenizer far more than they do.
 */
const RUNS =
  /([\u4e00-\u9fff\u3005\u3007]+)|([\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff]+)|([\uac00-\ud7a3]+)|((?!\p{Cn})(?:\p{Extended_Pictographic}|\p{Regional_Indicator}))|((?:[A-Za-z'’\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff])+|[\u0400-\u04ff]+|(?:(?!\p{Cn})[\u0370-\u03ff\u1f00-\u1fff])+|[\u0620-\u065f\u066e-\u06d3\u06d5-\u06dc\u06df-\u06ff]+|(?:(?!\p{Cn})[\u0590-\u05ff])+|[\u0900-\u097f]+|(?:(?!\p{Cn})[\u0e00-\u0e7f])+)|([0-9]+)|(\n+)|([ \t\v\f\r\u00a0\u3000]{2,})|([ \t\v\f\r\u00a0\u3000])|([\u00a1-\u00ac\u00ae-\u00bf\u00d7\u00f7\u2010-\u2027\u2030-\u205e\u3001-\u303f\uff01-\uff65\u060c\u061b\u061f\u066a-\u066d\u06d4])|([\s\S])/gu;

/** Quotation marks, dashes and the ellipsis of typeset prose: punctuation, never part of a word. */
const TYPOGRAPHIC_PUNCTUATION = new Set([0xab, 0xbb, 0x2013, 0x2014, 0x2018, 0x201c, 0x201d, 0x2026]);
/** Where a run that starts with an ASCII letter, digit or space goes on past ASCII. */
const LETTERS_ON = /[A-Za-z'’\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]*/y;
const DIGITS_ON = /[0-9]*/y;
const SPACES_ON = /[ \t\v\f\r\u00a0\u3000]*/y;

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
      total += latinWordTokens(text, at, end);
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
      total += latinWordTokens(text, at, end);
      at = end;
    } else if (code >= 0x30 && code <= 0x39) {
      const end = runEnd(text, at, isAsciiDigit, DIGITS_ON);
      total += Math.ceil((end - at) / DIGITS_PER_TOKEN);
      at = end;
    } else if (code === 0x0a) {
      const start = at;
      while (text.charCodeAt(at) === 0x0a) at++;
      total += newlineTokens(at - start);
    } else if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) {
      const end = runEnd(text, at, isAsciiSpace, SPACES_ON);
      if (end - at > 1) total += spaceTokens(end - at);
      at = end;
    } else {
      // Every other printable ASCII character is punctuation or a symbol; a control character is a byte of its own.
      total += code > 0x20 && code < 0x7f ? PUNCTUATION_PER_CHAR : 1;
      at++;
    }
  }
  return Math.max(1, Math.round(total));
}

function runTokens(match: RegExpExecArray): number {
  const [run, han, kana, hangul, emoji, word, digits, newlines, spaces, space, punctuation] = match;
  if (han) return han.length * HAN_PER_CHAR;
  if (kana) return kana.length * KANA_PER_CHAR;
  if (hangul) return hangul.length * HANGUL_PER_CHAR;
  if (emoji) return EMOJI_PER_CHAR;
  if (word) return wordTokens(word);
  if (digits) return Math.ceil(digits.length / DIGITS_PER_TOKEN);
  // A paragraph break is usually a token of its own, often merged with the punctuation before it.
  if (newlines) return newlineTokens(newlines.length);
  if (spaces) return spaceTokens(spaces.length);
  if (space) return 0;
  if (punctuation) return PUNCTUATION_PER_CHAR;
  return utf8Bytes(run);
}

function newlineTokens(count: number): number {
  return Math.max(count > 1 ? 0.6 : 0.4, count / WHITESPACE_PER_TOKEN);
}

function spaceTokens(count: number): number {
  return Math.max(1, count / WHITESPACE_PER_TOKEN);
}

/** What one code point (or lone surrogate, sent as U+FFFD) weighs in UTF-8. */
function utf8Bytes(char: string): number {
  const code = char.codePointAt(0)!;
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  return code < 0x10000 ? 3 : 4;
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
  if (/[A-Za-z'’\u00c0-\u024f\u1e00-\u1eff]/.test(first)) return latinWordTokens(word, 0, word.length);
  const rate = LETTERS_PER_TOKEN.find(([script]) => script.test(first))![1];
  return Math.max(1, word.length / rate);
}

/**
 * A Latin word: by its length, and at least a token for each letter beyond Latin-1 ("ł", "ư") and
 * most of one for each accented letter: a word of a few accents is still a word ("café"), a run
 * of them is not.
 */
function latinWordTokens(text: string, start: number, end: number): number {
  let accented = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xc0 && code !== 0x2019) accented += code >= 0x100 ? 1 : ACCENTED_LETTER_TOKENS;
  }
  return Math.max(accented, LATIN_WORD_BASE + Math.max(0, end - start - LATIN_WORD_FREE_LETTERS) / LATIN_EXTRA_LETTERS_PER_TOKEN);
}
