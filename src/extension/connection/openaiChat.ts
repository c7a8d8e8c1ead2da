// Chat Completions through the official `openai` package, for OpenAI, Azure and every
// OpenAI-compatible server. The package is loaded on the first request, never at activation.
import type { ChatMessage, Usage } from '../../core/types';
import { hostOf, originOf } from '../../core/hosts';
import type { Problem } from './problems';
import { RedirectRefused, sameOriginFetch } from './sameOriginFetch';
import { PROVIDER_NAMES, type ChatTarget, type StreamEvents } from './targets';

type OpenAIModule = typeof import('openai');
type Client = InstanceType<OpenAIModule['OpenAI']>;

let loading: Promise<OpenAIModule> | undefined;
const loadOpenAI = () => (loading ??= import('openai'));

export interface ChatOptions {
  messages: ChatMessage[];
  temperature: number | null;
  maxOutputTokens: number;
  /** Send `max_completion_tokens` and no temperature, as reasoning models want. */
  asReasoningModel: boolean;
}

export interface StreamEnd {
  finishReason?: string;
  usage?: Usage;
  refusal?: string;
}

/** Azure accepted `stream_options` only from api-version 2024-10-21 on. */
function acceptsStreamOptions(target: ChatTarget): boolean {
  return target.provider !== 'azure' || (target.azureApiVersion ?? '').slice(0, 10) >= '2024-10-21';
}

/** Placeholder for servers that need no key: the package refuses to start without one, and the
 * Authorization header it would make from it is removed below. */
const NO_KEY = 'none';

let lastClient: { identity: string; client: Client } | undefined;

/** The client for `target` and `key`: the last one made while they stay the same, as a writer's requests mostly go to one place. */
function clientFor(openai: OpenAIModule, target: ChatTarget, key: string | undefined): Client {
  const identity = JSON.stringify([target.provider, target.baseUrl, target.azureApiVersion, target.provider === 'azure' ? target.model : '', key]);
  if (lastClient?.identity !== identity) lastClient = { identity, client: createClient(openai, target, key) };
  return lastClient.client;
}

function createClient(openai: OpenAIModule, target: ChatTarget, key: string | undefined): Client {
  const common = { maxRetries: 0, logLevel: 'off' as const, timeout: 24 * 60 * 60 * 1000, fetch: sameOriginFetch() };
  if (target.provider === 'azure') {
    return new openai.AzureOpenAI({ ...common, apiKey: key ?? NO_KEY, endpoint: target.baseUrl, apiVersion: target.azureApiVersion, deployment: target.model });
  }
  return new openai.OpenAI({
    ...common,
    apiKey: key ?? NO_KEY,
    baseURL: target.baseUrl,
    ...(key === undefined ? { defaultHeaders: { Authorization: null } } : {}),
  });
}

function requestBody(target: ChatTarget, options: ChatOptions) {
  const limits = options.asReasoningModel
    ? { max_completion_tokens: options.maxOutputTokens }
    : { max_tokens: options.maxOutputTokens, ...(options.temperature === null ? {} : { temperature: options.temperature }) };
  return {
    model: target.model,
    messages: options.messages.map(({ role, content }) => ({ role, content })),
    stream: true as const,
    ...(acceptsStreamOptions(target) ? { stream_options: { include_usage: true } } : {}),
    ...limits,
  };
}

/** Streams one answer. Throws what the package throws; the caller describes it with `describeChatError`. */
export async function streamChat(
  target: ChatTarget,
  key: string | undefined,
  options: ChatOptions,
  signal: AbortSignal,
  events: StreamEvents,
): Promise<StreamEnd> {
  const openai = await loadOpenAI();
  const client = clientFor(openai, target, key);
  const stream = await client.chat.completions.create(requestBody(target, options), { signal });
  const end: StreamEnd = {};
  let refusal = '';
  for await (const chunk of stream) {
    events.activity();
    if (chunk.usage) end.usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
    // Azure's filter chunks and the usage chunk have no choices; only the first choice is asked for.
    for (const choice of chunk.choices ?? []) {
      if ((choice.index ?? 0) !== 0) continue;
      const delta = choice.delta ?? {};
      if (typeof delta.refusal === 'string') refusal += delta.refusal;
      if (typeof delta.content === 'string' && delta.content.length > 0) events.content(delta.content);
      if (choice.finish_reason) end.finishReason = choice.finish_reason;
    }
  }
  if (refusal) end.refusal = refusal;
  return end;
}

