// The figures of the VS Code-free core, measured in plain Node: the word diff of a rewrite review,
// the prompt's context assembly with and without a lorebook, and the model-text readers on
// adversarial answers (the inputs that once froze the extension host). Prints
// `{ wordDiff, context, lore, adversarial }` as JSON, raw samples in milliseconds:
// the CPU time each run took (what the code costs, whatever else the machine is doing) and its wall time.
// Run by bench/run.mjs as `node --import tsx bench/core.ts <runs>`.
import { performance } from 'node:perf_hooks';
import * as yaml from 'yaml';
import { cleanCompleteText } from '../src/core/clean';
import { createIdeaParser } from '../src/core/ideas';
import { parseLoreEntry, type LoreEntry } from '../src/core/lore';
import { createLoreBook } from '../src/core/loreSelection';
import { buildPrompt, type PromptInput } from '../src/core/prompt';
import { createContinuationFilter } from '../src/core/seams';
import { BUILT_IN_STYLES } from '../src/core/styles';
import { diffWords } from '../src/core/wordDiff';
import { englishWords, fixture, inventedName, lorebookFiles, manuscriptOf, mentioning, rewriteChinese, rewriteEnglish } from './passages';

const runs = Number(process.argv[2] ?? 15);
const WARM_UP = 3;

function samplesOf(work: () => unknown): { cpu: number[]; wall: number[] } {
  for (let i = 0; i < WARM_UP; i++) work();
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    work();
    const used = process.cpuUsage(startCpu);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  return { cpu, wall };
}

function wordDiffFigures() {
  const english = englishWords(2000);
  const chinese = Array.from(manuscriptOf(fixture('chinese'), 6000)).slice(0, 5000).join('');
  const englishRewrite = rewriteEnglish(english);
  const chineseRewrite = rewriteChinese(chinese);
  return {
    english: {
      words: english.split(/\s+/).length,
      changes: diffWords(english, englishRewrite).length,
      samples: samplesOf(() => diffWords(english, englishRewrite)),
    },
    chinese: {
      characters: Array.from(chinese).length,
      changes: diffWords(chinese, chineseRewrite).length,
      samples: samplesOf(() => diffWords(chinese, chineseRewrite)),
    },
  };
}

/** Continue Draft's prompt at the end of `text`, as the extension builds it by default. */
function continueAtEnd(text: string, lore?: PromptInput['lore']) {
  const style = BUILT_IN_STYLES.find((s) => s.id === 'match') ?? BUILT_IN_STYLES[0];
  return buildPrompt({
    action: 'continue',
    style,
    variant: 'auto',
    text,
    selection: { start: text.length, end: text.length },
    contextTokens: 3000,
    languageId: 'markdown',
    maxOutputTokens: 600,
    lore,
  });
}

function contextFigures() {
  const prose = fixture('english');
  const sizes = { '10 KB': 10 * 1024, '1 MB': 1024 * 1024, '10 MB': 10 * 1024 * 1024 };
  return Object.fromEntries(
    Object.entries(sizes).map(([label, length]) => {
      const text = manuscriptOf(prose, length);
      const assemble = () => continueAtEnd(text);
      return [label, { characters: text.length, samples: samplesOf(assemble) }];
    }),
  );
}

/**
 * 500 lore entries (invented names, aliases, keys, some regular expressions, always and never ones,
 * each naming two others), 60 of them mentioned near the end of a 1 MB manuscript; the lorebook is
 * built once, as the extension keeps it, and the prompt assembled at the end.
 */
function loreFigures() {
  const entries = lorebookFiles(500)
    .map(([path, text]) => parseLoreEntry(path, text, yaml).entry)
    .filter((entry): entry is LoreEntry => entry !== undefined);
  const built = samplesOf(() => createLoreBook(entries));
  const book = createLoreBook(entries);
  const mentioned = Array.from({ length: 60 }, (_, index) => inventedName(index * 8));
  const text = mentioning(manuscriptOf(fixture('english'), 1024 * 1024), mentioned, 8000);
  let sent = 0;
  const assemble = () => {
    const prompt = continueAtEnd(text, { book, documentPath: 'chapter-3.md' });
    sent = prompt.lore?.decisions.filter((decision) => decision.included).length ?? 0;
  };
  const samples = samplesOf(assemble);
  return { entries: entries.length, sent, characters: text.length, samples, build: built };
}

/** Feeds `text` to a streaming reader four characters at a time (about a token a chunk, as servers stream), then ends. */
function streamed(text: string, reader: { push(chunk: string): unknown; end(): unknown }): void {
  for (let at = 0; at < text.length; at += 4) reader.push(text.slice(at, at + 4));
  reader.end();
}

/**
 * Inputs that once took seconds: every line of a long passage rewritten, a reasoning block that
 * never seems to close, an answer of nothing but closing notes, an idea that never ends its line,
 * a quotation that never closes. Each figure is one whole run, every chunk of a stream included, so
 * no single call can have held the extension host longer.
 */
function adversarialFigures() {
  const changedLines = (count: number) => {
    const words = englishWords(count * 8).split(/\s+/);
    const lines = Array.from({ length: count }, (_, i) => words.slice(i * 8, i * 8 + 8).join(' '));
    return [lines.join('\n'), lines.map((line) => line.split(' ').reverse().join(' ')).join('\n')] as const;
  };
  const [five, fiveRewritten] = changedLines(5000);
  const [ten, tenRewritten] = changedLines(10000);
  const thinking = `<thinking>${'The writer wants rain, so the scene should open on the pier. '.repeat(4300)}</thinking>The rain came.`.slice(0, 256 * 1024);
  const notes = `The ferry left at dusk.\n\n${Array.from({ length: 1600 }, (_, i) => `Note: change ${i} kept.`).join('\n\n')}`.slice(0, 35 * 1024);
  const longIdea = `1. ${'A keeper who counts the boats and never the people, '.repeat(5000)}`.slice(0, 256 * 1024);
  const unclosedQuote = `"${'She waited by the water for the ferry. '.repeat(6800)}`.slice(0, 256 * 1024);
  const streamRun = (text: string, make: () => { push(chunk: string): unknown; end(): unknown }) => ({
    characters: text.length,
    samples: samplesOf(() => streamed(text, make())),
  });
  return {
    'word diff, 5,000 changed lines': { characters: five.length, samples: samplesOf(() => diffWords(five, fiveRewritten)) },
    'word diff, 10,000 changed lines': { characters: ten.length, samples: samplesOf(() => diffWords(ten, tenRewritten)) },
    'continuation stream, 256 KB <thinking> block': streamRun(thinking, () => createContinuationFilter('She waited.', '')),
    'continuation stream, 256 KB after an opening quote that never closes': streamRun(unclosedQuote, () => createContinuationFilter('She waited.', '')),
    'rewrite cleaning, 35 KB of "Note:" paragraphs': { characters: notes.length, samples: samplesOf(() => cleanCompleteText(notes, 'rewrite')) },
    'idea parser, 256 KB on one line': streamRun(longIdea, createIdeaParser),
  };
}

process.stdout.write(JSON.stringify({ wordDiff: wordDiffFigures(), context: contextFigures(), lore: loreFigures(), adversarial: adversarialFigures() }));
