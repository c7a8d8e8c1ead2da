import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { StyleProblemReason, YamlModule } from '../../core/styleFiles';
import { mergeStyles, type Style, type StyleProblem } from '../../core/styles';

const STYLES_FOLDER = '.inkwell/styles';
const STORY_NOTES_FILE = '.inkwell/story.md';
/** Saving a style file often fires several events at once; they are read again once. */
const RELOAD_DELAY_MS = 100;

interface StyleFile {
  path: string;
  text: string;
}

interface Merged {
  styles: Style[];
  problems: StyleProblem[];
}

/**
 * The styles the writer can choose: built-in, from `inkwell.customStyles`, and from each workspace
 * folder's `.inkwell/styles/*.md`, kept current as settings and files change. Built-in labels are
 * localised here, so everything that shows a style shows it in the writer's language.
 */
export class StyleCatalog implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** Fires when styles were added, changed or removed, or `inkwell.style` changed. */
  readonly onDidChange: vscode.Event<void> = this.changeEmitter.event;
  /** Workspace style files per folder (key: folder URI). */
  private readonly folderFiles = new Map<string, StyleFile[]>();
  /** Loaded with the first style file found: most folders have none, and activation stays light. */
  private yaml: YamlModule | undefined;
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly directoryWatchers = new Map<string, vscode.Disposable>();
  private readonly reloadTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly merged = new Map<string, Merged>();
  private readonly reported = new Set<string>();
  private readonly unknownReported = new Set<string>();
  private readonly notesCache = new Map<string, { mtime: number; size: number; text: string }>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Settles when the workspace style files present at start have been read. */
  readonly ready: Promise<void>;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      this.changeEmitter,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('inkwell.customStyles')) this.invalidate();
        else if (event.affectsConfiguration('inkwell.style')) this.changeEmitter.fire();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders((event) => {
        for (const folder of event.removed) this.forgetFolder(folder);
        void Promise.all(event.added.map((folder) => this.watchFolder(folder))).then(() => this.invalidate());
      }),
      vscode.workspace.onDidSaveTextDocument((document) => this.fileTouched(document.uri)),
      vscode.workspace.onDidCreateFiles((event) => event.files.forEach((uri) => this.fileTouched(uri))),
      vscode.workspace.onDidDeleteFiles((event) => event.files.forEach((uri) => this.fileTouched(uri))),
      vscode.workspace.onDidRenameFiles((event) => event.files.forEach(({ oldUri, newUri }) => [oldUri, newUri].forEach((uri) => this.fileTouched(uri)))),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        void Promise.all((vscode.workspace.workspaceFolders ?? []).map((folder) => this.loadFolder(folder))).then(() => this.invalidate());
      }),
    );
    const folders = vscode.workspace.workspaceFolders ?? [];
    // A file watcher costs the extension host a settings lookup and a real path: they start just
    // after activation. The files themselves are read at once.
    const watchSoon = setTimeout(() => {
      for (const folder of vscode.workspace.workspaceFolders ?? []) this.watchStyleFiles(folder);
    }, 0);
    this.disposables.push(new vscode.Disposable(() => clearTimeout(watchSoon)));
    this.ready = Promise.all(folders.map((folder) => this.loadFolder(folder))).then(() => this.invalidate());
  }

  /** Built-in, settings and workspace styles for the document `scope` (or the first folder). */
  all(scope?: vscode.Uri): Style[] {
    return this.resolve(scope).styles;
  }

  get(id: string, scope?: vscode.Uri): Style | undefined {
    return this.all(scope).find((style) => style.id === id);
  }

  /** The style `inkwell.style` names; 'match' (with a logged warning) when it names none. */
  current(scope?: vscode.Uri): Style {
    const id = vscode.workspace.getConfiguration('inkwell', scope).get<string>('style', 'match');
    const style = this.get(id, scope);
    if (style) return style;
    if (!this.unknownReported.has(id)) {
      this.unknownReported.add(id);
      this.log.warn(`The style "${id}" in inkwell.style is not a known style; using "match" instead.`);
    }
    return this.get('match', scope)!;
  }

  /** The text of `.inkwell/story.md` in the document's workspace folder (else the first folder), if there is one. */
  async storyNotes(scope?: vscode.Uri): Promise<string | undefined> {
    const folder = folderOf(scope);
    if (!folder) return undefined;
    const uri = vscode.Uri.joinPath(folder.uri, STORY_NOTES_FILE);
    const key = uri.toString();
    try {
      const stamped = stampOf(uri);
      const stamp = stamped instanceof Promise ? await stamped : stamped;
      if (!stamp) {
        this.notesCache.delete(key);
        return undefined;
      }
      const cached = this.notesCache.get(key);
      if (cached && cached.mtime === stamp.mtime && cached.size === stamp.size) return cached.text || undefined;
      const text = new TextDecoder().decode(await bytesOf(uri)).replace(/^\uFEFF/, '').trim();
      this.notesCache.set(key, { mtime: stamp.mtime, size: stamp.size, text });
      return text || undefined;
    } catch (error) {
      this.notesCache.delete(key);
      if (!(error instanceof vscode.FileSystemError && error.code === 'FileNotFound')) {
        this.log.warn(`Could not read the story notes ${vscode.workspace.asRelativePath(uri)}: ${String(error)}`);
      }
      return undefined;
    }
  }

  dispose(): void {
    for (const timer of this.reloadTimers.values()) clearTimeout(timer);
    for (const watcher of [...this.watchers.values(), ...this.directoryWatchers.values()]) watcher.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private resolve(scope?: vscode.Uri): Merged {
    const folder = folderOf(scope);
    const key = folder?.uri.toString() ?? '';
    let merged = this.merged.get(key);
    if (!merged) {
      const settings = vscode.workspace.getConfiguration('inkwell', folder?.uri ?? scope).get<unknown[]>('customStyles', []);
      const files = this.folderFiles.get(key) ?? [];
      const result = mergeStyles(Array.isArray(settings) ? settings : [], this.yaml && { files, yaml: this.yaml });
      merged = { styles: result.styles.map(localise), problems: result.problems };
      this.merged.set(key, merged);
      this.report(merged.problems);
    }
    return merged;
  }

  /** Each problem once: in the log, and in one warning that can open the log. */
  private report(problems: StyleProblem[]): void {
    const fresh = problems.filter((problem) => !this.reported.has(`${problem.source}\u0000${problem.message}`));
    if (fresh.length === 0) return;
    for (const problem of fresh) {
      this.reported.add(`${problem.source}\u0000${problem.message}`);
      this.log.warn(`Style skipped: ${problem.source} ${problem.message}`);
    }
    const [first] = fresh;
    const message =
      fresh.length === 1
        ? vscode.l10n.t('Inkwell skipped the style in {0}: {1}', first.source, reasonText(first.reason))
        : vscode.l10n.t('Inkwell skipped {0} styles. The first, in {1}: {2}', fresh.length, first.source, reasonText(first.reason));
    const showLog = vscode.l10n.t('Show Log');
    void vscode.window.showWarningMessage(message, showLog).then((choice) => {
      if (choice === showLog) this.log.show();
    });
  }

  private invalidate(): void {
    this.merged.clear();
    // Problems are reported when styles are next resolved; resolving now reports them even if no
    // command asks for a style soon after a file is saved.
    for (const folder of vscode.workspace.workspaceFolders ?? [undefined]) this.resolve(folder?.uri);
    this.changeEmitter.fire();
  }

  /** Watches a folder's style files and reads them. */
  private async watchFolder(folder: vscode.WorkspaceFolder): Promise<void> {
    this.watchStyleFiles(folder);
    await this.loadFolder(folder);
  }

  /**
   * Besides the pattern from the folder, `.inkwell/` and (once it exists) the styles directory
   * itself are watched without recursion: where the workspace's recursive watcher misses nested
   * folders (as in some remote set-ups), those still report changes.
   */
  private watchStyleFiles(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    if (!this.watchers.has(key)) {
      this.watchers.set(
        key,
        vscode.Disposable.from(
          this.watch(folder, new vscode.RelativePattern(folder, `${STYLES_FOLDER}/*.md`)),
          this.watch(folder, new vscode.RelativePattern(folder, '.inkwell/*')),
        ),
      );
    }
  }

  private watch(folder: vscode.WorkspaceFolder, pattern: vscode.RelativePattern): vscode.Disposable {
    const reload = () => this.scheduleReload(folder);
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    return vscode.Disposable.from(watcher, watcher.onDidCreate(reload), watcher.onDidChange(reload), watcher.onDidDelete(reload));
  }

  /** Style files saved, created, deleted or renamed in VS Code itself. */
  private fileTouched(uri: vscode.Uri): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return;
    const relative = uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1);
    if (relative === STYLES_FOLDER || relative.startsWith(`${STYLES_FOLDER}/`) || relative === '.inkwell') this.scheduleReload(folder);
  }

  private forgetFolder(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    for (const watchers of [this.watchers, this.directoryWatchers]) {
      watchers.get(key)?.dispose();
      watchers.delete(key);
    }
    this.folderFiles.delete(key);
    this.invalidate();
  }

  private scheduleReload(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    clearTimeout(this.reloadTimers.get(key));
    this.reloadTimers.set(
      key,
      setTimeout(() => {
        this.reloadTimers.delete(key);
        void this.loadFolder(folder).then(() => this.invalidate());
      }, RELOAD_DELAY_MS),
    );
  }

  private async loadFolder(folder: vscode.WorkspaceFolder): Promise<void> {
    const key = folder.uri.toString();
    // A folder the writer has not trusted may be anyone's repository: its styles are not used.
    if (!vscode.workspace.isTrusted) {
      this.folderFiles.set(key, []);
      return;
    }
    const directory = vscode.Uri.joinPath(folder.uri, STYLES_FOLDER);
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(directory);
    } catch {
      this.directoryWatchers.get(key)?.dispose();
      this.directoryWatchers.delete(key);
      this.folderFiles.set(key, []);
      return;
    }
    // A watch on the directory itself needs the directory to exist: made once it does.
    if (!this.directoryWatchers.has(key)) this.directoryWatchers.set(key, this.watch(folder, new vscode.RelativePattern(directory, '*.md')));
    const names = entries.filter(([name, type]) => type & vscode.FileType.File && /\.md$/i.test(name)).map(([name]) => name);
    const files = await Promise.all(
      names.map(async (name): Promise<StyleFile | undefined> => {
        const uri = vscode.Uri.joinPath(directory, name);
        try {
          return { path: vscode.workspace.asRelativePath(uri), text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) };
        } catch (error) {
          this.log.warn(`Could not read the style file ${vscode.workspace.asRelativePath(uri)}: ${String(error)}`);
          return undefined;
        }
      }),
    );
    const read = files.filter((file): file is StyleFile => file !== undefined);
    if (read.length > 0) this.yaml ??= await import('yaml');
    this.folderFiles.set(key, read);
  }
}

