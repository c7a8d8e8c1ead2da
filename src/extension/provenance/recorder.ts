// The record of model-written text in open documents: accepted suggestions become spans, the spans
// follow every edit (undo and redo give them back exactly), and a saved document's record is
// written under `.inkwell/provenance/`. A document opened with a record is re-anchored by text.
import * as vscode from 'vscode';
import { reanchor, SpanHistory, type ProvenanceAction, type ProvenanceRecord, type Span, type SuggestionInfo } from '../../core/provenance';
import type { OffsetRange } from '../../core/trackedRange';
import type { ModelSource } from '../connection';
import { offsetChanges } from '../offsetChanges';
import { RecordStore } from './store';

/** What the feature that accepted a suggestion knows about it. */
export interface Accepted {
  action: ProvenanceAction;
  source: ModelSource | undefined;
  style: string;
  variant: string;
  /** Where the model's words are in the document now (at `document.version`). */
  ranges: readonly OffsetRange[];
  /** UTF-16 units of the writer's text the suggestion replaced. */
  replaced?: number;
}

interface Tracked {
  history: SpanHistory;
  suggestions: Map<string, SuggestionInfo>;
  /** The document version the spans describe. */
  version: number;
  /** Spans of the record on disk that could not be found in the text (edited outside VS Code). */
  lost: Span[];
  /** Why the record on disk could not be read, if it could not. */
  problem?: string;
  /** Suggestions accepted at a version this record has not reached yet (its change event is still being delivered). */
  waiting: Array<{ version: number; info: SuggestionInfo; spans: Span[] }>;
}

/** A document's figures for the status bar and the report. */
export interface DocumentProvenance {
  spans: readonly Span[];
  suggestions: ReadonlyMap<string, SuggestionInfo>;
  lost: readonly Span[];
  problem?: string;
}

let sequence = 0;

/** How many closed untitled documents' records are kept for a file they were saved as. */
const UNTITLED_KEPT = 5;

function charsOf(spans: readonly Span[]): number {
  let chars = 0;
  for (const span of spans) chars += span.end - span.start;
  return chars;
}

