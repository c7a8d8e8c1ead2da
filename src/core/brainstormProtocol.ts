// The one protocol between the Brainstorm view's page and the extension. The page is untrusted as far
// as the extension is concerned (it renders model output), so every message it sends is checked field
// by field before anything acts on it. Shared by both sides; imports nothing from `vscode`.

import type { Outcome } from './types';

export const MAX_TOPIC_LENGTH = 4000;
export const MAX_IDEA_LENGTH = 20000;
export const MAX_EXCLUDED = 100;
export const MIN_COUNT = 1;
export const MAX_COUNT = 30;
export const DEFAULT_COUNT = 8;

export interface Round {
  id: string;
  category: string;
  topic: string;
  style: string;
  count: number;
  /** The idea this round was asked to build on ("More like this"). */
  seed?: string;
  ideas: string[];
  outcome: Outcome | 'running';
  /** The localised failure message, when the round failed. */
  error?: string;
  startedAt: number;
}

export interface Keeper {
  id: string;
  text: string;
  category: string;
  keptAt: number;
}

export interface Choice {
  id: string;
  label: string;
}

/** Everything the page needs to draw itself, sent in answer to `ready`. */
export interface InitialState {
  /** Localised strings of the page, by key (the extension translates them). */
  strings: Record<StringKey, string>;
  categories: Choice[];
  styles: Choice[];
  defaults: { category: string; style: string; count: number };
  /** From the editor's selection or current paragraph, to prefill an empty topic box. */
  suggestedTopic: string;
  history: Round[];
  keepers: Keeper[];
  /** True on macOS, where the shortcut is shown as Cmd+Enter. */
  mac: boolean;
}

export const STRING_KEYS = [
  'category',
  'topic',
  'topicPlaceholder',
  'style',
  'count',
  'brainstorm',
  'brainstormHint',
  'stop',
  'insert',
  'copy',
  'keep',
  'kept',
  'notThis',
  'excluded',
  'moreLikeThis',
  'ideas',
  'keepers',
  'noKeepers',
  'removeKeeper',
  'history',
  'noHistory',
  'clearHistory',
  'showRound',
  'running',
  'stopped',
  'noIdeas',
  'copied',
  'inserted',
  'seededBy',
  'excludedCount',
  'noAnswer',
  'tooLongToSend',
] as const;
export type StringKey = (typeof STRING_KEYS)[number];

/** What the page may ask for. `request` messages get a `reply` with the same `requestId`. */
export interface BrainstormRequest {
  category: string;
  topic: string;
  style: string;
  count: number;
  /** "Not this": ideas the model must not repeat. */
  exclude: string[];
  seed?: string;
}

/**
 * An idea the extension holds — one of a round's ideas, or a keeper — named by the page. The extension
 * reads its text from its own records, so an idea of any length inserts, copies and keeps.
 */
export type IdeaRef = { roundId: string; index: number } | { keeperId: string };

type NoParams = Record<string, never>;

/** Every request the page makes, with what it sends and what a successful reply holds. */
export interface RequestMap {
  /** The page has loaded and listens: everything it needs to draw itself. */
  ready: { params: NoParams; reply: InitialState };
  /** Starts a round; its ideas arrive as `roundStarted`, `ideas` and `roundEnded`. */
  brainstorm: { params: BrainstormRequest; reply: { roundId: string } };
  insert: { params: { idea: IdeaRef }; reply: NoParams };
  copy: { params: { idea: IdeaRef }; reply: NoParams };
  keep: { params: { idea: IdeaRef }; reply: { keepers: Keeper[] } };
  unkeep: { params: { id: string }; reply: { keepers: Keeper[] } };
  clearHistory: { params: NoParams; reply: { history: Round[] } };
}

/** Messages of the page that want no answer. */
export interface NotificationMap {
  stop: NoParams;
}

export type RequestType = keyof RequestMap;
export type Params<K extends RequestType> = RequestMap[K]['params'];
export type Reply<K extends RequestType> = RequestMap[K]['reply'];

/** A reply: the value, or the localised reason there is none. Failures are values, never thrown. */
export type Answer<T> = { ok: true; value: T } | { ok: false; error: string };

