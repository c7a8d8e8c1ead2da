import type * as vscode from 'vscode';
import { parseFountain, scriptCharacters } from '../../core/fountain';
import { createFountainContinuation, fitFountainRewrite, fountainPromptForm } from '../../core/fountainText';
import type { PromptForm } from '../../core/prompt';
import { createContinuationFilter, type ContinuationFilter } from '../../core/seams';
import type { Action } from '../../core/types';
import { isFountainDocument } from './fountainDocuments';

/** What a document's form (a screenplay, or prose) changes in a generation: the prompt, the seam, the cleaning. */
export interface DocumentForm {
  /** The language the prompt is told: `fountain` for a script, whichever extension named its language. */
  languageId: string;
  /** What the form adds to the prompt for `action` on `text` (the manuscript as sent), selection `start`…`end`. */
  prompt(action: Action, text: string, start: number, end: number): PromptForm | undefined;
  continuation(before: string, after: string): ContinuationFilter;
  /** A complete, cleaned rewrite of `passage` (which follows `before`) in the form's terms. */
  rewrite(answer: string, passage: string, before: string): string;
}

const PROSE = (languageId: string): DocumentForm => ({
  languageId,
  prompt: () => undefined,
  continuation: createContinuationFilter,
  rewrite: (answer) => answer,
});

/** The form of `document` as it is now. */
export function documentForm(document: vscode.TextDocument): DocumentForm {
  if (!isFountainDocument(document)) return PROSE(document.languageId);
  const text = document.getText();
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
