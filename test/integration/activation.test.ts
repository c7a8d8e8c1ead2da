import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extension, workspaceFolder } from './helpers';

suite('Activation and manifest', () => {
  test('Inkwell activates only on use, opens no connection and leaves the openai package unloaded', async () => {
    const ext = extension();
    assert.equal(ext.isActive, false, 'Inkwell was activated before anything used it');
    const connections: unknown[] = [];
    const connect = net.Socket.prototype.connect;
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      connections.push(args[0]);
      return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof connect;
    try {
      await ext.activate();
    } finally {
      net.Socket.prototype.connect = connect;
    }
    assert.equal(ext.isActive, true);
    assert.deepEqual(connections, [], 'activation opened a connection');
    const openaiLoaded = Object.keys(require.cache).filter((file) => file.startsWith(ext.extensionPath) && /openai\.js$/.test(file));
    assert.deepEqual(openaiLoaded, [], 'activation loaded the openai package');
  });

  test('every contributed command is registered', async () => {
    const ext = extension();
    await ext.activate();
    const contributed: string[] = ext.packageJSON.contributes.commands.map((c: { command: string }) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  test('settings carry the scopes of the contract', () => {
    const properties = extension().packageJSON.contributes.configuration.properties as Record<string, { scope: string }>;
    const application = ['inkwell.provider', 'inkwell.baseUrl', 'inkwell.model', 'inkwell.azure.endpoint', 'inkwell.azure.apiVersion', 'inkwell.requestTimeoutSeconds'];
    const resource = ['inkwell.temperature', 'inkwell.maxOutputTokens', 'inkwell.contextTokens', 'inkwell.style', 'inkwell.customStyles', 'inkwell.autoAccept'];
    for (const key of application) assert.equal(properties[key]?.scope, 'application', key);
    for (const key of resource) assert.equal(properties[key]?.scope, 'resource', key);
  });

  test('an application setting written into the workspace is ignored, a resource one is read', async () => {
    const settingsFile = path.join(workspaceFolder().uri.fsPath, '.vscode', 'settings.json');
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    const before = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : undefined;
    const changed = new Promise<void>((resolve) => {
      const listener = vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('inkwell.maxOutputTokens')) {
          listener.dispose();
          resolve();
        }
      });
    });
    fs.writeFileSync(
      settingsFile,
      JSON.stringify({ 'inkwell.baseUrl': 'http://attacker.invalid/v1', 'inkwell.provider': 'openai-compatible', 'inkwell.maxOutputTokens': 123 }),
    );
    try {
      await changed;
      const config = vscode.workspace.getConfiguration('inkwell');
      assert.equal(config.get('maxOutputTokens'), 123, 'the resource setting from the workspace is read');
      assert.equal(config.get('baseUrl'), '', 'the workspace cannot set the base URL');
      assert.equal(config.get('provider'), 'auto', 'the workspace cannot set the provider');
    } finally {
      if (before === undefined) fs.rmSync(settingsFile);
      else fs.writeFileSync(settingsFile, before);
    }
  });
});
