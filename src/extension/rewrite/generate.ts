import * as vscode from 'vscode';
import { cleanCompleteText } from '../../core/clean';
import { looksLikeRefusal } from '../../core/modelText';
import { fitRewrite } from '../../core/rewriteFit';
import { estimateTokens } from '../../core/tokens';
import type { GenerationResult } from '../../core/types';
import { EXCLUSIVE, moveRangeByEvent } from '../../core/trackedRange';
import { preparePrompt, type PreparedPrompt, type PromptRequest } from '../generation';
import { offsetChanges } from '../offsetChanges';
import type { ModelSource } from '../connection';
import type { Services } from '../services';

/** A passage of a document: where it starts and what it says. */
export interface Passage {
  start: number;
  text: string;
}

/** A rewrite as the model answered it, where the passage is now, and what answered. */
export interface Rewritten {
  result: GenerationResult;
  start: number;
  source?: ModelSource;
}

/** The prompt of a rewrite of `passage` as the document is now. */
export function rewritePrompt(document: vscode.TextDocument, passage: Passage, request: PromptRequest): Promise<PreparedPrompt> {
  return preparePrompt('rewrite', { document, range: () => ({ start: passage.start, end: passage.start + passage.text.length }) }, request);
}

/** Progress is redrawn at most this often: counting words on every streamed piece would be waste. */
const PROGRESS_INTERVAL_MS = 250;

function failed(result: GenerationResult, errorCode: GenerationResult['errorCode'], error: string): GenerationResult {
  return { ...result, outcome: 'failed', text: '', errorCode, error };
}

/**
 * Follows a passage while the model writes: edits before it move it, an edit in it means the
 * rewrite no longer fits the text and will be discarded.
 */
class PassageWatch implements vscode.Disposable {
  start: number;
  touched = false;
  private readonly listener: vscode.Disposable;

  constructor(document: vscode.TextDocument, passage: Passage) {
    this.start = passage.start;
    const length = passage.text.length;
    this.listener = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document !== document || this.touched) return;
      const moved = moveRangeByEvent({ start: this.start, end: this.start + length }, offsetChanges(event), EXCLUSIVE);
      if (moved) this.start = moved.start;
      else this.touched = true;
    });
  }

  dispose(): void {
    this.listener.dispose();
  }
}

function wordCount(text: string): number {
  let words = 0;
  for (const segment of new Intl.Segmenter(undefined, { granularity: 'word' }).segment(text)) if (segment.isWordLike) words++;
  return words;
}

/**
 * Asks the model for one rewrite of `passage`, showing cancellable progress while it streams. The
 * caller holds the document's generation. Resolves with `text` set to the proposed rewrite (cleaned
 * and fitted to the passage's surrounding whitespace and line breaks) when it is complete and
 * usable, else with `text` empty: a partial, refused or failed rewrite is never shown, and the
 * document is never touched here. `start` is where the passage is now (edits before it move it).
 */
export async function generateRewrite(
  services: Services,
  document: vscode.TextDocument,
  passage: Passage,
  request: PromptRequest,
  cancellation: vscode.CancellationTokenSource,
): Promise<Rewritten> {
  const { input, prompt, form, settings, request: streamRequest } = await rewritePrompt(document, passage, request);
  const notSent: GenerationResult = { outcome: 'failed', text: '' };
  if (prompt.truncated) {
    const error = vscode.l10n.t(
      'The selection is about {0} tokens, more than the context budget of {1} tokens (inkwell.contextTokens). Nothing was sent: select less text, or raise the budget.',
      estimateTokens(passage.text),
      settings.contextTokens,
    );
    void vscode.window.showWarningMessage(error);
    return { result: failed(notSent, undefined, error), start: passage.start };
  }

  const watch = new PassageWatch(document, passage);
  let source: ModelSource | undefined;
  let result: GenerationResult;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Inkwell is rewriting the selection'), cancellable: true },
      async (progress, token) => {
        const cancelled = token.onCancellationRequested(() => cancellation.cancel());
        let arrived = '';
        let shownAt = 0;
        try {
          return await services.connection.stream(
            { ...streamRequest, onSource: (answered) => (source = answered) },
            (delta) => {
              arrived += delta;
              const now = Date.now();
              if (now - shownAt < PROGRESS_INTERVAL_MS) return;
              shownAt = now;
              progress.report({ message: vscode.l10n.t('{0} words so far', wordCount(arrived)) });
            },
            cancellation.token,
          );
        } finally {
          cancelled.dispose();
        }
      },
    );
  } finally {
    watch.dispose();
  }
  const start = watch.start;
  const outcome = (final: GenerationResult): Rewritten => ({ result: final, start, ...(source ? { source } : {}) });

  if (result.outcome === 'cancelled') return outcome({ ...result, text: '' });
  if (result.outcome === 'failed') {
    services.connection.showFailure(result);
    return outcome({ ...result, text: '' });
  }
  if (result.finishReason === 'length') {
    const error = vscode.l10n.t(
      'The rewrite reached the length limit (inkwell.maxOutputTokens) before it was complete, so it was discarded and your text is unchanged.',
    );
    void vscode.window.showWarningMessage(error);
    return outcome({ ...result, text: '', error });
  }
  // Cleaned against the passage: its own words stay, however much they sound like the assistant's.
  const cleaned = cleanCompleteText(result.text, 'rewrite', passage.text);
  if (looksLikeRefusal(result.text, { original: passage.text })) {
    const refused = failed(result, 'refused', vscode.l10n.t('The model declined to rewrite this passage.'));
    services.connection.showFailure(refused);
    return outcome(refused);
  }
  if (cleaned.trim() === '') {
    const error = vscode.l10n.t('The model answered with no text. Your text is unchanged.');
    void vscode.window.showWarningMessage(error);
    return outcome(failed(result, undefined, error));
  }
  if (watch.touched) {
    const error = vscode.l10n.t('The selected text was edited while the rewrite was being written, so the rewrite was discarded.');
    void vscode.window.showWarningMessage(error);
    return outcome(failed(result, undefined, error));
  }
  const inForm = form.rewrite(cleaned, passage.text, input.text.slice(0, input.selection.start));
  return outcome({ ...result, text: fitRewrite(passage.text, inForm) });
}