interface Stamp {
  mtime: number;
  size: number;
}

/**
 * When the story notes last changed, or undefined when there are none. A file on disk is asked
 * directly: every command reads the notes, and the API's stat and read each cost a round trip to
 * the workbench.
 */
function stampOf(uri: vscode.Uri): Stamp | undefined | Promise<Stamp> {
  if (uri.scheme !== 'file') return Promise.resolve(vscode.workspace.fs.stat(uri));
  const stat = statSync(uri.fsPath, { throwIfNoEntry: false });
  return stat && { mtime: stat.mtimeMs, size: stat.size };
}

async function bytesOf(uri: vscode.Uri): Promise<Uint8Array> {
  return uri.scheme === 'file' ? readFile(uri.fsPath) : vscode.workspace.fs.readFile(uri);
}

/** The workspace folder of a document; an untitled or outside document belongs to the first folder. */
function folderOf(scope: vscode.Uri | undefined): vscode.WorkspaceFolder | undefined {
  return (scope && vscode.workspace.getWorkspaceFolder(scope)) ?? vscode.workspace.workspaceFolders?.[0];
}

/** Why a style was skipped, in the writer's language. */
function reasonText(reason: StyleProblemReason): string {
  switch (reason.code) {
    case 'not-object':
      return vscode.l10n.t('it is not an object with "id", "label" and "instruction".');
    case 'no-id':
      return vscode.l10n.t('it has no "id".');
    case 'bad-id':
      return vscode.l10n.t('its id "{0}" is not lowercase letters, digits and dashes.', reason.id);
    case 'no-usable-file-name':
      return vscode.l10n.t('it needs an "id" in its front matter: its file name cannot serve as one.');
    case 'label-not-text':
      return vscode.l10n.t('its "label" must be text.');
    case 'description-not-text':
      return vscode.l10n.t('its "description" must be text.');
    case 'bad-temperature':
      return vscode.l10n.t('its "temperature" must be a number from 0 to 2 (it is {0}).', reason.value);
    case 'no-instruction':
      return vscode.l10n.t('it has no instruction.');
    case 'front-matter-unclosed':
      return vscode.l10n.t('its front matter is never closed by a "---" line.');
    case 'front-matter-not-map':
      return vscode.l10n.t('its front matter must be "key: value" lines.');
    case 'yaml':
      return vscode.l10n.t('its front matter is not valid YAML (line {0}): {1}', reason.line, reason.detail);
    case 'routing-key':
      return vscode.l10n.t('it sets "{0}", but a style from the workspace cannot choose the provider, URL, model or key.', reason.key);
    case 'duplicate-id':
      return reason.owner === undefined
        ? vscode.l10n.t('the id "{0}" belongs to a built-in style.', reason.id)
        : vscode.l10n.t('the id "{0}" is already used by {1}.', reason.id, reason.owner);
  }
}

