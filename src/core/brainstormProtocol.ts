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

export interface FromWebviewMap {
  ready: Record<string, never>;
  brainstorm: BrainstormRequest;
  stop: Record<string, never>;
  insert: { requestId: number; text: string };
  copy: { requestId: number; text: string };
  keep: { text: string; category: string };
  unkeep: { id: string };
  clearHistory: Record<string, never>;
}

export type FromWebview = { [K in keyof FromWebviewMap]: { type: K } & FromWebviewMap[K] }[keyof FromWebviewMap];

/** The reply to each request message, by request type. */
export interface ReplyMap {
  insert: { ok: boolean; error?: string };
  copy: { ok: boolean; error?: string };
}

export interface ToWebviewMap {
  init: InitialState;
  /** Replace (selection) or fill (empty box) the topic: the command was run without a topic. */
  prefill: { topic: string; replace: boolean };
  roundStarted: { round: Round };
  /** Ideas completed by the latest part of the answer. */
  ideas: { roundId: string; ideas: string[] };
  roundEnded: { round: Round };
  keepers: { keepers: Keeper[] };
  history: { history: Round[] };
  reply: { requestId: number } & ReplyMap[keyof ReplyMap];
}

export type ToWebview = { [K in keyof ToWebviewMap]: { type: K } & ToWebviewMap[K] }[keyof ToWebviewMap];

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

const SCHEMAS: { [K in keyof FromWebviewMap]: Record<keyof FromWebviewMap[K], Field> } = {
  ready: {},
  brainstorm: {
    category: id,
    topic: text(MAX_TOPIC_LENGTH),
    style: id,
    count,
    exclude: excluded,
    seed: optional(text(MAX_IDEA_LENGTH)),
  },
  stop: {},
  insert: { requestId, text: text(MAX_IDEA_LENGTH) },
  copy: { requestId, text: text(MAX_IDEA_LENGTH) },
  keep: { text: text(MAX_IDEA_LENGTH), category: id },
  unkeep: { id: text(100) },
  clearHistory: {},
};

/** Checks a message from the page: a known type, exactly the known fields, each of the right shape. */
export function validateFromWebview(message: unknown): Validated {
  if (!isPlainObject(message)) return { ok: false, error: 'a message must be an object' };
  const type = message.type;
  if (typeof type !== 'string' || !Object.hasOwn(SCHEMAS, type)) return { ok: false, error: `unknown message type ${JSON.stringify(type)}` };
  const schema = SCHEMAS[type as keyof FromWebviewMap] as Record<string, Field>;
  for (const key of Object.keys(message)) {
    if (key !== 'type' && !Object.hasOwn(schema, key)) return { ok: false, error: `${type}: unexpected field ${JSON.stringify(key)}` };
  }
  for (const [key, check] of Object.entries(schema)) {
    const problem = check(message[key]);
    if (problem) return { ok: false, error: `${type}.${key} ${problem}` };
  }
  return { ok: true, message: message as FromWebview };
}
