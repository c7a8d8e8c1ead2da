// Where a continuation meets the writer's text. It streams into the document, so it is cleaned
// (reasoning, preamble, fence, wrapping quotes, an echo of the text before it) and fitted to the
// seam (a space or none, a new paragraph, indentation, line endings) as it arrives, holding back
// only what is still undecided. A rewrite is fitted once it is complete, in rewriteFit.ts.

import { isWrittenWithoutSpaces } from './language';
import { couldBeClosingNote, couldBePreamble, isCharacterCue, isClosingNote, isPreambleLine, isSeparatorLine, WRAPPING_QUOTES } from './modelText';
import { ThinkFilter } from './reasoning';

export interface ContinuationFilter {
  push(delta: string): string;
  end(): string;
}

/** How much of the end of `before` an echo is looked for in. */
const ECHO_WINDOW = 400;
/** An opening fence's line ("```markdown") is at most this long; a longer line is text. */
const FENCE_LINE_CHARS = 40;
/** A first line that could be a preamble is held at most this long. */
const PREAMBLE_WAIT_CHARS = 200;

interface Head {
  /** The answer from its first character of text on. */
  content: string;
  /** Whitespace the model put before its text, when it is a meaningful signal ('' otherwise). */
  lead: string;
  fenced: boolean;
  /** The model finished the word the manuscript stops in: join with nothing. */
  completesWord: boolean;
}

/**
 * Cleans (reasoning, preamble, opening/closing fence or quote, echoed overlap with `before`) and fits the seam
 * (space or none, CJK none, newline handling) incrementally: holds back only as much as it must to
 * decide, returns the text safe to insert now. Concatenating every push() and end() is the final text.
 */
export function createContinuationFilter(before: string, after: string): ContinuationFilter {
  return new StreamingContinuation(before, after);
}

class StreamingContinuation implements ContinuationFilter {
  private readonly reasoning = new ThinkFilter();
  private raw = '';
  private head: Head | undefined;
  /** Cleaned text not yet released. */
  private pending = '';
  private started = false;
  /** The end of what was released, for the seam with the text after the cursor. */
  private released = '';
  private wrap: readonly [string, string] | undefined;
  /** While a wrapping quote is undecided: the end of what was searched, and where its closing quote is in `pending` (-1: not yet). */
  private wrapTail = '';
  private wrapClose = -1;
  private ended = false;
  private readonly crlf: boolean;
  private readonly paragraphIndent: string;

  constructor(
    private readonly before: string,
    private readonly after: string,
  ) {
    this.crlf = before.includes('\r\n') || (!before.includes('\n') && after.includes('\r\n'));
    this.paragraphIndent = paragraphIndent(before);
  }

  push(chunk: string): string {
    if (this.ended) return '';
    const delta = this.reasoning.push(chunk);
    if (delta === '') return '';
    let arrived = delta;
    if (!this.head) {
      this.raw += delta;
      const head = readHead(this.raw, this.before, false);
      if (!head) return '';
      this.begin(head);
      arrived = this.pending;
    } else {
      this.pending += delta;
    }
    return this.release(arrived);
  }

