import * as vscode from 'vscode';
import { parseFountain, scriptCharacters } from '../../core/fountain';
import { createFountainContinuation, fitFountainRewrite, fountainPromptForm } from '../../core/fountainText';
import type { PromptForm } from '../../core/prompt';
import { createContinuationFilter, type ContinuationFilter } from '../../core/seams';
import type { Action } from '../../core/types';
import { createVerseContinuation, defaultVerseLines, looksLikeVerse, measureVerse, versePromptForm, type SyllableCounter, type VerseForm } from '../../core/verse';
import { isFountainDocument } from './fountainDocuments';

/** What a document's form (a screenplay, a poem, or prose) changes in a generation: the prompt, the seam, the cleaning. */
export interface DocumentForm {
  /** The language the prompt is told: `fountain` for a script, whichever extension named its language. */
  languageId: string;
  /** What the form adds to the prompt for `action` on `text` (the manuscript as sent), selection `start`…`end`. */
  prompt(action: Action, text: string, start: number, end: number): PromptForm | undefined;
  continuation(before: string, after: string): ContinuationFilter;
  /** A complete, cleaned rewrite of `passage` (which follows `before`) in the form's terms. */
  rewrite(answer: string, passage: string, before: string): string;
}

/** Prose in `languageId`: the form of a document that is neither a script nor verse. */
export const proseForm = (languageId: string): DocumentForm => ({
  languageId,
  prompt: () => undefined,
  continuation: createContinuationFilter,
  rewrite: (answer) => answer,
});

let syllables: Promise<SyllableCounter> | undefined;

/** The syllable counter, loaded the first time a poem is measured (dist/syllable.js). */
function syllableCounter(): Promise<SyllableCounter> {
  syllables ??= import('syllable').then((module) => module.syllable);
  return syllables;
}

/**
 * The form of `document` for a generation at `at` in the style `style`: a Fountain script, verse
 * (the poetry style, or text before `at` that reads as a poem), or prose.
 */
export async function documentForm(document: vscode.TextDocument, options: { style?: string; at: number }): Promise<DocumentForm> {
  const text = document.getText();
  if (isFountainDocument(document)) return fountainForm(text);
  const before = text.slice(0, options.at);
  if (options.style === 'poetry' || looksLikeVerse(before.trim() === '' ? text : before)) {
    const count = await syllableCounter();
    const setting = vscode.workspace.getConfiguration('inkwell', document.uri).get<number>('verse.lines', 0);
    const lines = (head: string, form: VerseForm) => (setting > 0 ? setting : defaultVerseLines(head, form, count));
    return {
      ...proseForm(document.languageId),
      prompt: (action, sent, start) => {
        const head = sent.slice(0, start);
        const form = measureVerse(head, count);
        return versePromptForm(action, head, form, lines(head, form), count);
      },
      continuation: (head, after) => {
        const form = measureVerse(head, count);
        return createVerseContinuation(head, after, form, lines(head, form), count);
      },
    };
  }
  return proseForm(document.languageId);
}

function fountainForm(text: string): DocumentForm {
  let characters: string[] | undefined;
  // The script's own cues; lore entries of type `character` join them once lore is there.
  const known = () => (characters ??= scriptCharacters(parseFountain(text)));
  return {
    languageId: 'fountain',
    prompt: (action, sent, start, end) => fountainPromptForm(action, sent, start, end, known()),
    continuation: (before, after) => createFountainContinuation(before, after, known()),
    rewrite: (answer, passage, before) => fitFountainRewrite(answer, passage, before, known()),
  };
}
