// A workspace style file, `.inkwell/styles/<name>.md`: YAML front matter (id, label, description,
// temperature) and the instruction as its body. A workspace is someone else's repository as often as
// the writer's own, so a style file may change wording only, never where requests go.

import { parseDocument } from 'yaml';
import type { Style } from './styles';

/** Keys that would choose a server, model or credentials: refused in workspace styles. */
const ROUTING_KEYS = new Set([
  'provider',
  'baseurl',
  'url',
  'endpoint',
  'host',
  'model',
  'apikey',
  'key',
  'azure',
  'headers',
  'apiversion',
  'deployment',
]);

/** The same rule as the manifest's schema for `inkwell.customStyles`. */
const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const MAX_ID_LENGTH = 64;

/** What is wrong with the common fields of a style (id, label, description, temperature), if anything. */
export function styleFieldProblem(fields: Record<string, unknown>): string | undefined {
  const { id, label, description, temperature } = fields;
  if (typeof id !== 'string' || id.trim() === '') return 'has no "id"';
  if (!ID_PATTERN.test(id.trim()) || id.trim().length > MAX_ID_LENGTH) {
    return `has the id "${id}": an id is lowercase letters, digits and dashes, starting with a letter or digit (at most ${MAX_ID_LENGTH} characters)`;
  }
  if (label !== undefined && typeof label !== 'string') return '"label" must be text';
  if (description !== undefined && typeof description !== 'string') return '"description" must be text';
  if (temperature !== undefined && (typeof temperature !== 'number' || !(temperature >= 0 && temperature <= 2))) {
    return `"temperature" must be a number from 0 to 2 (it is ${JSON.stringify(temperature)})`;
  }
  return undefined;
}

/**
 * Reads one style file. Without front matter the whole file is the instruction and the id is the
 * file's name. Errors name the reason (and the line, for YAML); the caller adds the path.
 */
export function parseStyleFile(path: string, text: string): { style: Style } | { error: string } {
  const body = text.replace(/^\uFEFF/, '');
  const split = splitFrontMatter(body);
  if ('error' in split) return split;

  let fields: Record<string, unknown> = {};
  if (split.frontMatter !== undefined) {
    const document = parseDocument(split.frontMatter, { prettyErrors: true, uniqueKeys: true });
    const [yamlError] = document.errors;
    if (yamlError) {
      const line = (yamlError.linePos?.[0].line ?? 1) + 1;
      const reason = yamlError.message.split(' at line ')[0].split('\n')[0];
      return { error: `the front matter is not valid YAML (line ${line}): ${reason}` };
    }
    const value: unknown = document.toJS();
    if (value !== null && value !== undefined) {
      if (typeof value !== 'object' || Array.isArray(value)) {
        return { error: 'the front matter must be "key: value" lines (id, label, description, temperature)' };
      }
      fields = value as Record<string, unknown>;
    }
  }

  const routing = Object.keys(fields).find((key) => ROUTING_KEYS.has(key.toLowerCase().replace(/[-_]/g, '')));
  if (routing) {
    return {
      error: `sets "${routing}", but a workspace style cannot choose the provider, URL, model or key; remove that line`,
    };
  }
  const withId = { ...fields, id: fields.id ?? idFromPath(path) };
  if (fields.id === undefined && !ID_PATTERN.test(withId.id as string)) {
    return { error: 'needs an "id" in its front matter (lowercase letters, digits and dashes): its file name cannot serve as one' };
  }
  const problem = styleFieldProblem(withId);
  if (problem) return { error: problem };

  const instruction = split.body.trim();
  if (instruction === '') return { error: 'has no instruction: write it below the front matter' };
  const id = (withId.id as string).trim();
  const style: Style = {
    id,
    label: typeof fields.label === 'string' && fields.label.trim() ? fields.label.trim() : id,
    instruction,
    source: 'workspace',
  };
  if (typeof fields.description === 'string' && fields.description.trim()) style.description = fields.description.trim();
  if (typeof fields.temperature === 'number') style.temperature = fields.temperature;
  return { style };
}

function splitFrontMatter(text: string): { frontMatter?: string; body: string } | { error: string } {
  const opening = /^---[ \t]*\r?\n/.exec(text);
  if (!opening) return { body: text };
  const closing = /^(?:---|\.\.\.)[ \t]*\r?$/m;
  const rest = text.slice(opening[0].length);
  const end = closing.exec(rest);
  if (!end) return { error: 'the front matter starting with "---" on line 1 is never closed by a "---" line' };
  return {
    frontMatter: rest.slice(0, end.index),
    body: rest.slice(end.index + end[0].length),
  };
}

function idFromPath(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? path;
  return name.replace(/\.md$/i, '').trim().toLowerCase().replace(/[\s_]+/g, '-');
}
