import * as vscode from 'vscode';
import type { BrainstormRequest } from '../../core/brainstormProtocol';
import { buildPrompt } from '../../core/prompt';
import { readStoryNotes } from '../prompting/storyNotes';
import type { GenerationResult } from '../../core/types';
import { documentForm } from '../forms/documentForm';
import type { Services } from '../services';
import type { IdeaGenerator } from './controller';

/**
 * Builds the brainstorm prompt around the last editor's cursor (the manuscript is the background the
 * ideas must fit) and streams the answer from the writer's model.
 */
export function modelIdeas(services: Services): IdeaGenerator {
  return async (request: BrainstormRequest, editor, onText, token, onSource): Promise<GenerationResult> => {
    const document = editor?.document;
    const scope = document?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    const config = vscode.workspace.getConfiguration('inkwell', scope);
    const style = await services.styles.styleFor(request.style, scope);
    if (!style) {
      return { outcome: 'failed', text: '', error: vscode.l10n.t('There is no style "{0}".', request.style) };
    }
    const maxOutputTokens = config.get<number>('maxOutputTokens', 600);
    const text = document?.getText() ?? '';
    const selection = editor
      ? { start: document!.offsetAt(editor.selection.start), end: document!.offsetAt(editor.selection.end) }
      : { start: 0, end: 0 };
    const form = document && (await documentForm(document, { style: style.id, at: selection.start }));
    const prompt = buildPrompt({
      action: 'brainstorm',
      style,
      category: request.category,
      topic: request.topic,
      count: request.count,
      exclude: request.exclude,
      ...(request.seed ? { seed: request.seed } : {}),
      text,
      selection,
      storyNotes: await readStoryNotes(scope),
      contextTokens: config.get<number>('contextTokens', 3000),
      ...(form ? { languageId: form.languageId, form: form.prompt('brainstorm', text, selection.start, selection.end) } : {}),
      maxOutputTokens,
    });
    return services.connection.stream(
      { action: 'brainstorm', messages: prompt.messages, temperature: prompt.temperature, maxOutputTokens, scope, onSource },
      onText,
      token,
    );
  };
}
