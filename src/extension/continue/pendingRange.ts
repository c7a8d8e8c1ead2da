// Where a pending continuation sits while the writer (or anything else) edits the document. Pure, so
// the bookkeeping is tested in plain Node; offsets are UTF-16 offsets as VS Code reports them.

export interface OffsetRange {
  start: number;
  end: number;
}

/** One entry of `TextDocumentChangeEvent.contentChanges`: a range of the document before the event, replaced by `text`. */
export interface OffsetChange {
  offset: number;
  length: number;
  text: string;
}

export type ChangePlace = 'before' | 'after' | 'inside';

/**
 * Where a change falls relative to the pending text. Typing right before it moves it along; typing
 * right after it means the writer carried on from it, which counts as editing it (accept as edited),
 * except while nothing has arrived yet, when the continuation simply comes after what they typed.
 */
export function placeOf(range: OffsetRange, change: OffsetChange): ChangePlace {
  if (change.offset + change.length <= range.start) return 'before';
  if (change.offset > range.end || (change.offset === range.end && change.length > 0)) return 'after';
  return 'inside';
}

/**
 * The range after a batch of changes that are all outside it (the ranges of one event all refer to
 * the document before the event). Undefined when one of them touches the inside.
 */
export function moveRange(range: OffsetRange, changes: readonly OffsetChange[]): OffsetRange | undefined {
  let shift = 0;
  for (const change of changes) {
    const place = placeOf(range, change);
    if (place === 'inside') return undefined;
    if (place === 'before') shift += change.text.length - change.length;
  }
  return { start: range.start + shift, end: range.end + shift };
}
