import * as vscode from 'vscode';
import type { GenerationResult } from '../core/types';
import type { PreparedPrompt } from './generation';

/**
 * A suggestion waiting for the writer's decision in one document: a pending continuation or a
 * rewrite review. Each feature implements it; the registry routes the shared commands to it.
 */
export interface PendingSuggestion {
  readonly kind: 'continuation' | 'review';
  accept(): Promise<void>;
  reject(): Promise<void>;
  /** Shows (generating when needed) the next or previous version; resolves with its result. */
  alternative(direction: 1 | -1): Promise<GenerationResult>;
  /** The prompt a new version would be generated from, as "Other version" sends it (Show Prompt shows it). */
  nextPrompt(): Promise<PreparedPrompt>;
  /** The document closed or the extension is going away: drop decorations and listeners. */
  dispose(): void;
}

interface Generation {
  readonly cancellation: vscode.CancellationTokenSource;
}

/**
 * Which documents are generating or have a suggestion pending. It owns the context keys
 * `inkwell.generating` and `inkwell.suggestionPending` (for the active editor), so keybindings
 * and menus follow one source of truth, and it ends everything of a document when it closes.
 */
export class SuggestionRegistry implements vscode.Disposable {
  private readonly generations = new Map<string, Generation>();
  private readonly pending = new Map<string, PendingSuggestion>();
  /** Documents that stand for another (the side-by-side view of a rewrite review stands for its document). */
  private readonly aliases = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changeEmitter = new vscode.EventEmitter<vscode.TextDocument>();
  /** Fires when a document starts or stops generating, or its pending suggestion changes. */
  readonly onDidChange = this.changeEmitter.event;

  constructor() {
    this.disposables.push(
      this.changeEmitter,
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContextKeys()),
      vscode.workspace.onDidCloseTextDocument((document) => this.documentClosed(document)),
    );
    this.updateContextKeys();
  }

  /** Starts a generation in `document`, or returns undefined when one is already running there. */
  beginGeneration(document: vscode.TextDocument): vscode.CancellationTokenSource | undefined {
    const key = document.uri.toString();
    if (this.generations.has(key)) return undefined;
    const cancellation = new vscode.CancellationTokenSource();
    this.generations.set(key, { cancellation });
    this.changed(document);
    return cancellation;
  }

  endGeneration(document: vscode.TextDocument, cancellation: vscode.CancellationTokenSource): void {
    const key = document.uri.toString();
    if (this.generations.get(key)?.cancellation !== cancellation) return;
    this.generations.delete(key);
    cancellation.dispose();
    this.changed(document);
  }

  isGenerating(document: vscode.TextDocument): boolean {
    return this.generations.has(this.keyOf(document));
  }

  cancelGeneration(document: vscode.TextDocument): boolean {
    const generation = this.generations.get(this.keyOf(document));
    generation?.cancellation.cancel();
    return generation !== undefined;
  }

  pendingFor(document: vscode.TextDocument): PendingSuggestion | undefined {
    return this.pending.get(this.keyOf(document));
  }

  /**
   * While the returned disposable lives, `alias` (a view of `target`, such as a diff editor's side)
   * answers for `target` in pendingFor, isGenerating and cancelGeneration, so the shared commands
   * and context keys work from that view too.
   */
  addAlias(alias: vscode.Uri, target: vscode.Uri): vscode.Disposable {
    const key = alias.toString();
    this.aliases.set(key, target.toString());
    this.updateContextKeys();
    return new vscode.Disposable(() => {
      if (this.aliases.get(key) === target.toString()) this.aliases.delete(key);
      this.updateContextKeys();
    });
  }

  private keyOf(document: vscode.TextDocument): string {
    const key = document.uri.toString();
    return this.aliases.get(key) ?? key;
  }

  setPending(document: vscode.TextDocument, suggestion: PendingSuggestion | undefined): void {
    const key = document.uri.toString();
    if (suggestion) this.pending.set(key, suggestion);
    else this.pending.delete(key);
    this.changed(document);
  }

  /** Clears `suggestion` only if it is still the one pending (a newer one may have replaced it). */
  clearPending(document: vscode.TextDocument, suggestion: PendingSuggestion): void {
    if (this.pending.get(document.uri.toString()) === suggestion) this.setPending(document, undefined);
  }

  dispose(): void {
    for (const generation of this.generations.values()) generation.cancellation.cancel();
    for (const suggestion of this.pending.values()) suggestion.dispose();
    this.generations.clear();
    this.pending.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private documentClosed(document: vscode.TextDocument): void {
    // Closing a view of a document (an alias) ends nothing of the document itself.
    if (this.aliases.has(document.uri.toString())) return;
    this.cancelGeneration(document);
    const suggestion = this.pendingFor(document);
    if (suggestion) {
      this.pending.delete(document.uri.toString());
      suggestion.dispose();
    }
    this.changed(document);
  }

  private changed(document: vscode.TextDocument): void {
    this.changeEmitter.fire(document);
    this.updateContextKeys();
  }

  private updateContextKeys(): void {
    const document = vscode.window.activeTextEditor?.document;
    void vscode.commands.executeCommand('setContext', 'inkwell.generating', !!document && this.isGenerating(document));
    void vscode.commands.executeCommand('setContext', 'inkwell.suggestionPending', !!document && !!this.pendingFor(document));
    void vscode.commands.executeCommand(
      'setContext',
      'inkwell.reviewPending',
      !!document && this.pendingFor(document)?.kind === 'review',
    );
  }
}