/** The model ids a server lists, in its order. */
export async function listChatModels(target: ChatTarget, key: string | undefined, signal: AbortSignal): Promise<string[]> {
  const openai = await loadOpenAI();
  const client = clientFor(openai, target, key);
  const ids: string[] = [];
  for await (const model of client.models.list({ signal })) ids.push(model.id);
  return ids;
}

const SYSTEM_CODE = /^(?:E[A-Z0-9_]+|ERR_[A-Z0-9_]+|UND_ERR_[A-Z0-9_]+|[A-Z0-9_]*CERT[A-Z0-9_]*|[A-Z_]*SELF_SIGNED[A-Z_]*|UNABLE_TO_[A-Z_]+)$/;

/** The system error code (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED…) somewhere in an error's causes. */
export function systemErrorCode(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== 'object' || depth > 5) return undefined;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && SYSTEM_CODE.test(code)) return code;
  for (const inner of [cause, ...(Array.isArray(errors) ? errors : [])]) {
    const found = systemErrorCode(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function redirectIn(error: unknown, depth = 0): RedirectRefused | undefined {
  if (error instanceof RedirectRefused) return error;
  if (!error || typeof error !== 'object' || depth > 5) return undefined;
  return redirectIn((error as { cause?: unknown }).cause, depth + 1);
}

/** The readable message of an API error body, whatever shape the server gave it. */
function apiMessage(error: { error?: unknown; message: string }): string {
  const body = error.error as { message?: unknown } | string | undefined;
  if (typeof body === 'string') return body;
  if (body && typeof body.message === 'string') return body.message;
  return error.message;
}

/**
 * Turns what `streamChat` threw into a neutral description. `started` says whether any chunk had
 * arrived: an error after that is the stream breaking, not the server refusing.
 */
export async function describeChatError(error: unknown, target: ChatTarget, started: boolean): Promise<Problem> {
  const openai = await loadOpenAI();
  const where = hostOf(target.baseUrl) ?? PROVIDER_NAMES[target.provider];
  const base = { provider: target.provider, where, model: target.model };
  const redirect = redirectIn(error);
  if (redirect) {
    // Hosts name the servers; when only the scheme or port differs, the origins do.
    const sameHost = redirect.to !== undefined && hostOf(redirect.to) === hostOf(redirect.from);
    const name = (url: string) => (sameHost ? originOf(url) : hostOf(url)) ?? url;
    return { ...base, kind: 'redirect', where: name(redirect.from), redirectedTo: redirect.to === undefined ? '' : name(redirect.to) };
  }
  if (error instanceof openai.APIConnectionTimeoutError) return { ...base, kind: 'timeout' };
  if (error instanceof openai.APIConnectionError) return { ...base, kind: 'connection', code: systemErrorCode(error) };
  if (error instanceof openai.APIError) {
    const code = typeof error.code === 'string' ? error.code : undefined;
    if (error.status === undefined) return { ...base, kind: 'in-band', code, detail: apiMessage(error) };
    return {
      ...base,
      kind: 'api',
      status: error.status,
      code,
      param: error.param,
      detail: apiMessage(error),
      retryAfter: error.headers?.get('retry-after'),
      retryAfterMs: error.headers?.get('retry-after-ms'),
    };
  }
  const code = systemErrorCode(error);
  // Node's fetch gives up on its own after five silent minutes, which is a stall like ours.
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return { ...base, kind: 'timeout', code, timeoutSeconds: 300 };
  if (started) return { ...base, kind: 'stream', code, detail: error instanceof Error ? error.message : String(error) };
  return { ...base, kind: 'connection', code, detail: error instanceof Error ? error.message : String(error) };
}
