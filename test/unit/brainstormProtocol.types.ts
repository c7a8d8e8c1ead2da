// Compile-time checks of the webview protocol, run by `npm run typecheck`: each `@ts-expect-error`
// must be an error, or the type check fails. Nothing here runs.
import {
  answer,
  createRequester,
  type Answer,
  type ReplyMessage,
  type RequestHandlers,
  type RequestMessage,
  type Schedule,
} from '../../src/core/brainstormProtocol';

declare const handlers: RequestHandlers;
declare const schedule: Schedule;
declare const insert: RequestMessage<'insert'>;

// An unhandled request does not compile.
// @ts-expect-error clearHistory has no handler
export const missing: RequestHandlers = { ready: handlers.ready, brainstorm: handlers.brainstorm, insert: handlers.insert, copy: handlers.copy, keep: handlers.keep, unkeep: handlers.unkeep };

// A handler that answers with another request's reply does not compile.
export const wrongReply: RequestHandlers = {
  ...handlers,
  // @ts-expect-error insert replies {}, not keepers
  insert: async () => ({ ok: true, value: { keepers: [] } }),
};

// A reply to the wrong request does not compile: a reply is made from its request...
export const made: Promise<ReplyMessage<'insert'>> = answer(handlers, insert);
// @ts-expect-error ...so an insert's reply is not a keep's
export const mismatched: Promise<ReplyMessage<'keep'>> = answer(handlers, insert);
// ...and one written by hand must pair the request with its own answer.
// @ts-expect-error a keep's reply carrying history
export const byHand: ReplyMessage = { type: 'reply', requestId: 1, request: 'keep', answer: { ok: true, value: { history: [] } } };

// The page's request() infers its reply type from the request.
const { request } = createRequester(() => {}, { timeoutMs: 1, schedule, timeoutMessage: () => '' });
export async function inferred(): Promise<void> {
  const kept: Answer<{ keepers: unknown[] }> = await request('keep', { idea: { keeperId: 'k' } });
  // @ts-expect-error clearHistory's reply has no keepers
  const wrong: Answer<{ keepers: unknown[] }> = await request('clearHistory', {});
  // @ts-expect-error insert takes an idea reference, not its text
  await request('insert', { text: 'Mara' });
  void kept;
  void wrong;
}
