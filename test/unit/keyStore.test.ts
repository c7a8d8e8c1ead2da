// The key store over an in-memory SecretStorage: one key per provider and origin, and keys that an
// earlier version stored per host moved to their origin — except to plain http on another machine.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { KeyStore } from '../../src/extension/connection/keys';

function memorySecrets(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  const secrets = {
    get: async (name: string) => values.get(name),
    store: async (name: string, value: string) => void values.set(name, value),
    delete: async (name: string) => void values.delete(name),
    keys: async () => [...values.keys()],
    onDidChange: () => ({ dispose() {} }),
  } as unknown as vscode.SecretStorage;
  return { values, secrets };
}

test('a key is read back only for the provider and origin it was stored for', async () => {
  const { secrets } = memorySecrets();
  const keys = new KeyStore(secrets);
  await keys.store('openai-compatible', 'https://models.example.com/v1', 'sk-https');
  assert.equal(await keys.get('openai-compatible', 'https://models.example.com/v1'), 'sk-https');
  assert.equal(await keys.get('openai-compatible', 'https://MODELS.example.com:443/other'), 'sk-https');
  assert.equal(await keys.get('openai-compatible', 'http://models.example.com/v1'), undefined);
  assert.equal(await keys.get('openai-compatible', 'https://models.example.com:8443/v1'), undefined);
  assert.equal(await keys.get('azure', 'https://models.example.com/v1'), undefined);
});

test('a key stored per host moves to the https origin; plain http to another machine never gets it', async () => {
  const { values, secrets } = memorySecrets({ 'inkwell.apiKey:openai-compatible:models.example.com': 'sk-old' });
  const keys = new KeyStore(secrets);
  assert.equal(await keys.get('openai-compatible', 'http://models.example.com/v1'), undefined);
  assert.equal(await keys.get('openai-compatible', 'https://models.example.com/v1'), 'sk-old');
  assert.deepEqual([...values.keys()], ['inkwell.apiKey:openai-compatible:https://models.example.com']);
  await keys.delete('openai-compatible', 'https://models.example.com/v1');
  assert.deepEqual([...values.keys()], []);
});

test('clearing a key also clears the one an earlier version stored for the host', async () => {
  const { values, secrets } = memorySecrets({ 'inkwell.apiKey:openai:api.openai.com': 'sk-old' });
  await new KeyStore(secrets).delete('openai', 'https://api.openai.com/v1');
  assert.deepEqual([...values.keys()], []);
});
