import * as vscode from 'vscode';
import { listWorkspaceFiles, NOTES_MAX_BYTES, readWorkspaceText } from '../workspaceFiles';

export const STYLES_FOLDER = '.inkwell/styles';
/** Saving a style file often fires several events at once; they are read again once. */
const RELOAD_DELAY_MS = 100;

export interface StyleFile {
  path: string;
  text: string;
}

/**
 * The style files of each workspace folder's `.inkwell/styles/` (any depth), read through
 * `workspaceFiles`. A command asks `current(folder)`, which checks the files against what was read
 * (a listing and a stat each), so a file saved just before the command is the one it uses; the
 * watchers only tell the status bar and pickers that something changed.
 */
export class FolderStyles implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<vscode.WorkspaceFolder>();
  /** Fires with a folder whose style files changed. */
  readonly onDidChange = this.changeEmitter.event;
  /** What was read per folder (key: folder URI), with a stamp of every file's path, time and size. */
  private readonly read = new Map<string, { stamp: string; files: StyleFile[] }>();
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly reloadTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      this.changeEmitter,
      vscode.workspace.onDidChangeWorkspaceFolders((event) => {
        for (const folder of event.removed) this.forget(folder);
        for (const folder of event.added) this.watch(folder);
      }),
      vscode.workspace.onDidSaveTextDocument((document) => this.touched(document.uri)),
      vscode.workspace.onDidCreateFiles((event) => event.files.forEach((uri) => this.touched(uri))),
      vscode.workspace.onDidDeleteFiles((event) => event.files.forEach((uri) => this.touched(uri))),
      vscode.workspace.onDidRenameFiles((event) => event.files.forEach(({ oldUri, newUri }) => [oldUri, newUri].forEach((uri) => this.touched(uri)))),
      vscode.workspace.onDidGrantWorkspaceTrust(() => (vscode.workspace.workspaceFolders ?? []).forEach((folder) => this.scheduleCheck(folder))),
    );
    // A file watcher costs the extension host a settings lookup and a real path: they start just
    // after activation.
    const watchSoon = setTimeout(() => (vscode.workspace.workspaceFolders ?? []).forEach((folder) => this.watch(folder)), 0);
    this.disposables.push(new vscode.Disposable(() => clearTimeout(watchSoon)));
  }

  /** The folder's style files as they are on disk now. */
  async current(folder: vscode.WorkspaceFolder): Promise<StyleFile[]> {
    await this.check(folder);
    return this.known(folder);
  }

  /** The folder's style files as last read (none before the first check). */
  known(folder: vscode.WorkspaceFolder | undefined): StyleFile[] {
    return (folder && this.read.get(folder.uri.toString())?.files) ?? [];
  }

  dispose(): void {
    for (const timer of this.reloadTimers.values()) clearTimeout(timer);
    for (const watcher of this.watchers.values()) watcher.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  /** Reads what changed since the last check; fires `onDidChange` when anything did. */
  async check(folder: vscode.WorkspaceFolder): Promise<void> {
    const uris = await listWorkspaceFiles(folder, STYLES_FOLDER, '.md');
    const texts = await Promise.all(uris.map((uri) => readWorkspaceText(uri, { maxBytes: NOTES_MAX_BYTES })));
    const files: StyleFile[] = [];
    const stamps: string[] = [];
    texts.forEach((text, index) => {
      if (!text.ok) return;
      const path = vscode.workspace.asRelativePath(uris[index]);
      files.push({ path, text: text.text });
      stamps.push(`${path}\u0000${text.mtime}\u0000${text.size}`);
    });
    const stamp = stamps.join('\u0001');
    const key = folder.uri.toString();
    const before = this.read.get(key);
    if (before?.stamp === stamp) return;
    this.read.set(key, { stamp, files });
    if (before || files.length > 0) this.changeEmitter.fire(folder);
  }

  /** Style files anywhere under the styles folder, and `.inkwell/` itself (the folder created or removed). */
  private watch(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    if (this.watchers.has(key)) return;
    const check = () => this.scheduleCheck(folder);
    const watchers = [`${STYLES_FOLDER}/**/*.md`, '.inkwell/*'].map((glob) => {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, glob));
      return vscode.Disposable.from(watcher, watcher.onDidCreate(check), watcher.onDidChange(check), watcher.onDidDelete(check));
    });
    this.watchers.set(key, vscode.Disposable.from(...watchers));
  }

  /** Style files saved, created, deleted or renamed in VS Code itself. */
  private touched(uri: vscode.Uri): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return;
    const relative = uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1);
    if (relative === '.inkwell' || relative === STYLES_FOLDER || relative.startsWith(`${STYLES_FOLDER}/`)) this.scheduleCheck(folder);
  }

  private forget(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    this.watchers.get(key)?.dispose();
    this.watchers.delete(key);
    this.read.delete(key);
    this.changeEmitter.fire(folder);
  }

  private scheduleCheck(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    clearTimeout(this.reloadTimers.get(key));
    this.reloadTimers.set(
      key,
      setTimeout(() => {
        this.reloadTimers.delete(key);
        void this.check(folder);
      }, RELOAD_DELAY_MS),
    );
  }
}
