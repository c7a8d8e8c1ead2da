import type * as vscode from 'vscode';
import { apiKeySecretName } from '../../core/hosts';

/** API keys in VS Code's SecretStorage, one per provider and host: a key is only read back for the
 * host it was stored for, so switching provider or address never sends it elsewhere. */
export class KeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(provider: string, url: string): Promise<string | undefined> {
    return (await this.secrets.get(apiKeySecretName(provider, url))) || undefined;
  }

  store(provider: string, url: string, key: string): Thenable<void> {
    return this.secrets.store(apiKeySecretName(provider, url), key);
  }

  delete(provider: string, url: string): Thenable<void> {
    return this.secrets.delete(apiKeySecretName(provider, url));
  }
}
