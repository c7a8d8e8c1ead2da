// The words a model wraps its answer in, as opposed to the answer itself: reasoning in tags, a
// preamble ("Here is the continuation:"), quotes around the whole text, closing notes ("Let me know
// if…") and refusals. One vocabulary, read by the streaming filters (reasoning.ts, seams.ts), the
// complete-answer cleaner (clean.ts) and the idea parser (ideas.ts), so a phrase one of them learns
// is known to all of them.

// ---- reasoning ----------------------------------------------------------------------------------

/** Tag names reasoning models put their thinking in, inside the answer. */
export const REASONING_TAGS: readonly string[] = ['think', 'thinking', 'reasoning', 'reflection'];
const REASONING_OPENINGS = REASONING_TAGS.map((name) => `<${name}>`);
/** Longest opening tag: the most a stream holds back to see whether `<` starts one. */
export const LONGEST_REASONING_TAG = Math.max(...REASONING_OPENINGS.map((tag) => tag.length));

/**
 * The reasoning tag `text` opens with: its name and where its content starts; 'maybe' while
 * `text` is still a beginning of one. Matched case-insensitively.
 */
export function reasoningOpening(text: string): { name: string; contentStart: number } | 'maybe' | undefined {
  if (text[0] !== '<') return undefined;
  const head = text.slice(0, LONGEST_REASONING_TAG).toLowerCase();
  for (const tag of REASONING_OPENINGS) if (head.startsWith(tag)) return { name: tag.slice(1, -1), contentStart: tag.length };
  return REASONING_OPENINGS.some((tag) => tag.startsWith(head)) ? 'maybe' : undefined;
}

export function reasoningClosing(name: string): string {
  return `</${name}>`;
}

/** The first closing reasoning tag in `text` (any of the names), as an orphan close is found. */
export function firstReasoningClosing(text: string): { index: number; length: number } | undefined {
  const match = new RegExp(`</(?:${REASONING_TAGS.join('|')})>`, 'i').exec(text);
  return match ? { index: match.index, length: match[0].length } : undefined;
}

// ---- preambles ----------------------------------------------------------------------------------

/** Words that acknowledge the request ("Sure.", "好的。"). */
const ACKNOWLEDGEMENTS = ['sure', 'certainly', 'of course', 'okay', 'ok', 'absolutely', 'alright', 'all right', 'great', '好的', '当然', '没问题', '可以'];
/** Words that present what follows ("Here is…", "以下是…"). */
const PRESENTING = ["here's", 'here is', 'here are', 'below is', 'below are', 'the following', 'as requested', 'happy to', "i'd be happy", 'i would be happy', '以下', '下面', '这是', '这里是', '为你', '为您'];
/** Words that name the answer as a label ("Continuation:", "改写："). */
const ANSWER_NAMES = ['continuation', 'continued', 'rewritten', 'revised', 'rewrite', '续写', '改写', '润色'];
const PREAMBLE_OPENERS = [...ACKNOWLEDGEMENTS, ...PRESENTING, ...ANSWER_NAMES];

/** Words that mark a line ending in a colon as a label for the answer ("Revised version:"). */
const LABELS_THE_ANSWER =
  /\b(continuation|continued|rewrite|rewritten|revised|revision|version|polished|edited|expanded|shortened|condensed|tightened|ideas|suggestions)\b|续写|改写|润色|修改后|版本|扩写|缩写|点子|创意/i;
