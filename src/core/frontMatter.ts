// YAML front matter of the Markdown files a folder gives Inkwell (styles, lore entries). A folder is
// someone else's repository as often as the writer's own, so what front matter may say is limited to
// wording: keys that would choose a server, model or credentials are recognised here, once.

import type * as Yaml from 'yaml';

/** The `yaml` package, passed in: the extension loads it only once a folder has such files. */
export type YamlModule = Pick<typeof Yaml, 'parseDocument'>;

export type FrontMatterProblem =
  | { code: 'front-matter-unclosed' }
  | { code: 'front-matter-not-map' }
  | { code: 'yaml'; line: number; detail: string };

/** Keys that would choose a server, model or credentials: refused in every file from a folder. */
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

export function isRoutingKey(key: string): boolean {
  return ROUTING_KEYS.has(key.toLowerCase().replace(/[-_]/g, ''));
}

/** The front matter and the body; undefined when the front matter is never closed. */
export function splitFrontMatter(text: string): { frontMatter?: string; body: string } | undefined {
  const opening = /^---[ \t]*\r?\n/.exec(text);
  if (!opening) return { body: text };
  const closing = /^(?:---|\.\.\.)[ \t]*\r?$/m;
  const rest = text.slice(opening[0].length);
  const end = closing.exec(rest);
  if (!end) return undefined;
  return {
    frontMatter: rest.slice(0, end.index),
    body: rest.slice(end.index + end[0].length),
  };
}

/**
 * The fields of a file's front matter (empty without one) and its body, a byte order mark removed.
 * A problem names the reason (and the line, for YAML); the caller adds the path.
 */
export function readFrontMatter(
  text: string,
  yaml: YamlModule,
): { fields: Record<string, unknown>; body: string } | { problem: FrontMatterProblem } {
  const split = splitFrontMatter(text.replace(/^\uFEFF/, ''));
  if (!split) return { problem: { code: 'front-matter-unclosed' } };
  if (split.frontMatter === undefined) return { fields: {}, body: split.body };
  const document = yaml.parseDocument(split.frontMatter, { prettyErrors: true, uniqueKeys: true });
  const [yamlError] = document.errors;
  if (yamlError) {
    const line = (yamlError.linePos?.[0].line ?? 1) + 1;
    return { problem: { code: 'yaml', line, detail: yamlError.message.split(' at line ')[0].split('\n')[0] } };
  }
  const value: unknown = document.toJS();
  if (value === null || value === undefined) return { fields: {}, body: split.body };
  if (typeof value !== 'object' || Array.isArray(value)) return { problem: { code: 'front-matter-not-map' } };
  return { fields: value as Record<string, unknown>, body: split.body };
}