export type RequestMessage<K extends RequestType = RequestType> = { [P in K]: { type: P; requestId: number; params: Params<P> } }[K];
export type NotificationMessage = { [P in keyof NotificationMap]: { type: P; params: NotificationMap[P] } }[keyof NotificationMap];
export type FromWebview = RequestMessage | NotificationMessage;

/** The answer to one request: built only by `answer`, from the request itself. */
export type ReplyMessage<K extends RequestType = RequestType> = {
  [P in K]: { type: 'reply'; requestId: number; request: P; answer: Answer<Reply<P>> };
}[K];

/** One handler per request, each returning that request's reply: leaving one out, or answering with
 * another request's reply, does not compile. */
export type RequestHandlers = { [K in RequestType]: (params: Params<K>) => Promise<Answer<Reply<K>>> };

/** Runs the request's handler and wraps what it gives (or throws) as the reply to that request. */
export async function answer<K extends RequestType>(handlers: RequestHandlers, message: RequestMessage<K>): Promise<ReplyMessage<K>> {
  const handle: (params: Params<K>) => Promise<Answer<Reply<K>>> = handlers[message.type];
  let result: Answer<Reply<K>>;
  try {
    result = await handle(message.params);
  } catch (error) {
    result = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  return { type: 'reply', requestId: message.requestId, request: message.type, answer: result };
}

/** Everything the extension sends the page on its own: the page draws what it is told. */
export interface PushMap {
  /** Replace (selection) or fill (empty box) the topic: the command was run without a topic. */
  prefill: { topic: string; replace: boolean };
  roundStarted: { round: Round };
  /** Ideas completed by the latest part of the answer. */
  ideas: { roundId: string; ideas: string[] };
  roundEnded: { round: Round };
  history: { history: Round[] };
}

export type PushMessage = { [K in keyof PushMap]: { type: K } & PushMap[K] }[keyof PushMap];
export type ToWebview = PushMessage | ReplyMessage;

/** Cancels a timer set with `Schedule`. */
export type Cancel = () => void;
export type Schedule = (delayMs: number, run: () => void) => Cancel;

export interface Requester {
  /** Sends a request; settles with its reply, or with a failure when none comes within the timeout. */
  request<K extends RequestType>(type: K, params: Params<K>): Promise<Answer<Reply<K>>>;
  /** Hands a reply from the extension to the request that waits for it. */
  receive(reply: ReplyMessage): void;
}

/**
 * The page's side of the requests: ids, the reply each waits for, and a timeout after which it settles
 * as failed with `timeoutMessage` (so no button waits forever). A reply that names another request
 * than the one with its id, or comes after the timeout, is dropped.
 */
export function createRequester(
  send: (message: RequestMessage) => void,
  { timeoutMs, schedule, timeoutMessage }: { timeoutMs: number; schedule: Schedule; timeoutMessage: (type: RequestType) => string },
): Requester {
  let nextId = 1;
  const pending = new Map<number, { type: RequestType; settle: (answer: Answer<unknown>) => void }>();
  return {
    request<K extends RequestType>(type: K, params: Params<K>): Promise<Answer<Reply<K>>> {
      const requestId = nextId++;
      return new Promise((resolve) => {
        const cancel = schedule(timeoutMs, () => {
          pending.delete(requestId);
          resolve({ ok: false, error: timeoutMessage(type) });
        });
        pending.set(requestId, {
          type,
          settle: (answer) => {
            cancel();
            resolve(answer as Answer<Reply<K>>);
          },
        });
        send({ type, requestId, params } as RequestMessage);
      });
    },
    receive(reply) {
      const waiting = pending.get(reply.requestId);
      if (!waiting || waiting.type !== reply.request) return;
      pending.delete(reply.requestId);
      waiting.settle(reply.answer);
    },
  };
}

export type Validated = { ok: true; message: FromWebview } | { ok: false; error: string };

type Field = (value: unknown) => string | undefined;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

function text(max: number, { allowEmpty = false } = {}): Field {
  return (value) => {
    if (typeof value !== 'string') return 'must be a string';
    if (!allowEmpty && value.trim() === '') return 'must not be empty';
    if (value.length > max) return `must be at most ${max} characters`;
    return undefined;
  };
}

const id: Field = (value) =>
  typeof value === 'string' && /^[a-z0-9][a-z0-9-]{0,99}$/.test(value) ? undefined : 'must be an id (a-z, 0-9, -)';

const requestId: Field = (value) =>
  Number.isSafeInteger(value) && (value as number) >= 0 ? undefined : 'must be a non-negative integer';

const count: Field = (value) =>
  Number.isInteger(value) && (value as number) >= MIN_COUNT && (value as number) <= MAX_COUNT
    ? undefined
    : `must be an integer from ${MIN_COUNT} to ${MAX_COUNT}`;

const excluded: Field = (value) => {
  if (!Array.isArray(value)) return 'must be an array';
  if (value.length > MAX_EXCLUDED) return `must have at most ${MAX_EXCLUDED} entries`;
  const bad = value.findIndex((entry) => text(MAX_IDEA_LENGTH)(entry) !== undefined);
  return bad === -1 ? undefined : `entry ${bad} must be a non-empty string of at most ${MAX_IDEA_LENGTH} characters`;
};

const optional = (field: Field): Field => (value) => (value === undefined ? undefined : field(value));

const ideaRef: Field = (value) => {
  if (!isPlainObject(value)) return 'must be an object';
  const keys = Object.keys(value).sort().join(',');
  if (keys === 'index,roundId') {
    return id(value.roundId) ?? (Number.isSafeInteger(value.index) && (value.index as number) >= 0 ? undefined : 'index must be a non-negative integer');
  }
  if (keys === 'keeperId') return id(value.keeperId);
  return 'must be { roundId, index } or { keeperId }';
};

/** Each message type: whether it is a request (and so carries a `requestId`), and its parameters' checks. */
const SCHEMAS: { [K in RequestType]: { request: true; params: Record<keyof Params<K>, Field> } } & {
  [K in keyof NotificationMap]: { request: false; params: Record<keyof NotificationMap[K], Field> };
} = {
  ready: { request: true, params: {} },
  brainstorm: {
    request: true,
    params: {
      category: id,
      topic: text(MAX_TOPIC_LENGTH),
      style: id,
      count,
      exclude: excluded,
      seed: optional(text(MAX_IDEA_LENGTH)),
    },
  },
  stop: { request: false, params: {} },
  insert: { request: true, params: { idea: ideaRef } },
  copy: { request: true, params: { idea: ideaRef } },
  keep: { request: true, params: { idea: ideaRef } },
  unkeep: { request: true, params: { id } },
  clearHistory: { request: true, params: {} },
};

/**
 * Checks a message from the page: a known type, `requestId` exactly when it is a request, and
 * `params` with exactly the known fields, each of the right shape.
 */
export function validateFromWebview(message: unknown): Validated {
  if (!isPlainObject(message)) return { ok: false, error: 'a message must be an object' };
  const type = message.type;
  if (typeof type !== 'string' || !Object.hasOwn(SCHEMAS, type)) return { ok: false, error: `unknown message type ${JSON.stringify(type)}` };
  const schema = SCHEMAS[type as keyof typeof SCHEMAS] as { request: boolean; params: Record<string, Field> };
  const envelope = schema.request ? ['type', 'requestId', 'params'] : ['type', 'params'];
  for (const key of Object.keys(message)) {
    if (!envelope.includes(key)) return { ok: false, error: `${type}: unexpected field ${JSON.stringify(key)}` };
  }
  if (schema.request) {
    const problem = requestId(message.requestId);
    if (problem) return { ok: false, error: `${type}.requestId ${problem}` };
  }
  const params = message.params;
  if (!isPlainObject(params)) return { ok: false, error: `${type}.params must be an object` };
  for (const key of Object.keys(params)) {
    if (!Object.hasOwn(schema.params, key)) return { ok: false, error: `${type}: unexpected field ${JSON.stringify(key)}` };
  }
  for (const [key, check] of Object.entries(schema.params)) {
    const problem = check(params[key]);
    if (problem) return { ok: false, error: `${type}.${key} ${problem}` };
  }
  return { ok: true, message: message as FromWebview };
}
