// inkwell.setApiKey, inkwell.clearApiKey and inkwell.selectModel. Called with an argument object
// they show no input box or picker, so scripts and tests can use them.
import * as vscode from 'vscode';
import { scriptedArgs } from '../commandArgs';
import { classifyFailure } from '../../core/failures';
import { hostOf } from '../../core/hosts';
import { chooseConnection } from './auto';
import type { Connection } from './connection';
import type { KeyStore } from './keys';
import type { LocalProvider } from './local';
import { pickLanguageModel } from './languageModel';
import { failureText, type Problem } from './problems';
import { readConnectionSettings } from './settings';
import { DEFAULT_URLS, PROVIDER_NAMES, chatTargetFor, type ChatProvider, type Target } from './targets';

interface KeyOwner {
  provider: ChatProvider;
  url: string;
  /** How the writer recognises it: "OpenAI (api.openai.com)". */
  label: string;
}

/**
 * Whose key the key commands act on: the current provider at its current host. With `auto` that is
 * OpenAI, the one server `auto` uses only with a key. Undefined when there is no key to keep.
 */
function keyOwner(): KeyOwner | 'no-key-needed' | 'bad-setting' {
  const settings = readConnectionSettings();
  if (settings.provider === 'vscode-lm' || settings.provider === 'local') return 'no-key-needed';
  const provider: ChatProvider = settings.provider === 'auto' ? 'openai' : settings.provider;
  const url = settings.provider === 'auto' ? DEFAULT_URLS.openai : chatTargetFor(provider, settings)?.baseUrl;
  if (!url) return 'bad-setting';
  return { provider, url, label: `${PROVIDER_NAMES[provider]} (${hostOf(url)})` };
}

function explainNoOwner(owner: 'no-key-needed' | 'bad-setting'): void {
  if (owner === 'no-key-needed') void vscode.window.showInformationMessage(vscode.l10n.t("VS Code's language models and models on this computer need no API key."));
  else void vscode.window.showErrorMessage(vscode.l10n.t('Set the server address in the settings first: the key is stored for that server only.'));
}

async function setApiKey(keys: KeyStore, arg: unknown): Promise<boolean> {
  const owner = keyOwner();
  const argument = scriptedArgs(arg)?.key;
  const given = typeof argument === 'string' ? argument.trim() : undefined;
  if (typeof owner === 'string') {
    if (given === undefined) explainNoOwner(owner);
    return false;
  }
  if (given !== undefined) {
    if (!given) return false;
    await keys.store(owner.provider, owner.url, given);
    return true;
  }
  const key = (
    await vscode.window.showInputBox({
      title: vscode.l10n.t('Set API Key'),
      prompt: vscode.l10n.t('API key for {0}. It is kept in VS Code\'s secret storage and sent to this server only.', owner.label),
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('Enter the key, or press Escape to cancel.')),
    })
  )?.trim();
  if (!key) return false;
  await keys.store(owner.provider, owner.url, key);
  void vscode.window.showInformationMessage(vscode.l10n.t('The API key for {0} is stored.', owner.label));
  return true;
}

async function clearApiKey(keys: KeyStore, arg: unknown): Promise<boolean> {
  const owner = keyOwner();
  if (typeof owner === 'string') {
    if (!scriptedArgs(arg)) explainNoOwner(owner);
    return false;
  }
  await keys.delete(owner.provider, owner.url);
  if (!scriptedArgs(arg)) void vscode.window.showInformationMessage(vscode.l10n.t('The API key for {0} was removed.', owner.label));
  return true;
}

/**
 * The models the current target offers; undefined when it cannot list them (the writer types an id);
 * a problem when nothing may be sent there (not confirmed, or redirected elsewhere).
 */
async function availableModels(target: Exclude<Target, { provider: 'local' }>, connection: Connection): Promise<{ id: string; detail?: string }[] | Problem | undefined> {
  if (target.provider === 'vscode-lm') {
    const models = await vscode.lm.selectChatModels();
    return models.map((model) => ({ id: model.id, detail: `${model.name} · ${model.vendor}` }));
  }
  // Azure lists base models, not the writer's deployments.
  if (target.provider === 'azure') return undefined;
  const listed = await connection.listModels(target);
  if (!Array.isArray(listed)) return listed.kind === 'not-confirmed' || listed.kind === 'redirect' ? listed : undefined;
  return listed.length > 0 ? listed.map((id) => ({ id })) : undefined;
}

/** A quick pick of the listed models that also takes any id typed into it. */
function pickModel(models: { id: string; detail?: string }[], current: string): Promise<string | undefined> {
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem>();
  pick.title = vscode.l10n.t('Select Model');
  pick.placeholder = vscode.l10n.t('Choose a model, or type a model id');
  pick.ignoreFocusOut = true;
  const listed: vscode.QuickPickItem[] = models.map(({ id, detail }) => ({
    label: id,
    detail,
    description: id === current ? vscode.l10n.t('current') : undefined,
  }));
  pick.items = listed;
  pick.onDidChangeValue((value) => {
    const typed = value.trim();
    pick.items = typed && !models.some((model) => model.id === typed) ? [{ label: typed, description: vscode.l10n.t('use this model id') }, ...listed] : listed;
  });
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.label ?? (pick.value.trim() || undefined));
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

async function selectModel(connection: Connection, keys: KeyStore, local: LocalProvider, arg: unknown): Promise<string | undefined> {
  if (readConnectionSettings().provider === 'local') return local.selectModel(arg);
  const requested = scriptedArgs(arg)?.model;
  let model = typeof requested === 'string' ? requested.trim() : undefined;
  if (model === undefined) {
    let target = await connection.resolveTarget();
    if ('kind' in target && target.kind === 'no-provider' && (await chooseConnection(keys))) {
      connection.forgetResolved();
      target = await connection.resolveTarget();
    }
    if ('kind' in target) {
      void vscode.window.showErrorMessage(failureText(classifyFailure(target).message, target));
      return undefined;
    }
    if (target.provider === 'local') return local.selectModel(arg);
    const current = readConnectionSettings().model || (target.provider === 'vscode-lm' ? ((await pickLanguageModel(target))?.id ?? '') : target.model);
    const models = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Listing models…') },
      () => availableModels(target, connection),
    );
    if (models && !Array.isArray(models)) {
      void vscode.window.showErrorMessage(failureText(classifyFailure(models).message, models));
      return undefined;
    }
    model = models
      ? await pickModel(models, current)
      : (
          await vscode.window.showInputBox({
            title: vscode.l10n.t('Select Model'),
            prompt:
              target.provider === 'azure'
                ? vscode.l10n.t('The name of your model deployment')
                : vscode.l10n.t('The server did not list its models. Type the model id.'),
            value: current,
            ignoreFocusOut: true,
          })
        )?.trim();
  }
  if (!model) return undefined;
  await vscode.workspace.getConfiguration('inkwell').update('model', model, vscode.ConfigurationTarget.Global);
  return model;
}

export function registerConnectionCommands(connection: Connection, keys: KeyStore, local: LocalProvider): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('inkwell.setApiKey', (arg?: unknown) => setApiKey(keys, arg)),
    vscode.commands.registerCommand('inkwell.clearApiKey', (arg?: unknown) => clearApiKey(keys, arg)),
    vscode.commands.registerCommand('inkwell.selectModel', (arg?: unknown) => selectModel(connection, keys, local, arg)),
    vscode.commands.registerCommand('inkwell.downloadLocalRuntime', (arg?: unknown) => local.installRuntime(arg)),
  ];
}
