import * as vscode from 'vscode';
import type { BrainstormRequest } from '../../core/brainstormProtocol';
import { editorSource, preparePrompt } from '../generation';
import type { Services } from '../services';
import type { IdeaGenerator } from './controller';

/**
 * Builds the brainstorm prompt around the last editor's cursor (the manuscript is the background the
 * ideas must fit) and streams the answer from the writer's model.
 */
export function modelIdeas(services: Services): IdeaGenerator {
  return async (request: BrainstormRequest, editor, onText, token, onSource) => {
    const scope = editor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    const style = await services.styles.styleFor(request.style, scope);
    if (!style) {
      return { outcome: 'failed', text: '', error: vscode.l10n.t('There is no style "{0}".', request.style) };
    }
    const { request: streamRequest } = await preparePrompt('brainstorm', editor && editorSource('brainstorm', editor), { ...request, style });
    return services.connection.stream({ ...streamRequest, onSource }, onText, token);
  };
}
