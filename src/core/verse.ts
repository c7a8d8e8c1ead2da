// Verse: a poem is lines in stanzas, so it is measured (lines per stanza, syllables or characters per
// line, rhyme) and continued in whole lines, not in words and paragraphs.

import type { PromptForm } from './prompt';
import { createContinuationFilter, type ContinuationFilter } from './seams';
import type { Action } from './types';

/** Syllables in one English word (the `syllable` package, loaded only for verse). */
export type SyllableCounter = (word: string) => number;

export interface VerseForm {
  /** How a line is measured: syllables in English, characters in Chinese. */
  unit: 'syllables' | 'characters' | undefined;
  /** Lines of each stanza, in order (the last may still be growing). */
  stanzas: number[];
  /** The usual stanza: the most frequent length among the complete ones (at least four lines while there are none). */
  usualStanza: number;
  /** Some stanza is complete, so the usual length is the poem's own and a stanza can be full. */
  stanzaKnown: boolean;
  /** The median measure of a line, in `unit`. */
  usualLine: number | undefined;
  /** Rhyme letters of the last complete stanza ("ABAB"), when any of its lines rhyme. */
  rhymeScheme: string | undefined;
}

/** Only the end of a long poem is measured: its form there is the one a continuation keeps. */
const SAMPLE_CHARS = 4000;
const SHORT_LATIN_LINE = 60;
const SHORT_CJK_LINE = 24;
const HAN = /\p{Script=Han}/gu;

function sample(text: string): string {
  const tail = text.replace(/\r\n/g, '\n').slice(-SAMPLE_CHARS);
  return tail.length < text.length ? tail.slice(tail.indexOf('\n') + 1) : tail;
}

function stanzasOf(text: string): string[][] {
  return text
    .split(/\n[ \t\u3000]*\n/)
    .map((block) => block.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !/^#/.test(line)))
    .filter((lines) => lines.length > 0);
}

function isChinese(text: string): boolean {
  const han = (text.match(HAN) ?? []).length;
  return han > 0 && han >= text.replace(/\s/g, '').length * 0.5;
}

/**
 * Whether the text reads as verse: at least four lines, nearly all of them short, most in stanzas of
 * more than one line (so that prose of short one-line paragraphs, dialogue say, is not taken for a poem).
 */
export function looksLikeVerse(text: string): boolean {
  const stanzas = stanzasOf(sample(text));
  const lines = stanzas.flat();
  if (lines.length < 4) return false;
  if (lines.filter((line) => /^(?:[-*+]|\d+[.)])\s/.test(line)).length > lines.length / 2) return false;
  const short = lines.filter((line) => [...line].length <= (isChinese(line) ? SHORT_CJK_LINE : SHORT_LATIN_LINE)).length;
  const inStanzas = stanzas.filter((stanza) => stanza.length > 1).reduce((sum, stanza) => sum + stanza.length, 0);
  return short >= lines.length * 0.8 && inStanzas >= lines.length * 0.6;
}