  end(): string {
    if (this.ended) return '';
    this.ended = true;
    const rest = this.reasoning.end();
    if (this.head) this.pending += rest;
    else this.raw += rest;
    if (!this.head) {
      const head = readHead(this.raw, this.before, true);
      if (!head) return '';
      this.begin(head);
    }
    let text = this.pending;
    this.pending = '';
    const notes = closingNotesStart(text, true);
    text = text.slice(0, notes) + /^\s*/.exec(text.slice(notes))![0];
    if (this.head!.fenced) text = text.replace(/\n?[ \t]*```[ \t]*\s*$/, '');
    if (this.wrap) {
      const [open, close] = this.wrap;
      const trimmed = text.trimEnd();
      const inner = trimmed.slice(open.length, trimmed.length - close.length);
      if (trimmed.length > open.length && trimmed.endsWith(close) && !inner.includes(open) && !inner.includes(close)) {
        text = inner + text.slice(trimmed.length);
      }
      this.wrap = undefined;
    }
    const body = text.trimEnd();
    if (body === '' && !this.started) return '';
    const prefix = this.started ? '' : this.seamPrefix(body);
    this.started = true;
    return this.eol(prefix + this.indent(body) + this.seamSuffix(this.released + body, text.slice(body.length)));
  }

  private begin(head: Head): void {
    this.head = head;
    this.pending = head.content;
    const first = head.content[0];
    // After a cue ("she said," or "他说：") a quoted answer is dialogue, not wrapping.
    const cue = /[,:，：]$/.test(this.before.trimEnd());
    if (!cue && WRAPPING_QUOTES.some(([open]) => open === first) && !insideQuote(lastParagraph(this.before), first)) {
      this.wrap = WRAPPING_QUOTES.find(([open]) => open === first);
    }
  }

  private release(arrived: string): string {
    if (this.wrap && !this.resolveWrap(arrived)) return '';
    const hold = Math.min(holdFrom(this.pending, this.head!.fenced), closingNotesStart(this.pending, false));
    const ready = this.pending.slice(0, hold);
    this.pending = this.pending.slice(hold);
    if (ready === '') return '';
    const prefix = this.started ? '' : this.seamPrefix(ready);
    this.started = true;
    this.released = (this.released + ready).slice(-8);
    return this.eol(prefix + this.indent(ready));
  }

  /**
   * A quote at the start wraps the whole answer only if nothing but whitespace follows its closing
   * quote. Only `arrived` (the text added to `pending` since the last call) is searched, with the
   * few characters before it that a split quotation mark may start in.
   */
  private resolveWrap(arrived: string): boolean {
    const [open, close] = this.wrap!;
    const window = this.wrapTail + arrived;
    const base = this.pending.length - window.length;
    this.wrapTail = window.slice(-Math.max(open.length, close.length));
    const from = Math.max(0, open.length - base);
    if (this.wrapClose === -1) {
      const closeAt = window.indexOf(close, from);
      const openAt = open === close ? -1 : window.indexOf(open, from);
      if (openAt !== -1 && (closeAt === -1 || openAt < closeAt)) return this.noWrap();
      if (closeAt === -1) return false;
      this.wrapClose = base + closeAt;
    }
    return /\S/.test(window.slice(Math.max(from, this.wrapClose + close.length - base))) ? this.noWrap() : false;
  }

  private noWrap(): boolean {
    this.wrap = undefined;
    return true;
  }

  /**
   * Gives the model's new paragraphs the indentation the manuscript's paragraphs have. Trailing
   * whitespace is held back, so every line break released here is followed by its next line.
   */
  private indent(text: string): string {
    return this.paragraphIndent ? text.replace(/\n(?=[^\s])/g, `\n${this.paragraphIndent}`) : text;
  }

  private eol(text: string): string {
    return this.crlf ? text.replace(/\r?\n/g, '\r\n') : text.replace(/\r\n/g, '\n');
  }

  private seamPrefix(text: string): string {
    return seamBetween(this.before, this.after, this.head!.lead, text, this.head!.completesWord);
  }

  private seamSuffix(body: string, trailing: string): string {
    const next = this.after[0];
    if (body === '' || next === undefined || /\s/.test(next)) return '';
    if (trailing.includes('\n')) {
      const newlines = (trailing.match(/\n/g) ?? []).length;
      return newlines >= 2 && usesBlankLines(this.before, newlines) ? '\n\n' : '\n';
    }
    return needsSpace(body, this.after) ? ' ' : '';
  }
}

/**
 * Reads the start of the answer (reasoning already removed): an opening fence and preamble lines are dropped, and an
 * echo of the end of `before` is cut. Undefined while that cannot be decided yet.
 */
function readHead(raw: string, before: string, final: boolean): Head | undefined {
  let rest = raw;
  let removed = false;
  let fenced = false;
  for (;;) {
    const text = rest.trimStart();
    if (text === '') return final ? { content: '', lead: '', fenced, completesWord: false } : undefined;
    if (text.startsWith('```') && (final || text.length <= FENCE_LINE_CHARS || text.lastIndexOf('\n', FENCE_LINE_CHARS) !== -1)) {
      const newline = text.indexOf('\n');
      if (newline === -1) return final ? { content: '', lead: '', fenced: true, completesWord: false } : undefined;
      rest = text.slice(newline + 1);
      removed = true;
      fenced = true;
      continue;
    }
    if (!final && '```'.startsWith(text)) return undefined;
    const newline = text.indexOf('\n');
    const line = newline === -1 ? text : text.slice(0, newline);
    if (newline === -1 && !final && couldBePreamble(line) && line.length < PREAMBLE_WAIT_CHARS) return undefined;
    if ((newline !== -1 || final) && isPreambleLine(line)) {
      rest = newline === -1 ? '' : text.slice(newline + 1);
      removed = true;
      continue;
    }
    break;
  }

