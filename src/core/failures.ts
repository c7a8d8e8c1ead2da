// Every way a request to a model can fail, decided in one place: which stable error code a script
// sees, which message the writer reads, which action fixes it, and whether trying again may help.
// The connection layer describes what happened in neutral terms; the messages themselves are
// written (and translated) in the extension, keyed by `FailureMessage`.
import type { ErrorCode } from './types';

export type ProviderId = 'openai' | 'openai-compatible' | 'ollama' | 'lmstudio' | 'azure' | 'vscode-lm' | 'local';

export type FailureKind =
  /** A key is needed and none is stored for this provider and host. */
  | 'no-key'
  /** No model is chosen and the server lists none. */
  | 'no-model'
  /** `auto` found nothing to talk to and the writer chose no way to connect. */
  | 'no-provider'
  /** A connection setting is missing or is not a URL. */
  | 'bad-setting'
  /** The writer did not allow sending text to this host. */
  | 'not-confirmed'
  /** The server answered with an HTTP error status. */
  | 'api'
  /** No answer: refused, DNS, TLS, reset (`code` holds the system error code). */
  | 'connection'
  /** The server redirected the request to another origin, which was not followed. */
  | 'redirect'
  /** The server went silent for longer than the request timeout. */
  | 'timeout'
  /** The answer stopped without an end: the connection was cut. */
  | 'stream'
  /** The server reported an error inside a stream that had started well. */
  | 'in-band'
  /** The model declined to answer (the `refusal` field). */
  | 'refusal'
  /** `finish_reason: content_filter`. */
  | 'content-filter'
  /** VS Code's Language Model API failed (`code`: NoPermissions, Blocked, NotFound or other). */
  | 'lm'
  /** The model on this computer could not run (`code`: a LocalFailureCode). */
  | 'local';

/** Why the `local` provider could not run its model. */
export type LocalFailureCode = 'no-model-path' | 'missing-file' | 'not-a-model' | 'no-memory' | 'load-failed' | 'no-runtime' | 'no-platform';

export interface FailureDescription {
  kind: FailureKind;
  provider: ProviderId;
  status?: number;
  code?: string;
}

/** Which message the writer reads; each has one English text (and its translation) in the extension. */
export type FailureMessage =
  | 'no-key'
  | 'auth'
  | 'forbidden'
  | 'model-not-found'
  | 'no-model'
  | 'rate-limited'
  | 'quota'
  | 'server-error'
  | 'bad-request'
  | 'context-too-long'
  | 'local-not-running'
  | 'refused-connection'
  | 'dns'
  | 'tls'
  | 'unreachable'
  | 'redirect'
  | 'timeout'
  | 'stream-cut'
  | 'in-band'
  | 'refusal'
  | 'content-filter'
  | 'not-confirmed'
  | 'no-provider'
  | 'bad-setting'
  | 'lm-no-permission'
  | 'lm-blocked'
  | 'lm-no-models'
  | 'lm-failed'
  | 'local-no-model'
  | 'local-missing-file'
  | 'local-not-a-model'
  | 'local-no-memory'
  | 'local-load-failed'
  | 'local-no-runtime'
  | 'local-no-platform';

/** What the writer can do about it, offered as a button with the message. */
export type FailureAction = 'setApiKey' | 'selectModel' | 'openSettings' | 'showLog' | 'connect' | 'confirmHost' | 'installRuntime';

