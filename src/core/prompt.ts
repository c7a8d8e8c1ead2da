// Turns a request (action, style, variant, the writer's words, the manuscript around the cursor,
// story notes) into the chat messages sent to the model, within the context budget.

import { windowAcross, type PreviousChapter } from './chapters';
import { capNotes, manuscriptStart, windowAfter } from './context';
import { dominantLanguage, languageRule } from './language';
import type { LoreRequest, LoreSelection } from './loreSelection';
import { loreText, planStory, type ManuscriptWindow } from './storyContext';
import type { Style } from './styles';
import { estimateTokens } from './tokens';
import type { ChatMessage } from './types';
import { BRAINSTORM_CATEGORIES, CONTINUE_VARIANTS, REWRITE_VARIANTS } from './variants';

export interface PromptInput {
  action: 'continue' | 'rewrite' | 'brainstorm';
  style: Style;
  /** continue: 'auto' | 'guided'; rewrite: a rewrite variant id. */
  variant?: string;
  /** The writer's direction (guided continue, custom rewrite, or extra wishes for any variant). */
  instruction?: string;
  /** The whole document text as it is (CRLF kept). */
  text: string;
  /** UTF-16 offsets; for continue the cursor is `end`. */
  selection: { start: number; end: number };
  storyNotes?: string;
  /** The lorebook of the document's folder and where the document sits in the book. */
  lore?: LoreRequest;
  /** The previous manuscript file, whose end is sent when the text before the cursor reaches the start. */
  previousChapter?: PreviousChapter;
  /** inkwell.contextTokens: manuscript, notes and lore together. */
  contextTokens: number;
  /** VS Code language id (markdown, fountain, latex, plaintext…). */
  languageId?: string;
  /** The longest answer in tokens (inkwell.maxOutputTokens): a continuation is asked to fit in it. */
  maxOutputTokens?: number;
  /** Brainstorm only. */
  category?: string;
  topic?: string;
  count?: number;
  exclude?: string[];
  /** Brainstorm: an idea to refine or build on. */
  seed?: string;
  /** What the document's form (a Fountain script, a poem) asks of the answer: see src/core/fountainText.ts. */
  form?: PromptForm;
}

export interface PromptForm {
  /** Rules added to the system message's. */
  rules: string[];
  /** Continue: where the text stops, in the form's own terms (replaces the prose description). */
  whereItStops?: string;
}

export interface PromptPart {
  name: 'storyNotes' | 'lore' | 'previousChapter' | 'contextBefore' | 'contextAfter' | 'selection' | 'instruction';
  text: string;
  tokens: number;
}

export interface BuiltPrompt {
  messages: ChatMessage[];
  parts: PromptPart[];
  temperature?: number;
  /** Dominant language of the context, e.g. 'en', 'zh' ('und' when there is no text to tell). */
  language: string;
  /** The selection itself did not fit the budget (it is still sent whole; the caller may refuse). */
  truncated: boolean;
  /** Which lore entries are sent and which were left out, and why (when the request had a lorebook). */
  lore?: LoreSelection;
}

/** Story notes never take more than this share of the budget: the manuscript has priority. */
export const STORY_NOTES_SHARE = 0.25;
/** "What comes next" for a continuation: a little, enough to steer towards it. */
const CONTINUE_AFTER_SHARE = 0.1;
const CONTINUE_AFTER_MAX_TOKENS = 250;
/** Around a rewrite, the budget left after the selection goes mostly to what precedes it. */
const REWRITE_BEFORE_SHARE = 0.65;
const DEFAULT_IDEA_COUNT = 8;

interface Excerpt {
  notes: string;
  notesCut: boolean;
  lore?: LoreSelection;
  /** The end of the previous chapter that is sent. */
  previous: string;
  before: string;
  after: string;
  selection: string;
  truncated: boolean;
}

