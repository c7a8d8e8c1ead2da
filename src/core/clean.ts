// A model's complete answer as text for the manuscript. Models open with "Here is the
// continuation:", wrap the text in quotes or code fences, think aloud in <think> blocks and close
// with notes; modelText.ts knows those words, this removes them from a whole answer (rewrites and
// brainstorms). seams.ts does the same while a continuation streams in.

import { firstReasoningClosing, isClosingNote, isPreambleLine, isSeparatorLine, unwrapQuotes } from './modelText';
import { withoutLeadingReasoning } from './reasoning';

/**
 * Removes the reasoning an answer opens with; an unclosed block leaves nothing. Some chat
 * templates put the opening tag in the prompt, so the answer holds only the closing one: what
 * comes before it is reasoning too, unless the passage being rewritten has that tag itself.
 */
export function stripReasoning(text: string, original?: string): string {
  let result = withoutLeadingReasoning(text);
  const orphan = firstReasoningClosing(result);
  const tag = orphan && result.slice(orphan.index, orphan.index + orphan.length).toLowerCase();
  if (orphan && !original?.toLowerCase().includes(tag!)) result = result.slice(orphan.index + orphan.length);
  return result;
}

function unwrapFence(text: string): string {
  const whole = /^```[^\n`]*\r?\n([\s\S]*?)\r?\n?```[ \t]*$/.exec(text);
  if (whole) return whole[1];
  // Cut short by the length limit: an opening fence and no closing one.
  const opened = /^```[^\n`]*\r?\n([\s\S]*)$/.exec(text);
  return opened && !opened[1].includes('```') ? opened[1] : text;
}

function dropPreambleLines(text: string, original: string | undefined): string {
  let rest = text;
  for (;;) {
    const trimmed = rest.replace(/^\s*\n/, '').trimStart();
    const newline = trimmed.indexOf('\n');
    const line = newline === -1 ? trimmed : trimmed.slice(0, newline);
    // A line the passage itself had is the author's, however much it sounds like a preamble.
    if (!isPreambleLine(line) || (original !== undefined && line.trim() !== '' && original.includes(line.trim()))) return rest;
    // An answer that is only a preamble has no text.
    if (newline === -1) return '';
    rest = trimmed.slice(newline + 1);
    // A separator under the preamble belongs to it.
    const next = /^\s*([^\n]*)\r?\n/.exec(rest);
    if (next && isSeparatorLine(next[1])) rest = rest.slice(next[0].length);
  }
}

/** Drops the closing notes (and the separators above them) that end an answer, paragraph by paragraph from the end. */
function dropTrailingNotes(text: string): string {
  const breaks = [...text.matchAll(/\n[ \t]*\r?\n/g)].map((match) => match.index);
  let end = text.length;
  for (let i = breaks.length - 1; i >= 0; i--) {
    const paragraph = text.slice(breaks[i], end).trim();
    if (paragraph !== '' && !isSeparatorLine(paragraph) && !isClosingNote(paragraph)) break;
    end = breaks[i];
  }
  return text.slice(0, end).trimEnd();
}

/**
 * The model's complete answer as text for the manuscript: reasoning, preamble, a code fence or
 * quotes around the whole of it, and closing notes removed. Rewrites and brainstorms come back
 * trimmed; a continuation keeps its leading whitespace when nothing was removed before it (it
 * tells where the model meant its text to start). With `original` (the passage a rewrite replaces),
 * lines and wrapping that the original itself has are kept.
 */
export function cleanCompleteText(text: string, kind: 'continue' | 'rewrite' | 'brainstorm', original?: string): string {
  const answer = text.replace(/\r\n/g, '\n');
  const passage = original?.replace(/\r\n/g, '\n').trim();
  const passageWrapped = passage !== undefined && unwrapQuotes(passage) !== passage;
  let result = stripReasoning(answer, passage);
  for (let pass = 0; pass < 3; pass++) {
    const before = result;
    result = unwrapFence(result.trim());
    result = dropPreambleLines(result, passage);
    result = unwrapFence(result.trim());
    result = dropTrailingNotes(result);
    result = unwrapFence(result.trim()).trim();
    if (kind !== 'brainstorm' && !passageWrapped) result = unwrapQuotes(result);
    if (result === before) break;
  }
  if (kind === 'continue' && answer.trim() === result) {
    const lead = /^\s*/.exec(answer)![0];
    return lead + result;
  }
  return result;
}
