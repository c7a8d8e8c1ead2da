// What the model says is not all manuscript: models open with "Here is the continuation:", wrap
// the text in quotes or code fences, think aloud in <think> blocks, and close with notes. None of it
// may reach the document. These functions clean a complete answer; seams.ts does the same while a
// continuation streams in.

const REASONING_TAGS = ['think', 'thinking', 'reasoning', 'reflection'];
const REASONING_BLOCK = new RegExp(`<(${REASONING_TAGS.join('|')})>[\\s\\S]*?</\\1>`, 'gi');
const REASONING_OPEN = new RegExp(`^\\s*<(${REASONING_TAGS.join('|')})>`, 'i');

/** Words that open an assistant's remark rather than a story ("Sure, here is…", "好的，以下是…"). */
export const PREAMBLE_OPENERS = [
  'sure',
  'certainly',
  'of course',
  'okay',
  'ok',
  'absolutely',
  'alright',
  'all right',
  'great',
  'happy to',
  "i'd be happy",
  'i would be happy',
  "here's",
  'here is',
  'here are',
  'below is',
  'below are',
  'the following',
  'as requested',
  'continuation',
  'continued',
  'rewritten',
  'revised',
  'rewrite',
  '好的',
  '当然',
  '没问题',
  '以下',
  '下面',
  '这是',
  '续写',
  '改写',
  '润色',
];

/** Words that mark a line ending in a colon as a label for the answer ("Revised version:"). */
const LABELS_THE_ANSWER =
  /\b(continuation|continued|rewrite|rewritten|revised|revision|version|polished|edited|expanded|shortened|condensed|tightened|ideas|suggestions)\b|续写|改写|润色|修改后|版本|扩写|缩写|点子|创意/i;
/** Words that, after an opener ("Here is…"), say the line is about the answer, not part of it. */
const ABOUT_THE_ANSWER =
  /\b(continuation|continued|continuing|rewrite|rewritten|revised|revision|version|polished|edited|expanded|shortened|condensed|tightened|passage|paragraphs?|text|draft|story|scene|ideas|suggestions|options|list)\b|续写|改写|润色|修改|版本|扩写|缩写|段落|文本|点子|创意|想法|建议|故事/i;
const OPENER = new RegExp(
  `^(?:${PREAMBLE_OPENERS.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "['’]")).join('|')})(?![a-z])`,
  'i',
);
const ACKNOWLEDGEMENT = /^(?:sure|certainly|of course|okay|ok|absolutely|alright|all right|great|好的|当然|没问题|可以)[!.,，。！\s]*$/i;

