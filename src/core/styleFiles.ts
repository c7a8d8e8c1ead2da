// A workspace style file, `.inkwell/styles/<name>.md`: YAML front matter (id, label, description,
// temperature) and the instruction as its body. A workspace is someone else's repository as often as
// the writer's own, so a style file may change wording only, never where requests go.

import { isRoutingKey, readFrontMatter, type FrontMatterProblem, type YamlModule } from './frontMatter';
import type { Style } from './styles';

export type { YamlModule } from './frontMatter';

/** The same rule as the manifest's schema for `inkwell.customStyles`. */
const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const MAX_ID_LENGTH = 64;

/** Why a custom style was skipped, in a form the extension can put into the writer's language. */
export type StyleProblemReason =
  | { code: 'not-object' }
  | { code: 'no-id' }
  | { code: 'bad-id'; id: string }
  | { code: 'no-usable-file-name' }
  | { code: 'label-not-text' }
  | { code: 'description-not-text' }
  | { code: 'bad-temperature'; value: string }
  | { code: 'no-instruction' }
  | FrontMatterProblem
  | { code: 'routing-key'; key: string }
  | { code: 'duplicate-id'; id: string; owner: string | undefined /* the other style's source; undefined: built-in */ };

/** The reason in English, as the log and tests read it. */
export function describeProblem(reason: StyleProblemReason): string {
  switch (reason.code) {
    case 'not-object':
      return 'is not an object with "id", "label" and "instruction"';
    case 'no-id':
      return 'has no "id"';
    case 'bad-id':
      return `has the id "${reason.id}": an id is lowercase letters, digits and dashes, starting with a letter or digit (at most ${MAX_ID_LENGTH} characters)`;
    case 'no-usable-file-name':
      return 'needs an "id" in its front matter (lowercase letters, digits and dashes): its file name cannot serve as one';
    case 'label-not-text':
      return '"label" must be text';
    case 'description-not-text':
      return '"description" must be text';
    case 'bad-temperature':
      return `"temperature" must be a number from 0 to 2 (it is ${reason.value})`;
    case 'no-instruction':
      return 'has no instruction: say how the assistant should write (in a style file, below the front matter)';
    case 'front-matter-unclosed':
      return 'the front matter starting with "---" on line 1 is never closed by a "---" line';
    case 'front-matter-not-map':
      return 'the front matter must be "key: value" lines (id, label, description, temperature)';
    case 'yaml':
      return `the front matter is not valid YAML (line ${reason.line}): ${reason.detail}`;
    case 'routing-key':
      return `sets "${reason.key}", but a workspace style cannot choose the provider, URL, model or key; remove that line`;
    case 'duplicate-id':
      return `the id "${reason.id}" is already used by ${reason.owner ?? 'a built-in style'}; this style was skipped`;
  }
}

export interface StyleParseError {
  error: string;
  reason: StyleProblemReason;
}

export function styleError(reason: StyleProblemReason): StyleParseError {
  return { error: describeProblem(reason), reason };
}

/** What is wrong with the common fields of a style (id, label, description, temperature), if anything. */
export function styleFieldProblem(fields: Record<string, unknown>): StyleProblemReason | undefined {
  const { id, label, description, temperature } = fields;
  if (typeof id !== 'string' || id.trim() === '') return { code: 'no-id' };
  if (!ID_PATTERN.test(id.trim()) || id.trim().length > MAX_ID_LENGTH) return { code: 'bad-id', id };
  if (label !== undefined && typeof label !== 'string') return { code: 'label-not-text' };
  if (description !== undefined && typeof description !== 'string') return { code: 'description-not-text' };
  if (temperature !== undefined && (typeof temperature !== 'number' || !(temperature >= 0 && temperature <= 2))) {
    return { code: 'bad-temperature', value: JSON.stringify(temperature) };
  }
  return undefined;
}

/**
 * Reads one style file. Without front matter the whole file is the instruction and the id is the
 * file's name. Errors name the reason (and the line, for YAML); the caller adds the path.
 */
export function parseStyleFile(path: string, text: string, yaml: YamlModule): { style: Style } | StyleParseError {
  const read = readFrontMatter(text, yaml);
  if ('problem' in read) return styleError(read.problem);
  const { fields } = read;

  const routing = Object.keys(fields).find(isRoutingKey);
  if (routing) return styleError({ code: 'routing-key', key: routing });
  const withId = { ...fields, id: fields.id ?? idFromPath(path) };
  if (fields.id === undefined && !ID_PATTERN.test(withId.id as string)) return styleError({ code: 'no-usable-file-name' });
  const problem = styleFieldProblem(withId);
  if (problem) return styleError(problem);

  const instruction = read.body.trim();
  if (instruction === '') return styleError({ code: 'no-instruction' });
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

function idFromPath(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? path;
  return name.replace(/\.md$/i, '').trim().toLowerCase().replace(/[\s_]+/g, '-');
}