/** One line's measure: syllables of its words, or its Chinese characters (punctuation not counted). */
export function lineMeasure(line: string, unit: VerseForm['unit'], count?: SyllableCounter): number {
  if (unit === 'characters') return (line.match(HAN) ?? []).length;
  if (unit === 'syllables' && count) return (line.match(/[\p{L}'’]+/gu) ?? []).reduce((sum, word) => sum + count(word), 0);
  return [...line].length;
}

/** Spellings of long vowels, to the sound they stand for ("laid" and "made" rhyme, "sea" and "me"). */
const LONG_VOWELS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(?:ai|ay|ei|ey)$/, 'A'],
  [/^(?:ee|ea|ie)$/, 'E'],
  [/^(?:oa|oe)$/, 'O'],
  [/^(?:oo|ew|ue|ui)$/, 'U'],
];

/**
 * The rhyming part of a line's last word, by its spelling: the last vowel sound and what follows
 * ("night" → "It", "made" and "laid" → "Ad", "me" and "sea" → "E"). Spelling, not a pronouncing
 * dictionary, so "love" and "move" still look alike.
 */
function rhymeKey(line: string): string | undefined {
  let word = (line.toLowerCase().match(/[a-z']+/g) ?? []).pop()?.replace(/'/g, '');
  if (!word || word.length < 2) return undefined;
  if (/[^aeiouy]es$/.test(word) && word.length > 4) word = word.slice(0, -1);
  const silentE = /[^aeiouy]e$/.test(word) && word.length >= 3;
  const stem = silentE ? word.slice(0, -1) : word;
  const match = /([aeiouy]+)([^aeiouy]*)$/.exec(stem);
  if (!match) return undefined;
  const [, vowels, after] = match;
  let tail = after.replace(/(.)\1/g, '$1').replace(/ck$/, 'k');
  let sound = LONG_VOWELS.find(([spelling]) => spelling.test(vowels))?.[1] ?? vowels;
  if (silentE && vowels.length === 1) sound = vowels.toUpperCase();
  else if (vowels === 'i' && tail.startsWith('gh')) {
    sound = 'I';
    tail = tail.slice(2);
  } else if (tail === '' && vowels.length === 1) sound = vowels === 'y' ? (word.length <= 4 ? 'I' : 'E') : vowels.toUpperCase();
  return sound + tail;
}

/** Rhyme letters for a stanza's lines; lines that rhyme with no other get their own letter. */
function rhymeLetters(lines: readonly string[]): string {
  const keys = lines.map(rhymeKey);
  const letters: string[] = [];
  const seen = new Map<string, string>();
  let next = 0;
  keys.forEach((key) => {
    const known = key === undefined ? undefined : seen.get(key);
    if (known) letters.push(known);
    else {
      const letter = String.fromCharCode(65 + (next++ % 26));
      if (key !== undefined) seen.set(key, letter);
      letters.push(letter);
    }
  });
  return letters.join('');
}

function mostFrequent(values: readonly number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: number | undefined;
  for (const [value, times] of counts) if (best === undefined || times > counts.get(best)! || (times === counts.get(best) && value > best)) best = value;
  return best;
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The poem's form from the end of `text` (the poem up to the cursor). */
export function measureVerse(text: string, count?: SyllableCounter): VerseForm {
  const tail = sample(text);
  const stanzas = stanzasOf(tail);
  const lines = stanzas.flat();
  const unit: VerseForm['unit'] = isChinese(lines.join('')) ? 'characters' : count ? 'syllables' : undefined;
  // The last stanza is complete only when a blank line closes it.
  const closed = /\n[ \t\u3000]*\n\s*$/.test(tail) ? stanzas : stanzas.slice(0, -1);
  const usualStanza = mostFrequent(closed.map((stanza) => stanza.length)) ?? Math.max(4, stanzas[stanzas.length - 1]?.length ?? 0);
  const lastClosed = closed[closed.length - 1];
  const scheme = lastClosed && unit !== 'characters' ? rhymeLetters(lastClosed) : undefined;
  return {
    unit,
    stanzas: stanzas.map((stanza) => stanza.length),
    usualStanza,
    stanzaKnown: closed.length > 0,
    usualLine: median(lines.slice(-24).map((line) => lineMeasure(line, unit, count))),
    rhymeScheme: scheme && new Set(scheme).size < scheme.length ? scheme : undefined,
  };
}

/** Where a continuation starts in the poem. */
export type VersePlace = 'mid-line' | 'line-end' | 'stanza-end' | 'new-line' | 'new-stanza';

export function versePlace(before: string, form: VerseForm, count?: SyllableCounter): VersePlace {
  const text = before.replace(/\r\n/g, '\n');
  const current = form.stanzas[form.stanzas.length - 1] ?? 0;
  const stanzaFull = form.stanzaKnown && current >= form.usualStanza;
  if (text.trim() === '' || /\n[ \t\u3000]*\n[ \t\u3000]*$/.test(text)) return 'new-stanza';
  if (/\n[ \t\u3000]*$/.test(text)) return stanzaFull ? 'stanza-end' : 'new-line';
  const line = text.slice(text.lastIndexOf('\n') + 1);
  const measure = lineMeasure(line, form.unit, count);
  const complete = /[.,;:!?…—。，、；：！？」』”’)]$/u.test(line.trim()) || (form.usualLine !== undefined && measure >= form.usualLine * 0.75);
  if (!complete) return 'mid-line';
  return stanzaFull ? 'stanza-end' : 'line-end';
}

/** One stanza by default: the rest of the stanza the cursor is in, or a whole one at a stanza's end. */
export function defaultVerseLines(before: string, form: VerseForm, count?: SyllableCounter): number {
  const place = versePlace(before, form, count);
  const current = form.stanzas[form.stanzas.length - 1] ?? 0;
  if (place === 'stanza-end' || place === 'new-stanza') return form.usualStanza;
  return Math.max(1, form.usualStanza - current);
}

function measureWords(form: VerseForm): string {
  const parts = [`stanzas of ${form.usualStanza} lines`];
  if (form.usualLine !== undefined && form.unit) parts.push(`lines of about ${form.usualLine} ${form.unit}`);
  if (form.rhymeScheme) parts.push(`the rhyme scheme ${form.rhymeScheme} in each stanza`);
  return parts.join(', ');
}

/** What a poem asks of a prompt: its measured form, and for a continuation how many lines, from where. */
export function versePromptForm(action: Action, before: string, form: VerseForm, lines: number, count?: SyllableCounter): PromptForm | undefined {
  const rules = [
    `The manuscript is a poem: write verse, one line of the poem per line, keeping its form (${measureWords(form)}); stanzas are separated by one blank line. Never turn verse into prose.`,
  ];
  switch (action) {
    case 'continue': {
      const place = versePlace(before, form, count);
      const amount = `${lines} ${lines === 1 ? 'line' : 'lines'}`;
      const where = {
        'mid-line': `The poem stops in the middle of a line: finish that line, then write ${amount} more.`,
        'line-end': `The poem stops at the end of a line: write the next ${amount} of the poem, each on its own line.`,
        'new-line': `The poem stops at the start of a new line: write the next ${amount} of the poem.`,
        'stanza-end': `The poem stops at the end of a stanza: begin a new stanza and write ${amount}.`,
        'new-stanza': `The poem stops before a new stanza: write ${amount}.`,
      }[place];
      return { rules, whereItStops: `${where} Write exactly ${amount}, then stop.` };
    }
    case 'rewrite':
      rules.push('Keep every line break and stanza break of the passage where it is, with the same number of lines in each stanza, unless the request is to make it shorter or longer.');
      return { rules };
    case 'brainstorm':
      return undefined;
  }
}

/**
 * A continuation of a poem: the usual cleaning and seam (seams.ts), then the seam of verse (a new line
 * at the end of a complete line, a blank line at the end of a stanza) and at most `lines` whole lines.
 */
export function createVerseContinuation(before: string, after: string, form: VerseForm, lines: number, count?: SyllableCounter): ContinuationFilter {
  const inner = createContinuationFilter(before, after);
  const place = versePlace(before, form, count);
  const eol = before.includes('\r\n') ? '\r\n' : '\n';
  const atLineStart = /\n[ \t\u3000]*$/.test(before);
  const seam = { 'mid-line': undefined, 'line-end': eol, 'new-line': '', 'stanza-end': atLineStart ? eol : eol + eol, 'new-stanza': '' }[place];
  let started = false;
  let done = false;
  /** Whole lines of the continuation so far; the line a mid-line continuation finishes is not one of them. */
  let counted = place === 'mid-line' ? -1 : 0;
  let lineHasText = place === 'mid-line';

  const take = (text: string): string => {
    if (done || text === '') return '';
    let out = text;
    if (!started) {
      const content = out.replace(/^[ \t\r\n]+/, '');
      if (content === '') return '';
      started = true;
      if (seam !== undefined) out = seam + content;
    }
    for (let at = 0; at < out.length; at++) {
      const char = out[at];
      if (char === '\n') {
        if (lineHasText) counted++;
        lineHasText = false;
        if (counted >= lines) {
          done = true;
          return out.slice(0, out[at - 1] === '\r' ? at - 1 : at);
        }
      } else if (!/\s/.test(char)) lineHasText = true;
    }
    return out;
  };
  return {
    push: (delta) => take(inner.push(delta)),
    end: () => take(inner.end()),
  };
}
