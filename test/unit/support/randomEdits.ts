// Random documents and edits for the property tests of tracked ranges and provenance: text with
// CRLF line breaks, surrogate pairs and CJK, and edits that fall on character boundaries as an
// editor's do (never inside a CRLF or a surrogate pair).
import type { OffsetChange } from '../../../src/core/trackedRange';
import { seeded } from '../../../bench/passages';

export { seeded };

export type Random = () => number;

const PIECES = ['a', 'b', 'e', ' ', 'the ', 'sea', '\r\n', '\n', '😀', '👩‍👧', '雨', '夜里', '。', 'é', 'ا'];

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

export function randomText(random: Random, pieces: number): string {
  let text = '';
  for (let i = 0; i < pieces; i++) text += pick(random, PIECES);
  return text;
}

/** Offsets at which an editor can place a cursor in `text`: not inside a CRLF or a surrogate pair. */
export function boundaries(text: string): number[] {
  const offsets = [0];
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    const pair = (code >= 0xd800 && code <= 0xdbff) || (text[i] === '\r' && text[i + 1] === '\n');
    i += pair ? 2 : 1;
    offsets.push(i);
  }
  return offsets;
}

export function isBoundary(text: string, offset: number): boolean {
  return boundaries(text).includes(offset);
}

/** One random edit of `text`: an insertion (typing, pasting), a deletion or a replacement. */
export function randomChange(random: Random, text: string): OffsetChange {
  const offsets = boundaries(text);
  const a = pick(random, offsets);
  const kind = random();
  if (kind < 0.4) return { offset: a, length: 0, text: randomText(random, 1 + Math.floor(random() * 3)) };
  const b = pick(random, offsets);
  const [from, to] = a <= b ? [a, b] : [b, a];
  return { offset: from, length: to - from, text: kind < 0.7 ? '' : randomText(random, 1 + Math.floor(random() * 2)) };
}

/** Several non-overlapping changes measured on the same text, as one event of VS Code's carries them (multiple cursors). */
export function randomEvent(random: Random, text: string): OffsetChange[] {
  const count = 1 + Math.floor(random() * 3);
  const changes: OffsetChange[] = [];
  for (let i = 0; i < count; i++) {
    const change = randomChange(random, text);
    const end = change.offset + change.length;
    const clashes = changes.some((other) => change.offset <= other.offset + other.length && end >= other.offset);
    if (!clashes) changes.push(change);
  }
  return changes;
}

/** Applies the changes of one event (all measured on `text`). */
export function applyEvent(text: string, changes: readonly OffsetChange[]): string {
  let result = text;
  for (const change of [...changes].sort((a, b) => b.offset - a.offset)) {
    result = result.slice(0, change.offset) + change.text + result.slice(change.offset + change.length);
  }
  return result;
}