/** Builds the prompt reading only a window around the cursor: O(window), not O(document). */
export function buildPrompt(input: PromptInput): BuiltPrompt {
  const excerpt = selectExcerpt(input);
  const language = dominantLanguage(
    excerpt.before + excerpt.selection + excerpt.after || [input.topic, input.seed, input.instruction].filter(Boolean).join('\n'),
  );
  const system = systemMessage(input, language);
  const user = userMessage(input, excerpt);
  const messages: ChatMessage[] = [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];

  const part = (name: PromptPart['name'], text: string): PromptPart => ({ name, text, tokens: estimateTokens(text) });
  const parts = [
    part('storyNotes', excerpt.notes),
    part('lore', loreText(excerpt.lore)),
    part('previousChapter', excerpt.previous),
    part('contextBefore', excerpt.before),
    part('contextAfter', excerpt.after),
    part('selection', excerpt.selection),
  ];
  const total = messages.reduce((sum, message) => sum + estimateTokens(message.content), 0);
  const manuscript = parts.reduce((sum, item) => sum + item.tokens, 0);
  parts.push({ name: 'instruction', text: instructionText(system, user, excerpt), tokens: Math.max(0, total - manuscript) });

  const built: BuiltPrompt = { messages, parts, language, truncated: excerpt.truncated };
  if (excerpt.lore) built.lore = excerpt.lore;
  if (input.style.temperature !== undefined) built.temperature = input.style.temperature;
  return built;
}

function selectExcerpt(input: PromptInput): Excerpt {
  const { text, contextTokens } = input;
  const clamp = (offset: number) => Math.max(0, Math.min(text.length, offset));
  const start = clamp(Math.min(input.selection.start, input.selection.end));
  const end = clamp(Math.max(input.selection.start, input.selection.end));

  const notesInput = input.storyNotes?.trim() ?? '';
  const { text: notes, cut: notesCut } = notesInput
    ? capNotes(notesInput, Math.floor(contextTokens * STORY_NOTES_SHARE))
    : { text: '', cut: false };
  let remaining = Math.max(0, contextTokens - estimateTokens(notes));

  // The writer editing the front matter itself gets it as context; otherwise it is never sent.
  const frontMatterEnd = manuscriptStart(text, input.languageId);
  const floor = start >= frontMatterEnd ? frontMatterEnd : 0;

  const across = (end: number, budget: number) => windowAcross(text, end, budget, floor, input.previousChapter);
  const plan = (room: number, window: (budget: number) => ManuscriptWindow, selection?: { start: number; end: number }) => {
    const planned = planStory({ text, previousChapter: input.previousChapter, lore: input.lore, selection, topic: input.topic, room, window });
    const { window: carried } = planned;
    const previous = input.previousChapter && carried.previousStart !== undefined ? input.previousChapter.text.slice(carried.previousStart) : '';
    return {
      notes,
      notesCut,
      lore: planned.lore,
      previous,
      before: text.slice(carried.beforeStart, carried.beforeEnd),
      after: text.slice(carried.afterStart, carried.afterEnd),
    };
  };

  if (input.action === 'rewrite') {
    const selection = text.slice(start, end);
    const selectionTokens = estimateTokens(selection);
    if (selectionTokens > remaining) {
      return { notes, notesCut, previous: '', before: '', after: '', selection, truncated: true };
    }
    remaining -= selectionTokens;
    const window = (budget: number): ManuscriptWindow => {
      const before = across(start, Math.floor(budget * REWRITE_BEFORE_SHARE));
      const afterEnd = windowAfter(text, end, budget - before.tokens).end;
      const tokens = before.tokens + (afterEnd > end ? estimateTokens(text.slice(end, afterEnd)) : 0);
      return { beforeStart: before.start, beforeEnd: start, previousStart: before.previousStart, afterStart: end, afterEnd, tokens };
    };
    return { ...plan(remaining, window, { start, end }), selection, truncated: false };
  }

  const cursor = end;
  let afterEnd = cursor;
  if (input.action === 'continue' && text.slice(cursor, cursor + 4096).trim() !== '') {
    const afterBudget = Math.min(CONTINUE_AFTER_MAX_TOKENS, Math.floor(remaining * CONTINUE_AFTER_SHARE));
    afterEnd = windowAfter(text, cursor, afterBudget).end;
    remaining -= estimateTokens(text.slice(cursor, afterEnd));
  }
  const afterTokens = afterEnd > cursor ? estimateTokens(text.slice(cursor, afterEnd)) : 0;
  const window = (budget: number): ManuscriptWindow => {
    const before = across(cursor, budget - afterTokens);
    return { beforeStart: before.start, beforeEnd: cursor, previousStart: before.previousStart, afterStart: cursor, afterEnd, tokens: before.tokens + afterTokens };
  };
  return { ...plan(remaining + afterTokens, window), selection: '', truncated: false };
}

