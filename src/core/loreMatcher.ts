// Finds every mention of every lore entry in one pass over a text, whatever the number of entries:
// names, aliases and plain keys go into one Aho–Corasick automaton (case-folded, runs of white space
// read as one space, so a name broken across lines is still found); regular-expression keys are
// joined into one expression per set of flags. Built once per lorebook, not per request.
//
// A plain name matches as a whole word where its script spaces words (the letters around it are not
// of such a script: "Mara" in "Mara's" and in "见到Mara了", not in "Maradona"), anywhere where it does
// not (Chinese, Japanese, Thai); an English name also matches its plain plurals (Wolf → Wolves,
// City → Cities). An apostrophe is not a letter, so possessives match as they are.

import type { LoreEntry } from './lore';

export interface LoreHit {
  /** Index of the entry in the list the matcher was built from. */
  entry: number;
  start: number;
  end: number;
}

interface Pattern {
  entry: number;
  /** Code units fed to the automaton for it (white space folded). */
  length: number;
  /** Its first/last character is of a script that spaces words, so a word boundary is needed there. */
  boundedStart: boolean;
  boundedEnd: boolean;
}

interface RegexGroup {
  expression: RegExp;
  /** For each alternative, the capture group that wraps it, and its entry. */
  alternatives: { group: number; entry: number }[];
}

const SPACE = 0x20;
const APOSTROPHE = 0x27;
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}ー々〆]/u;
const WORD = /[\p{L}\p{N}\p{M}_]/u;

const foldCache = new Map<number, number>();
/** One code unit, case-folded; a typographic apostrophe reads as a straight one. */
function fold(code: number): number {
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
  if (code === 0x2019) return APOSTROPHE;
  let folded = foldCache.get(code);
  if (folded === undefined) {
    const lower = String.fromCharCode(code).toLowerCase();
    folded = lower.length === 1 ? lower.charCodeAt(0) : code;
    foldCache.set(code, folded);
  }
  return folded;
}

/** The code unit the automaton reads for a character of a term or text. */
function readAs(code: number): number {
  return isSpace(code) ? SPACE : fold(code);
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0x3000 || code === 0xa0;
}

const classCache = new Map<number, number>();
/** 0: not a letter or digit; 1: a letter or digit of a script that spaces words; 2: one that does not. */
function classOf(codePoint: number): number {
  if (codePoint < 0x80) {
    return (codePoint >= 0x30 && codePoint <= 0x39) || (codePoint >= 0x41 && codePoint <= 0x5a) || (codePoint >= 0x61 && codePoint <= 0x7a) || codePoint === 0x5f ? 1 : 0;
  }
  let kind = classCache.get(codePoint);
  if (kind === undefined) {
    const char = String.fromCodePoint(codePoint);
    kind = UNSPACED.test(char) ? 2 : WORD.test(char) ? 1 : 0;
    classCache.set(codePoint, kind);
  }
  return kind;
}

function codePointBefore(text: string, index: number): number {
  const code = text.charCodeAt(index - 1);
  if (code >= 0xdc00 && code <= 0xdfff && index >= 2) return text.codePointAt(index - 2) ?? code;
  return code;
}

/** Plain English plurals of a name that ends in a Latin letter. */
function pluralsOf(term: string): string[] {
  if (!/[a-z]$/i.test(term)) return [];
  const plurals = [`${term}s`, `${term}es`];
  if (/[^aeiou]y$/i.test(term)) plurals.push(`${term.slice(0, -1)}ies`);
  if (/fe$/i.test(term)) plurals.push(`${term.slice(0, -2)}ves`);
  else if (/f$/i.test(term)) plurals.push(`${term.slice(0, -1)}ves`);
  return plurals;
}

export class LoreMatcher {
  /** Goto function of the automaton: key `state * alphabet + letter` (small integers hash fast). */
  private readonly goto = new Map<number, number>();
  /** The folded code units patterns use, numbered from 1; any other one leads back to the root. */
  private readonly letters = new Map<number, number>();
  private readonly asciiLetters = new Int32Array(128);
  private readonly fail: number[] = [0];
  /** Patterns ending at each state, its fail chain's included. */
  private readonly outputs: (number[] | undefined)[] = [undefined];
  private readonly patterns: Pattern[] = [];
  private readonly regexGroups: RegexGroup[] = [];
  private longest = 1;
  /** One more than the number of letters. */
  private alphabet = 1;

  constructor(entries: readonly LoreEntry[]) {
    const children: number[][] = [[]];
    const terms = entries.map((entry) => {
      const forms = new Set<string>();
      for (const term of [entry.name, ...entry.aliases, ...entry.keys]) {
        const trimmed = term.trim();
        if (!trimmed) continue;
        forms.add(trimmed);
        for (const plural of pluralsOf(trimmed)) forms.add(plural);
      }
      return forms;
    });
    for (const forms of terms) for (const term of forms) for (let index = 0; index < term.length; index++) this.letterOf(readAs(term.charCodeAt(index)));
    this.alphabet = this.letters.size + 1;
    terms.forEach((forms, index) => {
      for (const term of forms) this.add(term, index, children);
    });
    this.link(children);
    this.groupRegexKeys(entries);
  }

  /** Every mention in `text`, in no particular order (overlapping mentions of different names too). */
  scan(text: string): LoreHit[] {
    const hits: LoreHit[] = [];
    this.scanPlain(text, hits);
    for (const group of this.regexGroups) scanRegex(text, group, hits);
    return hits;
  }

