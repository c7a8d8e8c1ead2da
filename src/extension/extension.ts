import * as vscode from 'vscode';
import { createConnection } from './connection';
import type { Services } from './services';
import { SuggestionRegistry } from './suggestions';
import { registerSuggestionCommands } from './suggestionCommands';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Inkwell', { log: true });
  const suggestions = new SuggestionRegistry();
  const { connection, disposables: connectionDisposables } = createConnection({ context, log });
  const services: Services = { context, log, suggestions, connection };
  context.subscriptions.push(log, suggestions, ...connectionDisposables, ...registerSuggestionCommands(services));
}

export function deactivate(): void {}