/** Whether one line (the first of an answer) is an assistant's preamble rather than the text. */
export function isPreambleLine(line: string): boolean {
  const text = line.trim().replace(/^[#>*_\s]+/, '').replace(/[*_\s]+$/, '');
  if (text === '' || text.length > 160) return false;
  if (ACKNOWLEDGEMENT.test(text)) return true;
  const opener = OPENER.test(text);
  if (/[:：]$/.test(text)) return opener || (LABELS_THE_ANSWER.test(text) && text.length <= 80);
  // "Sure! Here is a continuation of the story." without a colon.
  return opener && ABOUT_THE_ANSWER.test(text) && /[.!。！]$/.test(text) && text.length <= 120;
}

/** Whether a first line still arriving could turn out to be a preamble: worth waiting for its end. */
export function couldBePreamble(partialLine: string): boolean {
  const text = partialLine.trimStart().replace(/^[#>*_\s]+/, '').toLowerCase().replace(/’/g, "'");
  if (text === '') return true;
  return PREAMBLE_OPENERS.some((word) => word.startsWith(text) || text.startsWith(word));
}

const TRAILING_NOTE =
  /^[\s*_([]*(?:notes?\b|author['’]s note|changes(?: made)?\b|explanation|i hope\b|hope this\b|let me know\b|feel free\b|would you like\b|if you(?:['’]d| would) like\b|shall i\b|this (?:continuation|version|rewrite|passage|revision)\b|in this (?:version|rewrite|continuation|revision)\b|i(?:['’]ve| have) (?:kept|made|tried|changed|focused|added|removed|preserved)\b|注[:：]|说明[:：]|备注|希望|如果您?需要|如需|需要我|这个版本|这段续写|改写说明)/i;

/** Removes <think>…</think> and similar blocks; an unclosed one at the start leaves nothing. */
export function stripReasoning(text: string): string {
  let result = text.replace(REASONING_BLOCK, '');
  if (REASONING_OPEN.test(result)) return '';
  // Some chat templates put the opening tag in the prompt, so the answer holds only the closing one.
  const orphan = new RegExp(`</(?:${REASONING_TAGS.join('|')})>`, 'i').exec(result);
  if (orphan) result = result.slice(orphan.index + orphan[0].length);
  return result;
}

/** Quotation marks a model may wrap a whole answer in: [opening, closing]. */
export const WRAPPING_QUOTES: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'],
  ['“', '”'],
  ['「', '」'],
  ['『', '』'],
  ['«', '»'],
];

/** The text without quotes around all of it; quotes that open and close dialogue inside stay. */
export function unwrapQuotes(text: string): string {
  for (const [open, close] of WRAPPING_QUOTES) {
    if (text.length >= 2 && text.startsWith(open) && text.endsWith(close)) {
      const inner = text.slice(open.length, text.length - close.length);
      if (!inner.includes(open) && !inner.includes(close)) return inner;
    }
  }
  return text;
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
    if (newline === -1) return rest;
    const line = trimmed.slice(0, newline);
    // A line the passage itself had is the author's, however much it sounds like a preamble.
    if (!isPreambleLine(line) || (original !== undefined && line.trim() !== '' && original.includes(line.trim()))) return rest;
    rest = trimmed.slice(newline + 1);
    // A separator under the preamble belongs to it.
    rest = rest.replace(/^\s*(?:-{3,}|\*{3,}|_{3,})[ \t]*\r?\n/, '');
  }
}

function dropTrailingNotes(text: string): string {
  let rest = text.trimEnd();
  for (;;) {
    const breakAt = rest.search(/\n[ \t]*\r?\n(?![\s\S]*\n[ \t]*\r?\n)/);
    if (breakAt === -1) return rest;
    const last = rest.slice(breakAt).trim();
    if (/^(?:-{3,}|\*{3,}|_{3,})$/.test(last) || TRAILING_NOTE.test(last)) {
      rest = rest.slice(0, breakAt).trimEnd();
      continue;
    }
    return rest;
  }
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
  let result = stripReasoning(answer);
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

const REFUSAL_EN =
  /^(?:(?:i['’]m|i am) (?:so |very |really )?sorry|sorry|i apologi[sz]e|unfortunately)?[,.!]?\s*(?:but\s+)?(?:i\s+(?:can(?:no|['’])t|cannot|won['’]t|will not|am (?:not able|unable)|['’]m (?:not able|unable)|must decline|(?:do not|don['’]t) feel comfortable)|as an ai\b)/i;
const REFUSAL_REASON =
  /\b(?:request|content|guidelines|polic(?:y|ies)|assist|comply|fulfil+|appropriate|explicit|help with|help you|provide|generate)\b/i;
const REFUSAL_ZH = /^(?:很?抱歉|对不起|非常抱歉)?[，,。！!]?\s*(?:但是?)?\s*(?:我(?:无法|不能|不可以|没办法|不会)|作为(?:一个)?(?:AI|人工智能))/;
const REFUSAL_ZH_REASON = /帮助|协助|提供|满足|完成|继续|生成|创作|请求|内容|要求/;

/**
 * Whether an answer is the model declining rather than writing. Only short answers that open with
 * a refusal and give a reason count, so a story that begins "I can't breathe" stays a story.
 */
export function looksLikeRefusal(text: string): boolean {
  const answer = stripReasoning(text).trim();
  if (answer === '' || answer.length > 600) return false;
  const opening = answer.slice(0, 300);
  if (REFUSAL_EN.test(opening)) {
    return /^as an ai\b/i.test(opening) || /^(?:(?:i['’]m|i am) (?:so |very |really )?sorry|sorry|i apologi[sz]e|unfortunately)/i.test(opening) || REFUSAL_REASON.test(opening);
  }
  return REFUSAL_ZH.test(opening) && REFUSAL_ZH_REASON.test(opening);
}
