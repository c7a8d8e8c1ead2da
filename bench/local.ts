// The local provider's engine against node-llama-cpp's own bare generation loop, on the tiny test
// model, in one plain Node process: time to the first token, tokens per second, total time, and the
// memory the runtime and a loaded model add. Prints JSON; run by bench/run.mjs as
// `node --import tsx bench/local.ts <runs>`.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureLlamaRuntime, installedEntry } from '../test/gguf/llamaRuntime.mjs';
import { writeTinyModel } from '../test/gguf/tinyModel.mjs';
import { LocalEngine, contextSizeFor, type LlamaModule } from '../src/extension/connection/local/engine';

const runs = Number(process.argv[2] ?? 5);
const TOKENS = 300;
const CONTEXT_TOKENS = 1000;
const messages = [
  { role: 'system' as const, content: 'You continue the writer’s story in their own voice.' },
  { role: 'user' as const, content: 'Continue: The lamp had not failed in forty years, and Mara did not intend to let it fail tonight.' },
];

interface Run {
  firstTokenMs: number;
  totalMs: number;
  tokens: number;
}

async function timed(generate: (onText: () => void) => Promise<number>): Promise<Run> {
  const start = performance.now();
  let first: number | undefined;
  const tokens = await generate(() => (first ??= performance.now()));
  const end = performance.now();
  return { firstTokenMs: (first ?? end) - start, totalMs: end - start, tokens };
}

async function main() {
  if (!ensureLlamaRuntime(() => {})) throw new Error(`node-llama-cpp has no CPU build for ${process.platform}-${process.arch}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'inkwell-bench-local-'));
  try {
    const model = writeTinyModel(path.join(dir, 'tiny.gguf'));
    const rssBefore = process.memoryUsage().rss;
    const engine = new LocalEngine(installedEntry);
    await engine.load(model);
    const inkwellRun = () =>
      timed(async (onText) => {
        const end = await engine.generate(messages, { temperature: 0, maxTokens: TOKENS, contextTokens: CONTEXT_TOKENS }, new AbortController().signal, onText);
        return end.usage.completionTokens;
      });
    await inkwellRun();
    const rssAdded = process.memoryUsage().rss - rssBefore;

    // The bare loop: the same runtime, model, context size, threads and chat template, no Inkwell.
    const llamaCpp = (await import(pathToFileURL(installedEntry).href)) as LlamaModule & { getLlama(options: object): Promise<{ loadModel(o: object): Promise<never> }> };
    const llama = await llamaCpp.getLlama({ build: 'never', gpu: false, logLevel: 'error', progressLogs: false });
    const bareModel = await llama.loadModel({ modelPath: model });
    const context = await (bareModel as { createContext(o: object): Promise<{ getSequence(): unknown }> }).createContext({
      contextSize: contextSizeFor(CONTEXT_TOKENS, TOKENS, 4096),
      threads: Math.max(1, Math.floor(availableParallelism() / 2)),
      sequences: 1,
    });
    const sequence = context.getSequence() as { clearHistory(): Promise<void> };
    const chatWrapper = llamaCpp.resolveChatWrapper(bareModel) ?? undefined;
    const bareRun = () =>
      timed(async (onText) => {
        const session = new llamaCpp.LlamaChatSession({ contextSequence: sequence as never, chatWrapper, autoDisposeSequence: false });
        session.setChatHistory([{ type: 'system', text: messages[0].content }]);
        let tokens = 0;
        await session.promptWithMeta(messages[1].content, {
          onTextChunk: () => {
            tokens++;
            onText();
          },
          signal: new AbortController().signal,
          stopOnAbortSignal: true,
          maxTokens: TOKENS,
          temperature: 0,
        });
        session.dispose({ disposeSequence: false });
        await sequence.clearHistory();
        return tokens;
      });
    await bareRun();

    const inkwell: Run[] = [];
    const bare: Run[] = [];
    for (let i = 0; i < runs; i++) {
      bare.push(await bareRun());
      inkwell.push(await inkwellRun());
    }
    await engine.unload();
    console.log(JSON.stringify({ tokens: TOKENS, rssAdded, inkwell, bare }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
