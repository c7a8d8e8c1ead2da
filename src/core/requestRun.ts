// How one request to a model runs and ends, without VS Code or the network: which attempts are made
// (retries only before the first chunk, honouring Retry-After), how long an answer may grow, and
// what each ending means for the writer. The clock is passed in, so all of it is tested in plain Node.
import { classifyFailure, retryDelayMs, type FailureDescription, type FailureKind } from './failures';
import type { Usage } from './types';

export const MAX_RETRIES = 2;

export interface Clock {
  now(): number;
  /** Waits `ms`; resolves false when the wait was cut short by cancellation. */
  sleep(ms: number): Promise<boolean>;
}

/** What the stream said about its end. */
export interface StreamEnd {
  finishReason?: string;
  usage?: Usage;
  refusal?: string;
}

/** A failure as the connection saw it: the classification's input, and a retry's timing. */
export interface AttemptProblem extends FailureDescription {
  retryAfter?: string | null;
  retryAfterMs?: string | null;
}

/** How one attempt ended. */
export type Attempt<P extends AttemptProblem> =
  | { ended: 'cancelled' }
  | { ended: 'failed'; problem: P; receivedChunk: boolean }
  | { ended: 'complete'; end: StreamEnd };

export interface RetryOptions<P extends AttemptProblem> {
  clock: Clock;
  cancelled(): boolean;
  /** A failure the next attempt can avoid by sending differently (it changes what `run` sends): true to try again at once, once per attempt. */
  adapt?(problem: P): boolean;
  /** Why an attempt is made again, for the log. */
  note?(text: string): void;
}

/**
 * Runs `run` until an attempt settles. A failure before the first chunk is tried again when it is
 * passing trouble (at most `MAX_RETRIES` times, after the server's Retry-After or a growing pause);
 * once text has arrived, a failure is final so that nothing is written twice.
 */
export async function runAttempts<P extends AttemptProblem>(run: () => Promise<Attempt<P>>, options: RetryOptions<P>): Promise<Attempt<P>> {
  for (let retry = 1; ; ) {
    const attempt = await run();
    if (attempt.ended !== 'failed' || attempt.receivedChunk || options.cancelled()) return attempt;
    const { problem } = attempt;
    if (options.adapt?.(problem)) continue;
    const delay = retry <= MAX_RETRIES && classifyFailure(problem).retryable ? retryDelayMs(retry, problem, options.clock.now()) : undefined;
    if (delay === undefined) return attempt;
    options.note?.(`${problem.status ?? problem.code ?? problem.kind} before the first token; retry ${retry} in ${delay} ms`);
    if (!(await options.clock.sleep(delay))) return attempt;
    retry++;
  }
}

/**
 * The most an answer may grow, in UTF-16 code units: eight times the answer limit at four characters
 * a token (far more in scripts with a character a token). A server that streams on past it (a loop,
 * a broken server) is stopped there, and what arrived is kept. Counted in characters, as a token
 * estimate summed chunk by chunk counts a stream of short chunks high.
 */
export function answerCeilingCharacters(maxOutputTokens: number): number {
  return Math.max(32 * maxOutputTokens, 16_384);
}

/**
 * A `length` stop with far fewer tokens than the answer limit is the server's own context filling
 * up (llama.cpp, Ollama, LM Studio load models with a context of their own), not the limit.
 */
export function stoppedByFullContext(end: StreamEnd, maxOutputTokens: number): boolean {
  return end.finishReason === 'length' && end.usage !== undefined && end.usage.completionTokens < maxOutputTokens / 2;
}

/** How a request ended, in the terms of the public result. */
export type Settled =
  | { outcome: 'done'; finishReason: 'stop' | 'length'; contextFull: boolean }
  | { outcome: 'failed'; kind: FailureKind; finishReason?: 'content_filter'; detail?: string };

/**
 * Only `stop` and `length` are finished answers. A refusal and `content_filter` are refusals;
 * `error` is a failure the server reported; no finish reason at all is a cut stream; any other
 * (`abort` from vLLM, `tool_calls`, one nobody knows) is an unfinished answer, kept as partial.
 */
export function settle(end: StreamEnd, maxOutputTokens: number): Settled {
  if (end.refusal) return { outcome: 'failed', kind: 'refusal', detail: end.refusal };
  switch (end.finishReason) {
    case 'stop':
      return { outcome: 'done', finishReason: 'stop', contextFull: false };
    case 'length':
      return { outcome: 'done', finishReason: 'length', contextFull: stoppedByFullContext(end, maxOutputTokens) };
    case 'content_filter':
      return { outcome: 'failed', kind: 'content-filter', finishReason: 'content_filter' };
    case 'error':
      return { outcome: 'failed', kind: 'in-band' };
    case undefined:
    case '':
      return { outcome: 'failed', kind: 'stream' };
    default:
      return { outcome: 'failed', kind: 'unfinished', detail: end.finishReason };
  }
}
