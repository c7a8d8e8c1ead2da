import * as vscode from 'vscode';
import type { OffsetRange } from '../../core/trackedRange';
import type { GenerationResult } from '../../core/types';
import type { ModelSource } from '../connection';
import { applyDecisions, diffWords, type Decision, type WordChange } from '../../core/wordDiff';
import type { PreparedPrompt, PromptRequest } from '../generation';
import { followReviewEdits } from '../../core/reviewPassage';
import { offsetChanges } from '../offsetChanges';
import type { PendingSuggestion, SuggestionRegistry } from '../suggestions';
import type { ReviewDecorations } from './decorations';

import type { Rewritten } from './generate';

/** Where accepted changes put the model's words in the document, and how much of the writer's text they replaced. */
export interface AcceptedWords {
  ranges: OffsetRange[];
  replaced: number;
}

/** The ranges of the added words once the accepted changes are applied to the passage at `start`. */
export function acceptedRanges(start: number, accepted: readonly WordChange[]): AcceptedWords {
  const ranges: OffsetRange[] = [];
  let shift = 0;
  let replaced = 0;
  for (const change of [...accepted].sort((a, b) => a.originalStart - b.originalStart)) {
    const at = start + change.originalStart + shift;
    if (change.added) ranges.push({ start: at, end: at + change.added.length });
    shift += change.added.length - change.removed.length;
    replaced += change.removed.length;
  }
  return { ranges, replaced };
}

/** What a review needs from the rewrite feature around it. */
export interface ReviewHost {
  readonly suggestions: SuggestionRegistry;
  readonly decorations: ReviewDecorations;
  readonly log: vscode.LogOutputChannel;
  /** Fires when any review changes (decisions, version) or ends: views redraw. */
  readonly changed: vscode.EventEmitter<RewriteReview>;
  /** Accepted changes went into the document: `ranges` hold the model's words now (for provenance). */
  accepted(review: RewriteReview, words: AcceptedWords, source: ModelSource | undefined): void;
  /** Closes the side-by-side view of a review that has ended. */
  closeSideBySide(review: RewriteReview): void;
}

/** Asks the model for another version of the same rewrite; `text` is the fitted rewrite. */
export type Regenerate = () => Promise<Rewritten>;

/**
 * A rewrite under review. The document is never touched while the writer decides: the proposed
 * words are drawn over it and decisions are kept here. When the review ends, the accepted changes
 * go into the document as one edit (one undo step), so rejecting everything changes nothing and a
 * save during the review writes the original.
 */
export class RewriteReview implements PendingSuggestion {
  readonly kind = 'review';
  private startOffset: number;
  private original: string;
  private changeList: readonly WordChange[] = [];
  private decisions: Array<Decision | undefined> = [];
  private readonly versions: Rewritten[] = [];
  private versionIndex = 0;
  private ended = false;
  private applying = false;
  private readonly listeners: vscode.Disposable[] = [];
  private readonly endedEmitter = new vscode.EventEmitter<void>();
  /** Fires once, when the review ends for whatever reason. */
  readonly onDidEnd = this.endedEmitter.event;

