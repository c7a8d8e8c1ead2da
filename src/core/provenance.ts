// Which characters of a manuscript an accepted suggestion wrote: spans that follow the document's
// edits (with the one tracked-range arithmetic), an undo history that gives the spans back exactly,
// the record's file format, and re-anchoring by text after edits made outside the editor.
import { remainsOf, applicationOrder, type OffsetChange } from './trackedRange';

export type ProvenanceAction = 'continue' | 'rewrite' | 'brainstorm';

/** One accepted suggestion: what wrote it and when. A rewrite review is one suggestion, however many changes were accepted. */
export interface SuggestionInfo {
  readonly id: string;
  readonly action: ProvenanceAction;
  readonly model: string;
  /** Where the request went: host and port, or `vscode` for VS Code's own models. */
  readonly host: string;
  readonly style: string;
  /** The continue or rewrite variant; for an idea, its brainstorm category. */
  readonly variant: string;
  /** ISO 8601, when the writer accepted it. */
  readonly time: string;
  /** UTF-16 units the suggestion put into the document. */
  readonly inserted: number;
  /** UTF-16 units of the writer's text that it replaced (a rewrite's accepted changes). */
  readonly replaced: number;
}

/** Characters of the document [start, end) that a suggestion wrote, with their text (which re-anchoring needs). */
export interface Span {
  readonly start: number;
  readonly end: number;
  readonly suggestion: string;
  readonly text: string;
}

function byStart(a: Span, b: Span): number {
  return a.start - b.start || a.end - b.end;
}

/** Pieces of the same suggestion that touch (the writer's text between them deleted) are one span again. */
function mergeTouching(spans: readonly Span[]): Span[] {
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && last.end === span.start && last.suggestion === span.suggestion) {
      merged[merged.length - 1] = { ...last, end: span.end, text: last.text + span.text };
    } else merged.push(span);
  }
  return merged;
}

/**
 * What is left of a span after one change: the characters the change did not touch. Text the change
 * inserts is the writer's, so typing inside splits the span, deleting shortens it, replacing keeps
 * only the untouched sides, and typing at either edge is outside it.
 */
function spanAfter(span: Span, change: OffsetChange): Span[] {
  const pieces = remainsOf(span, change);
  if (pieces.length === 1 && pieces[0].end - pieces[0].start === span.text.length) {
    return pieces[0].start === span.start ? [span] : [{ ...span, ...pieces[0] }];
  }
  const changeEnd = change.offset + change.length;
  const prefix = Math.max(0, Math.min(span.end, change.offset) - span.start);
  const suffix = Math.max(0, span.end - Math.max(span.start, changeEnd));
  const kept = span.text.slice(0, prefix) + span.text.slice(span.text.length - suffix);
  let used = 0;
  return pieces.map((piece) => {
    const text = kept.slice(used, used + piece.end - piece.start);
    used += text.length;
    return { ...span, start: piece.start, end: piece.end, text };
  });
}

/** The spans after one event's changes (all measured on the document before it). */
export function spansAfterEvent(spans: readonly Span[], changes: readonly OffsetChange[]): Span[] {
  let result: readonly Span[] = spans;
  for (const change of applicationOrder(changes)) {
    const end = change.offset + change.length;
    // Spans wholly before the change stay as they are (the same objects): a keystroke costs a
    // comparison per span, not an allocation.
    result = result.flatMap((span) => (span.end < change.offset ? [span] : span.start > end ? [{ ...span, start: span.start + change.text.length - change.length, end: span.end + change.text.length - change.length }] : spanAfter(span, change)));
  }
  return mergeTouching(result);
}

/** Adds the spans of a suggestion just accepted; they cover text no other span covers (it was just inserted). */
export function withSpans(spans: readonly Span[], added: readonly Span[]): Span[] {
  const fresh = added.filter((span) => span.end > span.start);
  const outside = spans.filter((span) => !fresh.some((other) => span.start < other.end && other.start < span.end));
  return [...outside, ...fresh].sort(byStart);
}

