// How a rewrite review's passage follows the writer's edits while the review is open. The document
// is untouched by the review itself, so every edit is the writer's: one outside the passage moves
// it, one inside it that touches no proposed change becomes part of the passage, and one that
// touches a change (or reaches over the passage's edge) means the review no longer fits the text.
import { EXCLUSIVE, applicationOrder, growRange, placeOf, type OffsetChange } from './trackedRange';

/** Where a change of the review sits in the passage (offsets into `original`). */
export interface ChangeSpan {
  readonly originalStart: number;
  readonly originalEnd: number;
}

export interface ReviewPassage<C extends ChangeSpan = ChangeSpan> {
  /** Offset of the passage in the document. */
  readonly start: number;
  /** The passage's text as it is in the document. */
  readonly original: string;
  /** The review's changes, in passage offsets. */
  readonly changes: readonly C[];
}

/**
 * The passage after one event's edits, its changes moved with it; undefined when an edit touches a
 * change (an edit that merely borders one touches it: its words are what is being decided).
 */
export function followReviewEdits<C extends ChangeSpan>(passage: ReviewPassage<C>, edits: readonly OffsetChange[]): ReviewPassage<C> | undefined {
  let { start, original, changes } = passage;
  for (const edit of applicationOrder(edits)) {
    const range = { start, end: start + original.length };
    const place = placeOf(range, edit, EXCLUSIVE);
    const delta = edit.text.length - edit.length;
    if (place === 'before') {
      start += delta;
      continue;
    }
    if (place === 'after') continue;
    const from = edit.offset - start;
    const to = from + edit.length;
    if (!growRange(range, edit) || changes.some((change) => from <= change.originalEnd && to >= change.originalStart)) return undefined;
    original = original.slice(0, from) + edit.text + original.slice(to);
    changes = changes.map((change) =>
      change.originalStart >= to ? { ...change, originalStart: change.originalStart + delta, originalEnd: change.originalEnd + delta } : change,
    );
  }
  return { start, original, changes };
}
