// The figures of a provenance report: for each manuscript and in all, how much of the text the
// writer wrote and how much an accepted suggestion wrote (kept as written, or since edited).
// Characters are UTF-16 code units, as the editor and `String.length` count them.
import type { ProvenanceAction, Span, SuggestionInfo } from './provenance';

export interface FileInput {
  path: string;
  text: string;
  spans: readonly Span[];
  suggestions: ReadonlyMap<string, SuggestionInfo>;
  /** Spans of the record that could not be found in the text. */
  lost: number;
  problem?: string;
}

export interface SuggestionFigure {
  info: SuggestionInfo;
  /** Its characters still in the file. */
  chars: number;
  /** Still exactly as it was inserted: one span holding all it inserted. */
  asWritten: boolean;
  text: string;
}

export interface FileFigures {
  path: string;
  totalChars: number;
  aiChars: number;
  /** Of aiChars: characters of suggestions still exactly as inserted. */
  keptChars: number;
  totalWords: number;
  aiWords: number;
  /** Accepted suggestions whose text is still (partly) in the file. */
  present: SuggestionFigure[];
  /** Every suggestion ever accepted in the file, present or not. */
  accepted: readonly SuggestionInfo[];
  lost: number;
  problem?: string;
}

const words = new Intl.Segmenter(undefined, { granularity: 'word' });

export function wordCount(text: string): number {
  let count = 0;
  for (const segment of words.segment(text)) if (segment.isWordLike) count++;
  return count;
}

export function fileFigures(input: FileInput): FileFigures {
  const bySuggestion = new Map<string, Span[]>();
  for (const span of input.spans) bySuggestion.set(span.suggestion, [...(bySuggestion.get(span.suggestion) ?? []), span]);
  const present: SuggestionFigure[] = [];
  for (const [id, spans] of bySuggestion) {
    const info = input.suggestions.get(id);
    if (!info) continue;
    const chars = spans.reduce((sum, span) => sum + span.text.length, 0);
    present.push({ info, chars, asWritten: spans.length === 1 && chars === info.inserted, text: spans.map((span) => span.text).join(' … ') });
  }
  present.sort((a, b) => a.info.time.localeCompare(b.info.time));
  const aiChars = present.reduce((sum, each) => sum + each.chars, 0);
  return {
    path: input.path,
    totalChars: input.text.length,
    aiChars,
    keptChars: present.filter((each) => each.asWritten).reduce((sum, each) => sum + each.chars, 0),
    totalWords: wordCount(input.text),
    aiWords: input.spans.reduce((sum, span) => sum + wordCount(span.text), 0),
    present,
    accepted: [...input.suggestions.values()].sort((a, b) => a.time.localeCompare(b.time)),
    lost: input.lost,
    ...(input.problem ? { problem: input.problem } : {}),
  };
}

/** The contract's result of `inkwell.provenanceReport {}`. */
export interface ProvenanceResult {
  files: { path: string; totalChars: number; aiChars: number; suggestions: number }[];
  totalChars: number;
  aiChars: number;
  models: string[];
}

export function provenanceResult(files: readonly FileFigures[]): ProvenanceResult {
  const models = new Set<string>();
  for (const file of files) for (const each of file.present) if (each.info.model) models.add(each.info.model);
  return {
    files: files.map((file) => ({ path: file.path, totalChars: file.totalChars, aiChars: file.aiChars, suggestions: file.present.length })),
    totalChars: files.reduce((sum, file) => sum + file.totalChars, 0),
    aiChars: files.reduce((sum, file) => sum + file.aiChars, 0),
    models: [...models].sort(),
  };
}

/** Accepted suggestions (present or not) counted by action. */
export function countByAction(files: readonly FileFigures[]): Record<ProvenanceAction, number> {
  const counts: Record<ProvenanceAction, number> = { continue: 0, rewrite: 0, brainstorm: 0 };
  for (const file of files) for (const info of file.accepted) counts[info.action]++;
  return counts;
}

/** A share as a writer reads it: whole percent, but never 0% when there is any, nor 100% when not all. */
export function percent(part: number, whole: number): string {
  if (whole === 0 || part === 0) return '0%';
  const value = (100 * part) / whole;
  if (value < 1) return '<1%';
  if (value > 99 && part < whole) return '>99%';
  return `${Math.round(value)}%`;
}
