import * as vscode from 'vscode';
import { insertionPreview, type Decision, type WordChange } from '../../core/wordDiff';

const removedBackground = new vscode.ThemeColor('inkwell.removedTextBackground');
const insertedBackground = new vscode.ThemeColor('inkwell.insertedTextBackground');

/** What the decorations need to know of a review. */
export interface ReviewDrawing {
  readonly document: vscode.TextDocument;
  /** Offset of the passage in the document. */
  readonly start: number;
  readonly changes: readonly WordChange[];
  decisionOf(index: number): Decision | undefined;
}

/**
 * The look of a rewrite review, drawn over the unchanged document: removed words struck through (the
 * document's own text, so they wrap with it), added words beside them as inlay hints, which VS Code
 * lays out inside the line and wraps with it — decoration text (`after.contentText`) is drawn outside
 * word wrap and runs off the editor's right edge. Where the writer has turned inlay hints off, added
 * words fall back to decoration text, so they are still drawn. One set of decoration types and one
 * inlay hint provider for the whole extension; each review draws into the editors of its document.
 */
export class ReviewDecorations implements vscode.InlayHintsProvider, vscode.Disposable {
  private readonly removed = vscode.window.createTextEditorDecorationType({
    textDecoration: 'line-through',
    backgroundColor: removedBackground,
    overviewRulerColor: removedBackground,
    overviewRulerLane: vscode.OverviewRulerLane.Center,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private readonly added = vscode.window.createTextEditorDecorationType({
    after: { backgroundColor: insertedBackground },
    overviewRulerColor: insertedBackground,
    overviewRulerLane: vscode.OverviewRulerLane.Center,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  /** An accepted change: the words that go are faded, the words that come stay shown. */
  private readonly acceptedRemoved = vscode.window.createTextEditorDecorationType({
    textDecoration: 'line-through',
    opacity: '0.45',
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private readonly acceptedAdded = vscode.window.createTextEditorDecorationType({
    after: { backgroundColor: insertedBackground, fontWeight: 'bold' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private readonly types = [this.removed, this.added, this.acceptedRemoved, this.acceptedAdded];
  /** The review drawn in each document, by URI: what the inlay hints are asked about. */
  private readonly drawn = new Map<string, ReviewDrawing>();
  private readonly hintsChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.hintsChanged.event;
  private readonly registration = vscode.languages.registerInlayHintsProvider('*', this);

  draw(review: ReviewDrawing): void {
    const { document } = review;
    const asHints = inlayHintsShown(document);
    const groups = new Map<vscode.TextEditorDecorationType, vscode.DecorationOptions[]>(this.types.map((type) => [type, []]));
    for (const change of review.changes) {
      const decision = review.decisionOf(change.index);
      if (decision === 'rejected') continue;
      const start = document.positionAt(review.start + change.originalStart);
      const end = document.positionAt(review.start + change.originalEnd);
      if (change.removed) {
        groups.get(decision === 'accepted' ? this.acceptedRemoved : this.removed)!.push({ range: new vscode.Range(start, end) });
      }
      if (change.added && !asHints) {
        groups.get(decision === 'accepted' ? this.acceptedAdded : this.added)!.push({
          range: new vscode.Range(end, end),
          renderOptions: { after: { contentText: inlineText(change.added).replace(/ /g, '\u00a0') } },
        });
      }
    }
    for (const editor of editorsOf(document)) {
      for (const [type, options] of groups) editor.setDecorations(type, options);
    }
    this.drawn.set(document.uri.toString(), review);
    this.hintsChanged.fire();
  }

  clear(document: vscode.TextDocument): void {
    for (const editor of editorsOf(document)) {
      for (const type of this.types) editor.setDecorations(type, []);
    }
    if (this.drawn.delete(document.uri.toString())) this.hintsChanged.fire();
  }

  provideInlayHints(document: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    const review = this.drawn.get(document.uri.toString());
    if (!review || review.document !== document || !inlayHintsShown(document)) return [];
    const hints: vscode.InlayHint[] = [];
    for (const change of review.changes) {
      const decision = review.decisionOf(change.index);
      if (!change.added || decision === 'rejected') continue;
      const position = document.positionAt(review.start + change.originalEnd);
      if (!range.contains(position)) continue;
      const label = inlineText(change.added);
      const hint = new vscode.InlayHint(position, decision === 'accepted' ? `✓ ${label}` : label);
      hint.tooltip = new vscode.MarkdownString().appendText(change.added.trim());
      hints.push(hint);
    }
    return hints;
  }

  dispose(): void {
    this.registration.dispose();
    this.hintsChanged.dispose();
    this.drawn.clear();
    for (const type of this.types) type.dispose();
  }
}

/** Whether VS Code shows inlay hints in this document without a key held down. */
function inlayHintsShown(document: vscode.TextDocument): boolean {
  const enabled = vscode.workspace.getConfiguration('editor.inlayHints', document).get<string>('enabled', 'on');
  return enabled === 'on' || enabled === 'onUnlessPressed';
}

function editorsOf(document: vscode.TextDocument): vscode.TextEditor[] {
  return vscode.window.visibleTextEditors.filter((editor) => editor.document === document);
}

const LINE_BREAKS = /\s*(?:\r\n|[\r\n\u2028\u2029])(?:\s*(?:\r\n|[\r\n\u2028\u2029]))*\s*/g;

/**
 * Added words as they are drawn inline, on one line: line breaks are drawn as ¶. A long insertion is
 * shown as its opening words and a count, and whole in the hover and the side-by-side view.
 */
export function inlineText(added: string): string {
  const flat = added.replace(LINE_BREAKS, ' ¶ ');
  const preview = insertionPreview(flat);
  return preview ? vscode.l10n.t('{0}… (+{1} more words, hover to read)', preview.head, preview.moreWords) : flat;
}