export interface Failure {
  errorCode: ErrorCode;
  message: FailureMessage;
  action?: FailureAction;
  /** Worth sending again (only ever before the first token arrived). */
  retryable: boolean;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL']);
const REFUSED_CODES = new Set(['ECONNREFUSED', 'EADDRNOTAVAIL', 'EHOSTUNREACH', 'ENETUNREACH']);

function isTlsCode(code: string): boolean {
  return (
    /^ERR_(?:TLS|SSL)_/.test(code) ||
    /CERT|SELF_SIGNED|UNABLE_TO_(?:GET|VERIFY)/.test(code) ||
    code === 'EPROTO'
  );
}

const isLocalPreset = (provider: ProviderId) => provider === 'ollama' || provider === 'lmstudio';

function fromStatus(status: number, code: string | undefined): Failure {
  if (status === 401) return { errorCode: 'auth', message: 'auth', action: 'setApiKey', retryable: false };
  if (status === 403) return { errorCode: 'forbidden', message: 'forbidden', action: 'showLog', retryable: false };
  if (status === 404) return { errorCode: 'model-not-found', message: 'model-not-found', action: 'selectModel', retryable: false };
  if (status === 429) {
    return code === 'insufficient_quota'
      ? { errorCode: 'rate-limited', message: 'quota', retryable: false }
      : { errorCode: 'rate-limited', message: 'rate-limited', retryable: true };
  }
  if (status >= 500) {
    return { errorCode: 'server-error', message: 'server-error', action: 'showLog', retryable: [500, 502, 503, 504, 529].includes(status) };
  }
  if (code === 'context_length_exceeded') {
    return { errorCode: 'server-error', message: 'context-too-long', action: 'openSettings', retryable: false };
  }
  return { errorCode: 'server-error', message: 'bad-request', action: 'showLog', retryable: status === 408 };
}

function fromConnection(provider: ProviderId, code: string | undefined): Failure {
  if (code && REFUSED_CODES.has(code)) {
    return isLocalPreset(provider)
      ? { errorCode: 'unreachable', message: 'local-not-running', retryable: false }
      : { errorCode: 'unreachable', message: 'refused-connection', action: 'openSettings', retryable: false };
  }
  if (code && DNS_CODES.has(code)) return { errorCode: 'unreachable', message: 'dns', action: 'openSettings', retryable: false };
  if (code && isTlsCode(code)) return { errorCode: 'unreachable', message: 'tls', action: 'showLog', retryable: false };
  // Resets and dropped connections are usually passing trouble.
  return { errorCode: 'unreachable', message: 'unreachable', action: 'showLog', retryable: true };
}

function fromLanguageModel(code: string | undefined): Failure {
  if (code === 'NoPermissions') return { errorCode: 'forbidden', message: 'lm-no-permission', retryable: false };
  if (code === 'Blocked') return { errorCode: 'rate-limited', message: 'lm-blocked', retryable: false };
  if (code === 'NotFound') return { errorCode: 'model-not-found', message: 'lm-no-models', action: 'selectModel', retryable: false };
  return { errorCode: 'server-error', message: 'lm-failed', action: 'showLog', retryable: false };
}

const LOCAL_FAILURES: Record<LocalFailureCode, Failure> = {
  'no-model-path': { errorCode: 'model-not-found', message: 'local-no-model', action: 'selectModel', retryable: false },
  'missing-file': { errorCode: 'model-not-found', message: 'local-missing-file', action: 'selectModel', retryable: false },
  'not-a-model': { errorCode: 'model-not-found', message: 'local-not-a-model', action: 'selectModel', retryable: false },
  'no-memory': { errorCode: 'server-error', message: 'local-no-memory', action: 'selectModel', retryable: false },
  'load-failed': { errorCode: 'server-error', message: 'local-load-failed', action: 'showLog', retryable: false },
  // Nothing is downloaded without the writer's click: the message offers the download.
  'no-runtime': { errorCode: 'not-confirmed', message: 'local-no-runtime', action: 'installRuntime', retryable: false },
  'no-platform': { errorCode: 'server-error', message: 'local-no-platform', retryable: false },
};

export function classifyFailure({ kind, provider, status, code }: FailureDescription): Failure {
  switch (kind) {
    case 'no-key':
      return { errorCode: 'no-key', message: 'no-key', action: 'setApiKey', retryable: false };
    case 'no-model':
      return { errorCode: 'model-not-found', message: 'no-model', action: 'selectModel', retryable: false };
    case 'no-provider':
      return { errorCode: 'no-key', message: 'no-provider', action: 'connect', retryable: false };
    case 'bad-setting':
      return { errorCode: 'unreachable', message: 'bad-setting', action: 'openSettings', retryable: false };
    case 'not-confirmed':
      return { errorCode: 'not-confirmed', message: 'not-confirmed', action: 'confirmHost', retryable: false };
    case 'api':
      return status === undefined
        ? { errorCode: 'stream-broken', message: 'in-band', action: 'showLog', retryable: false }
        : fromStatus(status, code);
    case 'connection':
      return fromConnection(provider, code);
    case 'redirect':
      return { errorCode: 'unreachable', message: 'redirect', action: 'openSettings', retryable: false };
    case 'timeout':
      return { errorCode: 'timeout', message: 'timeout', action: 'openSettings', retryable: false };
    case 'stream':
      return { errorCode: 'stream-broken', message: 'stream-cut', action: 'showLog', retryable: false };
    case 'in-band':
      return { errorCode: 'stream-broken', message: 'in-band', action: 'showLog', retryable: false };
    case 'refusal':
      return { errorCode: 'refused', message: 'refusal', retryable: false };
    case 'content-filter':
      return { errorCode: 'refused', message: 'content-filter', retryable: false };
    case 'lm':
      return fromLanguageModel(code);
    case 'local':
      return LOCAL_FAILURES[code as LocalFailureCode] ?? LOCAL_FAILURES['load-failed'];
  }
}

/** Longest wait before a retry that is still worth it; a server asking for more is reported at once. */
export const MAX_RETRY_WAIT_MS = 20_000;

/**
 * How long to wait before retry number `attempt` (1-based): the server's `Retry-After` (seconds or an
 * HTTP date) or `retry-after-ms` when it gives one, else a growing pause. Undefined when the server
 * asks for longer than is worth waiting.
 */
export function retryDelayMs(
  attempt: number,
  headers: { retryAfter?: string | null; retryAfterMs?: string | null } = {},
  now = Date.now(),
): number | undefined {
  let asked: number | undefined;
  const ms = Number(headers.retryAfterMs);
  if (headers.retryAfterMs && Number.isFinite(ms)) asked = ms;
  else if (headers.retryAfter) {
    const seconds = Number(headers.retryAfter);
    const date = Date.parse(headers.retryAfter);
    if (Number.isFinite(seconds)) asked = seconds * 1000;
    else if (Number.isFinite(date)) asked = date - now;
  }
  if (asked !== undefined) return asked > MAX_RETRY_WAIT_MS ? undefined : Math.max(0, asked);
  return 500 * 2 ** (attempt - 1);
}
