import * as vscode from 'vscode';
import type { GenerationResult } from '../../core/types';
import type { ModelSource } from '../connection';
import type { PreparedPrompt } from '../generation';
import type { PendingSuggestion } from '../suggestions';
import type { WriteOutcome } from './coalescer';
import { moveRangeByEvent, remainsAfterEvent, type OffsetChange, type OffsetRange } from '../../core/trackedRange';
import { offsetChanges } from '../offsetChanges';
import { PENDING_EDGES } from './pendingRange';

export interface ContinuationVersion {
  text: string;
  /** The generation of this version was cancelled or failed before its end. */
  partial: boolean;
  /** The model and host that wrote it. */
  source?: ModelSource;
}

/** What a session needs from the feature that owns it. */
export interface SessionHost {
  readonly decoration: vscode.TextEditorDecorationType;
  /** Streams a new version into the session (its first write replaces what is shown). */
  generateVersion(session: ContinuationSession, instruction?: string): Promise<GenerationResult>;
  /** The prompt generateVersion would send without an instruction. */
  nextPrompt(session: ContinuationSession): Promise<PreparedPrompt>;
  /** The session is pending now (its first text landed) or it changed what it shows. */
  changed(session: ContinuationSession): void;
  /** The writer decided (or the document went away): the session is over. */
  ended(session: ContinuationSession): void;
  /** Stops the generation running in the session's document, if any. */
  cancelGeneration(document: vscode.TextDocument): void;
}

type EndReason = 'accepted' | 'rejected' | 'edited' | 'undone' | 'closed';

/**
 * One continuation in one document: real text between `range.start` and `range.end`, streamed in,
 * then pending until the writer accepts or rejects it. It keeps its range right while the writer
 * edits elsewhere, tells its own edits from theirs, and keeps every version generated.
 */
