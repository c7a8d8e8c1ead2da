import * as vscode from 'vscode';
import type { YamlModule } from '../../core/frontMatter';
import { describeLoreProblem, LORE_FOLDER, parseLoreEntry, type LoreEntry, type LoreProblem } from '../../core/lore';
import { createLoreBook, type LoreBook } from '../../core/loreSelection';
import { listWorkspaceFiles, NOTES_MAX_BYTES, readWorkspaceText } from '../workspaceFiles';
import { loreProblemText } from './texts';

/** Saving several entries at once fires several events: they are read again once. */
const RELOAD_DELAY_MS = 100;

export interface FolderLore {
  folder: vscode.WorkspaceFolder;
  book: LoreBook;
  problems: LoreProblem[];
}

/**
 * The lore entries of each workspace folder (`.inkwell/lore/**.md`), read through workspaceFiles
 * (inside the folder after links, regular files, 1 MB each, trusted folders only) on first use and
 * again after a lore file changes. Malformed entries are skipped and said once each.
 */
export class LoreCatalog implements vscode.Disposable {
  private readonly loaded = new Map<string, Promise<FolderLore>>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly reported = new Set<string>();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** Fires when a folder's lore was read again. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private yaml: YamlModule | undefined;

  private watching = false;

  constructor(private readonly log: vscode.LogOutputChannel) {
    const touched = (uri: vscode.Uri) => this.fileChanged(uri);
    this.disposables.push(
      this.changeEmitter,
      vscode.workspace.onDidSaveTextDocument((document) => touched(document.uri)),
      vscode.workspace.onDidCreateFiles((event) => event.files.forEach(touched)),
      vscode.workspace.onDidDeleteFiles((event) => event.files.forEach(touched)),
      vscode.workspace.onDidRenameFiles((event) => event.files.forEach(({ oldUri, newUri }) => [oldUri, newUri].forEach(touched))),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.forgetAll()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.forgetAll()),
    );
  }

  /** The lore of a folder, read on first use. */
  lore(folder: vscode.WorkspaceFolder): Promise<FolderLore> {
    this.watch();
    const key = folder.uri.toString();
    let loading = this.loaded.get(key);
    if (!loading) {
      loading = this.load(folder);
      this.loaded.set(key, loading);
    }
    return loading;
  }

  /** The entry a file holds, if it is a lore entry that was read. */
  async entryOf(uri: vscode.Uri): Promise<LoreEntry | undefined> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return undefined;
    const { book } = await this.lore(folder);
    const path = vscode.workspace.asRelativePath(uri, false);
    return book.entries.find((entry) => entry.file === path);
  }

  /** Lore files changed outside VS Code (git, another editor) are watched from the first use on. */
  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${LORE_FOLDER}/**`);
    const touched = (uri: vscode.Uri) => this.fileChanged(uri);
    this.disposables.push(watcher, watcher.onDidCreate(touched), watcher.onDidChange(touched), watcher.onDidDelete(touched));
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const disposable of this.disposables) disposable.dispose();
  }

  /** A file changed: when it is lore, its folder's lore is read again on next use. */
  fileChanged(uri: vscode.Uri): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return;
    const relative = vscode.workspace.asRelativePath(uri, false);
    if (relative !== LORE_FOLDER && !relative.startsWith(`${LORE_FOLDER}/`) && relative !== '.inkwell') return;
    const key = folder.uri.toString();
    clearTimeout(this.timers.get(key));
    // Forgotten at once, so a request right after a save reads the file as saved.
    this.loaded.delete(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.changeEmitter.fire();
      }, RELOAD_DELAY_MS),
    );
  }

  private forgetAll(): void {
    this.loaded.clear();
    this.changeEmitter.fire();
  }

  private async load(folder: vscode.WorkspaceFolder): Promise<FolderLore> {
    const uris = await listWorkspaceFiles(folder, LORE_FOLDER, '.md');
    const entries: LoreEntry[] = [];
    const problems: LoreProblem[] = [];
    if (uris.length > 0) this.yaml ??= await import('yaml');
    const texts = await Promise.all(uris.map((uri) => readWorkspaceText(uri, { maxBytes: NOTES_MAX_BYTES })));
    texts.forEach((read, index) => {
      // A file that may not be read is said by workspaceFiles.
      if (!read.ok) return;
      const parsed = parseLoreEntry(vscode.workspace.asRelativePath(uris[index], false), read.text, this.yaml!);
      if (parsed.entry) entries.push(parsed.entry);
      problems.push(...parsed.problems);
    });
    this.report(problems);
    return { folder, book: createLoreBook(entries), problems };
  }

  /** Each problem once: in the log, and one warning for the new ones that can open the log. */
  private report(problems: LoreProblem[]): void {
    const fresh = problems.filter((problem) => !this.reported.has(`${problem.file}\u0000${JSON.stringify(problem.reason)}`));
    if (fresh.length === 0) return;
    for (const problem of fresh) {
      this.reported.add(`${problem.file}\u0000${JSON.stringify(problem.reason)}`);
      this.log.warn(`Lore entry ${problem.file}${problem.skipped ? ' skipped' : ''}: ${describeLoreProblem(problem.reason)}`);
    }
    const skipped = fresh.filter((problem) => problem.skipped);
    if (skipped.length === 0) return;
    const [first] = skipped;
    const message =
      skipped.length === 1
        ? vscode.l10n.t('Inkwell skipped the lore entry {0}: {1}', first.file, loreProblemText(first.reason))
        : vscode.l10n.t('Inkwell skipped {0} lore entries. The first, {1}: {2}', skipped.length, first.file, loreProblemText(first.reason));
    const showLog = vscode.l10n.t('Show Log');
    void vscode.window.showWarningMessage(message, showLog).then((choice) => {
      if (choice === showLog) this.log.show();
    });
  }
}