interface State {
  readonly length: number;
  readonly spans: readonly Span[];
}

/** How many states the history keeps to match an undo or redo against; older ones are dropped. */
const HISTORY_LIMIT = 1000;

/**
 * The spans of one open document and the states they went through, so that undo and redo give the
 * spans back exactly as they were (the arithmetic alone would call restored text the writer's).
 * An undo returns the document to an earlier state; it is found by looking back for the nearest
 * state of the same length whose every span reads as it did — the state the editor's undo restored.
 */
export class SpanHistory {
  private states: State[];
  private cursor = 0;

  constructor(spans: readonly Span[], length: number) {
    this.states = [{ length, spans: [...spans].sort(byStart) }];
  }

  get spans(): readonly Span[] {
    return this.states[this.cursor].spans;
  }

  /** An edit of the writer's (or anything but undo and redo): the spans follow it, and later states are forgotten. */
  edit(changes: readonly OffsetChange[], length: number): void {
    this.push({ length, spans: spansAfterEvent(this.spans, changes) });
  }

  /** A suggestion was accepted: its spans belong to the state the document is in now. */
  record(added: readonly Span[]): void {
    this.states[this.cursor] = { ...this.states[this.cursor], spans: withSpans(this.spans, added) };
  }

  /** Replaces the spans (re-anchored, or removed by the writer) without an edit of the document. */
  reset(spans: readonly Span[]): void {
    this.states[this.cursor] = { ...this.states[this.cursor], spans: [...spans].sort(byStart) };
  }

  /**
   * An undo (`direction` -1) or redo (+1) changed the document to `length` units, `read` giving its
   * text. Restores the state it went back (or forward) to, or follows the changes as an edit when no
   * earlier state matches (the history was cut, or the document was edited outside it).
   */
  undoOrRedo(direction: -1 | 1, changes: readonly OffsetChange[], length: number, read: (start: number, end: number) => string): void {
    for (let index = this.cursor + direction; index >= 0 && index < this.states.length; index += direction) {
      const state = this.states[index];
      if (state.length === length && state.spans.every((span) => read(span.start, span.end) === span.text)) {
        this.cursor = index;
        return;
      }
    }
    this.edit(changes, length);
  }

  private push(state: State): void {
    this.states = this.states.slice(Math.max(0, this.cursor + 1 - HISTORY_LIMIT), this.cursor + 1);
    this.states.push(state);
    this.cursor = this.states.length - 1;
  }
}

/** The record of one file as it is kept under `.inkwell/provenance/`. */
export interface ProvenanceRecord {
  readonly suggestions: readonly SuggestionInfo[];
  readonly spans: readonly Span[];
}

export const RECORD_FORMAT = 'inkwell-provenance';
export const RECORD_VERSION = 1;

/**
 * The file's text: JSON with one key per line, suggestions in the order they were accepted and spans
 * in document order, so the same record is always the same bytes (no churn in git when nothing
 * changed) and a change reads as a small diff.
 */
export function serializeRecord(file: string, record: ProvenanceRecord): string {
  const suggestions = [...record.suggestions].sort((a, b) => a.time.localeCompare(b.time) || a.id.localeCompare(b.id));
  const body = {
    format: RECORD_FORMAT,
    version: RECORD_VERSION,
    file,
    suggestions: suggestions.map((s) => ({
      id: s.id,
      action: s.action,
      model: s.model,
      host: s.host,
      style: s.style,
      variant: s.variant,
      time: s.time,
      inserted: s.inserted,
      replaced: s.replaced,
    })),
    spans: [...record.spans].sort(byStart).map((span) => ({ suggestion: span.suggestion, start: span.start, end: span.end, text: span.text })),
  };
  return JSON.stringify(body, null, 2) + '\n';
}

const ACTIONS: readonly string[] = ['continue', 'rewrite', 'brainstorm'];

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}

