import * as vscode from 'vscode';
import type { OffsetRange } from '../../core/trackedRange';

const MAX_SUGGESTED_TOPIC = 500;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;

/**
 * The text editor the writer was last in. Focus moves to the Brainstorm view when the writer clicks
 * in it, so "the active editor" is gone by then: this remembers the last one that was.
 */
export class LastEditor implements vscode.Disposable {
  private editor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && isWritable(editor)) this.editor = editor;
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.editor?.document === document) this.editor = undefined;
      }),
    ];
  }

  /** The visible editor for the remembered document (its editor object is replaced when it is re-shown). */
  get(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active && isWritable(active)) return active;
    const remembered = this.editor;
    if (!remembered || remembered.document.isClosed) return undefined;
    return vscode.window.visibleTextEditors.find((each) => each.document === remembered.document) ?? remembered;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

function isWritable(editor: vscode.TextEditor): boolean {
  return editor.document.uri.scheme !== 'output' && editor.document.uri.scheme !== 'vscode-scm';
}

/** The selection, or else the paragraph the cursor is in: what the writer is most likely asking about. */
export function suggestedTopic(editor: vscode.TextEditor | undefined): { topic: string; fromSelection: boolean } {
  if (!editor) return { topic: '', fromSelection: false };
  const { document, selection } = editor;
  const clip = (text: string) => {
    const trimmed = text.trim().replace(/\s*\r?\n\s*/g, ' ');
    return trimmed.length > MAX_SUGGESTED_TOPIC ? `${trimmed.slice(0, MAX_SUGGESTED_TOPIC - 1)}…` : trimmed;
  };
  const selected = selection.isEmpty ? '' : clip(document.getText(selection));
  if (selected) return { topic: selected, fromSelection: true };
  let first = selection.active.line;
  let last = first;
  if (document.lineAt(first).isEmptyOrWhitespace) return { topic: '', fromSelection: false };
  while (first > 0 && !document.lineAt(first - 1).isEmptyOrWhitespace) first--;
  while (last < document.lineCount - 1 && !document.lineAt(last + 1).isEmptyOrWhitespace) last++;
  const range = new vscode.Range(first, 0, last, document.lineAt(last).text.length);
  return { topic: clip(document.getText(range)), fromSelection: false };
}

export type InsertOutcome = { ok: true; document: vscode.TextDocument; inserted: OffsetRange } | { ok: false; error: string };

/**
 * Inserts an idea at the cursor as one ordinary edit (one undo step), not as a pending suggestion:
 * the writer chose these exact words on a card, so there is nothing left to accept or reject.
 * A space is added where Latin words would otherwise run together; CJK text needs none.
 */
export async function insertAtCursor(
  editor: vscode.TextEditor | undefined,
  text: string,
  isGenerating: (document: vscode.TextDocument) => boolean,
): Promise<InsertOutcome> {
  if (!editor) return { ok: false, error: vscode.l10n.t('Open a text editor to insert the idea into.') };
  const document = editor.document;
  // Text streaming into the document owns the cursor's neighbourhood until it ends.
  if (isGenerating(document)) return { ok: false, error: vscode.l10n.t('Inkwell is still writing in this editor: insert the idea when it has finished.') };
  const position = editor.selection.active;
  const before = position.character > 0 ? document.lineAt(position.line).text.charAt(position.character - 1) : '';
  const needsSpace = before !== '' && !/\s/.test(before) && !CJK.test(before) && !CJK.test(text.charAt(0));
  const insertion = (needsSpace ? ' ' : '') + text;
  const shown = await vscode.window.showTextDocument(document, { viewColumn: editor.viewColumn, preserveFocus: false });
  const applied = await shown.edit((edit) => edit.insert(position, insertion));
  if (!applied) return { ok: false, error: vscode.l10n.t('The idea could not be inserted: the editor is read-only.') };
  const start = document.offsetAt(position);
  // The space Inkwell added at the seam belongs to the idea.
  return { ok: true, document, inserted: { start, end: start + insertion.length } };
}
