// The `local` provider as the connection sees it. Everything it does lives in dist/local.js (the
// esbuild script maps './provider' to it), loaded on first use, so activation never parses it.
import type * as vscode from 'vscode';
import type { ChatMessage } from '../../../core/types';
import type { StreamEnd } from '../openaiChat';
import type { Problem } from '../problems';
import type { LocalTarget, StreamEvents } from '../targets';
import type { LocalModels } from './provider';

export interface LocalSampling {
  temperature: number | null;
  maxOutputTokens: number;
  scope?: vscode.Uri;
}

export class LocalProvider implements vscode.Disposable {
  private models?: Promise<LocalModels>;

  constructor(private readonly storage: vscode.Uri, private readonly log: vscode.LogOutputChannel) {}

  private load(): Promise<LocalModels> {
    return (this.models ??= import('./provider').then(({ LocalModels }) => new LocalModels(this.storage, this.log)));
  }

  /** Makes the model ready (the runtime there, the file checked and loaded); or the problem, for the writer. */
  async prepare(target: LocalTarget, token: vscode.CancellationToken): Promise<Problem | undefined> {
    return (await this.load()).prepare(target, token);
  }

  async stream(target: LocalTarget, messages: ChatMessage[], sampling: LocalSampling, signal: AbortSignal, events: StreamEvents): Promise<StreamEnd> {
    return (await this.load()).stream(target, messages, sampling, signal, events);
  }

  async describe(error: unknown, target: LocalTarget, started: boolean): Promise<Problem> {
    return (await this.load()).describe(error, target, started);
  }

  /** Downloads the runtime: asks first when called with nothing (a button, the palette), not when scripted. */
  async installRuntime(arg?: unknown): Promise<boolean> {
    return (await this.load()).installRuntime(arg);
  }

  async selectModel(arg: unknown): Promise<string | undefined> {
    return (await this.load()).selectModel(arg);
  }

  /** On deactivate: the model's memory is freed. */
  dispose(): void {
    void this.models?.then((models) => models.dispose());
  }
}
