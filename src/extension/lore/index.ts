import * as vscode from 'vscode';
import type { Services } from '../services';
import { LoreCatalog } from './catalog';
import { CONTEXT_VIEW_ID, ContextView } from './contextView';
import { registerMentions } from './mentions';
import { newLoreEntry } from './newEntry';
import { showContext } from './showContext';
import { useLoreCatalog } from './storyContext';

/**
 * The lorebook: the catalog the prompt reads lore from, `inkwell.showContext` and its view,
 * `inkwell.newLoreEntry`, and the names' definitions, hovers and references in the manuscript.
 * Returns, with its disposables, the view's summaries for the status bar.
 */
export function registerLore(services: Services): { disposables: vscode.Disposable[]; view: ContextView } {
  const catalog = new LoreCatalog(services.log);
  useLoreCatalog(catalog);
  const view = new ContextView(services.styles, catalog);
  const disposables = [
    catalog,
    view,
    new vscode.Disposable(() => useLoreCatalog(undefined)),
    vscode.commands.registerCommand('inkwell.showContext', (arg?: unknown) => showContext(services.styles, arg, () => view.reveal())),
    vscode.commands.registerCommand(`${CONTEXT_VIEW_ID}.pickAction`, () => view.pickAction()),
    vscode.commands.registerCommand('inkwell.newLoreEntry', async (arg?: unknown) => {
      const uri = await newLoreEntry(arg);
      if (uri) catalog.fileChanged(uri);
      return uri;
    }),
    ...registerMentions(catalog),
  ];
  return { disposables, view };
}
