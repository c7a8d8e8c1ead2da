// One GGUF model in memory, run by node-llama-cpp: loaded on first use, one at a time, one answer
// at a time. Nothing here knows VS Code, so the benchmark and the unit tests drive it in plain Node.
import { availableParallelism, freemem } from 'node:os';
import { stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { ChatMessage, Usage } from '../../../core/types';
import { checkGguf, type GgufHeader, type GgufProblem } from './gguf';

// The few parts of node-llama-cpp used here, typed by hand: the package is fetched at run time, so
// its own types are not part of the build.
interface TokenMeter {
  usedInputTokens: number;
  usedOutputTokens: number;
}
interface Sequence {
  tokenMeter: TokenMeter;
  clearHistory(): Promise<void>;
}
interface Context {
  getSequence(): Sequence;
  dispose(): Promise<void>;
}
interface Model {
  trainContextSize: number;
  createContext(options: { contextSize: number; threads: number; sequences: number }): Promise<Context>;
  dispose(): Promise<void>;
}
type ChatWrapper = object;
type HistoryItem = { type: 'system'; text: string } | { type: 'user'; text: string } | { type: 'model'; response: string[] };
interface Session {
  setChatHistory(history: HistoryItem[]): void;
  promptWithMeta(
    text: string,
    options: { onTextChunk(text: string): void; signal: AbortSignal; stopOnAbortSignal: boolean; maxTokens: number; temperature: number },
  ): Promise<{ responseText: string; stopReason: string }>;
  dispose(options: { disposeSequence: boolean }): void;
}
interface Llama {
  loadModel(options: { modelPath: string; gpuLayers?: number | 'auto' }): Promise<Model>;
}
export interface LlamaModule {
  getLlama(options: object): Promise<Llama>;
  resolveChatWrapper(model: Model): ChatWrapper | null;
  LlamaChatSession: new (options: { contextSequence: Sequence; chatWrapper?: ChatWrapper; autoDisposeSequence: boolean }) => Session;
  InsufficientMemoryError: new (...args: never[]) => Error;
}

export type EngineFailureCode = 'missing-file' | 'not-a-model' | 'no-memory' | 'load-failed';

export class EngineFailure extends Error {
  constructor(readonly code: EngineFailureCode, readonly detail: string, readonly gguf?: GgufProblem) {
    super(gguf ? `${gguf}: ${detail}` : detail);
  }
}

export interface GenerateOptions {
  temperature: number;
  maxTokens: number;
}

export interface GenerateEnd {
  /** `stop` (the model ended), `length` (maxTokens), or `abort` (the signal). */
  finishReason: 'stop' | 'length' | 'abort';
  usage: Usage;
}

/** Room for the instructions, style and chat template beside the manuscript budget. */
const PROMPT_OVERHEAD_TOKENS = 1024;

/** The context to create: the manuscript budget and the answer, within what the model was trained for. */
export function contextSizeFor(contextTokens: number, maxOutputTokens: number, trainContext: number): number {
  const wanted = contextTokens + maxOutputTokens + PROMPT_OVERHEAD_TOKENS;
  return trainContext > 0 ? Math.min(wanted, trainContext) : wanted;
}

/** Bytes a load needs beyond what is free: the weights (read into memory) and a margin; 0 when it fits. */
export function memoryShortfall(fileBytes: number, freeBytes: number): number {
  const needed = fileBytes * 1.1 + 256 * 2 ** 20;
  return Math.max(0, Math.ceil(needed - freeBytes));
}

/** Half the cores: on a busy machine more threads than that made generation many times slower. */
const threads = () => Math.max(1, Math.floor(availableParallelism() / 2));

interface Loaded {
  path: string;
  header: GgufHeader;
  model: Model;
  chatWrapper: ChatWrapper | undefined;
  context?: { size: number; context: Context; sequence: Sequence };
}

export class LocalEngine {
  private module?: Promise<LlamaModule>;
  private llama?: Promise<Llama>;
  private loaded?: Loaded;
  private loading?: Promise<Loaded>;
  /** The answer being generated, so the next one waits for it. */
  private running: Promise<unknown> = Promise.resolve();

  /** `entry` is node-llama-cpp's dist/index.js. */
  constructor(private readonly entry: string, private readonly log: (line: string) => void = () => {}) {}

  get loadedModel(): string | undefined {
    return this.loaded?.path;
  }

  private runtime(): Promise<LlamaModule> {
    // ESM with top-level await: require() cannot load it, import() can.
    return (this.module ??= import(pathToFileURL(this.entry).href) as Promise<LlamaModule>);
  }

  /** Loads `modelPath` (unloading any other model first) unless it is loaded. Throws EngineFailure. */
  async load(modelPath: string): Promise<GgufHeader> {
    if (this.loaded?.path === modelPath) return this.loaded.header;
    if (this.loading) await this.loading.catch(() => undefined);
    if (this.loaded?.path === modelPath) return this.loaded.header;
    await this.unload();
    this.loading = this.loadModel(modelPath);
    try {
      this.loaded = await this.loading;
      return this.loaded.header;
    } finally {
      this.loading = undefined;
    }
  }

  private async loadModel(modelPath: string): Promise<Loaded> {
    const info = await stat(modelPath).catch(() => undefined);
    if (!info) throw new EngineFailure('missing-file', modelPath);
    if (!info.isFile()) throw new EngineFailure('not-a-model', modelPath, 'not-gguf');
    const checked = await checkGguf(modelPath);
    if (!checked.ok) throw new EngineFailure('not-a-model', checked.detail, checked.problem);
    const shortfall = memoryShortfall(info.size, freemem());
    if (shortfall > 0) throw new EngineFailure('no-memory', String(shortfall));
    const module = await this.runtime();
    try {
      this.llama ??= module.getLlama({ build: 'never', gpu: process.platform === 'darwin' ? 'auto' : false, logLevel: 'error', progressLogs: false });
      const llama = await this.llama;
      const started = performance.now();
      const model = await llama.loadModel({ modelPath });
      // Resolved once per model: left to each session, identifying the template costs 170–290 ms a request.
      const chatWrapper = module.resolveChatWrapper(model) ?? undefined;
      this.log(`loaded ${modelPath} in ${Math.round(performance.now() - started)} ms (${checked.header.architecture}, trained context ${model.trainContextSize})`);
      return { path: modelPath, header: checked.header, model, chatWrapper };
    } catch (error) {
      if (error instanceof module.InsufficientMemoryError) throw new EngineFailure('no-memory', error.message);
      throw new EngineFailure('load-failed', error instanceof Error ? error.message : String(error));
    }
  }

  /** A context of `size` tokens for the loaded model, made again only when the size changes. */
  private async contextOf(loaded: Loaded, size: number) {
    if (loaded.context?.size === size) return loaded.context;
    await loaded.context?.context.dispose();
    loaded.context = undefined;
    try {
      const context = await loaded.model.createContext({ contextSize: size, threads: threads(), sequences: 1 });
      loaded.context = { size, context, sequence: context.getSequence() };
      return loaded.context;
    } catch (error) {
      throw new EngineFailure(/memory/i.test(String(error)) ? 'no-memory' : 'load-failed', error instanceof Error ? error.message : String(error));
    }
  }

  /**
   * Streams one answer of the loaded model to `onText`. Aborting `signal` stops it at once; what
   * arrived stays arrived. The conversation is forgotten afterwards, so its memory is free again.
   */
  generate(messages: ChatMessage[], options: GenerateOptions & { contextTokens: number }, signal: AbortSignal, onText: (text: string) => void): Promise<GenerateEnd> {
    const run = this.running.then(() => this.generateNow(messages, options, signal, onText));
    this.running = run.catch(() => undefined);
    return run;
  }

  private async generateNow(
    messages: ChatMessage[],
    { temperature, maxTokens, contextTokens }: GenerateOptions & { contextTokens: number },
    signal: AbortSignal,
    onText: (text: string) => void,
  ): Promise<GenerateEnd> {
    const loaded = this.loaded;
    if (!loaded) throw new EngineFailure('load-failed', 'no model is loaded');
    const noUsage = { promptTokens: 0, completionTokens: 0 };
    if (signal.aborted) return { finishReason: 'abort', usage: noUsage };
    const { sequence } = await this.contextOf(loaded, contextSizeFor(contextTokens, maxTokens, loaded.model.trainContextSize));
    const module = await this.runtime();
    const session = new module.LlamaChatSession({ contextSequence: sequence, chatWrapper: loaded.chatWrapper, autoDisposeSequence: false });
    const before = { input: sequence.tokenMeter.usedInputTokens, output: sequence.tokenMeter.usedOutputTokens };
    try {
      const last = messages.at(-1);
      const prompt = last?.role === 'user' ? last.content : '';
      const history = (last?.role === 'user' ? messages.slice(0, -1) : messages).map(
        (message): HistoryItem =>
          message.role === 'assistant' ? { type: 'model', response: [message.content] } : { type: message.role, text: message.content },
      );
      session.setChatHistory(history);
      const { stopReason } = await session.promptWithMeta(prompt, { onTextChunk: onText, signal, stopOnAbortSignal: true, maxTokens, temperature });
      const usage = {
        promptTokens: sequence.tokenMeter.usedInputTokens - before.input,
        completionTokens: sequence.tokenMeter.usedOutputTokens - before.output,
      };
      const finishReason = stopReason === 'abort' || signal.aborted ? 'abort' : stopReason === 'maxTokens' ? 'length' : 'stop';
      return { finishReason, usage };
    } finally {
      session.dispose({ disposeSequence: false });
      await sequence.clearHistory();
    }
  }

  /** Frees the model and its context (the runtime itself stays loaded: its memory is not returned). */
  async unload(): Promise<void> {
    const loaded = this.loaded;
    if (!loaded) return;
    this.loaded = undefined;
    await this.running;
    await loaded.context?.context.dispose();
    await loaded.model.dispose();
    this.log(`unloaded ${loaded.path}`);
  }
}
