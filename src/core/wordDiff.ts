// A word-level diff of a passage and its rewrite, for the rewrite review. Prose is one line per
// paragraph, so a line diff would mark whole paragraphs; this marks words. Chinese, Japanese and
// Thai (written without spaces) are split into dictionary words by `Intl.Segmenter`; emoji,
// surrogate pairs and CRLF are never split; the edit script comes from the `diff` package.
import { diffArrays } from 'diff';
import { dominantLanguage } from './language';

/** One change of the review: `removed` (the original's text at [originalStart, originalEnd)) becomes `added`. */
export interface WordChange {
  /** 0-based position in the review's list; it never changes while the writer decides. */
  readonly index: number;
  /** UTF-16 offsets into the original passage. A pure insertion has originalStart === originalEnd. */
  readonly originalStart: number;
  readonly originalEnd: number;
  readonly removed: string;
  readonly added: string;
}

export type Decision = 'accepted' | 'rejected';

interface Token {
  readonly text: string;
  readonly start: number;
  readonly wordLike: boolean;
}

/** Unchanged tokens, or one change (what the original had there, and what the rewrite has). */
type Piece =
  | { kind: 'same'; tokens: Token[] }
  | { kind: 'change'; start: number; removed: string; added: string };

const WHITESPACE = /^\s+$/u;
const LINE_BREAK = /[\r\n\u2028\u2029]/u;

function segmenterFor(original: string, rewritten: string): Intl.Segmenter {
  const language = dominantLanguage(original + '\n' + rewritten);
  return new Intl.Segmenter(language === 'und' ? undefined : language, { granularity: 'word' });
}

/**
 * One token: (1) a run of a script written without spaces between words (Chinese, Japanese, Thai…),
 * which only a dictionary can split, so `Intl.Segmenter` splits it; (2) a word of a spaced script,
 * with its marks, inner apostrophes and decimal points; an emoji as it is drawn (a flag, or a
 * pictograph with its modifiers and zero-width joiners); a line break (CRLF whole); a run of
 * spaces; any other character with its marks. These are the segmenter's boundaries for spaced
 * scripts, found at a small fraction of its cost (about 2 ms per thousand characters in Node 20).
 */
