// The `local` provider's work in VS Code: the runtime download (with consent), loading the model
// with a status bar spinner, streaming, unloading after idle minutes, and Select Model's list.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { scriptedArgs } from '../../commandArgs';
import type { LocalFailureCode } from '../../../core/failures';
import type { ChatMessage } from '../../../core/types';
import type { StreamEnd } from '../openaiChat';
import type { Problem } from '../problems';
import { whereOf, type LocalTarget, type StreamEvents } from '../targets';
import { EngineFailure, LocalEngine } from './engine';
import type { GgufProblem } from './gguf';
import type { LocalSampling } from './index';
import { ChecksumError, downloadModel } from './modelDownload';
import { RECOMMENDED_MODELS, type RecommendedModel } from './recommended';
import {
  DEFAULT_REGISTRY,
  IntegrityError,
  RUNTIME_VERSION,
  downloadSize,
  installRuntime,
  runtimeEntry,
  runtimeInstalled,
  runtimePackages,
} from './runtime';

/** llama.cpp's own server default, for `inkwell.temperature: null`. */
const DEFAULT_TEMPERATURE = 0.8;

export function formatSize(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GB`;
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function localSetting<T>(key: string, fallback: T): T {
  const inspected = vscode.workspace.getConfiguration('inkwell').inspect<T>(`local.${key}`);
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

/** Why llama.cpp is not given a file, in the writer's words. */
function whyNotAModel(problem: GgufProblem, detail: string): string {
  switch (problem) {
    case 'not-gguf':
      return vscode.l10n.t('it is not a GGUF file');
    case 'version':
      return vscode.l10n.t('GGUF version {0} is not supported', detail);
    case 'no-weights':
      return vscode.l10n.t('it holds no weights');
    case 'no-architecture':
      return vscode.l10n.t('it names no model architecture');
    case 'missing-keys':
      return vscode.l10n.t('its header lacks {0}', detail);
    case 'truncated':
      return vscode.l10n.t('the file ends inside its header (an unfinished download?)');
    case 'damaged':
      return vscode.l10n.t('its header is damaged ({0})', detail);
  }
}

const isAbort = (error: unknown) => error instanceof Error && error.name === 'AbortError';

export class LocalModels {
  private engine?: LocalEngine;
  private idleTimer?: ReturnType<typeof setTimeout>;
  private installing?: Promise<boolean>;

  constructor(private readonly storage: vscode.Uri, private readonly log: vscode.LogOutputChannel) {}

  private get storageDir(): string {
    return this.storage.fsPath;
  }

  private get modelsDir(): string {
    return path.join(this.storageDir, 'models');
  }

  private problem(target: LocalTarget, code: LocalFailureCode, detail?: string): Problem {
    return { kind: 'local', provider: 'local', code, where: whereOf(target), detail, model: target.modelPath };
  }

  async prepare(target: LocalTarget, token: vscode.CancellationToken): Promise<Problem | undefined> {
    if (!target.modelPath) return this.problem(target, 'no-model-path');
    const packages = runtimePackages();
    if (!packages) return this.problem(target, 'no-platform', `${process.platform}-${process.arch}`);
    if (!runtimeInstalled(this.storageDir)) return this.problem(target, 'no-runtime', formatSize(downloadSize(packages)));
    const engine = (this.engine ??= new LocalEngine(runtimeEntry(this.storageDir), (line) => this.log.info(`local: ${line}`)));
    this.stopIdleTimer();
    if (engine.loadedModel !== target.modelPath) {
      try {
        await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Loading model…') }, () => engine.load(target.modelPath));
      } catch (error) {
        this.startIdleTimer();
        return this.describe(error, target, false);
      }
    }
    if (token.isCancellationRequested) this.startIdleTimer();
    return undefined;
  }

  async stream(target: LocalTarget, messages: ChatMessage[], sampling: LocalSampling, signal: AbortSignal, events: StreamEvents): Promise<StreamEnd> {
    const engine = this.engine;
    if (!engine) throw new EngineFailure('load-failed', 'the model is not loaded');
    const contextTokens = vscode.workspace.getConfiguration('inkwell', sampling.scope).get<number>('contextTokens', 3000);
    this.stopIdleTimer();
    try {
      const end = await engine.generate(
        messages,
        { temperature: sampling.temperature ?? DEFAULT_TEMPERATURE, maxTokens: sampling.maxOutputTokens, contextTokens },
        signal,
        (text) => {
          events.activity();
          events.content(text);
        },
      );
      this.log.info(`local: ${whereOf(target)} ${end.finishReason}, ${end.usage.promptTokens} + ${end.usage.completionTokens} tokens`);
      return { finishReason: end.finishReason === 'abort' ? undefined : end.finishReason, usage: end.usage };
    } finally {
      this.startIdleTimer();
    }
  }

  describe(error: unknown, target: LocalTarget, started: boolean): Problem {
    if (error instanceof EngineFailure) {
      if (error.gguf) return this.problem(target, 'not-a-model', whyNotAModel(error.gguf, error.detail));
      return this.problem(target, error.code, error.code === 'missing-file' ? target.modelPath : error.detail);
    }
    const detail = error instanceof Error ? error.message : String(error);
    return started ? { kind: 'stream', provider: 'local', where: whereOf(target), detail } : this.problem(target, 'load-failed', detail);
  }

  private stopIdleTimer(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  /** The model stays loaded while it is used, and is freed after the writer's idle minutes. */
  private startIdleTimer(): void {
    this.stopIdleTimer();
    const minutes = Number(localSetting<number>('unloadAfterMinutes', 10));
    if (!this.engine?.loadedModel || !(minutes > 0)) return;
    this.idleTimer = setTimeout(() => void this.engine?.unload(), minutes * 60_000);
  }

  /** Downloads node-llama-cpp for this machine. Asks first unless scripted; says how it went. */
  installRuntime(arg?: unknown): Promise<boolean> {
    return (this.installing ??= this.installRuntimeNow(scriptedArgs(arg) !== undefined).finally(() => (this.installing = undefined)));
  }

  private async installRuntimeNow(scripted: boolean): Promise<boolean> {
    const packages = runtimePackages();
    if (!packages) {
      void vscode.window.showErrorMessage(vscode.l10n.t('llama.cpp has no build for this computer ({0}), so models cannot run here. Choose another provider.', `${process.platform}-${process.arch}`));
      return false;
    }
    if (runtimeInstalled(this.storageDir)) return true;
    const registry = localSetting<string>('registry', DEFAULT_REGISTRY).trim() || DEFAULT_REGISTRY;
    const total = downloadSize(packages);
    if (!scripted) {
      const download = vscode.l10n.t('Download');
      const choice = await vscode.window.showInformationMessage(
        vscode.l10n.t('Download the llama.cpp runtime (node-llama-cpp {0}, {1}) from {2}?', RUNTIME_VERSION, formatSize(total), new URL(registry).host),
        {
          modal: true,
          detail: vscode.l10n.t("Inkwell runs models on this computer with it. Each package is checked against the registry's published hash, and it is kept in VS Code's storage."),
        },
        download,
      );
      if (choice !== download) return false;
    }
    const title = vscode.l10n.t('Downloading the llama.cpp runtime');
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
        const controller = new AbortController();
        const cancel = token.onCancellationRequested(() => controller.abort());
        let shown = 0;
        try {
          await installRuntime(this.storageDir, {
            registry,
            packages,
            signal: controller.signal,
            onProgress: (received) => {
              const percent = (received / total) * 100;
              progress.report({ increment: percent - shown, message: `${formatSize(received)} / ${formatSize(total)}` });
              shown = percent;
            },
          });
        } finally {
          cancel.dispose();
        }
      });
      this.log.info(`local: node-llama-cpp ${RUNTIME_VERSION} installed from ${registry}`);
      if (!scripted) void vscode.window.showInformationMessage(vscode.l10n.t('The llama.cpp runtime is installed.'));
      return true;
    } catch (error) {
      this.log.error(`local: runtime download failed: ${error instanceof Error ? error.message : String(error)}`);
      if (isAbort(error)) void vscode.window.showInformationMessage(vscode.l10n.t('The download was cancelled. Nothing was installed.'));
      else if (error instanceof IntegrityError) {
        void vscode.window.showErrorMessage(vscode.l10n.t('{0} did not match the hash the registry published, so nothing was installed.', `${error.item.name}@${error.item.version}`));
      } else void vscode.window.showErrorMessage(vscode.l10n.t('The llama.cpp runtime could not be downloaded: {0}', error instanceof Error ? error.message : String(error)));
      return false;
    }
  }

  /** `.gguf` files already in global storage. */
  private async storedModels(): Promise<string[]> {
    const names = await readdir(this.modelsDir).catch(() => [] as string[]);
    return names.filter((name) => name.toLowerCase().endsWith('.gguf')).sort();
  }

  private async useModel(file: string): Promise<string> {
    await vscode.workspace.getConfiguration('inkwell').update('local.modelPath', file, vscode.ConfigurationTarget.Global);
    return file;
  }

  /** Select Model with provider `local`: a file in storage, a recommended model to download, or any file. Scripted: `{ model }` is a path or a recommended id. */
  async selectModel(arg: unknown): Promise<string | undefined> {
    const scripted = scriptedArgs(arg);
    if (scripted) {
      const model = typeof scripted.model === 'string' ? scripted.model.trim() : '';
      if (!model) return undefined;
      const recommended = RECOMMENDED_MODELS.find((entry) => entry.id === model);
      if (!recommended) return this.useModel(model);
      const file = await this.download(recommended, false);
      return file && this.useModel(file);
    }
    type Item = vscode.QuickPickItem & { file?: string; recommended?: RecommendedModel; browse?: boolean };
    const current = localSetting<string>('modelPath', '');
    const stored = await this.storedModels();
    const items: Item[] = [
      ...stored.map((name): Item => {
        const file = path.join(this.modelsDir, name);
        return { label: `$(file) ${name}`, file, description: file === current ? vscode.l10n.t('current') : undefined };
      }),
      { label: vscode.l10n.t('Recommended to download'), kind: vscode.QuickPickItemKind.Separator },
      ...RECOMMENDED_MODELS.filter((entry) => !stored.includes(entry.file)).map(
        (entry): Item => ({
          label: `$(cloud-download) ${entry.name}`,
          description: formatSize(entry.bytes),
          detail: vscode.l10n.t('Licence: {0} · Languages: {1}', entry.licence, entry.languages),
          recommended: entry,
        }),
      ),
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      { label: vscode.l10n.t('$(folder-opened) Choose a file…'), browse: true },
    ];
    if (current && !items.some((item) => item.file === current)) items.unshift({ label: `$(file) ${path.basename(current)}`, detail: current, file: current, description: vscode.l10n.t('current') });
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Select Model'), placeHolder: vscode.l10n.t('A GGUF model to run on this computer'), ignoreFocusOut: true });
    if (!picked) return undefined;
    if (picked.file) return this.useModel(picked.file);
    if (picked.recommended) {
      const file = await this.download(picked.recommended, true);
      return file && this.useModel(file);
    }
    const chosen = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [vscode.l10n.t('GGUF models')]: ['gguf'] }, title: vscode.l10n.t('Choose a model file') });
    return chosen?.[0] ? this.useModel(chosen[0].fsPath) : undefined;
  }

  /** Downloads a recommended model into storage (asking first when interactive); the file, or undefined. */
  private async download(model: RecommendedModel, ask: boolean): Promise<string | undefined> {
    const file = path.join(this.modelsDir, model.file);
    if ((await this.storedModels()).includes(model.file)) return file;
    if (ask) {
      const download = vscode.l10n.t('Download');
      const choice = await vscode.window.showInformationMessage(
        vscode.l10n.t('Download {0} ({1}) from {2}?', model.name, formatSize(model.bytes), new URL(model.url).host),
        { modal: true, detail: vscode.l10n.t('Licence: {0} · Languages: {1}', model.licence, model.languages) },
        download,
      );
      if (choice !== download) return undefined;
    }
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(this.modelsDir));
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Downloading {0}', model.name), cancellable: true },
        async (progress, token) => {
          const controller = new AbortController();
          const cancel = token.onCancellationRequested(() => controller.abort());
          let shown = 0;
          try {
            await downloadModel(model.url, file, {
              signal: controller.signal,
              onProgress: (received, total) => {
                const percent = (received / (total ?? model.bytes)) * 100;
                progress.report({ increment: percent - shown, message: `${formatSize(received)} / ${formatSize(total ?? model.bytes)}` });
                shown = percent;
              },
            });
          } finally {
            cancel.dispose();
          }
        },
      );
      return file;
    } catch (error) {
      this.log.error(`local: download of ${model.url} failed: ${error instanceof Error ? error.message : String(error)}`);
      if (isAbort(error)) void vscode.window.showInformationMessage(vscode.l10n.t('The download was cancelled. Select the model again to resume it.'));
      else if (error instanceof ChecksumError) void vscode.window.showErrorMessage(vscode.l10n.t('{0} did not match its published checksum and was deleted. Try again.', model.name));
      else void vscode.window.showErrorMessage(vscode.l10n.t('{0} could not be downloaded: {1}. Select it again to resume.', model.name, error instanceof Error ? error.message : String(error)));
      return undefined;
    }
  }

  async dispose(): Promise<void> {
    this.stopIdleTimer();
    await this.engine?.unload();
  }
}

