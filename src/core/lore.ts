// A lore entry: one Markdown file under `.inkwell/lore/`, its YAML front matter saying when it is
// sent (names, aliases, keys, include, priority) and its body what the model is told. Front matter
// changes wording only: it has no field that could choose where a request goes, and a file that
// tries is skipped.
//
// Progressions: a heading `## From <manuscript file>` (any level; `从 <file>` or `自 <file>` in
// Chinese, optionally ending in 起 or 开始) starts a section of the body that applies only from that
// manuscript file on, in book order (see chapters.ts). The section runs to the next heading of the
// same or a higher level. A request from an earlier file, or from a document that is not a file of
// the folder, never carries it.

import { compareBookPaths, stemOf } from './chapters';
import { isRoutingKey, readFrontMatter, type FrontMatterProblem, type YamlModule } from './frontMatter';

export const LORE_FOLDER = '.inkwell/lore';
export const LORE_TYPES = ['character', 'place', 'object', 'lore', 'other'] as const;
export type LoreType = (typeof LORE_TYPES)[number];
export const LORE_INCLUDES = ['always', 'detected', 'never'] as const;
export type LoreInclude = (typeof LORE_INCLUDES)[number];

/** A key longer than this is not a name: refused, as is a regular expression longer than this. */
const MAX_KEY_LENGTH = 200;
const REGEX_FLAGS = /^[gimsuvyd]*$/;

export interface LoreSection {
  /** Path of the manuscript file (relative to the folder, extension dropped) it applies from; undefined: always. */
  from?: string;
  text: string;
}

export interface LoreEntry {
  /** Path relative to the workspace folder, e.g. `.inkwell/lore/people/mara.md`: the entry's identity. */
  file: string;
  name: string;
  aliases: string[];
  /** Plain keys (matched like names). */
  keys: string[];
  /** Keys written `/…/flags`. */
  patterns: RegExp[];
  type: LoreType;
  include: LoreInclude;
  priority: number;
  /** The body in order: the part before any progression, then each `From …` section. */
  sections: LoreSection[];
}

export type LoreProblemReason =
  | FrontMatterProblem
  | { code: 'routing-key'; key: string }
  | { code: 'bad-include'; value: string }
  | { code: 'not-text'; field: 'name' | 'aliases' | 'keys' }
  | { code: 'bad-type'; value: string }
  | { code: 'bad-priority'; value: string }
  | { code: 'bad-regex'; key: string; detail: string }
  | { code: 'key-too-long'; key: string }
  | { code: 'unknown-field'; field: string };

export interface LoreProblem {
  file: string;
  reason: LoreProblemReason;
  /** The entry was not loaded at all (otherwise only the field named was ignored). */
  skipped: boolean;
}

/** The reason in English, as the log and tests read it. */
export function describeLoreProblem(reason: LoreProblemReason): string {
  switch (reason.code) {
    case 'front-matter-unclosed':
      return 'the front matter starting with "---" on line 1 is never closed by a "---" line';
    case 'front-matter-not-map':
      return 'the front matter must be "key: value" lines (name, aliases, keys, type, include, priority)';
    case 'yaml':
      return `the front matter is not valid YAML (line ${reason.line}): ${reason.detail}`;
    case 'routing-key':
      return `sets "${reason.key}", but a lore entry cannot choose the provider, URL, model or key`;
    case 'bad-include':
      return `"include" must be always, detected or never (it is ${reason.value}); the entry is not sent until it is fixed`;
    case 'not-text':
      return `"${reason.field}" must be ${reason.field === 'name' ? 'text' : 'a list of texts'}; it was ignored`;
    case 'bad-type':
      return `"type" must be one of ${LORE_TYPES.join(', ')} (it is ${reason.value}); "other" is used`;
    case 'bad-priority':
      return `"priority" must be a number (it is ${reason.value}); 0 is used`;
    case 'bad-regex':
      return `the key ${reason.key} is not a valid regular expression (${reason.detail}); it was ignored`;
    case 'key-too-long':
      return `the key ${reason.key.slice(0, 40)}… is longer than ${MAX_KEY_LENGTH} characters; it was ignored`;
    case 'unknown-field':
      return `"${reason.field}" is not a lore field (name, aliases, keys, type, include, priority); it was ignored`;
  }
}

const KNOWN_FIELDS = new Set(['name', 'aliases', 'keys', 'type', 'include', 'priority']);

/**
 * Reads one entry. `file` is its path relative to the workspace folder. Problems are returned
 * beside the entry: one that skips the entry leaves `entry` undefined.
 */