  constructor(
    readonly document: vscode.TextDocument,
    start: number,
    original: string,
    first: Rewritten,
    private readonly host: ReviewHost,
    private readonly regenerate: Regenerate,
    /** The prompt `regenerate` sends. */
    readonly nextPrompt: () => Promise<PreparedPrompt>,
    /** What the writer asked for (style, variant), for the record of what was accepted. */
    readonly request: PromptRequest,
  ) {
    this.startOffset = start;
    this.original = original;
    this.versions.push(first);
    this.showVersion(0);
    this.listeners.push(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === this.document && event.contentChanges.length > 0) this.documentEdited(event);
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.draw()),
    );
  }

  /** Offset of the passage under review in the document. */
  get start(): number {
    return this.startOffset;
  }

  /** The passage as it is in the document. */
  get originalText(): string {
    return this.original;
  }

  get changes(): readonly WordChange[] {
    return this.changeList;
  }

  get isOpen(): boolean {
    return !this.ended;
  }

  /** The result of the version on show: `text` is the proposed rewrite. */
  get result(): GenerationResult {
    return this.versions[this.versionIndex].result;
  }

  decisionOf(index: number): Decision | undefined {
    return this.decisions[index];
  }

  /** The passage as it will be if every change not rejected is accepted: what the side-by-side view shows. */
  proposedPassage(): string {
    return applyDecisions(
      this.original,
      this.changeList,
      this.changeList.map((change) => this.decisions[change.index] ?? 'accepted'),
    );
  }

  range(): vscode.Range {
    return new vscode.Range(this.document.positionAt(this.startOffset), this.document.positionAt(this.startOffset + this.original.length));
  }

  rangeOf(change: WordChange): vscode.Range {
    return new vscode.Range(
      this.document.positionAt(this.startOffset + change.originalStart),
      this.document.positionAt(this.startOffset + change.originalEnd),
    );
  }

  /**
   * The change at a document offset: one whose words contain it, else one that begins or ends
   * exactly there (an insertion has no width, and a cursor after a word is "at" it).
   */
  changeAt(offset: number): WordChange | undefined {
    const relative = offset - this.startOffset;
    return (
      this.changeList.find((change) => change.originalStart <= relative && relative < change.originalEnd) ??
      this.changeList.find((change) => change.originalStart === relative || change.originalEnd === relative)
    );
  }

  /** The first undecided change after (direction 1) or before (-1) a document offset, wrapping around. */
  nextUndecided(offset: number, direction: 1 | -1): WordChange | undefined {
    const relative = offset - this.startOffset;
    const undecided = this.changeList.filter((change) => this.decisions[change.index] === undefined);
    if (direction === 1) return undecided.find((change) => change.originalStart > relative) ?? undecided[0];
    return [...undecided].reverse().find((change) => change.originalStart < relative) ?? undecided[undecided.length - 1];
  }

  /** Records a decision; the review ends (and the decisions are applied) once every change is decided. */
  async decide(index: number, decision: Decision): Promise<void> {
    if (this.ended || index < 0 || index >= this.changeList.length) return;
    this.decisions[index] = decision;
    if (this.decisions.filter((value) => value !== undefined).length === this.changeList.length) {
      await this.finish();
    } else {
      this.draw();
      this.host.changed.fire(this);
    }
  }

  /** Accept all: every undecided change is accepted; changes the writer rejected stay rejected. */
  async accept(): Promise<void> {
    if (this.ended) return;
    for (const change of this.changeList) this.decisions[change.index] ??= 'accepted';
    await this.finish();
  }

  /** Reject all: the document stays exactly as it was. */
  async reject(): Promise<void> {
    this.end();
  }

  async alternative(direction: 1 | -1): Promise<GenerationResult> {
    if (this.ended) return this.result;
    const target = this.versionIndex + direction;
    if (target < 0) return this.result;
    if (target < this.versions.length) {
      this.showVersion(target);
      return this.result;
    }
    const rewritten = await this.regenerate();
    const { result } = rewritten;
    // The writer may have ended the review, or edited the passage, while the new version streamed.
    if (this.ended || result.outcome !== 'done' || !result.text) return result;
    this.versions.push(rewritten);
    this.showVersion(this.versions.length - 1);
    return result;
  }

  dispose(): void {
    this.end();
  }

  private showVersion(index: number): void {
    this.versionIndex = index;
    this.changeList = diffWords(this.original, this.versions[index].result.text);
    this.decisions = [];
    this.draw();
    this.host.changed.fire(this);
  }

  private draw(): void {
    if (!this.ended) this.host.decorations.draw(this);
  }

  /** Applies the decisions as one edit, then ends. If the edit cannot be made, the review stays open. */
  private async finish(): Promise<void> {
    if (this.ended) return;
    const accepted = this.changeList.filter((change) => this.decisions[change.index] === 'accepted');
    if (accepted.length === 0) {
      this.end();
      return;
    }
    if (this.document.getText(this.range()) !== this.original) {
      this.endKeepingRewrite();
      return;
    }
    this.applying = true;
    let applied: boolean;
    try {
      applied = await this.applyEdit(accepted);
    } finally {
      this.applying = false;
    }
    if (applied) {
      this.host.accepted(this, acceptedRanges(this.startOffset, accepted), this.versions[this.versionIndex].source);
      this.end();
      return;
    }
    this.host.log.warn('The rewrite could not be applied to', this.document.uri.toString());
    void vscode.window.showErrorMessage(vscode.l10n.t('Inkwell could not apply the rewrite. The review stays open; nothing was changed.'));
    for (const change of accepted) this.decisions[change.index] = undefined;
    this.draw();
    this.host.changed.fire(this);
  }

  private async applyEdit(accepted: readonly WordChange[]): Promise<boolean> {
    // Only the active editor is sure to be editable: a visible one may be the read-only side of a diff.
    const editor = vscode.window.activeTextEditor?.document === this.document ? vscode.window.activeTextEditor : undefined;
    const ranges = accepted.map((change) => [this.rangeOf(change), change.added] as const);
    if (editor) {
      // One edit with undo stops on both sides: a single undo takes the whole review back.
      return editor.edit(
        (builder) => {
          for (const [range, text] of ranges) builder.replace(range, text);
        },
        { undoStopBefore: true, undoStopAfter: true },
      );
    }
    const edit = new vscode.WorkspaceEdit();
    for (const [range, text] of ranges) edit.replace(this.document.uri, range, text);
    return vscode.workspace.applyEdit(edit);
  }

  /**
   * The writer edited the document. Edits outside the passage move it; an edit inside it that
   * touches no change is kept as part of the passage; an edit in a change ends the review, and the
   * rewrite stays one click away so neither version is lost.
   */
  private documentEdited(event: vscode.TextDocumentChangeEvent): void {
    if (this.ended || this.applying) return;
    const followed = followReviewEdits({ start: this.startOffset, original: this.original, changes: this.changeList }, offsetChanges(event));
    if (!followed) {
      this.endKeepingRewrite();
      return;
    }
    this.startOffset = followed.start;
    this.original = followed.original;
    this.changeList = [...followed.changes];
    this.draw();
    this.host.changed.fire(this);
  }

  private endKeepingRewrite(): void {
    const rewrite = this.proposedPassage();
    const languageId = this.document.languageId;
    this.end();
    const open = vscode.l10n.t('Open the Rewrite');
    void vscode.window
      .showInformationMessage(
        vscode.l10n.t('The text under review was edited, so the rewrite review ended. Your text is as you left it; the rewrite is kept for you.'),
        open,
      )
      .then(async (choice) => {
        if (choice !== open) return;
        const document = await vscode.workspace.openTextDocument({ content: rewrite, language: languageId });
        await vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.Beside });
      });
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const listener of this.listeners) listener.dispose();
    this.host.decorations.clear(this.document);
    this.host.suggestions.clearPending(this.document, this);
    this.host.closeSideBySide(this);
    this.host.changed.fire(this);
    this.endedEmitter.fire();
    this.endedEmitter.dispose();
  }
}
