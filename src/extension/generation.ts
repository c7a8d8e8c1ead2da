// The one way a request to the model is prepared: settings read once, the manuscript, story notes and
// the writer's request assembled into the prompt. Continue Draft, Rewrite Selection, Brainstorm and
// their "Other version" send what this returns, and Show Prompt shows it, so what is shown is what is sent.

import * as vscode from 'vscode';
import { buildPrompt, type BuiltPrompt, type PromptInput } from '../core/prompt';
import type { Style } from '../core/styles';
import type { Action } from '../core/types';
import type { StreamRequest } from './connection';
import { documentForm, proseForm, type DocumentForm } from './forms/documentForm';
import { readStoryContext } from './lore/storyContext';
import { readStoryNotes } from './prompting/storyNotes';

/** The resource settings that shape a request (ignored in untrusted folders: see the manifest). */
export interface GenerationSettings {
  /** inkwell.contextTokens: how much manuscript and notes to send. */
  contextTokens: number;
  /** inkwell.maxOutputTokens: the longest answer. */
  maxOutputTokens: number;
}

const DEFAULT_SETTINGS: GenerationSettings = { contextTokens: 3000, maxOutputTokens: 600 };

export function readGenerationSettings(scope: vscode.Uri | undefined): GenerationSettings {
  const config = vscode.workspace.getConfiguration('inkwell', scope);
  const positive = (key: keyof GenerationSettings) => {
    const value = config.get<unknown>(key);
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : DEFAULT_SETTINGS[key];
  };
  return { contextTokens: positive('contextTokens'), maxOutputTokens: positive('maxOutputTokens') };
}

/**
 * Where in a document a request works: for a continuation, the range its text takes (empty at the
 * cursor; for another version, the pending text, which the model must not see); for a rewrite, the
 * passage; for a brainstorm, the selection around which the manuscript is read.
 */
export interface PromptSource {
  document: vscode.TextDocument;
  /** Asked once the story notes are read, so the offsets are those of the text as it is sent. */
  range(): { start: number; end: number };
}

/** What the writer asked for, with the style already resolved. */
export interface PromptRequest {
  style: Style;
  /** continue: 'auto' | 'guided'; rewrite: a rewrite variant id. */
  variant?: string;
  instruction?: string;
  category?: string;
  topic?: string;
  count?: number;
  exclude?: string[];
  seed?: string;
}

export interface PreparedPrompt {
  input: PromptInput;
  prompt: BuiltPrompt;
  settings: GenerationSettings;
  /** The document's form (prose, a screenplay): how the answer's seams and cleaning follow it. */
  form: DocumentForm;
  /** What the connection is given: these messages, exactly. */
  request: StreamRequest;
}

/** The source of an action in an editor: a continuation goes on after the selection, at its end. */
export function editorSource(action: Action, editor: vscode.TextEditor): PromptSource {
  const { document } = editor;
  return {
    document,
    range: () => {
      const end = document.offsetAt(editor.selection.end);
      return { start: action === 'continue' ? end : document.offsetAt(editor.selection.start), end };
    },
  };
}

/** The prompt of one request; with no source (no editor), a brainstorm has no manuscript. */
export async function preparePrompt(
  action: Action,
  source: PromptSource | undefined,
  request: PromptRequest,
): Promise<PreparedPrompt> {
  const document = source?.document;
  const scope = document?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  const settings = readGenerationSettings(scope);
  const storyNotes = await readStoryNotes(scope);
  const { style, ...asked } = request;
  const instruction = asked.instruction?.trim() || undefined;
  const input: PromptInput = {
    action,
    style,
    ...asked,
    instruction,
    // Guided without a direction is an ordinary continuation: there is nothing to steer towards.
    ...(action === 'continue' ? { variant: asked.variant === 'guided' && instruction ? 'guided' : 'auto' } : {}),
    ...(source ? manuscript(action, source) : { text: '', selection: { start: 0, end: 0 } }),
    storyNotes,
    contextTokens: settings.contextTokens,
    maxOutputTokens: settings.maxOutputTokens,
  };
  // Without a document (a brainstorm with no editor) there is no manuscript, and no form to follow.
  const form = document ? await documentForm(document, { style: style.id, at: input.selection.start }) : proseForm('plaintext');
  if (document) {
    input.languageId = form.languageId;
    input.form = form.prompt(action, input.text, input.selection.start, input.selection.end);
  }
  Object.assign(input, await readStoryContext(document, input.selection.start, settings.contextTokens));
  const prompt = buildPrompt(input);
  return {
    input,
    prompt,
    settings,
    form,
    request: { action, messages: prompt.messages, temperature: prompt.temperature, maxOutputTokens: settings.maxOutputTokens, scope },
  };
}

function manuscript(action: Action, source: PromptSource): Pick<PromptInput, 'text' | 'selection'> {
  const whole = source.document.getText();
  const { start, end } = source.range();
  if (action !== 'continue') return { text: whole, selection: { start, end } };
  return { text: start === end ? whole : whole.slice(0, start) + whole.slice(end), selection: { start, end: start } };
}