  private add(term: string, entry: number, children: number[][]): void {
    let state = 0;
    let length = 0;
    let previousSpace = false;
    for (let index = 0; index < term.length; index++) {
      const raw = term.charCodeAt(index);
      const space = isSpace(raw);
      if (space && previousSpace) continue;
      previousSpace = space;
      const letter = this.letters.get(readAs(raw))!;
      const key = state * this.alphabet + letter;
      let next = this.goto.get(key);
      if (next === undefined) {
        next = this.fail.length;
        this.fail.push(0);
        this.outputs.push(undefined);
        children.push([]);
        children[state].push(letter);
        this.goto.set(key, next);
      }
      state = next;
      length++;
    }
    const first = term.codePointAt(0) ?? 0;
    const last = codePointBefore(term, term.length);
    this.patterns.push({ entry, length, boundedStart: classOf(first) === 1, boundedEnd: classOf(last) === 1 });
    (this.outputs[state] ??= []).push(this.patterns.length - 1);
    this.longest = Math.max(this.longest, length);
  }

  private letterOf(code: number): number {
    let letter = this.letters.get(code);
    if (letter === undefined) {
      letter = this.letters.size + 1;
      this.letters.set(code, letter);
      if (code < 128) this.asciiLetters[code] = letter;
    }
    return letter;
  }

  /** Failure links, breadth first, each state's outputs joined with its fail state's. */
  private link(children: number[][]): void {
    const queue: number[] = [];
    for (const letter of children[0]) queue.push(this.goto.get(letter)!);
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      for (const letter of children[state]) {
        const child = this.goto.get(state * this.alphabet + letter)!;
        let fallback = this.fail[state];
        while (fallback !== 0 && !this.goto.has(fallback * this.alphabet + letter)) fallback = this.fail[fallback];
        const target = this.goto.get(fallback * this.alphabet + letter);
        this.fail[child] = target !== undefined && target !== child ? target : 0;
        const inherited = this.outputs[this.fail[child]];
        if (inherited) this.outputs[child] = [...(this.outputs[child] ?? []), ...inherited];
        queue.push(child);
      }
    }
  }

  private scanPlain(text: string, hits: LoreHit[]): void {
    if (this.patterns.length === 0) return;
    // Where each of the last `longest` code units fed to the automaton sat in the text.
    const ring = new Int32Array(this.longest + 1);
    let fed = 0;
    let state = 0;
    let previousSpace = false;
    for (let index = 0; index < text.length; index++) {
      const raw = text.charCodeAt(index);
      const space = isSpace(raw);
      if (space && previousSpace) continue;
      previousSpace = space;
      const code = space ? SPACE : fold(raw);
      ring[fed % ring.length] = index;
      fed++;
      const letter = code < 128 ? this.asciiLetters[code] : (this.letters.get(code) ?? 0);
      if (letter === 0) {
        state = 0;
        continue;
      }
      let next = this.goto.get(state * this.alphabet + letter);
      while (next === undefined && state !== 0) {
        state = this.fail[state];
        next = this.goto.get(state * this.alphabet + letter);
      }
      state = next ?? 0;
      const output = this.outputs[state];
      if (!output) continue;
      for (const id of output) {
        const pattern = this.patterns[id];
        const start = ring[(fed - pattern.length) % ring.length];
        const end = index + 1;
        if (pattern.boundedStart && start > 0 && classOf(codePointBefore(text, start)) === 1) continue;
        if (pattern.boundedEnd && end < text.length && classOf(text.codePointAt(end) ?? 0) === 1) continue;
        hits.push({ entry: pattern.entry, start, end });
      }
    }
  }

  /**
   * Regular-expression keys, one expression per set of flags. A key with back-references or named
   * groups cannot share an expression (its numbering would change): it gets one of its own.
   */
  private groupRegexKeys(entries: readonly LoreEntry[]): void {
    const shared = new Map<string, { sources: string[]; entries: number[] }>();
    entries.forEach((entry, index) => {
      for (const pattern of entry.patterns) {
        if (/\\[1-9]|\\k<|\(\?<(?![=!])/.test(pattern.source)) {
          this.regexGroups.push({ expression: new RegExp(`(${pattern.source})`, `${pattern.flags}g`), alternatives: [{ group: 1, entry: index }] });
          continue;
        }
        const bucket = shared.get(pattern.flags) ?? { sources: [], entries: [] };
        bucket.sources.push(pattern.source);
        bucket.entries.push(index);
        shared.set(pattern.flags, bucket);
      }
    });
    for (const [flags, bucket] of shared) {
      const alternatives: RegexGroup['alternatives'] = [];
      let group = 1;
      bucket.sources.forEach((source, index) => {
        alternatives.push({ group, entry: bucket.entries[index] });
        group += 1 + (new RegExp(`${source}|`, flags).exec('')!.length - 1);
      });
      this.regexGroups.push({ expression: new RegExp(bucket.sources.map((source) => `(${source})`).join('|'), `${flags}g`), alternatives });
    }
  }
}

function scanRegex(text: string, { expression, alternatives }: RegexGroup, hits: LoreHit[]): void {
  expression.lastIndex = 0;
  for (let match = expression.exec(text); match !== null; match = expression.exec(text)) {
    if (match[0].length === 0) {
      expression.lastIndex++;
      continue;
    }
    const alternative = alternatives.find(({ group }) => match[group] !== undefined);
    if (alternative) hits.push({ entry: alternative.entry, start: match.index, end: match.index + match[0].length });
  }
}
