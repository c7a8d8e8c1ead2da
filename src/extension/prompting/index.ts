import * as vscode from 'vscode';
import type { Services } from '../services';
import { pickStyle } from './pickStyle';
import { PROMPT_SCHEME, PromptDocuments, showPrompt } from './showPrompt';

export { StyleCatalog } from './styleCatalog';

/** Registers `inkwell.showPrompt` and `inkwell.pickStyle`; the style catalog itself is a shared service. */
export function registerPrompting(services: Services): vscode.Disposable[] {
  const documents = new PromptDocuments();
  return [
    documents,
    vscode.workspace.registerTextDocumentContentProvider(PROMPT_SCHEME, documents),
    vscode.workspace.onDidCloseTextDocument((document) => {
      if (document.uri.scheme === PROMPT_SCHEME) documents.forget(document.uri);
    }),
    vscode.commands.registerCommand('inkwell.showPrompt', (arg?: unknown) => showPrompt(services, documents, arg)),
    vscode.commands.registerCommand('inkwell.pickStyle', (arg?: unknown) => pickStyle(services.styles, arg)),
  ];
}
