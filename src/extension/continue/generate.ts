import * as vscode from 'vscode';
import { buildPrompt } from '../../core/prompt';
import { looksLikeRefusal } from '../../core/modelText';
import type { Style } from '../../core/styles';
import type { GenerationResult } from '../../core/types';
import type { ModelSource } from '../connection';
import { documentForm } from '../forms/documentForm';
import type { Services } from '../services';
import { Coalescer } from './coalescer';
import type { ContinuationSession } from './session';

export interface ContinueRequest {
  style: Style;
  variant: 'auto' | 'guided';
  instruction?: string;
  /** `.inkwell/story.md`, read when the command starts. */
  storyNotes?: string;
}

/**
 * Shortest time between the starts of two streamed edits: text reaches the document at most this
 * much after it arrives, and the editor takes at most 50 edits a second however fast the server is.
 */
export const STREAM_WRITE_INTERVAL_MS = 20;

/**
 * Streams one version of a continuation into `session`: builds the prompt from the document as it is
 * without the continuation, cleans the stream at its seams, and writes it in coalesced edits. The
 * caller holds the document's generation (`cancellation`) and ends it afterwards.
 */
export async function streamVersion(
  services: Services,
  session: ContinuationSession,
  request: ContinueRequest,
  cancellation: vscode.CancellationTokenSource,
): Promise<GenerationResult> {
  const { document } = session;
  const config = vscode.workspace.getConfiguration('inkwell', document.uri);
  const whole = document.getText();
  const { start, end } = session.range;
  const before = whole.slice(0, start);
  const after = whole.slice(end);
  const maxOutputTokens = config.get<number>('maxOutputTokens', 600);
  const form = await documentForm(document, { style: request.style.id, at: start });
  const sent = start === end ? whole : before + after;
  const prompt = buildPrompt({
    action: 'continue',
    style: request.style,
    variant: request.variant,
    instruction: request.instruction,
    text: sent,
    selection: { start, end: start },
    storyNotes: request.storyNotes,
    contextTokens: config.get<number>('contextTokens', 3000),
    languageId: form.languageId,
    form: form.prompt('continue', sent, start, start),
    maxOutputTokens,
  });

  const filter = form.continuation(before, after);
  const coalescer = new Coalescer((text) => session.writeStreamed(text), {
    eol: document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
    intervalMs: STREAM_WRITE_INTERVAL_MS,
  });
  session.beginVersion();
  let source: ModelSource | undefined;
  let result: GenerationResult;
  try {
    result = await services.connection.stream(
      {
        action: 'continue',
        messages: prompt.messages,
        temperature: prompt.temperature,
        maxOutputTokens,
        scope: document.uri,
        onSource: (answered) => (source = answered),
      },
      (delta) => coalescer.push(filter.push(delta)),
      cancellation.token,
    );
    coalescer.push(filter.end());
    await coalescer.finish();
  } catch (error) {
    // The connection settles with a result; anything thrown here is a bug, and the text that
    // landed must still be left pending, so it is reported rather than rethrown.
    services.log.error('Continue Draft failed', error);
    await coalescer.stop();
    result = { outcome: 'failed', text: '', errorCode: 'stream-broken', error: String(error) };
  }

  const cutShort = result.outcome !== 'done';
  const landed = session.endVersion(cutShort, source);
  if (session.readOnly) {
    const refused = readOnlyResult();
    void vscode.window.showWarningMessage(refused.error!);
    return refused;
  }
  if (landed !== undefined && !cutShort && looksLikeRefusal(landed)) {
    await session.discardShown();
    const refused: GenerationResult = { ...result, outcome: 'failed', text: '', errorCode: 'refused', error: vscode.l10n.t('The model declined to write this continuation.') };
    services.connection.showFailure(refused);
    return refused;
  }
  // The connection words every failure, and a continuation cut short by the length limit, itself.
  if (result.outcome === 'failed' || result.finishReason === 'length') services.connection.showFailure(result);
  return { ...result, text: landed ?? '' };
}

export function readOnlyResult(): GenerationResult {
  return { outcome: 'failed', text: '', errorCode: 'read-only', error: vscode.l10n.t('This document is read-only: Inkwell cannot write into it.') };
}
