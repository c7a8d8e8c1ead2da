// How lore and the previous chapter share the context budget with the manuscript (after the story
// notes have taken their capped share):
// 1. The manuscript nearest the cursor gets half of the room first (for a continuation, a little of
//    what follows and the text before; for a rewrite, around the selection), read across the chapter
//    break into the previous chapter's end when it reaches the start of the file. This is the text
//    scanned for mentions, with the selection and a brainstorm's topic.
// 2. Lore takes what it needs of the rest, entries whole (see loreSelection.ts).
// 3. What lore leaves goes back to the manuscript, which reaches further back (and into the previous
//    chapter). A name mentioned only in that further text brings no entry in: the entry is listed as
//    left out for room.

import type { PreviousChapter } from './chapters';
import { mentionedBeyond, selectLore, type LoreRequest, type LoreSelection, type ScannedPiece } from './loreSelection';

/** Share of the room the manuscript nearest the cursor has before lore is given any. */
export const NEAR_SHARE = 0.5;

/** Which manuscript a budget buys: offsets in the document, and in the previous chapter's text. */
export interface ManuscriptWindow {
  beforeStart: number;
  /** Where the before part ends: the cursor, or the selection's start. */
  beforeEnd: number;
  previousStart?: number;
  /** The after part (empty when `afterStart === afterEnd`). */
  afterStart: number;
  afterEnd: number;
  tokens: number;
}

export interface StoryPlanInput {
  text: string;
  previousChapter?: PreviousChapter;
  lore?: LoreRequest;
  /** A rewrite's selection, scanned with the manuscript. */
  selection?: { start: number; end: number };
  topic?: string;
  /** Tokens for manuscript and lore together. */
  room: number;
  /** The manuscript a budget of tokens buys, as the action takes it. */
  window(budget: number): ManuscriptWindow;
}

export interface StoryPlan {
  window: ManuscriptWindow;
  lore?: LoreSelection;
}

export function planStory(input: StoryPlanInput): StoryPlan {
  if (!input.lore || input.lore.book.entries.length === 0) return { window: input.window(input.room) };
  const near = input.window(Math.floor(input.room * NEAR_SHARE));
  const lore = selectLore(input.lore, piecesOf(input, near), input.room - near.tokens);
  const window = input.window(input.room - lore.tokens);
  return { window, lore: mentionedBeyond(input.lore, lore, piecesOf(input, window, near)) };
}

/**
 * The scanned pieces of a window; with `inner`, only what `window` carries beyond `inner` (so a
 * mention is reported where the nearer window does not reach).
 */
function piecesOf(input: StoryPlanInput, window: ManuscriptWindow, inner?: ManuscriptWindow): ScannedPiece[] {
  const { text, previousChapter } = input;
  const pieces: ScannedPiece[] = [];
  const cursor = window.beforeEnd;
  const beforeEnd = inner ? inner.beforeStart : window.beforeEnd;
  if (window.beforeStart < beforeEnd) {
    const offset = window.beforeStart;
    pieces.push({ source: 'before', text: text.slice(offset, beforeEnd), offset, distance: (_start, end) => cursor - (offset + end) });
  }
  if (previousChapter && window.previousStart !== undefined) {
    const offset = window.previousStart;
    const end = inner?.previousStart ?? previousChapter.text.length;
    const carried = cursor - window.beforeStart;
    if (offset < end) {
      pieces.push({
        source: 'previous-chapter',
        text: previousChapter.text.slice(offset, end),
        offset,
        distance: (_start, pieceEnd) => carried + previousChapter.text.length - (offset + pieceEnd),
      });
    }
  }
  const afterStart = inner ? inner.afterEnd : window.afterStart;
  if (afterStart < window.afterEnd) {
    const from = window.afterStart;
    pieces.push({ source: 'after', text: text.slice(afterStart, window.afterEnd), offset: afterStart, distance: (start) => afterStart + start - from });
  }
  if (!inner && input.selection && input.selection.start < input.selection.end) {
    pieces.push({ source: 'selection', text: text.slice(input.selection.start, input.selection.end), offset: input.selection.start, distance: () => 0 });
  }
  if (!inner && input.topic?.trim()) pieces.push({ source: 'topic', text: input.topic, offset: 0, distance: () => 0 });
  return pieces;
}

/** The lore section of a request: the included entries, in the order they were chosen. */
export function loreText(lore: LoreSelection | undefined): string {
  if (!lore) return '';
  return lore.decisions
    .filter((decision) => decision.included)
    .map((decision) => decision.block)
    .join('\n\n');
}
