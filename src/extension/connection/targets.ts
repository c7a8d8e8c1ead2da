// Which server a provider setting means: its URL, whether it needs a key, which model.
import type { ProviderId } from '../../core/failures';
import { hostOf } from '../../core/hosts';
import type { ConnectionSettings } from './settings';

export type ChatProvider = Exclude<ProviderId, 'vscode-lm' | 'local'>;

/** An OpenAI-compatible server (Azure included) that requests are sent to. */
export interface ChatTarget {
  provider: ChatProvider;
  /** The base URL (Azure: the resource endpoint); also decides the key and the confirmation. */
  baseUrl: string;
  /** Requests fail with `no-key` without a stored key (OpenAI, Azure); others send one when stored. */
  keyRequired: boolean;
  /** May be empty: then the server's first listed model is used. */
  model: string;
  azureApiVersion?: string;
}

export interface LanguageModelTarget {
  provider: 'vscode-lm';
  /** A VS Code model id; empty for the first model VS Code offers. */
  model: string;
  /** When the model is missing: true falls back to the first model (auto), false reports it. */
  anyModel: boolean;
}

/** A GGUF model run inside VS Code (src/extension/connection/local). */
export interface LocalTarget {
  provider: 'local';
  /** Empty when the writer chose none. */
  modelPath: string;
}

export type Target = ChatTarget | LanguageModelTarget | LocalTarget;

export const DEFAULT_URLS = {
  openai: 'https://api.openai.com/v1',
  ollama: 'http://127.0.0.1:11434/v1',
  lmstudio: 'http://127.0.0.1:1234/v1',
} as const;

/** The model used with OpenAI when the writer chose none (its model list mixes in non-chat models). */
export const DEFAULT_OPENAI_MODEL = 'gpt-4.1-mini';

export const PROVIDER_NAMES: Record<ProviderId, string> = {
  openai: 'OpenAI',
  azure: 'Azure OpenAI',
  'openai-compatible': 'OpenAI-compatible',
  ollama: 'Ollama',
  lmstudio: 'LM Studio',
  'vscode-lm': 'VS Code',
  local: 'llama.cpp',
};

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

/** A target for an explicit provider, or undefined when its address setting is missing or not a URL. */
export function chatTargetFor(provider: ChatProvider, settings: ConnectionSettings): ChatTarget | undefined {
  const target = ((): ChatTarget => {
    switch (provider) {
      case 'openai':
        return { provider, baseUrl: DEFAULT_URLS.openai, keyRequired: true, model: settings.model || DEFAULT_OPENAI_MODEL };
      case 'ollama':
      case 'lmstudio':
        return { provider, baseUrl: settings.baseUrl || DEFAULT_URLS[provider], keyRequired: false, model: settings.model };
      case 'openai-compatible':
        return { provider, baseUrl: settings.baseUrl, keyRequired: false, model: settings.model };
      case 'azure':
        return { provider, baseUrl: settings.azureEndpoint, keyRequired: true, model: settings.model, azureApiVersion: settings.azureApiVersion };
    }
  })();
  if (hostOf(target.baseUrl) === undefined) return undefined;
  return { ...target, baseUrl: withoutTrailingSlash(target.baseUrl) };
}

/** How a target is named to the writer: the host it talks to, or VS Code. */
export function whereOf(target: Target): string {
  if (target.provider === 'local') return target.modelPath.split(/[\\/]/).pop() || PROVIDER_NAMES.local;
  return target.provider === 'vscode-lm' ? PROVIDER_NAMES['vscode-lm'] : (hostOf(target.baseUrl) ?? target.baseUrl);
}

/** What a provider reports while it streams. */
export interface StreamEvents {
  /** Answer text (reasoning fields already left out; `<think>` tags are the caller's job). */
  content(delta: string): void;
  /** A chunk of any kind arrived, reasoning and usage included. */
  activity(): void;
}