  const text = rest.trimStart();
  const lead = removed ? '' : rest.slice(0, rest.length - text.length);
  const echo = findEcho(before, text, final);
  if (echo === 'wait') return undefined;
  if (!echo) return { content: text, lead, fenced, completesWord: false };
  const afterEcho = text.slice(echo.length);
  const content = afterEcho.trimStart();
  if (content === '' && !final) return undefined;
  return { content, lead: afterEcho.slice(0, afterEcho.length - content.length), fenced, completesWord: echo.completesWord };
}

/**
 * Whether `text` starts by repeating the end of `before` (the model echoing its cue): the longest
 * such overlap that is more than a coincidence, 'wait' while a longer one is still possible.
 */
function findEcho(before: string, text: string, final: boolean): { length: number; completesWord: boolean } | 'wait' | undefined {
  const tail = before.trimEnd().slice(-ECHO_WINDOW);
  if (tail === '' || text === '') return undefined;
  for (let start = 0; start < tail.length; start++) {
    if (!startsWord(tail, start)) continue;
    const overlap = tail.slice(start);
    if (text.length < overlap.length) {
      if (overlap.startsWith(text) && !final) return 'wait';
      continue;
    }
    if (!text.startsWith(overlap)) continue;
    const next = text[overlap.length];
    if (next === undefined && !final) return 'wait';
    if (!isMeaningfulEcho(overlap)) continue;
    // "…opened the do" echoed as "opened the door": the model finished the word the text stops in.
    // A single word is never taken for that: "at" followed by "atlas" is a new word.
    const completesWord = isLetter(next) && isLetter(overlap[overlap.length - 1]) && !isWrittenWithoutSpaces(next);
    if (completesWord && !/\s/.test(overlap.trim())) continue;
    return { length: overlap.length, completesWord };
  }
  return undefined;
}

function startsWord(text: string, index: number): boolean {
  if (index === 0) return true;
  const previous = text[index - 1];
  const current = text[index];
  if (/\s/.test(current)) return false;
  return /\s/.test(previous) || isWrittenWithoutSpaces(current) || isWrittenWithoutSpaces(previous);
}

/** Five characters (two short words, or one long one), or two CJK characters: repeating less may be deliberate ("had had"). */
function isMeaningfulEcho(overlap: string): boolean {
  const unspaced = [...overlap].filter((char) => isWrittenWithoutSpaces(char) && /\p{L}/u.test(char)).length;
  if (unspaced > 0) return unspaced >= 2;
  return overlap.trim().length >= 5;
}

function isLetter(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}]/u.test(char);
}

/** Held text longer than this is no closing note: it is released, and searching it stops there. */
const NOTES_WINDOW = 2000;

/**
 * Where the assistant's closing notes may start in `text` (the held end of the continuation): the
 * first paragraph after a blank line from which every paragraph is a separator or a closing note,
 * or, until the answer ends, a paragraph still arriving that may turn out to be one: the index of
 * the blank line before it, held with it. `text.length` when there are none.
 */
function closingNotesStart(text: string, final: boolean): number {
  if (text.length > NOTES_WINDOW && !final) return text.length;
  const breaks = [...text.slice(-NOTES_WINDOW).matchAll(/\r?\n[ \t]*\r?\n\s*/g)];
  const offset = Math.max(0, text.length - NOTES_WINDOW);
  let start = text.length;
  for (let i = breaks.length - 1; i >= 0; i--) {
    const at = offset + breaks[i].index;
    const to = i + 1 < breaks.length ? offset + breaks[i + 1].index : text.length;
    const paragraph = text.slice(at + breaks[i][0].length, to);
    const arriving = !final && to === text.length;
    if (!isSeparatorLine(paragraph.trim()) && !isClosingNote(paragraph) && !(arriving && couldBeClosingNote(paragraph))) break;
    start = at;
  }
  return start;
}

/** Where the releasable part of `text` ends: trailing whitespace, a possible closing fence, half a surrogate pair wait. */
function holdFrom(text: string, fenced: boolean): number {
  let hold = text.length - (/\s*$/.exec(text)![0].length);
  if (fenced) {
    const lineStart = text.lastIndexOf('\n', hold - 1);
    const lastLine = text.slice(lineStart + 1, hold);
    if ('```'.startsWith(lastLine.trim()) && lineStart !== -1) hold = lineStart;
    else if (lineStart === -1 && '```'.startsWith(lastLine.trim())) hold = 0;
  }
  const code = text.charCodeAt(hold - 1);
  if (code >= 0xd800 && code <= 0xdbff) hold--;
  return hold;
}

function lastParagraph(before: string): string {
  const tail = before.slice(-4000);
  const breakAt = tail.search(/\n[ \t]*\r?\n[^\n]*$/);
  return breakAt === -1 ? tail : tail.slice(breakAt);
}

