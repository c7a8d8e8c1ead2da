// The figures of the VS Code-free core, measured in plain Node: the word diff of a rewrite review and
// the prompt's context assembly. Prints `{ wordDiff, context }` as JSON, raw samples in milliseconds:
// the CPU time each run took (what the code costs, whatever else the machine is doing) and its wall time.
// Run by bench/run.mjs as `node --import tsx bench/core.ts <runs>`.
import { performance } from 'node:perf_hooks';
import { buildPrompt } from '../src/core/prompt';
import { BUILT_IN_STYLES } from '../src/core/styles';
import { diffWords } from '../src/core/wordDiff';
import { englishWords, fixture, manuscriptOf, rewriteChinese, rewriteEnglish } from './passages';

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

function contextFigures() {
  const style = BUILT_IN_STYLES.find((s) => s.id === 'match') ?? BUILT_IN_STYLES[0];
  const prose = fixture('english');
  const sizes = { '10 KB': 10 * 1024, '1 MB': 1024 * 1024, '10 MB': 10 * 1024 * 1024 };
  return Object.fromEntries(
    Object.entries(sizes).map(([label, length]) => {
      const text = manuscriptOf(prose, length);
      const assemble = () =>
        buildPrompt({
          action: 'continue',
          style,
          variant: 'auto',
          text,
          selection: { start: text.length, end: text.length },
          contextTokens: 3000,
          languageId: 'markdown',
          maxOutputTokens: 600,
        });
      return [label, { characters: text.length, samples: samplesOf(assemble) }];
    }),
  );
}

process.stdout.write(JSON.stringify({ wordDiff: wordDiffFigures(), context: contextFigures() }));