/** Built-in styles shown in the writer's language; their instructions stay as they are sent. */
function localise(style: Style): Style {
  if (style.source !== 'built-in') return style;
  const text = BUILT_IN_TEXT[style.id]?.();
  return text ? { ...style, ...text } : style;
}

const BUILT_IN_TEXT: Record<string, () => { label: string; description: string }> = {
  match: () => ({ label: vscode.l10n.t('Match my voice'), description: vscode.l10n.t('Write the way the manuscript is already written') }),
  literary: () => ({ label: vscode.l10n.t('Literary'), description: vscode.l10n.t('Precise, resonant prose with subtext') }),
  noir: () => ({ label: vscode.l10n.t('Noir'), description: vscode.l10n.t('Terse, hard-boiled, shadowed') }),
  whimsical: () => ({ label: vscode.l10n.t('Whimsical'), description: vscode.l10n.t('Playful, warm, gently absurd') }),
  gothic: () => ({ label: vscode.l10n.t('Gothic'), description: vscode.l10n.t('Brooding atmosphere, dread and secrets') }),
  minimalist: () => ({ label: vscode.l10n.t('Minimalist'), description: vscode.l10n.t('Spare sentences, emotion implied') }),
  lyrical: () => ({ label: vscode.l10n.t('Lyrical'), description: vscode.l10n.t('Musical, image-rich, flowing') }),
  comedic: () => ({ label: vscode.l10n.t('Comedic'), description: vscode.l10n.t('Wit, timing and escalation') }),
  screenplay: () => ({ label: vscode.l10n.t('Screenplay (Fountain)'), description: vscode.l10n.t('Scene headings, action, character cues and dialogue') }),
  poetry: () => ({ label: vscode.l10n.t('Poetry'), description: vscode.l10n.t('Keeps line breaks and stanza shape') }),
};
