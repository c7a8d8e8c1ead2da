// The text the benchmark works on: the project's English and Chinese prose fixtures, repeated to the
// sizes the figures name, and rewrites of them made by a seeded edit script (so every run diffs the
// same pair, and the pair looks like a model's rewrite: words swapped, dropped and added here and there).
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The repository; inside the extension host the bench runner passes it, the bundle lives elsewhere. */
const root = process.env.INKWELL_BENCH_ROOT ?? path.resolve(__dirname, '..');

export function fixture(name: 'english' | 'chinese'): string {
  return readFileSync(path.join(root, 'test', 'fixtures', 'prose', `${name}.md`), 'utf8');
}

/** The fixture repeated until it is `length` UTF-16 units long, cut there. */
export function manuscriptOf(prose: string, length: number): string {
  let text = prose;
  while (text.length < length) text += '\n\n' + prose;
  return text.slice(0, length);
}

/** A small deterministic generator (mulberry32), so the rewrites are the same on every run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The first `count` words of the English fixture (repeated as needed), spaces and line breaks kept. */
export function englishWords(count: number): string {
  const prose = fixture('english');
  const words: string[] = [];
  while (words.length < count) {
    for (const match of prose.matchAll(/\S+\s*/g)) {
      words.push(match[0]);
      if (words.length === count) break;
    }
  }
  return words.join('').trimEnd();
}

/** About one word in eight changed: replaced, dropped, or with a word added after it. */
export function rewriteEnglish(passage: string, seed = 1): string {
  const random = seeded(seed);
  const replacements = ['quietly', 'grey', 'suddenly', 'the old', 'almost', 'bright', 'cold', 'again'];
  return passage.replace(/\S+/g, (word) => {
    const roll = random();
    if (roll < 0.05) return replacements[Math.floor(random() * replacements.length)];
    if (roll < 0.08) return '';
    if (roll < 0.12) return `${word} ${replacements[Math.floor(random() * replacements.length)]}`;
    return word;
  });
}

/** About one character in twelve changed: replaced, dropped, or with a phrase added after it. */
export function rewriteChinese(passage: string, seed = 1): string {
  const random = seeded(seed);
  const phrases = ['轻轻地', '忽然', '那只旧', '灰色的', '仿佛', '又一次'];
  let out = '';
  for (const char of passage) {
    const roll = random();
    if (!/\p{Script=Han}/u.test(char) || roll >= 0.085) out += char;
    else if (roll < 0.04) out += phrases[Math.floor(random() * phrases.length)];
    else if (roll < 0.06) continue;
    else out += char + phrases[Math.floor(random() * phrases.length)];
  }
  return out;
}

/** A made-up name per index, two syllables and a surname (the same on every run). */
export function inventedName(index: number): string {
  const syllables = ['ka', 'ro', 'ven', 'mi', 'tal', 'or', 'se', 'lun', 'da', 'bri', 'eth', 'no', 'qua', 'zel', 'hin', 'mar'];
  const pick = (n: number) => syllables[n % syllables.length];
  const word = (n: number) => {
    const text = pick(n) + pick(n >> 4) + pick(n >> 8);
    return text[0].toUpperCase() + text.slice(1);
  };
  return `${word(index * 7 + 3)} ${word(index * 13 + 5)}`;
}

/**
 * Lore files for a bench lorebook: `count` entries with invented names, aliases, plain and
 * regular-expression keys, a few always or never, priorities mixed; each body is prose that names two
 * other entries (so cascade has work). Returns [path, text] pairs.
 */
export function lorebookFiles(count: number): [string, string][] {
  const prose = fixture('english').split(/\s+/);
  return Array.from({ length: count }, (_, index) => {
    const name = inventedName(index);
    const include = index % 50 === 0 ? 'always' : index % 50 === 7 ? 'never' : 'detected';
    const keys = index % 25 === 0 ? `["/${name.slice(0, 4)}[a-z]*ing/i", "${name.split(' ')[0]} stone"]` : `["${name.split(' ')[1]} of the north"]`;
    const words = prose.slice((index * 37) % (prose.length - 60), ((index * 37) % (prose.length - 60)) + 50).join(' ');
    const body = `${words} ${inventedName((index + 1) % count)} and ${inventedName((index * 3 + 2) % count)} know of it.`;
    return [`.inkwell/lore/${index}.md`, `---\nname: ${name}\naliases: [${name.split(' ')[0]}]\nkeys: ${keys}\ninclude: ${include}\npriority: ${index % 5}\n---\n${body}\n`];
  });
}

/** `text` with `names` written into its last `span` characters, one every few sentences. */
export function mentioning(text: string, names: string[], span: number): string {
  const head = text.slice(0, text.length - span);
  const tail = text.slice(text.length - span).split('. ');
  names.forEach((name, index) => {
    const at = Math.floor(((index + 0.5) * tail.length) / names.length);
    tail[at] = `${name} said nothing. ${tail[at]}`;
  });
  return head + tail.join('. ');
}