export function parseLoreEntry(file: string, text: string, yaml: YamlModule): { entry?: LoreEntry; problems: LoreProblem[] } {
  const problems: LoreProblem[] = [];
  const report = (reason: LoreProblemReason, skipped = false) => problems.push({ file, reason, skipped });
  const read = readFrontMatter(text, yaml);
  if ('problem' in read) {
    report(read.problem, true);
    return { problems };
  }
  const { fields, body } = read;
  const routing = Object.keys(fields).find(isRoutingKey);
  if (routing) {
    report({ code: 'routing-key', key: routing }, true);
    return { problems };
  }
  for (const field of Object.keys(fields)) if (!KNOWN_FIELDS.has(field)) report({ code: 'unknown-field', field });

  let include: LoreInclude = 'detected';
  if (fields.include !== undefined && fields.include !== null) {
    const value = String(fields.include).trim().toLowerCase();
    if (!(LORE_INCLUDES as readonly string[]).includes(value)) {
      // A mistyped `never` must not become `detected`: the entry waits until it is fixed.
      report({ code: 'bad-include', value: JSON.stringify(fields.include) }, true);
      return { problems };
    }
    include = value as LoreInclude;
  }

  let name = stemOf(file.split('/').pop() ?? file);
  if (typeof fields.name === 'string' || typeof fields.name === 'number') {
    if (String(fields.name).trim()) name = String(fields.name).trim();
  } else if (fields.name !== undefined && fields.name !== null) report({ code: 'not-text', field: 'name' });

  const aliases = textList(fields.aliases, () => report({ code: 'not-text', field: 'aliases' }));
  const keys: string[] = [];
  const patterns: RegExp[] = [];
  for (const key of textList(fields.keys, () => report({ code: 'not-text', field: 'keys' }))) {
    if (key.length > MAX_KEY_LENGTH) {
      report({ code: 'key-too-long', key });
      continue;
    }
    const pattern = regexKey(key);
    if (pattern === undefined) keys.push(key);
    else if (pattern instanceof RegExp) patterns.push(pattern);
    else report({ code: 'bad-regex', key, detail: pattern.error });
  }

  let type: LoreType = 'other';
  if (fields.type !== undefined && fields.type !== null) {
    const value = String(fields.type).trim().toLowerCase();
    if ((LORE_TYPES as readonly string[]).includes(value)) type = value as LoreType;
    else report({ code: 'bad-type', value: JSON.stringify(fields.type) });
  }

  let priority = 0;
  if (fields.priority !== undefined && fields.priority !== null) {
    if (typeof fields.priority === 'number' && Number.isFinite(fields.priority)) priority = fields.priority;
    else report({ code: 'bad-priority', value: JSON.stringify(fields.priority) });
  }

  return {
    entry: { file, name, aliases, keys, patterns, type, include, priority, sections: progressions(body) },
    problems,
  };
}

/** A YAML list of texts (a single text counts as a list of one); numbers are names too ("1984"). */
function textList(value: unknown, wrong: () => void): string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  const texts = items.filter((item) => typeof item === 'string' || typeof item === 'number').map((item) => String(item).trim());
  if (texts.length !== items.length) wrong();
  return texts.filter(Boolean);
}

/** undefined for a plain key; the expression for `/…/flags`; an error for a malformed one. */
function regexKey(key: string): RegExp | { error: string } | undefined {
  const last = key.lastIndexOf('/');
  if (!key.startsWith('/') || last < 2 || !REGEX_FLAGS.test(key.slice(last + 1))) return undefined;
  // `g` and `y` belong to the matcher, `d` changes nothing it reads.
  const flags = key.slice(last + 1).replace(/[gyd]/g, '');
  try {
    return new RegExp(key.slice(1, last), flags);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

const PROGRESSION_HEADING = /^(#{1,6})[ \t]+(?:from[ \t:]+|[从自][ \t]*)(.+?)[ \t]*(?:起|开始)?[ \t]*#*[ \t]*$/i;
const HEADING = /^(#{1,6})[ \t]/;

/** Splits a body into the part that always applies and its `From …` sections. */
function progressions(body: string): LoreSection[] {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const sections: LoreSection[] = [{ text: '' }];
  const texts: string[][] = [[]];
  let level = 0;
  for (const line of lines) {
    const progression = PROGRESSION_HEADING.exec(line);
    const heading = HEADING.exec(line);
    if (progression) {
      level = progression[1].length;
      sections.push({ from: manuscriptPath(progression[2]), text: '' });
      texts.push([]);
      continue;
    }
    if (heading && level > 0 && heading[1].length <= level) {
      // A heading of the same or a higher level ends the progression: what follows always applies.
      level = 0;
      sections.push({ text: '' });
      texts.push([]);
    }
    texts[texts.length - 1].push(line);
  }
  return sections
    .map((section, index) => ({ ...section, text: texts[index].join('\n').trim() }))
    .filter((section) => section.text !== '');
}

/** The manuscript file a heading names, without quotes or its extension. */
function manuscriptPath(named: string): string {
  return stemOf(named.trim().replace(/^[`"'“‘「]+|[`"'”’」]+$/g, '').replace(/^\.?\//, ''));
}

/**
 * The text of an entry for a request from the manuscript file `documentPath` (relative to the
 * workspace folder; undefined for a document that is not a file of the folder): the part before any
 * progression, and each section whose file the book has reached.
 */
export function entryText(entry: LoreEntry, documentPath: string | undefined): string {
  const current = documentPath === undefined ? undefined : stemOf(documentPath);
  return entry.sections
    .filter((section) => section.from === undefined || (current !== undefined && reached(current, section.from)))
    .map((section) => section.text)
    .join('\n\n');
}

/** Whether the book has reached `from` at `current` (both relative paths without extension). */
function reached(current: string, from: string): boolean {
  // A bare name is in the same folder as the document that asks.
  const target = from.includes('/') ? from : `${current.includes('/') ? current.slice(0, current.lastIndexOf('/') + 1) : ''}${from}`;
  return compareBookPaths(current, target) >= 0;
}

/** Every name an entry is found by: its name, aliases and plain keys. */
export function entryTerms(entry: LoreEntry): string[] {
  return [entry.name, ...entry.aliases, ...entry.keys];
}