const TOKEN =
  /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\u30fc\u3005]+)|([\p{L}\p{M}\p{N}]+(?:['\u2019.][\p{L}\p{M}\p{N}]+|,\p{N}+)*)|\p{Regional_Indicator}{2}|\p{Extended_Pictographic}[\p{M}\p{Emoji_Modifier}]*(?:\u200d\p{Extended_Pictographic}[\p{M}\p{Emoji_Modifier}]*)*|\r\n|[\r\n\u2028\u2029]|[^\S\r\n\u2028\u2029]+|.\p{M}*/gsu;

function tokenize(text: string, segmenter: Intl.Segmenter): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const end = asciiTokenEnd(text, at);
    if (end > 0) {
      tokens.push({ text: text.slice(at, end), start: at, wordLike: isAsciiWordChar(text.charCodeAt(at)) });
      at = end;
      continue;
    }
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(text)!;
    if (match[1] !== undefined) {
      for (const { segment, index, isWordLike } of segmenter.segment(match[1])) {
        tokens.push({ text: segment, start: at + index, wordLike: isWordLike === true });
      }
    } else {
      tokens.push({ text: match[0], start: at, wordLike: match[2] !== undefined });
    }
    at = TOKEN.lastIndex;
  }
  return tokens;
}

const isAsciiWordChar = (code: number) => (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
const isAsciiDigit = (code: number) => code >= 0x30 && code <= 0x39;

/**
 * Where the token at `at` ends when it is all ASCII and so is the character after it (most of a
 * Latin-script passage): the same tokens TOKEN finds, read without it, which is several times
 * faster. 0 when TOKEN must decide.
 */
function asciiTokenEnd(text: string, at: number): number {
  const code = text.charCodeAt(at);
  let end = at + 1;
  if (isAsciiWordChar(code)) {
    for (;;) {
      while (end < text.length && isAsciiWordChar(text.charCodeAt(end))) end++;
      const next = text.charCodeAt(end);
      const after = text.charCodeAt(end + 1);
      if ((next === 0x27 || next === 0x2e) && isAsciiWordChar(after)) end += 2;
      else if (next === 0x2c && isAsciiDigit(after)) {
        end += 2;
        while (end < text.length && isAsciiDigit(text.charCodeAt(end))) end++;
        if (isAsciiWordChar(text.charCodeAt(end))) return 0;
      } else break;
    }
  } else if (code === 0x20 || code === 0x09) {
    while (end < text.length && (text.charCodeAt(end) === 0x20 || text.charCodeAt(end) === 0x09)) end++;
  } else if (code === 0x0d) {
    if (text.charCodeAt(end) === 0x0a) end++;
    return end;
  } else if (code === 0x0a) {
    return end;
  } else if (code < 0x21 || code > 0x7e) {
    return 0;
  }
  // A non-ASCII character next may belong to this token (a letter, a mark, a space): TOKEN decides.
  return end < text.length && text.charCodeAt(end) >= 0x80 ? 0 : end;
}

/** The tokens the diff compares, in order: words, spaces, line breaks, punctuation and emoji. */
export function wordTokens(text: string): string[] {
  return tokenize(text, segmenterFor(text, '')).map((token) => token.text);
}

const isBlank = (text: string) => text === '' || WHITESPACE.test(text);
const isSpaceToken = (token: Token) => WHITESPACE.test(token.text);

/**
 * The changes that turn `original` into `rewritten`, in document order, each a run of whole words
 * (with the spaces between them). A change that only touches whitespace is folded into the word
 * beside it, so the writer never has to judge an invisible change on its own.
 */
export function diffWords(original: string, rewritten: string): WordChange[] {
  const segmenter = segmenterFor(original, rewritten);
  const before = tokenize(original, segmenter);
  const after = tokenize(rewritten, segmenter);
  const parts = diffTokens(
    before.map((token) => token.text),
    after.map((token) => token.text),
  );

  const pieces: Piece[] = [];
  let oldIndex = 0;
  let offset = 0;
  for (const part of parts) {
    const text = part.value.join('');
    if (!part.added && !part.removed) {
      pieces.push({ kind: 'same', tokens: before.slice(oldIndex, oldIndex + part.count) });
      oldIndex += part.count;
      offset += text.length;
      continue;
    }
    let last = pieces[pieces.length - 1];
    if (last?.kind !== 'change') {
      last = { kind: 'change', start: offset, removed: '', added: '' };
      pieces.push(last);
    }
    if (part.removed) {
      last.removed += text;
      oldIndex += part.count;
      offset += text.length;
    } else {
      last.added += text;
    }
  }

  foldWhitespaceChanges(pieces);
  const merged = mergeAcrossSeparators(pieces);
  const changes: WordChange[] = [];
  for (const piece of merged) {
    if (piece.kind !== 'change') continue;
    changes.push({
      index: changes.length,
      originalStart: piece.start,
      originalEnd: piece.start + piece.removed.length,
      removed: piece.removed,
      added: piece.added,
    });
  }
  return changes;
}

/** One run of the edit script, in the shape of the `diff` package's change objects. */
interface Part {
  added: boolean;
  removed: boolean;
  count: number;
  value: string[];
}

/**
 * Past this many milliseconds, what is left to diff is shown as whole-paragraph changes: a
 * rewrite that shares almost nothing with its original costs Myers' algorithm O(N·D), seconds for
 * long passages, and gains the writer nothing over "this paragraph became that one". The editor
 * waits for the diff, so the budget is a small part of a frame's worth of patience.
 */
const DIFF_BUDGET_MS = 30;

/**
 * The edit script between two token lists. Lines (paragraphs, in prose) are matched first; where
 * a run of changed lines has as many lines on both sides they are diffed pair by pair, so the
 * cost grows with the paragraphs' lengths rather than with the whole passage's. Both passes share
 * one deadline: lines that cannot be matched in time are matched by their common start and end.
 */
function diffTokens(before: string[], after: string[]): Part[] {
  const deadline = Date.now() + DIFF_BUDGET_MS;
  const oldLines = splitLines(before);
  const newLines = splitLines(after);
  if (oldLines.length <= 1 || newLines.length <= 1) return diffWithin(before, after, deadline);

  const oldTexts = oldLines.map((line) => line.join(''));
  const newTexts = newLines.map((line) => line.join(''));
  const lineParts = diffArrays(oldTexts, newTexts, { timeout: remaining(deadline) }) ?? commonEnds(oldTexts, newTexts);
  const parts: Part[] = [];
  let oldAt = 0;
  let newAt = 0;
  for (let i = 0; i < lineParts.length; i++) {
    if (!lineParts[i].added && !lineParts[i].removed) {
      const same = oldLines.slice(oldAt, oldAt + lineParts[i].count).flat();
      parts.push({ added: false, removed: false, count: same.length, value: same });
      oldAt += lineParts[i].count;
      newAt += lineParts[i].count;
      continue;
    }
    let removedLines = 0;
    let addedLines = 0;
    for (; i < lineParts.length && (lineParts[i].added || lineParts[i].removed); i++) {
      if (lineParts[i].removed) removedLines += lineParts[i].count;
      else addedLines += lineParts[i].count;
    }
    i--;
    const removed = oldLines.slice(oldAt, oldAt + removedLines);
    const added = newLines.slice(newAt, newAt + addedLines);
    if (removedLines === addedLines) {
      removed.forEach((line, k) => parts.push(...diffWithin(line, added[k], deadline)));
    } else {
      parts.push(...diffWithin(removed.flat(), added.flat(), deadline));
    }
    oldAt += removedLines;
    newAt += addedLines;
  }
  return parts;
}

const remaining = (deadline: number) => Math.max(1, deadline - Date.now());

/** The line-level script when there was no time for one: the lines both sides start and end with are kept, the rest changed. */
function commonEnds(before: readonly string[], after: readonly string[]): { added: boolean; removed: boolean; count: number }[] {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  const script = [
    { added: false, removed: false, count: start },
    { added: false, removed: true, count: before.length - start - end },
    { added: true, removed: false, count: after.length - start - end },
    { added: false, removed: false, count: end },
  ];
  return script.filter((part) => part.count > 0);
}

/** Token lists of the lines of `tokens`, each with the line break that ends it. */
function splitLines(tokens: readonly string[]): string[][] {
  const lines: string[][] = [[]];
  for (const token of tokens) {
    lines[lines.length - 1].push(token);
    if (LINE_BREAK.test(token)) lines.push([]);
  }
  if (lines[lines.length - 1].length === 0) lines.pop();
  return lines;
}

function diffWithin(before: string[], after: string[], deadline: number): Part[] {
  // Out of time: the span is one change, which reads as well as a diff that matches nothing.
  const parts = Date.now() < deadline ? diffArrays(before, after, { timeout: remaining(deadline) }) : undefined;
  if (parts) return parts;
  const whole: Part[] = [];
  if (before.length > 0) whole.push({ added: false, removed: true, count: before.length, value: before });
  if (after.length > 0) whole.push({ added: true, removed: false, count: after.length, value: after });
  return whole;
}

/**
 * A whitespace-only change takes in the word before it (with any punctuation between), else the
 * one after; a changed line break goes with the line it opens.
 */
function foldWhitespaceChanges(pieces: Piece[]): void {
  pieces.forEach((piece, i) => {
    if (piece.kind !== 'change' || !isBlank(piece.removed) || !isBlank(piece.added)) return;
    const previous = pieces[i - 1];
    const next = pieces[i + 1];
    const takeBefore = (): boolean => {
      if (previous?.kind !== 'same') return false;
      let taken = 0;
      for (let token = previous.tokens.at(-1); token && !isSpaceToken(token); token = previous.tokens.at(-1)) {
        previous.tokens.pop();
        piece.start = token.start;
        piece.removed = token.text + piece.removed;
        piece.added = token.text + piece.added;
        taken++;
        if (token.wordLike) break;
      }
      return taken > 0;
    };
    const takeAfter = (): boolean => {
      if (next?.kind !== 'same') return false;
      let taken = 0;
      for (let token = next.tokens[0]; token && !isSpaceToken(token); token = next.tokens[0]) {
        next.tokens.shift();
        piece.removed += token.text;
        piece.added += token.text;
        taken++;
        if (token.wordLike) break;
      }
      return taken > 0;
    };
    const [first, second] = LINE_BREAK.test(piece.removed + piece.added) ? [takeAfter, takeBefore] : [takeBefore, takeAfter];
    if (!first()) second();
  });
}

/**
 * Joins changes separated only by spaces or punctuation on one line ("quick brown" → "slow red" is
 * one change, not two around a kept space): a lone kept space between two changes reads as noise.
 */
function mergeAcrossSeparators(pieces: readonly Piece[]): Piece[] {
  const result: Piece[] = [];
  for (const piece of pieces) {
    if (piece.kind === 'same' && piece.tokens.length === 0) continue;
    const last = result[result.length - 1];
    if (piece.kind === 'change' && last?.kind === 'change') {
      last.removed += piece.removed;
      last.added += piece.added;
      continue;
    }
    const beforeLast = result[result.length - 2];
    if (piece.kind === 'change' && last?.kind === 'same' && beforeLast?.kind === 'change' && isSeparator(last.tokens)) {
      const kept = last.tokens.map((token) => token.text).join('');
      result.pop();
      beforeLast.removed += kept + piece.removed;
      beforeLast.added += kept + piece.added;
      continue;
    }
    result.push(piece.kind === 'change' ? { ...piece } : piece);
  }
  return result;
}

function isSeparator(tokens: readonly Token[]): boolean {
  return tokens.every((token) => !token.wordLike && !LINE_BREAK.test(token.text) && !isEmojiOrSymbolWord(token.text));
}

/** Emoji are not word-like to the segmenter, but they are content the writer chose: never a separator. */
function isEmojiOrSymbolWord(text: string): boolean {
  return /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(text);
}

/**
 * The passage after the writer's decisions: accepted changes take the rewrite's words, rejected
 * and undecided ones keep the original's. `decisions[i]` is the decision on `changes` index i.
 */
export function applyDecisions(
  original: string,
  changes: readonly WordChange[],
  decisions: ReadonlyArray<Decision | undefined>,
): string {
  let result = '';
  let offset = 0;
  for (const change of changes) {
    result += original.slice(offset, change.originalStart);
    result += decisions[change.index] === 'accepted' ? change.added : change.removed;
    offset = change.originalEnd;
  }
  return result + original.slice(offset);
}

/** The whole rewrite back from the changes (every change accepted). */
export function proposedText(original: string, changes: readonly WordChange[]): string {
  return applyDecisions(original, changes, changes.map(() => 'accepted'));
}

/** How an insertion is shown inline when it is too long (or spans lines) to read there. */
export interface InsertionPreview {
  /** The opening words, cut at a word boundary, without line breaks. */
  readonly head: string;
  /** How many more words the whole insertion has (shown whole elsewhere). */
  readonly moreWords: number;
}

/**
 * A short preview of `added` when it does not read well inline: wider than `maxColumns` or running
 * over a line break. Undefined when it reads well as it is.
 */
export function insertionPreview(added: string, maxColumns = 60): InsertionPreview | undefined {
  if (columns(added) <= maxColumns && !LINE_BREAK.test(added)) return undefined;
  const segmenter = segmenterFor(added, '');
  let head = '';
  let headDone = false;
  let words = 0;
  let headWords = 0;
  for (const { segment, isWordLike } of segmenter.segment(added.trim())) {
    if (!headDone && (LINE_BREAK.test(segment) || columns(head + segment) > maxColumns / 2)) headDone = true;
    if (!headDone) {
      head += segment;
      if (isWordLike) headWords++;
    }
    if (isWordLike) words++;
  }
  return { head: head.trimEnd(), moreWords: words - headWords };
}

const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uff60\uffe0-\uffe6]/gu;

/** Editor columns `text` takes: CJK characters are drawn twice as wide as Latin ones. */
function columns(text: string): number {
  return text.length + (text.match(WIDE)?.length ?? 0);
}
