// Splits a model's brainstorm answer into ideas while it streams. Models answer in many list shapes
// (`1.`, `1)`, `(1)`, `1、`, `一、`, `①`, bullets, bold titles, one idea per line or per paragraph,
// Chinese or English), often with a sentence of preamble and a closing offer: the parser keeps only
// the ideas, each a clean string (no list marker, no wrapping bold or quotes, trimmed).
//
// Rules, in order:
// - A line that starts with a list marker starts an idea. Once the answer has a marker, text that is
//   neither an idea line nor its continuation (the line right below it, or an indented line) is
//   preamble, a section heading or an outro, and is dropped.
// - Without markers, the first block of text decides: several lines in one block mean one idea per
//   line; a single line followed by a blank line means one idea per paragraph.
// - A first line that introduces the list ("Here are …", ending in a colon) and closing offers
//   ("Let me know …") are never ideas.
// An idea is reported as soon as it is complete: when the next one starts, or at the end.

import { introducesList, isClosingNote, isSeparatorLine, QUOTE_PAIRS, unwrapQuotes } from './modelText';

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛';
const DIGITS = '0-9０-９';
const CHINESE_NUMERALS = '一二三四五六七八九十百零〇两';

const MARKER = new RegExp(
  '^(?:' +
    [
      '[0-9]{1,3}[.](?=\\s|$)', // 1.
      `[${DIGITS}]{1,3}[．]`, // １．
      '[0-9]{1,3}[):](?=\\s|$)', // 1)  1:
      `[${DIGITS}]{1,3}[）：]`, // 1）
      `[${DIGITS}]{1,3}[、]`, // 1、
      `[(（][${DIGITS}]{1,3}[)）]`, // (1) （1）
      `[${CHINESE_NUMERALS}]{1,3}[、.．]`, // 一、
      `[(（][${CHINESE_NUMERALS}]{1,3}[)）]`, // （一）
      `[${CIRCLED}]`, // ①
      '[-*+](?=\\s)', // - * +
      '[•·‧・◦▪▫●○■□◆◇►▶➤✦✧※]', // other bullets
    ].join('|') +
    ')\\s*',
  'u',
);

