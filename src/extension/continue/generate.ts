import * as vscode from 'vscode';
import { looksLikeRefusal } from '../../core/modelText';
import type { GenerationResult } from '../../core/types';
import type { ModelSource } from '../connection';
import { preparePrompt, type PreparedPrompt, type PromptRequest } from '../generation';
import type { Services } from '../services';
import { Coalescer } from './coalescer';
import type { ContinuationSession } from './session';

/** The prompt of the session's next version: the document as it is without the text the session shows. */
export function continuationPrompt(session: ContinuationSession, request: PromptRequest): Promise<PreparedPrompt> {
  return preparePrompt('continue', { document: session.document, range: () => session.range }, request);
}

/**
 * Shortest time between the starts of two streamed edits: text reaches the document at most this
 * much after it arrives, and the editor takes at most 50 edits a second however fast the server is.
 */
export const STREAM_WRITE_INTERVAL_MS = 20;

/**
 * Streams one version of a continuation into `session`: sends its prompt, cleans the stream at its
 * seams (the text around the cursor as the prompt saw it), and writes it in coalesced edits. The
 * caller holds the document's generation (`cancellation`) and ends it afterwards.
 */
export async function streamVersion(
  services: Services,
  session: ContinuationSession,
  request: PromptRequest,
  cancellation: vscode.CancellationTokenSource,
): Promise<GenerationResult> {
  const { document } = session;
  const { input, form, request: streamRequest } = await continuationPrompt(session, request);
  const cursor = input.selection.start;
  const before = input.text.slice(0, cursor);
  const filter = form.continuation(before, input.text.slice(cursor));
  const coalescer = new Coalescer((text) => session.writeStreamed(text), {
    eol: document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
    intervalMs: STREAM_WRITE_INTERVAL_MS,
  });
  session.beginVersion();
  let source: ModelSource | undefined;
  let result: GenerationResult;
  try {
    result = await services.connection.stream(
      { ...streamRequest, onSource: (answered) => (source = answered) },
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
  // Judged on the answer as the model wrote it (quotes and all), where it meets the text before it.
  if (landed !== undefined && !cutShort && looksLikeRefusal(result.text, { before })) {
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
