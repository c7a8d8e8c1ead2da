import type * as vscode from 'vscode';
import { apiKeySecretName } from '../../core/hosts';

/** API keys in VS Code's SecretStorage, one per provider and host: a key is only read back for the
 * host it was stored for, so switching provider or address never sends it elsewhere. */
export class KeyStore implements vscode.Disposable {
  /** Keys as last read: each read of SecretStorage is a round trip to the workbench, and every request needs its key. */
  private readonly read = new Map<string, Thenable<string | undefined>>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    // Also fires for keys stored or deleted in another window.
    this.subscription = secrets.onDidChange(({ key }) => this.read.delete(key));
  }

  async get(provider: string, url: string): Promise<string | undefined> {
    const name = apiKeySecretName(provider, url);
    let reading = this.read.get(name);
    if (!reading) {
      reading = this.secrets.get(name);
      this.read.set(name, reading);
      // A failed read is not remembered.
      reading.then(undefined, () => this.read.get(name) === reading && this.read.delete(name));
    }
    return (await reading) || undefined;
  }

  store(provider: string, url: string, key: string): Thenable<void> {
    const name = apiKeySecretName(provider, url);
    this.read.delete(name);
    return this.secrets.store(name, key).then(() => void this.read.delete(name));
  }

  delete(provider: string, url: string): Thenable<void> {
    const name = apiKeySecretName(provider, url);
    this.read.delete(name);
    return this.secrets.delete(name).then(() => void this.read.delete(name));
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