const HEADING = /^#{1,6}\s+/;
const FENCE = /^\s*(`{3,}|~{3,})/;
/** How much of a line's start shows whether it opens an idea (indentation and a list marker). */
const MARKER_WINDOW = 80;
/** A line that is only a bold phrase, a title whose description follows on the next lines. */
const BOLD_TITLE = /^(\*\*|__)[^*_\n]+\1[:：]?$/u;

function indentOf(line: string): number {
  let width = 0;
  for (const char of line) {
    if (char === ' ' || char === '\u3000') width += 1;
    else if (char === '\t') width += 4;
    else break;
  }
  return width;
}

function unwrapEmphasis(text: string): string {
  const whole = /^(\*\*|__)(.+)\1$/su.exec(text) ?? /^([*_])(?![*_\s])(.+?)\1$/su.exec(text);
  if (whole && !whole[2].includes(whole[1])) return whole[2].trim();
  // A bold title followed by its description: keep the words, drop the markup.
  return text.replace(/^(\*\*|__)(.+?)\1/u, '$2');
}

/** One idea as the writer sees it: no markup around it, no list punctuation after it. */
export function cleanIdea(raw: string): string {
  const lines = raw
    .split('\n')
    .map((line) => line.trim())
    .filter((line, i, all) => line !== '' || (i > 0 && i < all.length - 1));
  let text = lines.join('\n').trim();
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = unwrapQuotes(unwrapEmphasis(text), QUOTE_PAIRS).trim().replace(/[;；,，、]+$/u, '').trim();
  }
  return text;
}

interface OpenIdea {
  parts: string[];
  indent: number;
  blankAfter: boolean;
  /** Started by a bold line: a heading, not an idea, when list items follow it directly. */
  boldTitle: boolean;
}

export interface IdeaParser {
  /** Feeds the next piece of the answer; returns the ideas this piece completed, in order. */
  push(delta: string): string[];
  /** The answer has ended; returns the ideas still open. */
  end(): string[];
}

export function createIdeaParser(): IdeaParser {
  let partialLine = '';
  let mode: 'undecided' | 'marked' | 'lines' | 'paragraphs' = 'undecided';
  let current: OpenIdea | undefined;
  // Unmarked lines of the first block, held until the next line shows what they are.
  let held: string[] = [];
  let blankAfterHeld = false;
  let paragraph: string[] = [];
  let blankAfterParagraph = false;
  let sawContent = false;

  const out: string[] = [];
  const emit = (raw: string) => {
    const idea = cleanIdea(raw);
    if (idea && !isClosingNote(idea) && !isSeparatorLine(idea)) out.push(idea);
  };
  const closeIdea = () => {
    if (current) emit(current.parts.join('\n'));
    current = undefined;
  };
  const closeParagraph = () => {
    if (paragraph.length) emit(paragraph.join('\n'));
    paragraph = [];
    blankAfterParagraph = false;
  };
  const isIntro = (line: string) => !sawContent && introducesList(line);

  function unmarkedLine(text: string): void {
    if (mode === 'marked') return;
    if (mode === 'lines') {
      emit(text);
      return;
    }
    if (mode === 'paragraphs') {
      if (blankAfterParagraph) closeParagraph();
      paragraph.push(text);
      return;
    }
    // Undecided: the first block shows which of the unmarked shapes this is.
    if (held.length === 0) {
      if (isIntro(text)) {
        sawContent = true;
        return;
      }
      held.push(text);
      return;
    }
    sawContent = true;
    if (blankAfterHeld) {
      mode = 'paragraphs';
      paragraph = held;
      held = [];
      closeParagraph();
      paragraph.push(text);
    } else {
      mode = 'lines';
      for (const line of held) emit(line);
      held = [];
      emit(text);
    }
  }

  function line(rawLine: string): void {
    const text = rawLine.replace(/\r$/, '');
    if (FENCE.test(text)) return;
    const trimmed = text.trim();
    if (trimmed === '') {
      if (current) current.blankAfter = true;
      if (held.length) blankAfterHeld = true;
      if (paragraph.length) blankAfterParagraph = true;
      return;
    }
    const indent = indentOf(text);
    const body = trimmed.replace(HEADING, '');
    const marker = MARKER.exec(body);
    const rest = marker ? body.slice(marker[0].length) : body;
    const startsIdea = marker !== null || (BOLD_TITLE.test(body) && (mode === 'undecided' || mode === 'marked'));
    if (startsIdea && mode !== 'lines' && mode !== 'paragraphs') {
      if (current && indent > current.indent) {
        current.parts.push(rest);
        current.blankAfter = false;
        return;
      }
      // Whatever came before the first idea was its introduction.
      held = [];
      sawContent = true;
      mode = 'marked';
      if (current?.boldTitle && current.parts.length === 1 && marker) current = undefined;
      closeIdea();
      current = { parts: [rest], indent, blankAfter: false, boldTitle: marker === null };
      return;
    }
    if (current) {
      // "I hope these help!" right under the last idea is the assistant's, not the idea's.
      if (isClosingNote(trimmed)) {
        closeIdea();
        return;
      }
      if (!current.blankAfter || indent > current.indent) {
        current.parts.push(trimmed);
        current.blankAfter = false;
        return;
      }
      closeIdea();
    }
    if (HEADING.test(trimmed) && mode === 'marked') return;
    unmarkedLine(rest);
  }

  /** The unfinished last line already shows a new idea at the current one's level: the current one is complete. */
  function startsNextIdea(partial: string): boolean {
    if (!current || (current.boldTitle && current.parts.length === 1) || indentOf(partial) > current.indent) return false;
    const body = partial.trim().replace(HEADING, '');
    const marker = MARKER.exec(body);
    return marker !== null && marker[0].length < body.length;
  }

  function take(): string[] {
    return out.splice(0, out.length);
  }

  return {
    push(delta: string): string[] {
      // Only the new text is searched for line breaks: a long line arriving in small pieces costs what it weighs.
      if (delta.includes('\n')) {
        const lines = (partialLine + delta).split('\n');
        partialLine = lines.pop() ?? '';
        for (const each of lines) line(each);
      } else {
        partialLine += delta;
      }
      if (current && startsNextIdea(partialLine.slice(0, MARKER_WINDOW))) closeIdea();
      return take();
    },
    end(): string[] {
      if (partialLine) line(partialLine);
      partialLine = '';
      closeIdea();
      closeParagraph();
      // A single unmarked line, or a single block of lines, is the whole answer.
      for (const text of held) emit(text);
      held = [];
      return take();
    },
  };
}

/** All the ideas of a complete answer, exactly as the streaming parser reports them. */
export function parseIdeas(text: string): string[] {
  const parser = createIdeaParser();
  return [...parser.push(text), ...parser.end()];
}
