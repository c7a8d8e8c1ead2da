// `inkwell.provider: auto` prefers what stays on the machine: a model file chosen for the `local`
// provider, a local Ollama or LM Studio server that answers, then VS Code's own models, then OpenAI
// with a stored key. Probing happens on the
// first request (never at activation) and is remembered until the settings change or it fails.
import * as vscode from 'vscode';
import type { KeyStore } from './keys';
import type { ConnectionSettings, ProviderSetting } from './settings';
import { DEFAULT_OPENAI_MODEL, DEFAULT_URLS, type Target } from './targets';

const PROBE_TIMEOUT_MS = 1500;

/** The model ids a local server lists, or undefined when nothing answers there. */
async function localModels(baseUrl: string): Promise<string[] | undefined> {
  try {
    // A local server that redirects elsewhere is not a local server.
    const response = await fetch(`${baseUrl}/models`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS), redirect: 'error' });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { data?: { id?: unknown }[] };
    return (body.data ?? []).map((model) => model.id).filter((id): id is string => typeof id === 'string');
  } catch {
    return undefined;
  }
}

export class AutoDetection {
  private found: Target | undefined;

  constructor(private readonly keys: KeyStore) {}

  /** What `auto` talks to now, or undefined when there is nothing. */
  async detect(settings: ConnectionSettings): Promise<Target | undefined> {
    this.found ??= await this.probe(settings);
    return this.found;
  }

  /** Probe again on the next request (the settings changed, or the server stopped answering). */
  forget(): void {
    this.found = undefined;
  }

  private async probe(settings: ConnectionSettings): Promise<Target | undefined> {
    if (settings.localModelPath) return { provider: 'local', modelPath: settings.localModelPath };
    const [ollama, lmstudio] = await Promise.all([localModels(DEFAULT_URLS.ollama), localModels(DEFAULT_URLS.lmstudio)]);
    for (const [provider, models] of [['ollama', ollama], ['lmstudio', lmstudio]] as const) {
      if (models && models.length > 0) {
        const model = models.includes(settings.model) ? settings.model : models[0];
        return { provider, baseUrl: DEFAULT_URLS[provider], keyRequired: false, model };
      }
    }
    if ((await vscode.lm.selectChatModels()).length > 0) return { provider: 'vscode-lm', model: settings.model, anyModel: true };
    if (await this.keys.get('openai', DEFAULT_URLS.openai)) {
      return { provider: 'openai', baseUrl: DEFAULT_URLS.openai, keyRequired: true, model: settings.model || DEFAULT_OPENAI_MODEL };
    }
    return undefined;
  }
}

interface Way extends vscode.QuickPickItem {
  provider: Exclude<ProviderSetting, 'auto'>;
}

async function setUserSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('inkwell').update(key, value, vscode.ConfigurationTarget.Global);
}

const isUrl = (value: string) => /^https?:\/\/[^\s/]+/i.test(value.trim());

/**
 * The first-run prompt: offers each way to connect and sets up the one the writer picks (user
 * settings, and the key in SecretStorage). Resolves true when something was set up.
 */
export async function chooseConnection(keys: KeyStore, token?: vscode.CancellationToken): Promise<boolean> {
  const ways: Way[] = [
    { provider: 'ollama', label: '$(server) Ollama', detail: vscode.l10n.t('Models running on this computer with Ollama. Nothing leaves your machine.') },
    { provider: 'lmstudio', label: '$(server) LM Studio', detail: vscode.l10n.t('Models running on this computer with LM Studio. Nothing leaves your machine.') },
    { provider: 'vscode-lm', label: vscode.l10n.t('$(vscode) VS Code language models'), detail: vscode.l10n.t('Models offered by an extension such as GitHub Copilot. No key needed.') },
    { provider: 'openai', label: '$(key) OpenAI', detail: vscode.l10n.t('Needs an OpenAI API key.') },
    { provider: 'azure', label: '$(azure) Azure OpenAI', detail: vscode.l10n.t('Needs your Azure resource endpoint, a deployment and its key.') },
    { provider: 'openai-compatible', label: vscode.l10n.t('$(globe) Another OpenAI-compatible server'), detail: vscode.l10n.t('llama.cpp, vLLM, OpenRouter or any server with a base URL.') },
  ];
  const way = await vscode.window.showQuickPick(ways, { title: vscode.l10n.t('Connect Inkwell to a model'), ignoreFocusOut: true }, token);
  if (!way) return false;

  const ask = (options: vscode.InputBoxOptions) => vscode.window.showInputBox({ ignoreFocusOut: true, ...options }, token);
  const urlInput = (prompt: string, placeHolder: string) =>
    ask({ prompt, placeHolder, validateInput: (value) => (isUrl(value) ? undefined : vscode.l10n.t('Enter a URL that starts with http:// or https://')) });
  const keyInput = (where: string) => ask({ prompt: vscode.l10n.t('API key for {0}', where), password: true });

  switch (way.provider) {
    case 'openai': {
      const key = (await keyInput('api.openai.com'))?.trim();
      if (!key) return false;
      await keys.store('openai', DEFAULT_URLS.openai, key);
      break;
    }
    case 'azure': {
      const endpoint = (await urlInput(vscode.l10n.t('Your Azure OpenAI endpoint'), 'https://example-resource.openai.azure.com'))?.trim();
      if (!endpoint) return false;
      const deployment = (await ask({ prompt: vscode.l10n.t('The name of your model deployment') }))?.trim();
      if (!deployment) return false;
      const key = (await keyInput(new URL(endpoint).host))?.trim();
      if (!key) return false;
      await keys.store('azure', endpoint, key);
      await setUserSetting('azure.endpoint', endpoint);
      await setUserSetting('model', deployment);
      break;
    }
    case 'openai-compatible': {
      const baseUrl = (await urlInput(vscode.l10n.t('The base URL of the server'), 'http://127.0.0.1:8080/v1'))?.trim();
      if (!baseUrl) return false;
      const key = (await ask({ prompt: vscode.l10n.t('API key for {0} (leave empty if it needs none)', new URL(baseUrl).host), password: true }))?.trim();
      if (key === undefined) return false;
      if (key) await keys.store('openai-compatible', baseUrl, key);
      await setUserSetting('baseUrl', baseUrl);
      break;
    }
  }
  await setUserSetting('provider', way.provider);
  return true;
}
