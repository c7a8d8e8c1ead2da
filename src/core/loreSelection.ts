// Which lore entries a request carries, and why. Entries set to `always` and those mentioned in the
// text scanned for the action are candidates; so are, one level deep by default (0–3), the entries
// the text of a candidate names ("cascade"). Candidates are then taken whole, in order — higher
// `priority` first; then always, detected, cascade; then the mention nearest the cursor; then the
// name — each if it fits in the room left, else left out ("budget") while the following ones are
// still tried. An entry brought in by cascade is taken only once an entry that names it is.

import { entryText, type LoreEntry } from './lore';
import { LoreMatcher, type LoreHit } from './loreMatcher';
import { estimateTokens } from './tokens';

export const DEFAULT_CASCADE_DEPTH = 1;
export const MAX_CASCADE_DEPTH = 3;

/** The entries of a folder with their matcher, built once whenever the entries change. */
export interface LoreBook {
  entries: readonly LoreEntry[];
  matcher: LoreMatcher;
  /** Each entry's text as last sent, its block, tokens and the mentions in it: requests repeat them. */
  prepared: Map<number, PreparedEntry>;
}

interface PreparedEntry {
  text: string;
  block: string;
  tokens: number;
  hits?: LoreHit[];
}

export function createLoreBook(entries: readonly LoreEntry[]): LoreBook {
  return { entries, matcher: new LoreMatcher(entries), prepared: new Map() };
}

/** An entry as a request from `documentPath` sends it; undefined when it has no text there. */
function prepare(book: LoreBook, index: number, documentPath: string | undefined): PreparedEntry | undefined {
  const text = entryText(book.entries[index], documentPath);
  if (!text) return undefined;
  let prepared = book.prepared.get(index);
  if (prepared?.text !== text) {
    const block = loreBlock(book.entries[index], text);
    prepared = { text, block, tokens: estimateTokens(block) };
    book.prepared.set(index, prepared);
  }
  return prepared;
}

function mentionsIn(book: LoreBook, prepared: PreparedEntry): LoreHit[] {
  return (prepared.hits ??= book.matcher.scan(prepared.text));
}

export type ScannedSource = 'before' | 'after' | 'selection' | 'topic' | 'previous-chapter';

/** A piece of the text the request carries, scanned for mentions. */
export interface ScannedPiece {
  source: ScannedSource;
  text: string;
  /** Offset of `text` in its document (the manuscript, or the previous chapter's file). */
  offset: number;
  /** How far a mention at `start`–`end` of `text` is from the cursor, in characters. */
  distance(start: number, end: number): number;
}

export type LoreReason = 'always' | 'detected' | 'cascade' | 'budget' | 'never';

/** Where the mention that brought an entry in was found. */
export type LoreFound =
  | { source: ScannedSource; offset: number }
  /** In the text of another entry that is sent (cascade). */
  | { source: 'entry'; entry: LoreEntry };

export interface LoreDecision {
  entry: LoreEntry;
  /** The entry as it would be sent (progressions applied), with its heading. */
  block: string;
  tokens: number;
  included: boolean;
  reason: LoreReason;
  /** For an entry left out for room: why it was wanted. */
  wanted?: 'always' | 'detected' | 'cascade';
  /** The text that matched. */
  trigger?: string;
  found?: LoreFound;
}

export interface LoreSelection {
  /** Included entries first, in the order they are sent, then those left out. */
  decisions: LoreDecision[];
  /** Tokens of the included entries' blocks. */
  tokens: number;
}

export interface LoreRequest {
  book: LoreBook;
  /** The manuscript file the request is from, relative to the workspace folder (progressions). */
  documentPath?: string;
  cascadeDepth?: number;
}

interface Candidate {
  entry: LoreEntry;
  index: number;
  block: string;
  tokens: number;
  reason: 'always' | 'detected' | 'cascade';
  level: number;
  distance: number;
  trigger?: string;
  found?: LoreFound;
  prepared: PreparedEntry;
  /** Candidates whose text named this one (cascade). */
  parents: Candidate[];
}

const REASON_ORDER = { always: 0, detected: 1, cascade: 2 } as const;

/** The heading and text an entry is sent as. */
export function loreBlock(entry: LoreEntry, text: string): string {
  const type = entry.type === 'other' ? '' : ` (${entry.type})`;
  return `## ${entry.name}${type}\n${text}`;
}