export class ContinuationSession implements PendingSuggestion {
  readonly kind = 'continuation';
  readonly versions: ContinuationVersion[] = [];
  index = -1;
  /** A generation is writing into this session right now. */
  streaming = false;
  endReason: EndReason | undefined;
  /** The document refused an edit without changing (a read-only editor). */
  readOnly = false;
  private currentRange: OffsetRange;
  private keptRanges: OffsetRange[] = [];
  /** The continuation's own edit in flight, to tell its change event from the writer's. */
  private ownEdit: OffsetChange | undefined;
  /** The next write starts a new undo step: nothing of the continuation is in the document yet, or the writer edited since. */
  private undoStopBefore = true;
  /** The next streamed write replaces the version shown (a new version streaming in). */
  private replaceOnWrite = false;
  private wroteThisVersion = false;
  private readonly streamWaiters: Array<() => void> = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly document: vscode.TextDocument, offset: number, private readonly host: SessionHost) {
    this.currentRange = { start: offset, end: offset };
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === this.document) this.documentChanged(event);
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.decorate()),
    );
  }

  get range(): OffsetRange {
    return { ...this.currentRange };
  }

  /**
   * What of the continuation the writer kept, where it is in the document, once the session ended
   * accepted (all of it) or edited (what their edit left of it; their own typing is not in it).
   */
  get kept(): readonly OffsetRange[] {
    return this.keptRanges;
  }

  get isOver(): boolean {
    return this.endReason !== undefined;
  }

  /** The text of the continuation as it is in the document. */
  get text(): string {
    const { start, end } = this.currentRange;
    return this.document.getText(new vscode.Range(this.document.positionAt(start), this.document.positionAt(end)));
  }

  get shown(): ContinuationVersion | undefined {
    return this.versions[this.index];
  }

  /** Prepares the session for a new version: its first write will replace the text shown. */
  beginVersion(): void {
    this.streaming = true;
    this.wroteThisVersion = false;
    this.replaceOnWrite = this.currentRange.end > this.currentRange.start;
    this.host.changed(this);
  }

  /** Ends a streamed version: records it if any of it landed, and returns its text (undefined when none did). */
  endVersion(partial: boolean, source?: ModelSource): string | undefined {
    this.streaming = false;
    const landed = this.wroteThisVersion && !this.isOver;
    this.replaceOnWrite = false;
    if (landed) {
      this.versions.push({ text: this.text, partial, ...(source ? { source } : {}) });
      this.index = this.versions.length - 1;
    }
    for (const resolve of this.streamWaiters.splice(0)) resolve();
    this.host.changed(this);
    this.decorate();
    return landed ? this.text : undefined;
  }

  /** Writes streamed text after what is there (or in place of the version shown, for the first write of a new one). */
  async writeStreamed(text: string): Promise<WriteOutcome> {
    if (this.isOver) return 'stop';
    const { start, end } = this.currentRange;
    const outcome = this.replaceOnWrite
      ? await this.edit({ offset: start, length: end - start, text })
      : await this.edit({ offset: end, length: 0, text });
    if (outcome === 'applied') {
      const first = !this.wroteThisVersion;
      this.replaceOnWrite = false;
      this.wroteThisVersion = true;
      // Later writes land at the decoration's end, which grows over them by itself (ClosedOpen):
      // one round trip to the editor per write, not two.
      if (first) {
        this.host.changed(this);
        this.decorate();
      }
    }
    return outcome;
  }

  async accept(): Promise<void> {
    if (this.isOver) return;
    await this.stopStreaming();
    if (this.isOver) return;
    const editor = this.editorWithCursorInside();
    this.keptRanges = this.currentRange.end > this.currentRange.start ? [this.currentRange] : [];
    this.end('accepted');
    editor?.revealRange(this.placeCursor(editor, this.currentRange.end));
  }

  async reject(): Promise<void> {
    if (this.isOver) return;
    await this.stopStreaming();
    if (this.isOver) return;
    const editor = this.editorWithCursorInside();
    if (!(await this.replaceShown(''))) return;
    this.end('rejected');
    if (editor) this.placeCursor(editor, this.currentRange.start);
  }

  async alternative(direction: 1 | -1, instruction?: string): Promise<GenerationResult> {
    if (this.streaming) {
      return { outcome: 'failed', text: this.text, errorCode: 'busy', error: vscode.l10n.t('Inkwell is still writing here.') };
    }
    const target = this.index + direction;
    if (instruction === undefined && target >= 0 && target < this.versions.length) {
      if (await this.replaceShown(this.versions[target].text)) this.index = target;
      this.host.changed(this);
      this.decorate();
      return this.shownResult();
    }
    if (direction === -1) return this.shownResult();
    return this.host.generateVersion(this, instruction);
  }

  nextPrompt(): Promise<PreparedPrompt> {
    return this.host.nextPrompt(this);
  }

  /** Takes back the version just shown (the model declined after all): the previous one returns, or the text goes. */
  async discardShown(): Promise<void> {
    if (this.isOver || this.index < 0) return;
    this.versions.splice(this.index, 1);
    this.index = this.versions.length - 1;
    if (this.index < 0) {
      if (await this.replaceShown('')) this.end('rejected');
      return;
    }
    await this.replaceShown(this.versions[this.index].text);
    this.host.changed(this);
    this.decorate();
  }

  /** The document's tab closed, the document did, or Inkwell is going away: stop without touching the text. */
  dispose(): void {
    this.end('closed');
  }

  private shownResult(): GenerationResult {
    const version = this.shown;
    return { outcome: version?.partial ? 'cancelled' : 'done', text: this.text };
  }

  private async stopStreaming(): Promise<void> {
    if (!this.streaming) return;
    const stopped = new Promise<void>((resolve) => this.streamWaiters.push(resolve));
    this.host.cancelGeneration(this.document);
    await stopped;
  }

  /** Replaces the whole continuation with `text`, retrying while the writer's own edits race it. */
  private async replaceShown(text: string): Promise<boolean> {
    for (let attempt = 0; attempt < 50 && !this.isOver; attempt++) {
      const { start, end } = this.currentRange;
      const outcome = await this.edit({ offset: start, length: end - start, text });
      if (outcome === 'applied') return true;
      if (outcome === 'stop') return false;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return false;
  }

  /**
   * Applies one edit of the continuation's own. In a visible editor, so that every edit of the
   * continuation joins one undo step; with none showing the document, as a workspace edit.
   */
  private async edit(change: OffsetChange): Promise<WriteOutcome> {
    if (this.document.isClosed) return 'stop';
    const range = new vscode.Range(this.document.positionAt(change.offset), this.document.positionAt(change.offset + change.length));
    const editor = this.editorShowing();
    this.ownEdit = change;
    let applied: boolean;
    try {
      if (editor) {
        applied = await editor.edit((builder) => builder.replace(range, change.text), {
          undoStopBefore: this.undoStopBefore,
          undoStopAfter: false,
        });
      } else {
        const edit = new vscode.WorkspaceEdit();
        edit.replace(this.document.uri, range, change.text);
        applied = await vscode.workspace.applyEdit(edit);
      }
    } catch {
      // The editor closed under the edit; the next attempt finds another one or sees the document closed.
      applied = false;
    }
    const observed = this.ownEdit !== change;
    this.ownEdit = undefined;
    if (!applied) return this.document.isClosed ? 'stop' : 'retry';
    if (!observed) {
      // The editor said yes but the document did not change: it is read-only, so the rest of the
      // answer has nowhere to go.
      this.readOnly = true;
      this.host.cancelGeneration(this.document);
      return 'stop';
    }
    this.undoStopBefore = false;
    return 'applied';
  }

  private editorShowing(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active?.document === this.document) return active;
    return vscode.window.visibleTextEditors.find((editor) => editor.document === this.document);
  }

  private documentChanged(event: vscode.TextDocumentChangeEvent): void {
    if (this.isOver || event.contentChanges.length === 0) return;
    const changes = offsetChanges(event);
    const own = this.ownEdit;
    if (own && changes.length === 1 && changes[0].offset === own.offset && changes[0].length === own.length && changes[0].text === own.text) {
      this.ownEdit = undefined;
      this.currentRange = { start: this.currentRange.start, end: this.currentRange.end + own.text.length - own.length };
      return;
    }
    this.undoStopBefore = true;
    const moved = moveRangeByEvent(this.currentRange, changes, PENDING_EDGES);
    if (moved) {
      this.currentRange = moved;
      return;
    }
    const undoing = event.reason === vscode.TextDocumentChangeReason.Undo || event.reason === vscode.TextDocumentChangeReason.Redo;
    if (!undoing) this.keptRanges = remainsAfterEvent([this.currentRange], changes);
    this.end(undoing ? 'undone' : 'edited');
  }

  private end(reason: EndReason): void {
    if (this.isOver) return;
    this.endReason = reason;
    if (this.streaming) this.host.cancelGeneration(this.document);
    this.decorate();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.host.ended(this);
  }

  /** The editor whose cursor is in (or at either end of) the continuation: the writer is looking at it. */
  private editorWithCursorInside(): vscode.TextEditor | undefined {
    const editor = this.editorShowing();
    if (!editor) return undefined;
    const at = this.document.offsetAt(editor.selection.active);
    return at >= this.currentRange.start && at <= this.currentRange.end ? editor : undefined;
  }

  private placeCursor(editor: vscode.TextEditor, offset: number): vscode.Range {
    const position = this.document.positionAt(offset);
    editor.selection = new vscode.Selection(position, position);
    return new vscode.Range(position, position);
  }

  /** Draws the continuation in every editor showing the document (nothing once it is over). */
  decorate(): void {
    const { start, end } = this.currentRange;
    const show = !this.isOver && end > start;
    const range = new vscode.Range(this.document.positionAt(start), this.document.positionAt(end));
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document !== this.document) continue;
      editor.setDecorations(this.host.decoration, show ? [{ range, hoverMessage: this.hoverMessage() }] : []);
    }
  }

  private hoverMessage(): vscode.MarkdownString {
    const link = (label: string, command: string) => `[${label}](command:${command})`;
    const parts = [
      link(vscode.l10n.t('Accept (Tab)'), 'inkwell.acceptSuggestion'),
      link(vscode.l10n.t('Reject (Escape)'), 'inkwell.rejectSuggestion'),
      link(vscode.l10n.t('Other version'), 'inkwell.nextAlternative'),
    ];
    const markdown = new vscode.MarkdownString(parts.join(' · '));
    markdown.isTrusted = { enabledCommands: ['inkwell.acceptSuggestion', 'inkwell.rejectSuggestion', 'inkwell.nextAlternative'] };
    return markdown;
  }
}