/** Reads a record file; anything malformed is a problem said in words, never half a record. */
export function parseRecord(text: string): { ok: true; record: ProvenanceRecord } | { ok: false; problem: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const value = body as { format?: unknown; version?: unknown; suggestions?: unknown; spans?: unknown };
  if (value?.format !== RECORD_FORMAT) return { ok: false, problem: 'not an Inkwell provenance record' };
  if (value.version !== RECORD_VERSION) return { ok: false, problem: `record version ${String(value.version)} is not known` };
  if (!Array.isArray(value.suggestions) || !Array.isArray(value.spans)) return { ok: false, problem: 'suggestions or spans missing' };
  const suggestions: SuggestionInfo[] = [];
  for (const s of value.suggestions as Record<string, unknown>[]) {
    const fields = [s?.id, s?.model, s?.host, s?.style, s?.variant, s?.time];
    if (!fields.every(isString) || !ACTIONS.includes(s.action as string) || !isCount(s.inserted) || !isCount(s.replaced)) {
      return { ok: false, problem: `a suggestion is malformed: ${JSON.stringify(s)}` };
    }
    suggestions.push(s as unknown as SuggestionInfo);
  }
  const ids = new Set(suggestions.map((s) => s.id));
  const spans: Span[] = [];
  for (const span of value.spans as Record<string, unknown>[]) {
    const { suggestion, start, end, text: spanText } = span ?? {};
    if (!isString(suggestion) || !ids.has(suggestion) || !isCount(start) || !isCount(end) || !isString(spanText) || end - start !== spanText.length || end <= start) {
      return { ok: false, problem: `a span is malformed: ${JSON.stringify(span)}` };
    }
    spans.push({ suggestion, start, end, text: spanText });
  }
  return { ok: true, record: { suggestions, spans: spans.sort(byStart) } };
}

function occurrences(text: string, needle: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) found.push(at);
  return found;
}

/**
 * Finds each span in `text` as it is now (the file was edited outside the editor, or checked out):
 * where it was, if it still reads the same there; else where it reads the same at the shift the
 * previous span moved by (text added or removed before both); else its one occurrence in the file.
 * A span that is gone, or that occurs several times with nothing to tell which, is reported as lost
 * rather than guessed. Spans found do not overlap.
 */
export function reanchor(spans: readonly Span[], text: string): { spans: Span[]; lost: Span[] } {
  const found: Span[] = [];
  const lost: Span[] = [];
  let shift = 0;
  const free = (start: number, end: number) => !found.some((span) => start < span.end && span.start < end);
  for (const span of [...spans].sort(byStart)) {
    const at = (start: number) => start >= 0 && text.startsWith(span.text, start) && free(start, start + span.text.length);
    let start: number | undefined;
    if (at(span.start)) start = span.start;
    else if (at(span.start + shift)) start = span.start + shift;
    else {
      const places = occurrences(text, span.text).filter(at);
      if (places.length === 1) start = places[0];
    }
    if (start === undefined) {
      lost.push(span);
      continue;
    }
    shift = start - span.start;
    found.push({ ...span, start, end: start + span.text.length });
  }
  return { spans: found.sort(byStart), lost };
}

/** The file operations an atomic write needs (VS Code's file system in the editor, a fake in tests). */
export interface RecordFiles {
  writeFile(path: string, text: string): Promise<void>;
  /** Replaces `to` with `from` in one step (a rename over it). */
  rename(from: string, to: string): Promise<void>;
  delete(path: string): Promise<void>;
}

/**
 * Writes `text` to `path` so that a crash (or a full disk) mid-write leaves the previous record
 * whole: the new text goes to a temporary file beside it, which is then renamed over it.
 */
export async function writeAtomically(files: RecordFiles, path: string, text: string, unique: string): Promise<void> {
  const temporary = `${path}.${unique}.tmp`;
  try {
    await files.writeFile(temporary, text);
    await files.rename(temporary, path);
  } catch (error) {
    await files.delete(temporary).catch(() => undefined);
    throw error;
  }
}
