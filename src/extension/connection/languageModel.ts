// VS Code's Language Model API: the models a model-provider extension (e.g. Copilot) offers, so a
// writer who has one needs no key at all.
import * as vscode from 'vscode';
import type { ChatMessage } from '../../core/types';
import type { Problem } from './problems';
import type { LanguageModelTarget, StreamEvents } from './targets';

/** The model a target means, or undefined when VS Code offers none that fits. */
export async function pickLanguageModel(target: LanguageModelTarget): Promise<vscode.LanguageModelChat | undefined> {
  const models = await vscode.lm.selectChatModels();
  const chosen = target.model ? models.find((model) => model.id === target.model) : undefined;
  if (chosen || (target.model && !target.anyModel)) return chosen;
  return models[0];
}

/** The Language Model API has no system role: instructions go first, as the user's words. */
function toLanguageModelMessages(messages: ChatMessage[]): vscode.LanguageModelChatMessage[] {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
  const rest = messages.filter((m) => m.role !== 'system');
  const converted = rest.map((m) =>
    m.role === 'assistant' ? vscode.LanguageModelChatMessage.Assistant(m.content) : vscode.LanguageModelChatMessage.User(m.content),
  );
  if (!system) return converted;
  const first = rest[0];
  if (first?.role === 'user') {
    converted[0] = vscode.LanguageModelChatMessage.User(`${system}\n\n${first.content}`);
    return converted;
  }
  return [vscode.LanguageModelChatMessage.User(system), ...converted];
}

/** Streams one answer from a VS Code model. Throws what the API throws. */
export async function streamLanguageModel(
  model: vscode.LanguageModelChat,
  messages: ChatMessage[],
  token: vscode.CancellationToken,
  events: StreamEvents,
): Promise<void> {
  const response = await model.sendRequest(
    toLanguageModelMessages(messages),
    { justification: vscode.l10n.t('Inkwell sends your manuscript text to the model to continue, rewrite or brainstorm with it.') },
    token,
  );
  for await (const part of response.stream) {
    events.activity();
    if (part instanceof vscode.LanguageModelTextPart && part.value) events.content(part.value);
  }
}

export function describeLanguageModelError(error: unknown, model: vscode.LanguageModelChat | undefined, started: boolean): Problem {
  const where = model?.name || model?.id || 'VS Code';
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof vscode.LanguageModelError) return { kind: 'lm', provider: 'vscode-lm', where, code: error.code, detail, model: model?.id };
  return { kind: started ? 'stream' : 'lm', provider: 'vscode-lm', where, detail, model: model?.id };
}
