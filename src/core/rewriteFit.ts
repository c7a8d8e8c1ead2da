// Fitting a complete rewrite to the passage it replaces: the model answers with bare paragraphs,
// the writer's selection has its own surrounding whitespace, line endings, paragraph breaks,
// indentation, block quotes and markup around it, and the review should change only words.

import { WRAPPING_QUOTES } from './modelText';

/**
 * Fits a complete rewrite to the original selection: keeps its leading/trailing whitespace, its line
 * ending style (CRLF stays CRLF), its paragraph-break pattern where the model lost it, its paragraph
 * indentation, block-quote prefixes and the markup wrapped around the whole of it.
 * Expects the rewrite already cleaned (cleanCompleteText); an empty rewrite stays empty.
 */
export function fitRewrite(original: string, rewritten: string): string {
  let text = rewritten.replace(/\r\n?/g, '\n').trim();
  if (text === '') return '';
  const lead = /^\s*/.exec(original)![0];
  if (lead === original) return text;
  const trail = /\s*$/.exec(original)![0];
  const core = original.slice(lead.length, original.length - trail.length).replace(/\r\n?/g, '\n');

  text = fitParagraphBreaks(core, text);
  text = fitIndentation(lead, core, text);
  text = fitLinePrefix(core, text);
  text = fitWrapping(core, text);

  const crlf = original.includes('\r\n');
  return lead + (crlf ? text.replace(/\n/g, '\r\n') : text) + trail;
}

function fitParagraphBreaks(core: string, text: string): string {
  const original = breakKinds(core);
  const model = breakKinds(text);
  if (original.blank && !original.single && model.single && !model.blank) return text.replace(/\n/g, '\n\n');
  if (original.single && !original.blank && model.blank) return text.replace(/\n(?:[ \t\u3000]*\n)+/g, '\n');
  return text;
}

/** Whether a text separates its lines by blank lines, by single line breaks, or both (verse). */
function breakKinds(text: string): { blank: boolean; single: boolean } {
  const separators = text.match(/\n(?:[ \t\u3000]*\n)*/g) ?? [];
  return {
    blank: separators.some((separator) => separator.split('\n').length > 2),
    single: separators.some((separator) => separator === '\n'),
  };
}

function fitIndentation(lead: string, core: string, text: string): string {
  const indent = /(?:\u3000+|\t+)$/.exec(lead)?.[0] ?? '';
  if (!indent) return text;
  const paragraphs = core.split(/\n(?:[ \t]*\n)*/);
  if (paragraphs.length < 2 || !paragraphs.slice(1).every((paragraph) => paragraph.startsWith(indent))) return text;
  return text
    .split('\n')
    .map((line, index) => (index === 0 ? line.replace(/^[\u3000\t]+/, '') : line.trim() === '' || line.startsWith(indent) ? line : indent + line.trimStart()))
    .join('\n');
}

function fitLinePrefix(core: string, text: string): string {
  const lines = core.split('\n').filter((line) => line.trim() !== '');
  const quoted = lines.length > 0 && lines.every((line) => /^>\s?/.test(line));
  if (!quoted) return text;
  const textLines = text.split('\n');
  if (textLines.filter((line) => line.trim() !== '').every((line) => /^>/.test(line))) return text;
  return textLines.map((line) => (line.trim() === '' ? '>' : `> ${line}`)).join('\n');
}

const WRAPPERS: ReadonlyArray<readonly [string, string]> = [
  ['**', '**'],
  ['__', '__'],
  ['*', '*'],
  ['_', '_'],
  ...WRAPPING_QUOTES,
];

function fitWrapping(core: string, text: string): string {
  let result = text;
  const heading = /^#{1,6}\s+/.exec(core);
  if (heading && !core.includes('\n') && !/^#{1,6}\s/.test(result)) result = heading[0] + result;
  const item = /^(?:[-*+]|\d+[.)])\s+/.exec(core);
  if (item && !core.includes('\n') && !/^(?:[-*+]|\d+[.)])\s/.test(result)) result = item[0] + result;
  for (const [open, close] of WRAPPERS) {
    if (core.length <= open.length + close.length || !core.startsWith(open) || !core.endsWith(close)) continue;
    const inner = core.slice(open.length, core.length - close.length);
    if (inner.includes(open) || inner.includes(close)) continue;
    if (!(result.startsWith(open) && result.endsWith(close))) result = open + result + close;
    break;
  }
  return result;
}
