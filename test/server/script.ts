// What a scripted reply looks like, and how it becomes the bytes a real OpenAI-compatible server sends.

export interface ChunkStep {
  text?: string;
  reasoning?: string;
  /** Where the reasoning goes: DeepSeek, llama.cpp and older vLLM say `reasoning_content`, Ollama and newer vLLM `reasoning`. */
  reasoningField?: 'reasoning_content' | 'reasoning';
  refusal?: string;
  /** What the server says (any string: vLLM's `abort`, `tool_calls`…). */
  finishReason?: string | null;
  /** Wait before this chunk. */
  delayMs?: number;
  /** A chunk with `choices: []`, as Azure's content-filter chunks are. */
  emptyChoices?: boolean;
  /** Bytes written verbatim, for malformed events, comments, `event: error`. */
  raw?: string;
}

export interface Reply {
  /** Default 200 (500 when `error` is given); any other status sends an OpenAI-shaped error body. */
  status?: number;
  headers?: Record<string, string>;
  /** `code` is a number in llama.cpp's server (`400`). */
  error?: { message: string; type?: string; code?: string | number | null };
  /** Streamed when the request has `stream: true`; joined into one completion when not. */
  chunks?: ChunkStep[];
  /** The whole answer, split into small chunks of a few characters. */
  text?: string;
  /** Default: sent when the request asks for it with `stream_options.include_usage` (always when not streaming). */
  usage?: { prompt_tokens: number; completion_tokens: number } | 'none';
  /** Send that many events, then go silent with the socket open until the client closes it. */
  stallAfterChunks?: number;
  /** Send that many events, then destroy the socket without `[DONE]`. */
  cutAfterChunks?: number;
  /** After the chunks, `data: {"error": …}` as OpenRouter reports a failure after HTTP 200. */
  inBandError?: { message: string };
  /** Default true: write each event in small slices that split multi-byte characters and `data:` lines. */
  splitBytes?: boolean;
  /** Wait before the response headers. */
  delayMs?: number;
}

/** One server-sent event: its bytes, and the text it carries (for observers). */
export interface WireEvent {
  bytes: Buffer;
  text: string;
  delayMs: number;
}

export interface Completion {
  id: string;
  created: number;
  model: string;
  promptTokens: number;
}

const pieceSizes = [3, 1, 4, 2];

/** Splits an answer the way a model streams tokens: a few characters at a time, never inside a code point. */
export function textSteps(text: string): ChunkStep[] {
  const codePoints = Array.from(text);
  const steps: ChunkStep[] = [];
  for (let at = 0, n = 0; at < codePoints.length; n++) {
    const size = pieceSizes[n % pieceSizes.length];
    steps.push({ text: codePoints.slice(at, at + size).join('') });
    at += size;
  }
  return steps;
}

function stepsOf(reply: Reply): ChunkStep[] {
  return reply.chunks ?? textSteps(reply.text ?? '');
}

function usageOf(reply: Reply, completion: Completion, answer: string) {
  const counts = typeof reply.usage === 'object'
    ? reply.usage
    : { prompt_tokens: completion.promptTokens, completion_tokens: Math.ceil(answer.length / 4) };
  return { ...counts, total_tokens: counts.prompt_tokens + counts.completion_tokens };
}

function sseData(json: unknown): Buffer {
  return Buffer.from(`data: ${typeof json === 'string' ? json : JSON.stringify(json)}\n\n`);
}

