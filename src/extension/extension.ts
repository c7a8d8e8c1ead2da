import * as vscode from 'vscode';
import type { Services } from './services';
import { SuggestionRegistry } from './suggestions';
import { registerSuggestionCommands } from './suggestionCommands';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Inkwell', { log: true });
  const suggestions = new SuggestionRegistry();
  const services: Services = { context, log, suggestions };
  context.subscriptions.push(log, suggestions, ...registerSuggestionCommands(services));
}

export function deactivate(): void {}
