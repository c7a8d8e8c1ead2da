import * as vscode from 'vscode';
import { scriptedArgs } from '../commandArgs';
import { DEFAULT_COUNT, MAX_COUNT, MAX_TOPIC_LENGTH, MIN_COUNT, type BrainstormRequest } from '../../core/brainstormProtocol';
import { BRAINSTORM_CATEGORIES } from '../../core/variants';
import type { Services } from '../services';
import { BrainstormController, type BrainstormResult, type Catalog } from './controller';
import { LastEditor } from './editorContext';
import { modelIdeas } from './generate';
import { BrainstormStore } from './store';
import { categoryLabel } from './strings';
import { BrainstormView, VIEW_ID } from './view';

export function registerBrainstorm(services: Services): vscode.Disposable[] {
  const lastEditor = new LastEditor();
  const scope = () => lastEditor.get()?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  const catalog: Catalog = {
    categories: () => BRAINSTORM_CATEGORIES.map((category) => ({ id: category.id, label: categoryLabel(category.id) })),
    styles: () => services.styles.all(scope()).map((style) => ({ id: style.id, label: style.label })),
    currentStyle: () => services.styles.current(scope()).id,
  };
  const controller = new BrainstormController(
    new BrainstormStore(services.context.workspaceState),
    lastEditor,
    catalog,
    modelIdeas(services),
    (result) => services.connection.showFailure(result),
    (document) => services.suggestions.isGenerating(document),
    (document, inserted, round, source) =>
      services.provenance.record(document, {
        action: 'brainstorm',
        source,
        style: round?.style ?? catalog.currentStyle(),
        variant: round?.category ?? 'other',
        ranges: [inserted],
      }),
  );
  const view = new BrainstormView(
    services.context.extensionUri,
    services.log,
    () => controller.initialState(),
    controller.handlers,
    (message) => controller.notify(message),
  );
  controller.attach(view);

  const command = vscode.commands.registerCommand('inkwell.brainstorm', async (arg?: unknown): Promise<BrainstormResult | undefined> => {
    const parsed = commandRequest(arg, catalog);
    if (parsed === undefined) {
      await controller.open();
      return undefined;
    }
    if ('error' in parsed) {
      void vscode.window.showErrorMessage(parsed.error);
      return { outcome: 'failed', text: '', error: parsed.error, ideas: [] };
    }
    return controller.run(parsed);
  });

  return [
    lastEditor,
    controller,
    view,
    vscode.window.registerWebviewViewProvider(VIEW_ID, view),
    command,
    vscode.commands.registerCommand('inkwell.insertIdea', async (arg?: unknown) => {
      const text = scriptedArgs(arg)?.text;
      if (typeof text !== 'string' || text.trim() === '') return { ok: false, error: vscode.l10n.t('Give the idea to insert: {0}.', '{ text }') };
      const outcome = await controller.insert(text.trim(), vscode.window.activeTextEditor);
      if (!outcome.ok) void vscode.window.showWarningMessage(outcome.error);
      return outcome.ok ? { ok: true } : outcome;
    }),
  ];
}

/**
 * The command's argument: `{ category?, topic?, style?, count? }` with a topic runs a round; anything
 * else (nothing, a `Uri` from a menu, no topic) opens the view instead.
 */
function commandRequest(arg: unknown, catalog: Catalog): BrainstormRequest | { error: string } | undefined {
  const args = scriptedArgs(arg);
  if (!args) return undefined;
  const { category, topic, style, count } = args;
  if (typeof topic !== 'string' || topic.trim() === '') return undefined;
  if (topic.length > MAX_TOPIC_LENGTH) return { error: vscode.l10n.t('The topic is too long (at most {0} characters).', MAX_TOPIC_LENGTH) };
  const categoryId = category ?? 'other';
  if (typeof categoryId !== 'string' || !BRAINSTORM_CATEGORIES.some((each) => each.id === categoryId)) {
    return { error: vscode.l10n.t('There is no brainstorm category "{0}".', String(categoryId)) };
  }
  const styleId = style ?? catalog.currentStyle();
  if (typeof styleId !== 'string' || !catalog.styles().some((each) => each.id === styleId)) {
    return { error: vscode.l10n.t('There is no style "{0}".', String(styleId)) };
  }
  const howMany = count ?? DEFAULT_COUNT;
  if (!Number.isInteger(howMany) || (howMany as number) < MIN_COUNT || (howMany as number) > MAX_COUNT) {
    return { error: vscode.l10n.t('The number of ideas must be a whole number from {0} to {1}.', MIN_COUNT, MAX_COUNT) };
  }
  return { category: categoryId, topic: topic.trim(), style: styleId, count: howMany as number, exclude: [] };
}
