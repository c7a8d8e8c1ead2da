// The marks of model-written text (Inkwell: Show or Hide Model-Written Text): a subtle theme colour
// on each span, and a hover saying what wrote it and when. Off by default; the choice is remembered.
import * as vscode from 'vscode';
import type { SuggestionInfo } from '../../core/provenance';
import type { ProvenanceRecorder } from './recorder';

const SHOWN_KEY = 'inkwell.provenance.shown';

export function actionLabel(action: SuggestionInfo['action']): string {
  switch (action) {
    case 'continue':
      return vscode.l10n.t('Continue Draft');
    case 'rewrite':
      return vscode.l10n.t('Rewrite Selection');
    case 'brainstorm':
      return vscode.l10n.t('Brainstorm idea');
  }
}

export function whenLabel(time: string): string {
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? time : date.toLocaleString(vscode.env.language, { dateStyle: 'medium', timeStyle: 'short' });
}

function hoverOf(info: SuggestionInfo | undefined): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString();
  if (!info) return markdown.appendText(vscode.l10n.t('Written by a model (its record is incomplete).'));
  markdown.appendText(
    vscode.l10n.t(
      'Written by {0} ({1}) — {2}, style {3}, {4}. Accepted {5}.',
      info.model || vscode.l10n.t('an unknown model'),
      info.host || '?',
      actionLabel(info.action),
      info.style,
      info.variant,
      whenLabel(info.time),
    ),
  );
  return markdown;
}

export class ProvenanceMarks implements vscode.Disposable {
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('inkwell.provenanceBackground'),
    rangeBehavior: vscode.DecorationRangeBehavior.OpenOpen,
  });
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly state: vscode.Memento, private readonly recorder: ProvenanceRecorder) {
    this.disposables = [
      this.decoration,
      recorder.onDidChange((document) => this.drawDocument(document)),
      vscode.window.onDidChangeVisibleTextEditors(() => this.drawAll()),
    ];
    void vscode.commands.executeCommand('setContext', 'inkwell.provenanceShown', this.shown);
    if (this.shown) this.drawAll();
  }

  get shown(): boolean {
    return this.state.get<boolean>(SHOWN_KEY, false);
  }

  async toggle(): Promise<boolean> {
    await this.state.update(SHOWN_KEY, !this.shown);
    void vscode.commands.executeCommand('setContext', 'inkwell.provenanceShown', this.shown);
    this.drawAll();
    return this.shown;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  private drawAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.draw(editor);
  }

  private drawDocument(document: vscode.TextDocument): void {
    for (const editor of vscode.window.visibleTextEditors) if (editor.document === document) this.draw(editor);
  }

  private draw(editor: vscode.TextEditor): void {
    const record = this.shown ? this.recorder.current(editor.document) : undefined;
    const { document } = editor;
    editor.setDecorations(
      this.decoration,
      (record?.spans ?? []).map((span) => ({
        range: new vscode.Range(document.positionAt(span.start), document.positionAt(span.end)),
        hoverMessage: hoverOf(record?.suggestions.get(span.suggestion)),
      })),
    );
  }
}
