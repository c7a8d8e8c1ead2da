// A range of a document that follows the document's edits: a pending continuation, the passage of a
// rewrite, the changes of a review, the spans of model-written text. One arithmetic for all of them,
// with the edge cases said once. Offsets are UTF-16 code units, as VS Code reports them.

/** [start, end) in UTF-16 offsets. */
export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

/** One replacement, as in `TextDocumentChangeEvent.contentChanges`: [offset, offset + length) of the text before it becomes `text`. */
export interface OffsetChange {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
}

/**
 * Which side a pure insertion exactly at an edge of the range falls on. A replacement or deletion
 * that ends at the start, or begins at the end, is always outside: it touches none of the range's
 * characters. At an empty range, the start's rule is asked first.
 */
export interface EdgeRules {
  /** An insertion at the start: `outside` moves the range along, `inside` touches it. */
  readonly atStart: 'outside' | 'inside';
  /** An insertion at the end: `outside` leaves it, `inside` touches it (typing on from it). */
  readonly atEnd: 'outside' | 'inside';
}

/** Text typed at either edge is not the range's: a passage under review, a span of model-written text. */
export const EXCLUSIVE: EdgeRules = { atStart: 'outside', atEnd: 'outside' };

export type ChangePlace = 'before' | 'after' | 'inside';

/** Where one change falls relative to a range (both measured on the text before the change). */
export function placeOf(range: OffsetRange, change: OffsetChange, rules: EdgeRules): ChangePlace {
  const changeEnd = change.offset + change.length;
  if (change.length === 0) {
    if (change.offset === range.start) return rules.atStart === 'outside' ? 'before' : 'inside';
    if (change.offset === range.end) return rules.atEnd === 'outside' ? 'after' : 'inside';
  }
  if (changeEnd <= range.start) return 'before';
  if (change.offset >= range.end) return 'after';
  return 'inside';
}

/**
 * The changes of one event, in an order in which they can be applied one after the other: VS Code
 * measures every change of an event on the document before it, and they do not overlap, so applying
 * the last one first leaves the offsets of the others true.
 */
export function applicationOrder(changes: readonly OffsetChange[]): OffsetChange[] {
  return [...changes].sort((a, b) => b.offset - a.offset);
}

/** The range after a change outside it; undefined when the change falls inside. */
export function moveRange(range: OffsetRange, change: OffsetChange, rules: EdgeRules): OffsetRange | undefined {
  const place = placeOf(range, change, rules);
  if (place === 'inside') return undefined;
  if (place === 'after') return range;
  const shift = change.text.length - change.length;
  return { start: range.start + shift, end: range.end + shift };
}

/** The range after every change of one event, or undefined when one of them falls inside it. */
export function moveRangeByEvent(range: OffsetRange, changes: readonly OffsetChange[], rules: EdgeRules): OffsetRange | undefined {
  let moved: OffsetRange | undefined = range;
  for (const change of applicationOrder(changes)) {
    moved = moveRange(moved, change, rules);
    if (!moved) return undefined;
  }
  return moved;
}

/**
 * The range after a change that lies wholly within it (an edit in the middle of a passage that
 * becomes part of it); undefined when the change reaches outside the range.
 */
export function growRange(range: OffsetRange, change: OffsetChange): OffsetRange | undefined {
  if (change.offset < range.start || change.offset + change.length > range.end) return undefined;
  return { start: range.start, end: range.end + change.text.length - change.length };
}

/**
 * What is left of a range's own characters after a change, in the document after it: the parts the
 * change did not touch. Text the change inserts is never the range's, so an insertion or
 * replacement strictly inside splits the range in two, a deletion inside shortens it, and a change
 * that covers it leaves nothing. Pieces are never empty.
 */
export function remainsOf(range: OffsetRange, change: OffsetChange): OffsetRange[] {
  const changeEnd = change.offset + change.length;
  const shift = change.text.length - change.length;
  if (range.end <= range.start) return [];
  if (changeEnd <= range.start) return [{ start: range.start + shift, end: range.end + shift }];
  if (change.offset >= range.end) return [range];
  const before = change.offset > range.start ? { start: range.start, end: change.offset } : undefined;
  const after = changeEnd < range.end ? { start: changeEnd + shift, end: range.end + shift } : undefined;
  // A deletion inside leaves the two sides touching: still one run of the range's characters.
  if (before && after) return change.text === '' ? [{ start: before.start, end: after.end }] : [before, after];
  return before ? [before] : after ? [after] : [];
}

/**
 * What is left of a set of ranges (sorted, not overlapping) after every change of one event, sorted;
 * pieces that come to touch (the text between them deleted) are one run again.
 */
export function remainsAfterEvent(ranges: readonly OffsetRange[], changes: readonly OffsetChange[]): OffsetRange[] {
  let pieces = ranges.filter((range) => range.end > range.start);
  for (const change of applicationOrder(changes)) pieces = pieces.flatMap((piece) => remainsOf(piece, change));
  const merged: OffsetRange[] = [];
  for (const piece of pieces) {
    const last = merged[merged.length - 1];
    if (last && last.end === piece.start) merged[merged.length - 1] = { start: last.start, end: piece.end };
    else merged.push(piece);
  }
  return merged;
}

/** Applies one change to a text (for tests and for texts kept beside a document). */
export function applyChange(text: string, change: OffsetChange): string {
  return text.slice(0, change.offset) + change.text + text.slice(change.offset + change.length);
}
