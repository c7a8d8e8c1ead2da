import * as vscode from 'vscode';
import type { ContextSummary } from './lore/contextParts';
import { modelShare } from './provenance';
import type { Services } from './services';

/**
 * One status bar item: the current style (click to choose another) and, while Inkwell writes in the
 * active editor, a spinner that stops it on click.
 */
export function registerStatusBar({ suggestions, styles, provenance }: Services, contextSummaries: vscode.Event<ContextSummary | undefined>): vscode.Disposable[] {
  let summary: ContextSummary | undefined;
  const item = vscode.window.createStatusBarItem('inkwell.status', vscode.StatusBarAlignment.Right, 100);
  item.name = vscode.l10n.t('Inkwell');

  const update = () => {
    const document = vscode.window.activeTextEditor?.document;
    if (document && suggestions.isGenerating(document)) {
      item.text = `$(loading~spin) ${vscode.l10n.t('Writing…')}`;
      item.tooltip = vscode.l10n.t('Inkwell is writing. Click to stop and keep what arrived.');
      item.accessibilityInformation = { label: vscode.l10n.t('Inkwell is writing. Activate to stop.'), role: 'button' };
      item.command = 'inkwell.cancel';
    } else {
      const style = styles.current(document?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri);
      item.text = `$(symbol-color) ${style.label}`;
      item.tooltip = vscode.l10n.t('Inkwell style: {0}. Click to choose another.', style.label);
      if (summary) item.tooltip += `\n${vscode.l10n.t('Next request: about {0} of {1} tokens.', summary.totalTokens, summary.budgetTokens)}`;
      const share = modelShare(provenance, document);
      if (share) item.tooltip += `\n${share}`;
      item.accessibilityInformation = { label: vscode.l10n.t('Inkwell style: {0}. Activate to choose another.', style.label), role: 'button' };
      item.command = 'inkwell.pickStyle';
    }
    item.show();
  };

  // The first read of a folder's settings makes the host merge every settings layer: the item is
  // drawn just after activation rather than during it.
  const firstUpdate = setTimeout(update, 0);
  return [
    item,
    new vscode.Disposable(() => clearTimeout(firstUpdate)),
    suggestions.onDidChange(update),
    styles.onDidChange(update),
    provenance.onDidChange((document) => {
      if (document === vscode.window.activeTextEditor?.document) update();
    }),
    contextSummaries((next) => {
      summary = next;
      update();
    }),
    vscode.window.onDidChangeActiveTextEditor(update),
  ];
}