/** The events of a streamed answer, ending in `data: [DONE]`. */
export function streamEvents(reply: Reply, completion: Completion, includeUsage: boolean): WireEvent[] {
  const sendUsage = reply.usage !== 'none' && (includeUsage || typeof reply.usage === 'object');
  const chunk = (choices: unknown[]) => ({
    id: completion.id,
    object: 'chat.completion.chunk',
    created: completion.created,
    model: completion.model,
    choices,
    ...(sendUsage ? { usage: null } : {}),
  });
  const events: WireEvent[] = [];
  let roleSent = false;
  let finished = false;
  let answer = '';
  const choice = (delta: Record<string, unknown>, finishReason: string | null) => {
    const withRole = roleSent ? delta : { role: 'assistant', ...delta };
    roleSent = true;
    finished ||= finishReason !== null;
    return chunk([{ index: 0, delta: withRole, logprobs: null, finish_reason: finishReason }]);
  };

  for (const step of stepsOf(reply)) {
    const delayMs = step.delayMs ?? 0;
    if (step.raw !== undefined) {
      events.push({ bytes: Buffer.from(step.raw), text: step.raw, delayMs });
      continue;
    }
    if (step.emptyChoices) {
      events.push({ bytes: sseData(chunk([])), text: '', delayMs });
      continue;
    }
    const delta: Record<string, unknown> = {};
    if (step.reasoning !== undefined) delta[step.reasoningField ?? 'reasoning_content'] = step.reasoning;
    if (step.text !== undefined) delta.content = step.text;
    if (step.refusal !== undefined) delta.refusal = step.refusal;
    answer += step.text ?? '';
    const text = step.text ?? step.reasoning ?? step.refusal ?? '';
    events.push({ bytes: sseData(choice(delta, step.finishReason ?? null)), text, delayMs });
  }

  if (reply.inBandError) {
    events.push({ bytes: sseData({ error: { message: reply.inBandError.message } }), text: '', delayMs: 0 });
  } else {
    if (!finished) events.push({ bytes: sseData(choice({}, 'stop')), text: '', delayMs: 0 });
    if (sendUsage) {
      const usageChunk = { ...chunk([]), usage: usageOf(reply, completion, answer) };
      events.push({ bytes: sseData(usageChunk), text: '', delayMs: 0 });
    }
  }
  events.push({ bytes: sseData('[DONE]'), text: '', delayMs: 0 });
  return events;
}

/** The same script as one non-streamed `chat.completion`. */
export function completionBody(reply: Reply, completion: Completion): unknown {
  const steps = stepsOf(reply);
  const join = (pick: (step: ChunkStep) => string | undefined) => {
    const parts = steps.map(pick).filter((part) => part !== undefined);
    return parts.length ? parts.join('') : null;
  };
  const content = join((step) => step.text) ?? '';
  const reasoning = join((step) => step.reasoning);
  const reasoningField = steps.find((step) => step.reasoning !== undefined)?.reasoningField ?? 'reasoning_content';
  const finishReason = [...steps].reverse().find((step) => step.finishReason)?.finishReason ?? 'stop';
  return {
    id: completion.id,
    object: 'chat.completion',
    created: completion.created,
    model: completion.model,
    choices: [{
      index: 0,
      message: {
        role: 'assistant',
        content,
        refusal: join((step) => step.refusal),
        annotations: [],
        ...(reasoning === null ? {} : { [reasoningField]: reasoning }),
      },
      logprobs: null,
      finish_reason: finishReason,
    }],
    ...(reply.usage === 'none' ? {} : { usage: usageOf(reply, completion, content) }),
  };
}

/** An OpenAI-shaped error body. */
export function errorBody(status: number, error?: Reply['error']): unknown {
  const type = error?.type ?? (status >= 500 ? 'server_error' : status === 429 ? 'requests' : 'invalid_request_error');
  const code = error?.code !== undefined ? error.code : status === 429 ? 'rate_limit_exceeded' : null;
  return { error: { message: error?.message ?? `HTTP ${status}`, type, param: null, code } };
}

/**
 * Where a real network splits an event: between `data:` and its JSON, inside the first multi-byte
 * character and inside the first emoji (4-byte sequence), and between the two newlines that end it.
 */
export function wireSlices(bytes: Buffer): Buffer[] {
  const cuts = new Set<number>();
  const data = bytes.indexOf('data:');
  if (data >= 0) cuts.add(data + 5);
  const multiByte = bytes.findIndex((byte) => byte >= 0xc0);
  if (multiByte >= 0) cuts.add(multiByte + 1);
  const fourByte = bytes.findIndex((byte) => byte >= 0xf0);
  if (fourByte >= 0) cuts.add(fourByte + 2);
  cuts.add(bytes.length - 1);
  const ordered = [...cuts].filter((cut) => cut > 0 && cut < bytes.length).sort((a, b) => a - b);
  return [0, ...ordered].map((start, i) => bytes.subarray(start, ordered[i] ?? bytes.length));
}