function systemMessage(input: PromptInput, language: string): string {
  const task = {
    continue: 'You continue their manuscript from the point where it stops.',
    rewrite: 'You rewrite one passage of their manuscript, which then replaces the original.',
    brainstorm: 'You suggest ideas for their story.',
  }[input.action];
  const rules = [
    input.action === 'brainstorm'
      ? 'Answer with the list itself: no preamble, no closing remarks, no notes or explanations.'
      : 'Write only the text itself: no preamble, no title, no quotation marks or code fences around it, no notes, comments or explanations before or after.',
    languageRule(language),
    ...actionRules(input, language),
    ...formatRules(input.languageId),
    ...(input.form?.rules ?? []),
  ];
  return [
    `You are a skilled writing partner working with an author on their own creative writing. ${task}`,
    `Style — ${input.style.label}: ${input.style.instruction}`,
    `Rules:\n${rules.map((rule) => `- ${rule}`).join('\n')}`,
  ].join('\n\n');
}

function actionRules(input: PromptInput, language: string): string[] {
  switch (input.action) {
    case 'continue': {
      const rules = [
        'Continue from exactly where the manuscript stops, without repeating any of it: if it stops mid-sentence, finish that sentence; if it stops after a paragraph break, begin a new paragraph.',
        'Text shown as coming after the cursor is already written: lead towards it, and never write it out.',
      ];
      const length = lengthRule(input.maxOutputTokens, language);
      if (length) rules.push(length);
      return rules;
    }
    case 'rewrite':
      return [
        'Reply with the rewritten passage alone, as a drop-in replacement: keep its paragraph breaks and markup unless the request calls for a change, and include nothing from the surrounding text.',
        'Keep names, facts, point of view and tense unless asked to change them.',
      ];
    case 'brainstorm': {
      const count = ideaCount(input.count);
      return [
        `Answer with a numbered list of exactly ${count} ideas, one per item, each a single line: no headings, no bold titles, no sub-points.`,
        'Make every idea specific to this story and different from the others; ideas that fit the story notes and manuscript are better than generic ones.',
      ];
    }
  }
}

function formatRules(languageId: string | undefined): string[] {
  switch (languageId) {
    case 'markdown':
      return ['The manuscript is Markdown: use its markup (emphasis, headings, block quotes, scene breaks) as it already does, and no other.'];
    case 'fountain':
      return ['The manuscript is a screenplay in Fountain format: keep its conventions — scene headings, character cues in capitals, parentheticals, dialogue under its cue, blank lines between elements.'];
    case 'latex':
      return ['The manuscript is LaTeX: keep its commands and conventions (``quotes\'\', \\emph{…}, escaped special characters), and write no preamble or document structure.'];
    default:
      return [];
  }
}

function lengthRule(maxOutputTokens: number | undefined, language: string): string | undefined {
  if (!maxOutputTokens || maxOutputTokens <= 0) return undefined;
  // Ask for about two thirds of the limit, so the answer ends on a natural pause instead of being
  // cut: an English word is about 1.3 tokens, a Chinese or Japanese character a little under one.
  const characters = language === 'zh' || language === 'ja';
  const amount = Math.max(20, Math.round((maxOutputTokens * (characters ? 0.75 : 0.5)) / 10) * 10);
  return `Write at most about ${amount} ${characters ? 'characters' : 'words'}, and stop at a natural pause, such as the end of a paragraph.`;
}

function ideaCount(count: number | undefined): number {
  return count && count > 0 ? Math.min(50, Math.floor(count)) : DEFAULT_IDEA_COUNT;
}

function userMessage(input: PromptInput, excerpt: Excerpt): string {
  const sections: string[] = [];
  if (excerpt.notes) {
    sections.push(
      `Story notes (background the author keeps about this story; do not quote them)${excerpt.notesCut ? ', shortened' : ''}:\n<story-notes>\n${excerpt.notes}\n</story-notes>`,
    );
  }
  const lore = loreText(excerpt.lore);
  if (lore) {
    sections.push(`Story knowledge (what the book has established about the people, places and things in this passage; background, do not quote it):\n<lore>\n${lore}\n</lore>`);
  }
  if (excerpt.previous.trim()) {
    sections.push(`The end of the previous chapter (context only; do not continue or rewrite it):\n<previous-chapter>\n${excerpt.previous.trim()}\n</previous-chapter>`);
  }
  switch (input.action) {
    case 'continue':
      sections.push(...continueSections(input, excerpt));
      break;
    case 'rewrite':
      sections.push(...rewriteSections(input, excerpt));
      break;
    case 'brainstorm':
      sections.push(...brainstormSections(input, excerpt));
      break;
  }
  return sections.join('\n\n');
}

