import * as vscode from 'vscode';
import type { GenerationResult } from '../core/types';
import type { Services } from './services';

/**
 * Accept, reject, cancel and alternatives act on whatever is pending or running in the active
 * editor — a continuation or a rewrite review — so they live here, once, not in each feature.
 */
export function registerSuggestionCommands({ suggestions }: Services): vscode.Disposable[] {
  const activeDocument = () => vscode.window.activeTextEditor?.document;
  const noSuggestion = (): GenerationResult => ({
    outcome: 'failed',
    text: '',
    errorCode: 'no-editor',
    error: vscode.l10n.t('There is no Inkwell suggestion in this editor.'),
  });

  return [
    vscode.commands.registerCommand('inkwell.acceptSuggestion', async () => {
      const document = activeDocument();
      if (document) await suggestions.pendingFor(document)?.accept();
    }),
    vscode.commands.registerCommand('inkwell.rejectSuggestion', async () => {
      const document = activeDocument();
      if (document) await suggestions.pendingFor(document)?.reject();
    }),
    vscode.commands.registerCommand('inkwell.cancel', () => {
      const document = activeDocument();
      return document ? suggestions.cancelGeneration(document) : false;
    }),
    vscode.commands.registerCommand('inkwell.nextAlternative', async () => {
      const document = activeDocument();
      const pending = document && suggestions.pendingFor(document);
      return pending ? pending.alternative(1) : noSuggestion();
    }),
    vscode.commands.registerCommand('inkwell.previousAlternative', async () => {
      const document = activeDocument();
      const pending = document && suggestions.pendingFor(document);
      return pending ? pending.alternative(-1) : noSuggestion();
    }),
  ];
}
