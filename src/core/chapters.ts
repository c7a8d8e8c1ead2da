// The order of a book's files: natural order of names (`chapter-2` before `chapter-10`), folder by
// folder. The previous chapter of a file is the one before it among the files of its folder that
// have the same extension; files that are about the book rather than of it (README, LICENSE…) are
// never chapters.

import { windowBefore } from './context';
import { estimateTokens } from './tokens';

const NATURAL = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const NOT_CHAPTERS = /^(?:readme|changelog|license|licence|contributing|todo|notes)$/i;

/** A file name or path without its extension (`chapter-12.md` → `chapter-12`; `v1.5` keeps its `.5`). */
export function stemOf(name: string): string {
  return name.replace(/\.(?=[0-9a-z]*[a-z])[0-9a-z]{1,10}$/i, '');
}

/** Natural order of two names: digits compare as numbers, case and accents only break ties. */
export function compareNatural(a: string, b: string): number {
  return NATURAL.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Book order of two paths relative to the folder (`/`-separated): folder by folder, then the name. */
export function compareBookPaths(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const order = compareNatural(stemOf(left[index]), stemOf(right[index]));
    if (order !== 0) return order;
  }
  return left.length - right.length;
}

function extensionOf(name: string): string {
  const extension = /\.[^./]+$/.exec(name)?.[0].toLowerCase() ?? '';
  return extension === '.markdown' ? '.md' : extension;
}

/**
 * The files that come before `current` among `siblings` (names of the files in its folder), nearest
 * first: same extension, not a file about the book, in natural order. The caller takes the first
 * whose text is in the same language as the current one.
 */
export function previousChapters(current: string, siblings: readonly string[]): string[] {
  const extension = extensionOf(current);
  const currentStem = stemOf(current);
  return siblings
    .filter((name) => name !== current && extensionOf(name) === extension && !NOT_CHAPTERS.test(stemOf(name)))
    .filter((name) => compareNatural(stemOf(name), currentStem) < 0)
    .sort((a, b) => compareNatural(stemOf(b), stemOf(a)));
}

/**
 * The `title` of a file's YAML front matter, if it has one: a chapter that names the work it belongs
 * to follows only a file of the same work (a poem beside a novel's chapters is not its chapter 0).
 */
export function workTitle(text: string): string | undefined {
  const front = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)^(?:---|\.\.\.)[ \t]*$/m.exec(text.slice(0, 8192));
  if (!front || front.index !== 0) return undefined;
  const title = /^title[ \t]*:[ \t]*(.+?)[ \t]*\r?$/im.exec(front[1]);
  return title ? title[1].replace(/^["']|["']$/g, '').trim() : undefined;
}

/** The end of the previous chapter, as a request may carry it. */
export interface PreviousChapter {
  /** Path of its file relative to the workspace folder. */
  file: string;
  text: string;
  /** Where its manuscript proper begins (after front matter). */
  floor: number;
}

export interface WindowAcross {
  /** Start of the window in the current text. */
  start: number;
  /** Start of the window in the previous chapter's text, when it reaches into it. */
  previousStart?: number;
  tokens: number;
}

/**
 * The text before `end` that fits `budget` tokens and, when that reaches the start of the manuscript
 * (`floor`), the end of the previous chapter in the room left: the text nearest the cursor, read
 * across the chapter break.
 */
export function windowAcross(text: string, end: number, budget: number, floor: number, previous?: PreviousChapter): WindowAcross {
  const span = windowBefore(text, end, budget, floor);
  const tokens = span.start < end ? estimateTokens(text.slice(span.start, end)) : 0;
  const room = budget - tokens;
  if (!previous || span.start > floor || room <= 0) return { start: span.start, tokens };
  const before = windowBefore(previous.text, previous.text.length, room, previous.floor);
  const carried = previous.text.slice(before.start);
  if (carried.trim() === '') return { start: span.start, tokens };
  return { start: span.start, previousStart: before.start, tokens: tokens + estimateTokens(carried) };
}