function continueSections(input: PromptInput, excerpt: Excerpt): string[] {
  const variant = CONTINUE_VARIANTS.find((item) => item.id === input.variant) ?? CONTINUE_VARIANTS[0];
  const sections: string[] = [];
  sections.push(
    excerpt.before.trim()
      ? `The manuscript, up to the cursor:\n<manuscript>\n${excerpt.before.replace(/\s+$/, '')}\n</manuscript>`
      : 'The manuscript is empty so far: write its opening.',
  );
  if (excerpt.after.trim()) {
    sections.push(`Already written after the cursor (for orientation only; do not write it):\n<after-cursor>\n${excerpt.after.trim()}\n</after-cursor>`);
  }
  const steps = [variant.instruction];
  const direction = input.instruction?.trim();
  if (direction) steps.push(`The author's direction for what happens next: ${direction}`);
  const where = input.form?.whereItStops ?? whereItStops(excerpt.before);
  if (where) steps.push(where);
  sections.push(steps.join('\n'));
  return sections;
}

/** Tells the model what kind of seam it is writing at; a model cannot see trailing whitespace. */
function whereItStops(before: string): string | undefined {
  if (!before.trim()) return undefined;
  if (/\n[ \t]*\r?\n[ \t\u3000]*$/.test(before) || (/\n[ \t\u3000]*$/.test(before) && !/\n[ \t]*\r?\n/.test(before))) {
    return 'The manuscript stops after a paragraph break: begin a new paragraph.';
  }
  if (/\n[ \t\u3000]*$/.test(before)) return 'The manuscript stops at the start of a new line.';
  const last = before.trimEnd().slice(-1);
  if (/[.!?。！？…"”’」』)）]/u.test(last)) return 'The manuscript stops at the end of a sentence.';
  return 'The manuscript stops in the middle of a sentence: finish it first.';
}

function rewriteSections(input: PromptInput, excerpt: Excerpt): string[] {
  const variant = REWRITE_VARIANTS.find((item) => item.id === input.variant) ?? REWRITE_VARIANTS[0];
  const sections: string[] = [];
  if (excerpt.before.trim()) {
    sections.push(`Text before the passage (context only; do not rewrite it):\n<before>\n${excerpt.before.trim()}\n</before>`);
  }
  sections.push(`The passage to rewrite:\n<passage>\n${excerpt.selection.trim()}\n</passage>`);
  if (excerpt.after.trim()) {
    sections.push(`Text after the passage (context only; do not rewrite it):\n<after>\n${excerpt.after.trim()}\n</after>`);
  }
  const steps = [variant.instruction];
  const request = input.instruction?.trim();
  if (request) steps.push(`The author's request: ${request}`);
  steps.push('Reply with the rewritten passage only.');
  sections.push(steps.join('\n'));
  return sections;
}

function brainstormSections(input: PromptInput, excerpt: Excerpt): string[] {
  const category = BRAINSTORM_CATEGORIES.find((item) => item.id === input.category) ?? BRAINSTORM_CATEGORIES[BRAINSTORM_CATEGORIES.length - 1];
  const sections: string[] = [];
  if (excerpt.before.trim()) {
    sections.push(`The manuscript so far (its most recent part):\n<manuscript>\n${excerpt.before.trim()}\n</manuscript>`);
  }
  const steps = [category.instruction];
  const topic = input.topic?.trim();
  if (topic) steps.push(`What the author is looking for: ${topic}`);
  const seed = input.seed?.trim();
  if (seed) steps.push(`Build on this idea, offering variations and developments of it: ${seed}`);
  const exclude = (input.exclude ?? []).map((idea) => idea.trim()).filter(Boolean);
  if (exclude.length > 0) {
    steps.push(`Already suggested (give different ones):\n${exclude.map((idea) => `- ${idea}`).join('\n')}`);
  }
  steps.push(`Give exactly ${ideaCount(input.count)} ideas, as a numbered list, one line each.`);
  sections.push(steps.join('\n'));
  return sections;
}

/** Everything in the messages that is not manuscript or notes: what `instruction` stands for. */
function instructionText(system: string, user: string, excerpt: Excerpt): string {
  let framing = user;
  for (const piece of [excerpt.notes, loreText(excerpt.lore), excerpt.previous.trim(), excerpt.before.replace(/\s+$/, ''), excerpt.before.trim(), excerpt.after.trim(), excerpt.selection.trim()]) {
    if (piece) framing = framing.replace(piece, '…');
  }
  return `${system}\n\n${framing}`;
}
