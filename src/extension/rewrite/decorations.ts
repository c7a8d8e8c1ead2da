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
 * The look of a rewrite review, drawn over the unchanged document: removed words struck through,
 * added words beside them as injected text. One set of decoration types for the whole extension;
 * each review draws into the editors that show its document.
 */
export class ReviewDecorations implements vscode.Disposable {
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

  draw(review: ReviewDrawing): void {
    const { document } = review;
    const groups = new Map<vscode.TextEditorDecorationType, vscode.DecorationOptions[]>(this.types.map((type) => [type, []]));
    for (const change of review.changes) {
      const decision = review.decisionOf(change.index);
      if (decision === 'rejected') continue;
      const start = document.positionAt(review.start + change.originalStart);
      const end = document.positionAt(review.start + change.originalEnd);
      if (change.removed) {
        groups.get(decision === 'accepted' ? this.acceptedRemoved : this.removed)!.push({ range: new vscode.Range(start, end) });
      }
      if (change.added) {
        groups.get(decision === 'accepted' ? this.acceptedAdded : this.added)!.push({
          range: new vscode.Range(end, end),
          renderOptions: { after: { contentText: inlineText(change.added) } },
        });
      }
    }
    for (const editor of editorsOf(document)) {
      for (const [type, options] of groups) editor.setDecorations(type, options);
    }
  }

  clear(document: vscode.TextDocument): void {
    for (const editor of editorsOf(document)) {
      for (const type of this.types) editor.setDecorations(type, []);
    }
  }

  dispose(): void {
    for (const type of this.types) type.dispose();
  }
}

function editorsOf(document: vscode.TextDocument): vscode.TextEditor[] {
  return vscode.window.visibleTextEditors.filter((editor) => editor.document === document);
}

const LINE_BREAKS = /\s*(?:\r\n|[\r\n\u2028\u2029])(?:\s*(?:\r\n|[\r\n\u2028\u2029]))*\s*/g;

/**
 * Added words as injected text, which holds one line: line breaks are drawn as ¶, and spaces
 * become non-breaking so they are drawn at all. A long insertion is shown as its opening words and
 * a count, and whole in the hover and the side-by-side view.
 */
export function inlineText(added: string): string {
  const flat = added.replace(LINE_BREAKS, ' ¶ ');
  const preview = insertionPreview(flat);
  const text = preview ? vscode.l10n.t('{0}… (+{1} more words, hover to read)', preview.head, preview.moreWords) : flat;
  return text.replace(/ /g, '\u00a0');
}
