// Which part of the manuscript goes into a prompt. Only a window around the cursor is ever read,
// so assembling a prompt at the end of a 1 MB book costs what it costs at the end of a 10 KB one.
//
// A window starts and ends at paragraph boundaries (a blank line; in a document without blank
// lines, a line break), falling back to a line and then a sentence boundary only when a single
// paragraph is larger than the budget. Front matter (YAML, a Fountain title page, a LaTeX preamble)
// is never sent as manuscript.

import { estimateTokens } from './tokens';

/** Generous upper bound of characters per token, to size the slice a window is cut from. */
const MAX_CHARS_PER_TOKEN = 8;
/** Front matter longer than this is not looked for (it would not be front matter). */
const FRONT_MATTER_SCAN_CHARS = 64 * 1024;

export interface Span {
  start: number;
  end: number;
}

/**
 * Where the manuscript proper begins: after YAML front matter (`---` … `---`), a Fountain title page
 * (`Title:` and other keys up to the first blank line) or a LaTeX preamble (`\begin{document}`),
 * and after the blank lines that follow it. 0 when there is none. Reads at most the first 64 KB.
 */
export function manuscriptStart(text: string, languageId?: string): number {
  const head = text.slice(0, FRONT_MATTER_SCAN_CHARS);
  let end = 0;
  const yaml = /^\uFEFF?---[ \t]*\r?\n[\s\S]*?^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m.exec(head);
  if (yaml && yaml.index === 0) end = yaml[0].length;
  else if (languageId === 'fountain' || /^\uFEFF?title\s*:/i.test(head)) end = titlePageEnd(head);
  else if (languageId === 'latex') {
    const begin = /\\begin\{document\}[^\n]*\n?/.exec(head);
    if (begin) end = begin.index + begin[0].length;
  }
  if (end === 0) return 0;
  const blank = /^(?:[ \t]*\r?\n)*/.exec(text.slice(end, end + 4096));
  return end + (blank ? blank[0].length : 0);
}

const TITLE_PAGE_KEY = /^[ \t]*(?:title|credit|authors?|source|draft date|date|contact|copyright|notes|revision)[ \t]*:/i;

function titlePageEnd(head: string): number {
  const firstLine = head.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
  if (!TITLE_PAGE_KEY.test(firstLine)) return 0;
  const blank = /\r?\n[ \t]*\r?\n/.exec(head);
  return blank ? blank.index + blank[0].length : head.length;
}

/**
 * The span of text before `end` that fits `budget` tokens, starting at a paragraph boundary,
 * never before `floor`.
 */
export function windowBefore(text: string, end: number, budget: number, floor = 0): Span {
  if (budget <= 0 || end <= floor) return { start: end, end };
  const lowest = Math.max(floor, end - budget * MAX_CHARS_PER_TOKEN - 256);
  const slice = text.slice(lowest, end);
  // Position 0 of the slice is a real line start only at the floor or right after a line break.
  const sliceStartsLine = lowest === floor || text[lowest - 1] === '\n';

  const lineStarts: number[] = [];
  for (let index = slice.lastIndexOf('\n'); index !== -1; index = index === 0 ? -1 : slice.lastIndexOf('\n', index - 1)) {
    lineStarts.push(index + 1);
  }
  if (sliceStartsLine) lineStarts.push(0);

  // Whole lines, nearest first, while they fit.
  let start = slice.length;
  let tokens = 0;
  const accepted: number[] = [];
  for (const lineStart of lineStarts) {
    if (lineStart >= start) continue;
    const cost = estimateTokens(slice.slice(lineStart, start));
    if (tokens + cost > budget) break;
    tokens += cost;
    start = lineStart;
    accepted.push(lineStart);
  }
  if (accepted.length === 0) {
    return { start: lowest + sentenceStartWithin(slice, budget), end };
  }
  const hasBlankLines = /\n[ \t]*\r?\n/.test(slice);
  const paragraphStart = [...accepted].reverse().find((lineStart) => isParagraphStart(slice, lineStart, hasBlankLines, sliceStartsLine));
  return { start: lowest + (paragraphStart ?? start), end };
}

