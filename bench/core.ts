// The figures of the VS Code-free core, measured in plain Node: the word diff of a rewrite review and
// the prompt's context assembly, with and without a lorebook. Prints `{ wordDiff, context, lore }` as JSON, raw samples in milliseconds:
// the CPU time each run took (what the code costs, whatever else the machine is doing) and its wall time.
// Run by bench/run.mjs as `node --import tsx bench/core.ts <runs>`.
import { performance } from 'node:perf_hooks';
import * as yaml from 'yaml';
import { parseLoreEntry, type LoreEntry } from '../src/core/lore';
import { createLoreBook } from '../src/core/loreSelection';
import { buildPrompt, type PromptInput } from '../src/core/prompt';
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

process.stdout.write(JSON.stringify({ wordDiff: wordDiffFigures(), context: contextFigures(), lore: loreFigures() }));