/** Whether `text` leaves a quotation open (so a quote mark that follows closes it). */
function insideQuote(text: string, quote: string): boolean {
  const pair = WRAPPING_QUOTES.find(([open, close]) => open === quote || close === quote);
  if (!pair) return false;
  const [open, close] = pair;
  if (open === close) return ((text.match(new RegExp(escapeRegExp(open), 'g')) ?? []).length) % 2 === 1;
  return text.lastIndexOf(open) > text.lastIndexOf(close);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether paragraphs are separated by blank lines; with no line break to judge by, as the model does. */
function usesBlankLines(before: string, modelNewlines: number): boolean {
  const tail = before.slice(-4000);
  if (!tail.includes('\n')) return modelNewlines >= 2;
  return /\n[ \t]*\r?\n/.test(tail);
}

/** The indentation that opens the manuscript's paragraphs (ideographic spaces or a tab), if any. */
function paragraphIndent(before: string): string {
  const lines = before.slice(-2000).split(/\r?\n/).filter((line) => line.trim() !== '');
  const last = lines[lines.length - 1];
  return last ? (/^(?:\u3000+|\t+)/.exec(last)?.[0] ?? '') : '';
}

const SENTENCE_END = /[.!?。！？…:："”’」』)）\]*_]$/u;

/** Whether the rest of the cursor's line is empty. */
function emptyLine(after: string): boolean {
  return /^[ \t\u3000]*(?:\r?\n|$)/.test(after);
}

/**
 * Whether a continuation at the start of the line under `before`'s last line belongs to that line:
 * the model goes on with an unfinished sentence (no terminal punctuation above; a lower-case word,
 * or text written without spaces, next), or the line above is a character's cue in a script.
 */
function joinsLineAbove(before: string, text: string): boolean {
  const lineAbove = before.trimEnd().split('\n').pop()!.trim();
  if (isCharacterCue(lineAbove)) return true;
  const first = [...text.trimStart().slice(0, 2)][0] ?? '';
  return !SENTENCE_END.test(lineAbove) && (/\p{Ll}/u.test(first) || isWrittenWithoutSpaces(first));
}

/** What goes between `before` and the continuation `text`, given the model's own leading whitespace. */
function seamBetween(before: string, after: string, lead: string, text: string, completesWord: boolean): string {
  if (before.trim() === '') return '';
  const newlines = (lead.match(/\n/g) ?? []).length;
  const blankLines = usesBlankLines(before, newlines);
  const indent = paragraphIndent(before);

  if (/\n[ \t\u3000]*$/.test(before)) {
    const atLineStart = /\n$/.test(before);
    const afterBlankLine = /\n[ \t]*\r?\n$/.test(before);
    // On an empty line right under a paragraph (Ctrl+End in a file that ends with a newline, or
    // Enter pressed once) in a manuscript of blank-line paragraphs, the continuation is a new
    // paragraph, its blank line part of it, unless it goes on with the sentence or the line above
    // is a character's cue. Otherwise the break (and any indentation) is already there.
    if (atLineStart && blankLines && !afterBlankLine && (emptyLine(after) ? !joinsLineAbove(before, text) : newlines >= 1)) return `\n${indent}`;
    const startsParagraph = afterBlankLine || !blankLines;
    return atLineStart && startsParagraph ? indent : '';
  }

  const trimmedBefore = before.trimEnd();
  const lastLineBreaks = /\n/.test(lastParagraph(before).trim());
  if (newlines > 0 && (SENTENCE_END.test(trimmedBefore) || lastLineBreaks)) {
    if (/\s$/.test(before)) return newlines >= 2 && blankLines ? '\n\n' + indent : '\n' + indent;
    const paragraph = newlines >= 2 || !blankLines;
    return (paragraph && blankLines ? '\n\n' : '\n') + (paragraph ? indent : '');
  }
  if (/\s$/.test(before) || completesWord) return '';
  return needsSpace(before, text) ? ' ' : '';
}

/** Whether a space belongs between text ending like `left` and text starting like `right`. */
function needsSpace(left: string, right: string): boolean {
  const last = [...left.slice(-2)].pop()!;
  const first = [...right.slice(0, 2)][0];
  if (isWrittenWithoutSpaces(last) || isWrittenWithoutSpaces(first)) return false;
  if (/[.,;:!?…)\]}%»’”]/u.test(first)) return false;
  if (/[—–\-/]/u.test(first) || /[—–\-/([{“‘«]/u.test(last)) return false;
  if (first === '"') return !insideQuote(lastParagraph(left), '"');
  if (last === '"') return !insideQuote(lastParagraph(left), '"');
  return true;
}
