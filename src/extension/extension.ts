import * as vscode from 'vscode';
import { registerBrainstorm } from './brainstorm/register';
import { createConnection } from './connection';
import { registerForms } from './forms';
import { registerLore } from './lore';
import { registerContinueDraft } from './continue';
import { registerPrompting, StyleCatalog } from './prompting';
import { registerProvenance, ProvenanceRecorder } from './provenance';
import { registerRewrite } from './rewrite';
import type { Services } from './services';
import { SuggestionRegistry } from './suggestions';
import { registerStatusBar } from './statusBar';
import { registerSuggestionCommands } from './suggestionCommands';
import { registerWorkspaceFiles } from './workspaceFiles';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Inkwell', { log: true });
  const suggestions = new SuggestionRegistry();
  const { connection, disposables: connectionDisposables } = createConnection({ context, log });
  const styles = new StyleCatalog(log);
  const provenance = new ProvenanceRecorder(log);
  const services: Services = { context, log, suggestions, connection, styles, provenance };
  const lore = registerLore(services);
  context.subscriptions.push(
    log,
    registerWorkspaceFiles(log),
    suggestions,
    provenance,
    styles,
    ...connectionDisposables,
    ...registerSuggestionCommands(services),
    ...registerPrompting(services),
    ...registerRewrite(services),
    ...registerBrainstorm(services),
    ...registerContinueDraft(services),
    ...lore.disposables,
    ...registerProvenance(services),
    ...registerStatusBar(services, lore.view.onDidSummarise),
    ...registerForms(),
  );
}

export function deactivate(): void {}