/** Decides the lore of one request from the text scanned for it (`near`) and the room it may take. */
export function selectLore(request: LoreRequest, near: readonly ScannedPiece[], room: number): LoreSelection {
  const { book } = request;
  const depth = Math.max(0, Math.min(MAX_CASCADE_DEPTH, Math.floor(request.cascadeDepth ?? DEFAULT_CASCADE_DEPTH)));
  const candidates = new Map<number, Candidate>();
  const never = new Map<number, LoreDecision>();
  const candidate = (index: number, fields: Pick<Candidate, 'reason' | 'level' | 'distance' | 'trigger' | 'found'>): Candidate | undefined => {
    const prepared = prepare(book, index, request.documentPath);
    if (!prepared) return undefined;
    const made: Candidate = { entry: book.entries[index], index, block: prepared.block, tokens: prepared.tokens, prepared, parents: [], ...fields };
    candidates.set(index, made);
    return made;
  };
  const refuse = (index: number, trigger: string, found: LoreFound) => {
    const prepared = prepare(book, index, request.documentPath);
    if (never.has(index) || !prepared) return;
    never.set(index, { entry: book.entries[index], block: prepared.block, tokens: prepared.tokens, included: false, reason: 'never', trigger, found });
  };

  book.entries.forEach((entry, index) => {
    if (entry.include === 'always') candidate(index, { reason: 'always', level: 0, distance: 0 });
  });
  for (const [index, mention] of nearestMentions(book, near)) {
    const include = book.entries[index].include;
    if (include === 'never') refuse(index, mention.trigger, mention.found);
    else if (include === 'detected') candidate(index, { reason: 'detected', level: 0, ...mention });
  }

  let level: Candidate[] = [...candidates.values()];
  for (let step = 1; step <= depth && level.length > 0; step++) {
    const next: Candidate[] = [];
    for (const parent of level) {
      const { text } = parent.prepared;
      for (const hit of mentionsIn(book, parent.prepared)) {
        if (hit.entry === parent.index) continue;
        const include = book.entries[hit.entry].include;
        const trigger = text.slice(hit.start, hit.end);
        const found: LoreFound = { source: 'entry', entry: parent.entry };
        if (include === 'never') {
          refuse(hit.entry, trigger, found);
          continue;
        }
        const known = candidates.get(hit.entry);
        if (known) {
          if (known.level === step && !known.parents.includes(parent)) known.parents.push(parent);
          continue;
        }
        const made = candidate(hit.entry, { reason: 'cascade', level: step, distance: parent.distance, trigger, found });
        if (made) {
          made.parents.push(parent);
          next.push(made);
        }
      }
    }
    level = next;
  }

  const decisions = [...fit([...candidates.values()], room), ...never.values()];
  return { decisions, tokens: decisions.reduce((sum, decision) => sum + (decision.included ? decision.tokens : 0), 0) };
}

/**
 * Adds the entries mentioned only in `far`, carried text beyond the scanned text (sent with the room
 * lore left): they are listed as left out for room, never sent, since what names them was not
 * scanned when the room was shared.
 */
export function mentionedBeyond(request: LoreRequest, selection: LoreSelection, far: readonly ScannedPiece[]): LoreSelection {
  if (far.length === 0) return selection;
  const listed = new Set(selection.decisions.map((decision) => decision.entry));
  const beyond: LoreDecision[] = [];
  for (const [index, mention] of nearestMentions(request.book, far)) {
    const entry = request.book.entries[index];
    const prepared = prepare(request.book, index, request.documentPath);
    if (listed.has(entry) || entry.include !== 'detected' || !prepared) continue;
    beyond.push({ entry, block: prepared.block, tokens: prepared.tokens, included: false, reason: 'budget', wanted: 'detected', ...mention });
  }
  return beyond.length === 0 ? selection : { ...selection, decisions: [...selection.decisions, ...beyond] };
}

/** For each entry mentioned in `pieces`, its mention nearest the cursor. */
function nearestMentions(book: LoreBook, pieces: readonly ScannedPiece[]): Map<number, { distance: number; trigger: string; found: LoreFound }> {
  const nearest = new Map<number, { distance: number; trigger: string; found: LoreFound }>();
  for (const piece of pieces) {
    for (const hit of book.matcher.scan(piece.text)) {
      const distance = piece.distance(hit.start, hit.end);
      const known = nearest.get(hit.entry);
      if (known && known.distance <= distance) continue;
      nearest.set(hit.entry, { distance, trigger: piece.text.slice(hit.start, hit.end), found: { source: piece.source, offset: piece.offset + hit.start } });
    }
  }
  return nearest;
}

function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    b.entry.priority - a.entry.priority ||
    a.level - b.level ||
    REASON_ORDER[a.reason] - REASON_ORDER[b.reason] ||
    a.distance - b.distance ||
    (a.entry.name < b.entry.name ? -1 : a.entry.name > b.entry.name ? 1 : 0) ||
    (a.entry.file < b.entry.file ? -1 : 1)
  );
}

/** Takes candidates whole, in order, while they fit; cascade ones once a parent is taken. */
function fit(candidates: Candidate[], room: number): LoreDecision[] {
  const pending = candidates.sort(compareCandidates);
  const included = new Set<Candidate>();
  const taken: LoreDecision[] = [];
  const left: LoreDecision[] = [];
  let free = Math.max(0, room);
  const decision = (item: Candidate, included: boolean): LoreDecision => {
    const made: LoreDecision = { entry: item.entry, block: item.block, tokens: item.tokens, included, reason: included ? item.reason : 'budget' };
    if (!included) made.wanted = item.reason;
    if (item.trigger !== undefined) made.trigger = item.trigger;
    if (item.found) made.found = item.found;
    return made;
  };
  for (let progress = true; progress; ) {
    progress = false;
    for (let position = 0; position < pending.length; position++) {
      const item = pending[position];
      if (item.level > 0 && !item.parents.some((parent) => included.has(parent))) continue;
      pending.splice(position, 1);
      progress = true;
      if (item.tokens <= free) {
        free -= item.tokens;
        included.add(item);
        taken.push(decision(item, true));
        // An entry taken may let a cascade entry earlier in the order in: start again.
        break;
      }
      left.push(decision(item, false));
      position--;
    }
  }
  // Cascade entries whose every parent was left out are out for room too.
  for (const item of pending) left.push(decision(item, false));
  return [...taken, ...left];
}