/** The span of text after `start` that fits `budget` tokens, ending at a paragraph boundary. */
export function windowAfter(text: string, start: number, budget: number): Span {
  if (budget <= 0 || start >= text.length) return { start, end: start };
  const highest = Math.min(text.length, start + budget * MAX_CHARS_PER_TOKEN + 256);
  const slice = text.slice(start, highest);
  const sliceEndsLine = highest === text.length;

  const lineEnds: number[] = [];
  for (let index = slice.indexOf('\n'); index !== -1; index = slice.indexOf('\n', index + 1)) {
    lineEnds.push(slice[index - 1] === '\r' ? index - 1 : index);
  }
  if (sliceEndsLine) lineEnds.push(slice.length);

  let end = 0;
  let tokens = 0;
  const accepted: number[] = [];
  for (const lineEnd of lineEnds) {
    if (lineEnd <= end) continue;
    const cost = estimateTokens(slice.slice(end, lineEnd));
    if (tokens + cost > budget) break;
    tokens += cost;
    end = lineEnd;
    accepted.push(lineEnd);
  }
  if (accepted.length === 0) return { start, end: start + sentenceEndWithin(slice, budget) };
  const hasBlankLines = /\n[ \t]*\r?\n/.test(slice);
  const paragraphEnd = [...accepted].reverse().find((lineEnd) => isParagraphEnd(slice, lineEnd, hasBlankLines, sliceEndsLine));
  return { start, end: start + (paragraphEnd ?? end) };
}

function isParagraphStart(slice: string, lineStart: number, hasBlankLines: boolean, sliceStartsLine: boolean): boolean {
  if (lineStart === 0) return sliceStartsLine;
  if (!hasBlankLines) return true;
  const previousLineStart = slice.lastIndexOf('\n', lineStart - 2) + 1;
  return slice.slice(previousLineStart, lineStart).trim() === '';
}

function isParagraphEnd(slice: string, lineEnd: number, hasBlankLines: boolean, sliceEndsLine: boolean): boolean {
  if (lineEnd >= slice.length) return sliceEndsLine;
  if (!hasBlankLines) return true;
  const nextLineStart = slice.indexOf('\n', lineEnd) + 1;
  if (nextLineStart === 0 || nextLineStart >= slice.length) return sliceEndsLine;
  const nextLineEnd = slice.indexOf('\n', nextLineStart);
  return slice.slice(nextLineStart, nextLineEnd === -1 ? slice.length : nextLineEnd).trim() === '';
}

const SENTENCE_END = /[.!?。！？…]+["'”’」』）)\]]*\s*/gu;

/** The earliest sentence start (else word start, else character) from which the rest fits. */
function sentenceStartWithin(slice: string, budget: number): number {
  const starts: number[] = [];
  SENTENCE_END.lastIndex = 0;
  for (let match = SENTENCE_END.exec(slice); match !== null; match = SENTENCE_END.exec(slice)) {
    if (match.index + match[0].length < slice.length) starts.push(match.index + match[0].length);
  }
  const fitting = starts.find((start) => estimateTokens(slice.slice(start)) <= budget);
  if (fitting !== undefined) return fitting;
  let start = Math.max(0, slice.length - budget * 2);
  while (start < slice.length && estimateTokens(slice.slice(start)) > budget) start += Math.max(1, Math.floor((slice.length - start) / 8));
  const space = slice.indexOf(' ', start);
  return space !== -1 && space < slice.length - 1 ? space + 1 : avoidSplitSurrogate(slice, start);
}

/** The latest sentence end (else word end, else character) up to which the text fits. */
function sentenceEndWithin(slice: string, budget: number): number {
  let best = 0;
  SENTENCE_END.lastIndex = 0;
  for (let match = SENTENCE_END.exec(slice); match !== null; match = SENTENCE_END.exec(slice)) {
    const end = match.index + match[0].trimEnd().length;
    if (estimateTokens(slice.slice(0, end)) > budget) break;
    best = end;
  }
  if (best > 0) return best;
  let end = Math.min(slice.length, budget * 2);
  while (end > 0 && estimateTokens(slice.slice(0, end)) > budget) end -= Math.max(1, Math.floor(end / 8));
  const space = slice.lastIndexOf(' ', end);
  return space > 0 ? space : avoidSplitSurrogate(slice, end);
}

function avoidSplitSurrogate(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code >= 0xdc00 && code <= 0xdfff ? index + 1 : index;
}

/** Cuts notes to `budget` tokens at a paragraph (else line, else sentence) boundary, keeping the start. */
export function capNotes(notes: string, budget: number): { text: string; cut: boolean } {
  const trimmed = notes.trim();
  if (estimateTokens(trimmed) <= budget) return { text: trimmed, cut: false };
  let end = windowAfter(trimmed, 0, budget).end;
  const used = estimateTokens(trimmed.slice(0, end));
  // A long paragraph next would leave most of the share unused: take its first sentences too.
  if (used < budget * 0.75) {
    const rest = trimmed.slice(end);
    const gap = rest.length - rest.trimStart().length;
    const extra = windowAfter(rest.trimStart(), 0, budget - used - estimateTokens(rest.slice(0, gap))).end;
    if (extra > 0) end += gap + extra;
  }
  return { text: trimmed.slice(0, end).trimEnd(), cut: true };
}
