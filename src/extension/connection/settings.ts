import * as vscode from 'vscode';

export type ProviderSetting = 'auto' | 'openai' | 'azure' | 'openai-compatible' | 'ollama' | 'lmstudio' | 'vscode-lm' | 'local';

/** Where requests go and how long to wait: read from the writer's user settings only. */
export interface ConnectionSettings {
  provider: ProviderSetting;
  baseUrl: string;
  model: string;
  azureEndpoint: string;
  azureApiVersion: string;
  timeoutSeconds: number;
  /** The `.gguf` file the `local` provider runs; empty when none is chosen. */
  localModelPath: string;
}

/**
 * An application-scoped setting as the writer set it in their user settings, or its default.
 * VS Code already ignores these in workspace settings; reading the user value explicitly keeps it
 * so even if a workspace file names them.
 */
function userSetting<T>(config: vscode.WorkspaceConfiguration, key: string, fallback: T): T {
  const inspected = config.inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

const PROVIDERS: readonly ProviderSetting[] = ['auto', 'openai', 'azure', 'openai-compatible', 'ollama', 'lmstudio', 'vscode-lm', 'local'];

export function readConnectionSettings(): ConnectionSettings {
  const config = vscode.workspace.getConfiguration('inkwell');
  const provider = userSetting<string>(config, 'provider', 'auto');
  const timeout = Number(userSetting<number>(config, 'requestTimeoutSeconds', 60));
  return {
    provider: PROVIDERS.includes(provider as ProviderSetting) ? (provider as ProviderSetting) : 'auto',
    baseUrl: userSetting<string>(config, 'baseUrl', '').trim(),
    model: userSetting<string>(config, 'model', '').trim(),
    azureEndpoint: userSetting<string>(config, 'azure.endpoint', '').trim(),
    azureApiVersion: userSetting<string>(config, 'azure.apiVersion', '2024-10-21').trim(),
    timeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? timeout : 60,
    localModelPath: userSetting<string>(config, 'local.modelPath', '').trim(),
  };
}

/** The document's own temperature (a resource setting; a style's temperature wins), with the answer length asked. */
export function readSampling(scope: vscode.Uri | undefined, temperature: number | null | undefined, maxOutputTokens: number) {
  const config = vscode.workspace.getConfiguration('inkwell', scope);
  const configured = config.get<number | null>('temperature', null);
  return {
    temperature: temperature === undefined ? (typeof configured === 'number' ? configured : null) : temperature,
    maxOutputTokens,
  };
}

export function affectsConnection(event: vscode.ConfigurationChangeEvent): boolean {
  return ['provider', 'baseUrl', 'model', 'azure', 'local'].some((key) => event.affectsConfiguration(`inkwell.${key}`));
}
