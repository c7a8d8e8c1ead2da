import type * as vscode from 'vscode';
import type { ModelConnection } from './connection';
import type { ProvenanceRecorder } from './provenance/recorder';
import type { StyleCatalog } from './prompting/styleCatalog';
import type { SuggestionRegistry } from './suggestions';

/** What every feature is given by `activate()`. Built cheaply: nothing here touches the network. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly suggestions: SuggestionRegistry;
  readonly connection: ModelConnection;
  readonly styles: StyleCatalog;
  readonly provenance: ProvenanceRecorder;
}
