import type * as vscode from 'vscode';
import { apiKeySecretName, legacyApiKeySecretName } from '../../core/hosts';

/** API keys in VS Code's SecretStorage, one per provider and origin: a key is only read back for the
 * origin it was stored for, so switching provider, address or scheme never sends it elsewhere. */
export class KeyStore implements vscode.Disposable {
  /** Keys as last read: each read of SecretStorage is a round trip to the workbench, and every request needs its key. */
  private readonly read = new Map<string, Thenable<string | undefined>>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    // Also fires for keys stored or deleted in another window.
    this.subscription = secrets.onDidChange(({ key }) => this.read.delete(key));
  }

  async get(provider: string, url: string): Promise<string | undefined> {
    const key = await this.secret(apiKeySecretName(provider, url));
    if (key) return key;
    // A key an earlier version stored for the host moves to the origin (https or this machine only).
    const legacyName = legacyApiKeySecretName(provider, url);
    const legacy = legacyName && (await this.secret(legacyName));
    if (!legacy) return undefined;
    await this.store(provider, url, legacy);
    await this.forget(legacyName);
    return legacy;
  }

  store(provider: string, url: string, key: string): Thenable<void> {
    const name = apiKeySecretName(provider, url);
    this.read.delete(name);
    return this.secrets.store(name, key).then(() => void this.read.delete(name));
  }

  async delete(provider: string, url: string): Promise<void> {
    const legacyName = legacyApiKeySecretName(provider, url);
    await Promise.all([this.forget(apiKeySecretName(provider, url)), legacyName && this.forget(legacyName)]);
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private secret(name: string): Thenable<string | undefined> {
    let reading = this.read.get(name);
    if (!reading) {
      reading = this.secrets.get(name);
      this.read.set(name, reading);
      // A failed read is not remembered.
      reading.then(undefined, () => this.read.get(name) === reading && this.read.delete(name));
    }
    return reading.then((value) => value || undefined);
  }

  private forget(name: string): Thenable<void> {
    this.read.delete(name);
    return this.secrets.delete(name).then(() => void this.read.delete(name));
  }
}
