import * as vscode from 'vscode';
import { CONTINUE_VARIANTS } from '../../core/variants';
import type { GenerationResult } from '../../core/types';
import { refusedGeneration as failed, scriptedArgs } from '../commandArgs';
import type { PromptRequest } from '../generation';
import { isReadOnly } from '../readOnly';
import type { Services } from '../services';
import { ContinuationLenses } from './codeLens';
import { continuationPrompt, readOnlyResult, streamVersion } from './generate';
import { ContinuationSession, type SessionHost } from './session';

interface ContinueArgs {
  style?: string;
  variant?: string;
  instruction?: string;
}

/** The documents a tab shows as text. */
function textUris(tab: vscode.Tab): string[] {
  const { input } = tab;
  if (input instanceof vscode.TabInputText) return [input.uri.toString()];
  if (input instanceof vscode.TabInputTextDiff) return [input.original.toString(), input.modified.toString()];
  return [];
}

/** `inkwell.continueDraft`: the continuation streamed in at the cursor, pending until the writer decides. */
export function registerContinueDraft(services: Services): vscode.Disposable[] {
  const { suggestions } = services;
  const sessions = new Map<ContinuationSession, PromptRequest>();
  const decoration = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('inkwell.suggestionBackground'),
    color: new vscode.ThemeColor('inkwell.suggestionForeground'),
    border: '1px dashed',
    borderColor: new vscode.ThemeColor('inkwell.suggestionBorder'),
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedOpen,
  });
  const lensStates = new WeakMap<ContinuationSession, string>();
  const lenses = new ContinuationLenses((document) => {
    for (const session of sessions.keys()) if (session.document === document && !session.isOver) return session;
    return undefined;
  });

  const generateVersion = async (session: ContinuationSession, request: PromptRequest): Promise<GenerationResult> => {
    const cancellation = suggestions.beginGeneration(session.document);
    if (!cancellation) return failed('busy', vscode.l10n.t('Inkwell is already writing in this document.'));
    try {
      return await streamVersion(services, session, request, cancellation);
    } finally {
      suggestions.endGeneration(session.document, cancellation);
    }
  };

  const host: SessionHost = {
    decoration,
    generateVersion: (session, instruction) => {
      const base = sessions.get(session);
      if (!base) return Promise.resolve({ outcome: 'failed', text: '' });
      const request: PromptRequest = instruction ? { ...base, variant: 'guided', instruction } : base;
      return generateVersion(session, request);
    },
    nextPrompt: (session) => continuationPrompt(session, sessions.get(session)!),
    changed: (session) => {
      const showing = !session.isOver && session.range.end > session.range.start;
      if (showing && suggestions.pendingFor(session.document) !== session) suggestions.setPending(session.document, session);
      // Each refresh makes the editor ask for the lenses and lay them out again: only when they change
      // (not when the first streamed text lands under the same "writing" lenses).
      const lensState = ContinuationLenses.stateOf(session);
      if (lensStates.get(session) === lensState) return;
      lensStates.set(session, lensState);
      lenses.refresh();
    },
    ended: (session) => {
      const request = sessions.get(session);
      sessions.delete(session);
      if (request && (session.endReason === 'accepted' || session.endReason === 'edited')) {
        services.provenance.record(session.document, {
          action: 'continue',
          source: session.shown?.source,
          style: request.style.id,
          variant: request.variant ?? 'auto',
          ranges: session.kept,
        });
      }
      suggestions.clearPending(session.document, session);
      lenses.refresh();
    },
    cancelGeneration: (document) => suggestions.cancelGeneration(document),
  };

  const continueDraft = async (arg?: unknown): Promise<GenerationResult> => {
    const args: ContinueArgs = scriptedArgs(arg) ?? {};
    const editor = vscode.window.activeTextEditor;
    if (!editor) return failed('no-editor', vscode.l10n.t('Open a document and put the cursor where the story should go on.'));
    const { document } = editor;
    // Both read the disk; asked together, they cost the writer one wait before the request, not two.
    const readOnly = isReadOnly(document);
    const chosenStyle = services.styles.styleFor(args.style, document.uri);
    if (await readOnly) return failed('read-only', readOnlyResult().error!);

    const style = await chosenStyle;
    if (!style) return failed(undefined, vscode.l10n.t('There is no style "{0}".', String(args.style)));
    const variant = args.variant ?? 'auto';
    if (!CONTINUE_VARIANTS.some((known) => known.id === variant)) {
      return failed(undefined, vscode.l10n.t('There is no way to continue called "{0}".', String(variant)));
    }
    const request: PromptRequest = { style, variant, instruction: args.instruction };

    if (suggestions.isGenerating(document)) return failed('busy', vscode.l10n.t('Inkwell is already writing in this document.'));
    let offset = document.offsetAt(editor.selection.end);
    const pending = suggestions.pendingFor(document);
    if (pending instanceof ContinuationSession) {
      // Continue on a pending continuation: keep it, and go on after it.
      await pending.accept();
      offset = pending.range.end;
    } else if (pending) {
      return failed('busy', vscode.l10n.t('A rewrite is waiting for your decision in this document.'));
    }

    if (!editor.selection.isEmpty && !pending) {
      // The continuation goes after the selection; a selection left in place would grow over it.
      const end = document.positionAt(offset);
      editor.selection = new vscode.Selection(end, end);
    }
    const session = new ContinuationSession(document, offset, host);
    sessions.set(session, request);
    const result = await generateVersion(session, request);
    if (session.versions.length === 0) session.dispose();
    else if (result.outcome === 'done' && vscode.workspace.getConfiguration('inkwell', document.uri).get<boolean>('autoAccept')) {
      await session.accept();
    }
    return result;
  };

  const guide = async () => {
    const document = vscode.window.activeTextEditor?.document;
    const pending = document && suggestions.pendingFor(document);
    if (!(pending instanceof ContinuationSession)) return;
    const instruction = await vscode.window.showInputBox({
      title: vscode.l10n.t('Continue with your direction'),
      prompt: vscode.l10n.t('What happens next?'),
      placeHolder: vscode.l10n.t('e.g. She finds the letter under the floorboards'),
      ignoreFocusOut: true,
    });
    if (instruction?.trim()) await pending.alternative(1, instruction.trim());
  };

  return [
    decoration,
    lenses,
    vscode.languages.registerCodeLensProvider('*', lenses),
    vscode.commands.registerCommand('inkwell.continueDraft', continueDraft),
    vscode.commands.registerCommand(ContinuationLenses.guideCommand, guide),
    // Closing a document's last tab ends its continuation at once; the document itself may stay
    // loaded (and onDidCloseTextDocument unfired) for a while after.
    vscode.window.tabGroups.onDidChangeTabs(({ closed }) => {
      const closedUris = new Set(closed.flatMap(textUris));
      if (closedUris.size === 0) return;
      const open = new Set(vscode.window.tabGroups.all.flatMap((group) => group.tabs.flatMap(textUris)));
      for (const session of [...sessions.keys()]) {
        const uri = session.document.uri.toString();
        if (!closedUris.has(uri) || open.has(uri)) continue;
        suggestions.cancelGeneration(session.document);
        session.dispose();
      }
    }),
    new vscode.Disposable(() => {
      for (const session of [...sessions.keys()]) session.dispose();
    }),
  ];
}
