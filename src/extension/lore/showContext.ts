import * as vscode from 'vscode';
import type { Action } from '../../core/types';
import { scriptedArgs } from '../commandArgs';
import { editorSource, preparePrompt } from '../generation';
import type { StyleCatalog } from '../prompting/styleCatalog';
import { PROMPT_SCHEME } from '../prompting/showPrompt';
import { describeContext, type ContextSummary, type ShownPart } from './contextParts';

const ACTIONS: readonly Action[] = ['continue', 'rewrite', 'brainstorm'];

export type ContextOutcome = { ok: true; parts: ShownPart[]; summary: ContextSummary; action: Action } | { ok: false; message: string };

/** The editor the context is for: the active one, or the manuscript beside a prompt being looked at. */
export function manuscriptEditor(): vscode.TextEditor | undefined {
  const active = vscode.window.activeTextEditor;
  if (active && active.document.uri.scheme !== PROMPT_SCHEME) return active;
  return vscode.window.visibleTextEditors.find((editor) => editor.document.uri.scheme !== PROMPT_SCHEME);
}

/** Every part of the next request of `action` in `editor`, prepared exactly as the action prepares it. */
export async function contextOf(styles: StyleCatalog, action: Action, editor: vscode.TextEditor | undefined): Promise<ContextOutcome> {
  if (!editor && action !== 'brainstorm') return { ok: false, message: vscode.l10n.t('Open a document to see what Inkwell would send for it.') };
  if (action === 'rewrite' && editor!.selection.isEmpty) {
    return { ok: false, message: vscode.l10n.t('Select the passage to rewrite first: the selection is empty.') };
  }
  const style = styles.current(editor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri);
  const prepared = await preparePrompt(action, editor && editorSource(action, editor), { style, category: action === 'brainstorm' ? 'other' : undefined });
  return { ok: true, action, ...describeContext(prepared.input, prepared.prompt) };
}

/**
 * `inkwell.showContext`: with an argument object `{ action? }` it shows nothing and resolves with
 * `{ parts, totalTokens, budgetTokens }`; without one it reveals the context view.
 */
export async function showContext(styles: StyleCatalog, arg: unknown, reveal: () => Thenable<void>): Promise<ContextSummary | undefined> {
  const args = scriptedArgs(arg);
  if (!args) {
    await reveal();
    return undefined;
  }
  const action = (args.action ?? 'continue') as Action;
  if (!ACTIONS.includes(action)) {
    void vscode.window.showErrorMessage(vscode.l10n.t('There is no action "{0}": use continue, rewrite or brainstorm.', String(action)));
    return undefined;
  }
  const outcome = await contextOf(styles, action, manuscriptEditor());
  if (!outcome.ok) {
    void vscode.window.showErrorMessage(outcome.message);
    return undefined;
  }
  return outcome.summary;
}
