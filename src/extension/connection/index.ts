// The model connection: every feature asks "stream me text for these messages" and gets text or
// one clear, writer-facing failure, whichever server answers.
import * as vscode from 'vscode';
import type { Action, ChatMessage, GenerationResult } from '../../core/types';
import type { Services } from '../services';
import { AutoDetection } from './auto';
import { registerConnectionCommands } from './commands';
import { HostConfirmation } from './confirmation';
import { Connection } from './connection';
import { KeyStore } from './keys';
import { LocalProvider } from './local';
import { affectsConnection } from './settings';

export interface StreamRequest {
  /** For the log. */
  action: Action;
  messages: ChatMessage[];
  /** A style's own temperature; undefined → inkwell.temperature; null → the server's default. */
  temperature?: number | null;
  /** The longest answer (GenerationSettings.maxOutputTokens). */
  maxOutputTokens: number;
  /** The document, for resource-scoped settings. */
  scope?: vscode.Uri;
  /** Told which model and host the request goes to, once they are known (provenance records them). */
  onSource?: (source: ModelSource) => void;
}

/** What answered a request: the model id, and the host (with port) it was sent to, or `vscode` for VS Code's models. */
export interface ModelSource {
  model: string;
  host: string;
}

export interface ModelConnection {
  /** Streams the answer's text (reasoning removed) to onText as it arrives, in order. Never throws for
   * model, network or input failures: resolves with a GenerationResult whose `text` is everything that
   * arrived (also on failure or cancel), with finishReason/usage/errorCode/error (localised) filled in. */
  stream(request: StreamRequest, onText: (delta: string) => void, token: vscode.CancellationToken): Promise<GenerationResult>;
  /** Shows a failed (or cut-short: finishReason 'length') result to the writer with the action that fixes it. Features call this once per result. */
  showFailure(result: GenerationResult): void;
}

/** Builds the connection and its commands (setApiKey, clearApiKey, selectModel). No network here. */
export function createConnection(services: Pick<Services, 'context' | 'log'>): { connection: ModelConnection; disposables: vscode.Disposable[] } {
  const keys = new KeyStore(services.context.secrets);
  const local = new LocalProvider(services.context.globalStorageUri, services.log);
  const connection = new Connection(services.log, keys, new HostConfirmation(services.context.globalState), new AutoDetection(keys), local);
  return {
    connection,
    disposables: [
      keys,
      local,
      ...registerConnectionCommands(connection, keys, local),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsConnection(event)) connection.forgetResolved();
      }),
      vscode.lm.onDidChangeChatModels(() => connection.forgetResolved()),
    ],
  };
}