function suggestionId(): string {
  return `${Date.now().toString(36)}-${(sequence++).toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

export class ProvenanceRecorder implements vscode.Disposable {
  private readonly tracked = new Map<string, Tracked>();
  private readonly loading = new Map<string, Promise<void>>();
  /** Records of untitled documents just closed, by their text: saving one as a file closes it and opens the file. */
  private readonly untitled: Array<{ text: string; tracked: Tracked }> = [];
  private readonly store = new RecordStore();
  private readonly changeEmitter = new vscode.EventEmitter<vscode.TextDocument>();
  /** Fires when a document's spans change (an accepted suggestion, an edit that touched one, a record loaded). */
  readonly onDidChange = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables = [
      this.changeEmitter,
      vscode.workspace.onDidChangeTextDocument((event) => this.documentChanged(event)),
      vscode.workspace.onDidOpenTextDocument((document) => void this.ensureLoaded(document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.closed(document)),
      vscode.workspace.onDidSaveTextDocument((document) => void this.persist(document)),
      vscode.workspace.onWillRenameFiles((event) => event.waitUntil(this.persistAll())),
      vscode.workspace.onDidRenameFiles((event) => void this.moveRecords(event.files)),
    ];
    // Records of the documents already open are read just after activation, not during it.
    const first = setTimeout(() => {
      for (const document of vscode.workspace.textDocuments) void this.ensureLoaded(document);
    }, 0);
    this.disposables.push(new vscode.Disposable(() => clearTimeout(first)));
  }

  /** Whether new suggestions are recorded (`inkwell.provenance.record`); what is recorded is followed either way. */
  static recording(scope: vscode.Uri | undefined): boolean {
    return vscode.workspace.getConfiguration('inkwell', scope).get<boolean>('provenance.record', true);
  }

  /** Records a suggestion the writer accepted. Pending and rejected text never comes here. */
  record(document: vscode.TextDocument, accepted: Accepted): void {
    if (!ProvenanceRecorder.recording(document.uri)) return;
    const spansOf = (id: string) =>
      accepted.ranges
        .filter((range) => range.end > range.start)
        .map((range) => ({ ...range, suggestion: id, text: document.getText(new vscode.Range(document.positionAt(range.start), document.positionAt(range.end))) }));
    const id = suggestionId();
    const spans = spansOf(id);
    if (spans.length === 0 && !accepted.replaced) return;
    const info: SuggestionInfo = {
      id,
      action: accepted.action,
      model: accepted.source?.model ?? '',
      host: accepted.source?.host ?? '',
      style: accepted.style,
      variant: accepted.variant,
      time: new Date().toISOString(),
      inserted: spans.reduce((sum, span) => sum + span.text.length, 0),
      replaced: accepted.replaced ?? 0,
    };
    const tracked = this.trackedFor(document);
    if (tracked.version < document.version) tracked.waiting.push({ version: document.version, info, spans });
    else this.add(document, tracked, info, spans);
  }

  /** The record of an open document, once any record on disk is loaded. */
  async of(document: vscode.TextDocument): Promise<DocumentProvenance | undefined> {
    await this.ensureLoaded(document);
    return this.current(document);
  }

  /** The record of an open document as it stands, if it has one. */
  current(document: vscode.TextDocument): DocumentProvenance | undefined {
    const tracked = this.tracked.get(document.uri.toString());
    if (!tracked) return undefined;
    return { spans: tracked.history.spans, suggestions: tracked.suggestions, lost: tracked.lost, problem: tracked.problem };
  }

  /** The record of a file that is not open, read from disk and re-anchored in `text`. */
  async ofClosedFile(uri: vscode.Uri, text: string): Promise<DocumentProvenance | undefined> {
    const loaded = await this.store.load(uri);
    if (!loaded.found) return undefined;
    if ('problem' in loaded) return { spans: [], suggestions: new Map(), lost: [], problem: loaded.problem };
    const { spans, lost } = reanchor(loaded.record.spans, text);
    return { spans, suggestions: new Map(loaded.record.suggestions.map((s) => [s.id, s])), lost };
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  private add(document: vscode.TextDocument, tracked: Tracked, info: SuggestionInfo, spans: Span[]): void {
    tracked.suggestions.set(info.id, info);
    tracked.history.record(spans);
    this.changeEmitter.fire(document);
    // An untitled or unsaved document keeps its record in memory until it is saved.
  }

  private trackedFor(document: vscode.TextDocument): Tracked {
    const key = document.uri.toString();
    let tracked = this.tracked.get(key);
    if (!tracked) {
      tracked = { history: new SpanHistory([], document.getText().length), suggestions: new Map(), version: document.version, lost: [], waiting: [] };
      this.tracked.set(key, tracked);
    }
    return tracked;
  }

  private documentChanged(event: vscode.TextDocumentChangeEvent): void {
    const { document } = event;
    const tracked = this.tracked.get(document.uri.toString());
    if (!tracked || event.contentChanges.length === 0) return;
    const before = tracked.history.spans;
    const changes = offsetChanges(event);
    const length = document.getText().length;
    if (event.reason === vscode.TextDocumentChangeReason.Undo || event.reason === vscode.TextDocumentChangeReason.Redo) {
      const read = (start: number, end: number) => document.getText(new vscode.Range(document.positionAt(start), document.positionAt(end)));
      tracked.history.undoOrRedo(event.reason === vscode.TextDocumentChangeReason.Undo ? -1 : 1, changes, length, read);
    } else {
      tracked.history.edit(changes, length);
    }
    tracked.version = document.version;
    for (const waiting of tracked.waiting.splice(0)) {
      if (waiting.version === tracked.version) this.add(document, tracked, waiting.info, waiting.spans);
    }
    // Spans that only moved need no redraw (the editor moves decorations itself); a span split,
    // shortened or removed does.
    const after = tracked.history.spans;
    if (after.length !== before.length || charsOf(after) !== charsOf(before)) this.changeEmitter.fire(document);
  }

  /** Loads the record on disk of a document the first time it is seen, re-anchoring it in the document's text. */
  private ensureLoaded(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    let loading = this.loading.get(key);
    if (loading && this.tracked.has(key)) return loading;
    loading = this.load(document);
    this.loading.set(key, loading);
    return loading;
  }

  private closed(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const tracked = this.tracked.get(key);
    this.tracked.delete(key);
    if (document.uri.scheme !== 'untitled' || !tracked || tracked.suggestions.size === 0) return;
    this.untitled.unshift({ text: document.getText(), tracked });
    this.untitled.splice(UNTITLED_KEPT);
    // The file it was saved as may have opened first.
    for (const other of vscode.workspace.textDocuments) if (!this.tracked.has(other.uri.toString()) && this.adoptUntitled(other)) return;
  }

  /** A file just saved from an untitled document takes over its record (and writes it). */
  private adoptUntitled(document: vscode.TextDocument): boolean {
    const text = document.getText();
    const index = this.untitled.findIndex((each) => each.text === text);
    if (index < 0 || document.uri.scheme === 'untitled') return false;
    const [{ tracked }] = this.untitled.splice(index, 1);
    this.tracked.set(document.uri.toString(), { ...tracked, history: new SpanHistory(tracked.history.spans, text.length), version: document.version, waiting: [] });
    void this.persist(document);
    this.changeEmitter.fire(document);
    return true;
  }

  private async load(document: vscode.TextDocument): Promise<void> {
    const loaded = await this.store.load(document.uri);
    if (!loaded.found) {
      if (!document.isClosed) this.adoptUntitled(document);
      return;
    }
    if (document.isClosed) return;
    const tracked = this.trackedFor(document);
    if ('problem' in loaded) {
      tracked.problem = loaded.problem;
      this.log.warn(`Provenance record of ${document.uri.toString()} not read: ${loaded.problem}`);
      return;
    }
    const { spans, lost } = reanchor(loaded.record.spans, document.getText());
    for (const suggestion of loaded.record.suggestions) if (!tracked.suggestions.has(suggestion.id)) tracked.suggestions.set(suggestion.id, suggestion);
    tracked.history.reset([...spans, ...tracked.history.spans.filter((span) => !spans.some((other) => span.start < other.end && other.start < span.end))]);
    tracked.lost = lost;
    if (lost.length > 0) {
      this.log.warn(`${lost.length} model-written passage(s) of ${document.uri.toString()} could not be found after an edit outside VS Code.`);
    }
    this.changeEmitter.fire(document);
  }

  private async persist(document: vscode.TextDocument): Promise<void> {
    const tracked = this.tracked.get(document.uri.toString());
    if (!tracked) return;
    try {
      await this.store.save(document.uri, this.recordOf(tracked));
    } catch (error) {
      this.log.error(`Provenance record of ${document.uri.toString()} not written`, error);
    }
  }

  private recordOf(tracked: Tracked): ProvenanceRecord {
    return { suggestions: [...tracked.suggestions.values()], spans: tracked.history.spans };
  }

  private async persistAll(): Promise<void> {
    for (const document of vscode.workspace.textDocuments) if (!document.isDirty) await this.persist(document);
  }

  private async moveRecords(files: readonly { oldUri: vscode.Uri; newUri: vscode.Uri }[]): Promise<void> {
    for (const { oldUri, newUri } of files) {
      try {
        await this.store.move(oldUri, newUri);
      } catch (error) {
        this.log.error(`Provenance record of ${oldUri.toString()} not moved`, error);
      }
      const moved = vscode.workspace.textDocuments.find((document) => document.uri.toString() === newUri.toString());
      if (moved) {
        this.loading.delete(newUri.toString());
        await this.ensureLoaded(moved);
      }
    }
  }
}