/** Words that, after an opener ("Here is…"), say the line is about the answer, not part of it. */
const ABOUT_THE_ANSWER =
  /\b(continuation|continued|continuing|rewrite|rewritten|revised|revision|version|polished|edited|expanded|shortened|condensed|tightened|passage|paragraphs?|text|draft|story|scene|ideas|suggestions|options|list)\b|续写|改写|润色|修改|版本|扩写|缩写|段落|文本|点子|创意|想法|建议|故事/i;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternatives = (words: readonly string[]) => words.map((word) => escapeRegExp(word).replace(/'/g, "['’]")).join('|');

const OPENER = new RegExp(`^(?:${alternatives(PREAMBLE_OPENERS)})(?![a-z])`, 'i');
const ACKNOWLEDGEMENT = new RegExp(`^(?:${alternatives(ACKNOWLEDGEMENTS)})[!.,，。！\\s]*$`, 'i');
/** How a list is introduced: an acknowledgement with its punctuation, or words that present it.
 * Narrower than the preamble openers: "The following night…" may well be the first idea. */
const INTRODUCTION = new RegExp(
  `^(?:(?:${alternatives(ACKNOWLEDGEMENTS)})(?![a-z])\\s*[,!.，！。]|(?:${alternatives(["here's", 'here is', 'here are', 'below is', 'below are', "i'd be happy", 'i would be happy', 'happy to', '以下是', '下面是', '这里是', '这是', '为你', '为您'])})(?![a-z]))`,
  'i',
);

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

/** Whether the first line of a list answer introduces the list ("Here are five names:") rather than being an idea. */
export function introducesList(line: string): boolean {
  return INTRODUCTION.test(line) || /[:：]\s*$/.test(line);
}

// ---- closing notes ------------------------------------------------------------------------------

/**
 * How an assistant's closing remark opens: a label ("Note:", "注："), a wish or an offer addressed to
 * the writer ("I hope this…", "Let me know…", "希望这些…"), or a description of the answer ("This
 * version…", "I've kept the tone…"). Prose can open like some of these, so each phrase names the
 * answer or the writer, not just a verb.
 */
const CLOSING_NOTE = new RegExp(
  '^[\\s*_(\\[]*(?:' +
    [
      "notes?\\b[^\\n]{0,3}[:：—–-]",
      'note that\\b',
      "author['’]s note\\b",
      'changes(?: made)?\\s*[:：]',
      'explanation\\s*[:：]',
      'i hope (?:this|these|that|it|the|my|you (?:like|enjoy|find))\\b',
      'hope (?:this|these|that|it) (?:helps?|works?|fits?|is|captures?|gives?)\\b',
      'let me know\\b',
      'feel free\\b',
      'would you like (?:me|another|a|any|more|some)\\b',
      'do you want me\\b',
      'want me to\\b',
      "if you(?:['’]d| would)? like\\b",
      'shall i\\b',
      'this (?:continuation|version|rewrite|passage|revision|draft)\\b',
      'in this (?:version|rewrite|continuation|revision)\\b',
      "i(?:['’]ve| have) (?:kept|made|tried|changed|focused|added|removed|preserved|maintained|aimed|written|continued)\\b(?=[^\\n]*\\b(?:tone|voice|style|pacing|tense|mood|original|passage|text|story|scene|rewrite|version|continuation|changes|edits|your|you)\\b)",
      '注\\s*[:：]',
      '说明\\s*[:：]',
      '备注',
      '希望(?:这|以上|这些|这个|这段|本|对你|对您|你|您|能)',
      '如果[你您]?(?:需要|想要|想|还需要|希望)',
      '需要更多',
      '如需',
      '需要我',
      '这个版本',
      '这段续写',
      '改写说明',
      '还需要',
    ].join('|') +
    ')',
  'i',
);
const SEPARATOR = /^[ \t]*(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;

/** Whether a paragraph at the end of an answer is the assistant's closing remark, not text. */
export function isClosingNote(paragraph: string): boolean {
  return CLOSING_NOTE.test(paragraph.trimStart().slice(0, 300));
}

/** The words closing notes open with, as far as a stream needs to know whether to wait for the rest. */
const CLOSING_NOTE_OPENERS = ['note', "author's note", 'changes', 'explanation', 'i hope', 'hope', 'let me know', 'feel free', 'would you like', 'do you want', 'want me', 'if you', 'shall i', 'this ', 'in this', "i've", 'i have', '注', '说明', '备注', '希望', '如果', '如需', '需要', '这个版本', '这段续写', '改写说明', '还需要'];

/** Whether the start of a paragraph still arriving could turn out to be a closing note or a separator: worth waiting for its end. */
export function couldBeClosingNote(start: string): boolean {
  if (/^[ \t]*[-*_][-*_ \t]*$/.test(start)) return true;
  const text = start.replace(/^[\s*_([]+/, '').toLowerCase().replace(/’/g, "'");
  if (text === '') return true;
  return CLOSING_NOTE_OPENERS.some((word) => word.startsWith(text) || text.startsWith(word));
}

/** Whether a line is a separator (`---`, `***`, `* * *`), which may come before a closing note. */
export function isSeparatorLine(line: string): boolean {
  return SEPARATOR.test(line);
}

// ---- quotes -------------------------------------------------------------------------------------

/** Quotation marks a model may wrap a whole answer in: [opening, closing]. Single quotes are left
 * out: an apostrophe at either end is too common to tell them apart. */
export const WRAPPING_QUOTES: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'],
  ['“', '”'],
  ['「', '」'],
  ['『', '』'],
  ['«', '»'],
];

/** Every pair of quotation marks, single ones included (an idea is short enough to tell). */
export const QUOTE_PAIRS: ReadonlyArray<readonly [string, string]> = [...WRAPPING_QUOTES, ["'", "'"], ['‘', '’']];

/** `text` without quotes (of `pairs`) around all of it; "A" and "B" is two quotations, not one wrapped. */
export function unwrapQuotes(text: string, pairs: ReadonlyArray<readonly [string, string]> = WRAPPING_QUOTES): string {
  for (const [open, close] of pairs) {
    if (text.length < open.length + close.length || !text.startsWith(open) || !text.endsWith(close)) continue;
    const inner = text.slice(open.length, text.length - close.length);
    if (!inner.includes(open) && !inner.includes(close)) return inner;
  }
  return text;
}

// ---- refusals -----------------------------------------------------------------------------------

const REFUSAL_EN =
  /^(?:(?:i['’]m|i am) (?:so |very |really )?sorry|sorry|i apologi[sz]e|unfortunately)?[,.!]?\s*(?:but\s+)?(?:i\s+(?:can(?:no|['’])t|cannot|won['’]t|will not|am (?:not able|unable)|['’]m (?:not able|unable)|must decline|(?:do not|don['’]t) feel comfortable)|as an ai\b)/i;
/** What the assistant declines, in its own words: the request, the content, its rules, or the
 * writing asked of it. "I can't help you" alone is what a character says. */
const REFUSAL_REASON =
  /\b(?:requests?|content|guidelines|polic(?:y|ies)|assist|comply|fulfil+|appropriate|explicit|help (?:you )?with|provide|generate|create (?:this|that|such|content)|write (?:this|that|such|the|a|an|any|content|about)|continue (?:this|that|the|with|writing)|rewrite (?:this|that|the))\b/i;
const REFUSAL_ZH = /^(?:很?抱歉|对不起|非常抱歉)?[，,。！!]?\s*(?:但是?)?\s*(?:我(?:无法|不能|不可以|没办法|不会)|作为(?:一个)?(?:AI|人工智能))/;
const REFUSAL_ZH_REASON = /帮助|协助|提供|满足|完成|继续|生成|创作|请求|内容|要求/;
/** "…, Marcus." — a name after a comma in the first sentence: the speaker is talking to a character. */
const ADDRESSES_SOMEONE = /^[^.!?。！？\n]*,\s*\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)?\s*[.!?,]/u;
/** A Fountain character cue ("MARCUS", "MARCUS (V.O.)") or a Markdown script's ("**MARCUS:**", "MARCUS:"). */
const CHARACTER_CUE = /^[*_]*[\p{Lu}][\p{Lu}\d .'’-]*[\p{Lu}](?:\s*\([^)]*\))?[*_]*:?[*_]*\s*$|^[*_]*\p{Lu}[\p{Lu} .'’-]*:[*_]*\s/u;

/** Where an answer goes, as far as telling a refusal from a story needs: the text before it (a
 * continuation) or the passage it replaces (a rewrite). */
export interface RefusalContext {
  before?: string;
  original?: string;
}

/** Whether a line is a character's cue in a script: dialogue follows it on the next line. */
export function isCharacterCue(line: string): boolean {
  return CHARACTER_CUE.test(line.trim());
}

/** Whether the text before an answer makes it a character's line: a cue above it, an open quotation, a "she said," or "他说：". */
function opensDialogue(before: string): boolean {
  const tail = before.slice(-2000);
  if (/[,:，：]\s*$/.test(tail)) return true;
  const lastLine = tail.trimEnd().split('\n').pop() ?? '';
  if (isCharacterCue(lastLine)) return true;
  const paragraph = tail.slice(tail.search(/\n[ \t]*\n(?![\s\S]*\n[ \t]*\n)/) + 1);
  const straight = (paragraph.match(/"/g) ?? []).length;
  return straight % 2 === 1 || paragraph.lastIndexOf('“') > paragraph.lastIndexOf('”') || paragraph.lastIndexOf('「') > paragraph.lastIndexOf('」');
}

function opensLikeRefusal(text: string): boolean {
  return REFUSAL_EN.test(text) || REFUSAL_ZH.test(text);
}

/**
 * Whether an answer (reasoning already removed) is the model declining rather than writing. A
 * refusal is recognised only at the very start of the answer and in the assistant's own voice: it
 * opens with a refusal, names what it declines (the request, the content, the writing), and
 * speaks to no character. An answer in quotes, under a character cue or after a dialogue cue is
 * story, and so is a rewrite of a passage that itself reads that way.
 */
export function looksLikeRefusal(text: string, context: RefusalContext = {}): boolean {
  const answer = text.trim();
  if (answer === '' || answer.length > 600) return false;
  if (context.before !== undefined && opensDialogue(context.before)) return false;
  // A passage that itself opens like a refusal is the writer's line, and so is its rewrite.
  if (context.original !== undefined && opensLikeRefusal(context.original.trim())) return false;
  const opening = answer.slice(0, 300);
  if (!opensLikeRefusal(opening)) return false;
  if (REFUSAL_EN.test(opening)) return /^as an ai\b/i.test(opening) || (REFUSAL_REASON.test(opening) && !ADDRESSES_SOMEONE.test(opening));
  return REFUSAL_ZH.test(opening) && REFUSAL_ZH_REASON.test(opening);
}
