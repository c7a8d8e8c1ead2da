// The one way Inkwell reads a file of the writer's workspace (story notes, styles, lore, chapters).
// A workspace is as often someone else's repository as the writer's own: a committed link to
// `~/.ssh/id_ed25519` or `/dev/zero`, a FIFO, a 2 GB file must never reach the model or stall the
// extension host. So a file is read only when, after its links are followed, it lies inside a
// workspace folder, is a regular file and is under the caller's size cap — checked on every use
// (a stat against a cache, never trusting that a watcher event has arrived) — and only in a folder
// the writer trusts.
import { constants, promises as fsp, type Stats } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export type WorkspaceFileProblem = 'missing' | 'outside' | 'not-a-file' | 'too-large' | 'untrusted';

export type WorkspaceText =
  | { ok: true; text: string; mtime: number; size: number }
  | { ok: false; problem: WorkspaceFileProblem; message: string };

/** The cap for story notes, lore entries and style files. */
export const NOTES_MAX_BYTES = 1024 * 1024;

/** How far a listing goes: a hostile repository can nest folders and files without end. */
const MAX_LIST_DEPTH = 16;
const MAX_LISTED_FILES = 5000;

/** Opening never waits on a FIFO or a device, and never follows a link swapped in after the check. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

interface Cached {
  mtime: number;
  size: number;
  ino: number;
  text: string;
}

/** Texts already read, by real path (or URI off the disk): a file that has not changed is not read again. */
const cache = new Map<string, Cached>();
let reporter: ProblemReporter | undefined;

/**
 * Reads a workspace file as text (UTF-8, without a byte order mark), or says why not. Problems other
 * than `missing` are also said once per file: in the log, and in a warning.
 */
export async function readWorkspaceText(uri: vscode.Uri, options: { maxBytes: number }): Promise<WorkspaceText> {
  const result = vscode.workspace.isTrusted ? await (uri.scheme === 'file' ? readOnDisk(uri, options.maxBytes) : readThroughApi(uri, options.maxBytes)) : untrusted(uri);
  if (!result.ok) {
    cache.delete(uri.scheme === 'file' ? uri.fsPath : uri.toString());
    reporter?.report(uri, result);
  }
  return result;
}

/**
 * The files under `relativeDir` of `folder` (recursively) whose names end with `suffix` (any case),
 * sorted by path. Links that leave the workspace and anything that is not a regular file are left
 * out (and said once); in an untrusted folder there are none.
 */
export async function listWorkspaceFiles(folder: vscode.WorkspaceFolder, relativeDir: string, suffix: string): Promise<vscode.Uri[]> {
  const directory = vscode.Uri.joinPath(folder.uri, relativeDir);
  if (!vscode.workspace.isTrusted) {
    if (await exists(directory)) reporter?.report(directory, untrusted(directory));
    return [];
  }
  const found: vscode.Uri[] = [];
  const visited = new Set<string>();
  const wanted = suffix.toLowerCase();
  const walk = async (dir: vscode.Uri, depth: number): Promise<void> => {
    for (const [name, mayBeDirectory] of await entriesOf(dir)) {
      if (found.length >= MAX_LISTED_FILES) return;
      const matches = name.toLowerCase().endsWith(wanted);
      if (!matches && !mayBeDirectory) continue;
      const child = vscode.Uri.joinPath(dir, name);
      const place = await locate(child);
      if (!place.ok) reporter?.report(child, place);
      else if (place.directory) {
        if (depth < MAX_LIST_DEPTH && !visited.has(place.key)) {
          visited.add(place.key);
          await walk(child, depth + 1);
        }
      } else if (matches) found.push(child);
    }
  };
  const start = await locate(directory);
  if (!start.ok) {
    reporter?.report(directory, start);
    return [];
  }
  if (!start.directory) return [];
  visited.add(start.key);
  await walk(directory, 0);
  return found;
}

/** The workspace folder of a document; an untitled or outside document belongs to the first folder. */
export function folderOfDocument(scope: vscode.Uri | undefined): vscode.WorkspaceFolder | undefined {
  return (scope && vscode.workspace.getWorkspaceFolder(scope)) ?? vscode.workspace.workspaceFolders?.[0];
}

/**
 * Says each problem once per file, in the log and in a warning (the untrusted folder once in all,
 * with the way to trust it). Registered by `activate()`; without it problems are only returned.
 */
export function registerWorkspaceFiles(log: vscode.LogOutputChannel): vscode.Disposable {
  const registered = new ProblemReporter(log);
  reporter = registered;
  return vscode.Disposable.from(
    vscode.workspace.onDidGrantWorkspaceTrust(() => registered.forgetUntrusted()),
    new vscode.Disposable(() => {
      if (reporter === registered) reporter = undefined;
      cache.clear();
    }),
  );
}

class ProblemReporter {
  private readonly said = new Set<string>();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  report(uri: vscode.Uri, result: Extract<WorkspaceText, { ok: false }>): void {
    if (result.problem === 'missing') return;
    const key = result.problem === 'untrusted' ? 'untrusted' : `${result.problem}\u0000${uri.toString()}`;
    if (this.said.has(key)) return;
    this.said.add(key);
    this.log.warn(result.message);
    if (result.problem === 'untrusted') {
      const manage = vscode.l10n.t('Manage Workspace Trust');
      void vscode.window
        .showInformationMessage(vscode.l10n.t('Inkwell reads no story notes, styles or lore from this folder until you trust it.'), manage)
        .then((choice) => choice === manage && vscode.commands.executeCommand('workbench.trust.manage'));
      return;
    }
    const showLog = vscode.l10n.t('Show Log');
    void vscode.window.showWarningMessage(result.message, showLog).then((choice) => choice === showLog && this.log.show());
  }

  forgetUntrusted(): void {
    this.said.delete('untrusted');
  }
}

type Located =
  | { ok: true; key: string; directory: boolean; stat: { mtime: number; size: number; ino: number } }
  | Extract<WorkspaceText, { ok: false }>;

/** Where a URI really is, and what it is, without reading it. */
async function locate(uri: vscode.Uri): Promise<Located> {
  if (uri.scheme !== 'file') {
    const stat = await statThroughApi(uri);
    if (!stat) return problem(uri, 'missing');
    // Off the disk there is no telling where a link leads.
    if (stat.type & vscode.FileType.SymbolicLink) return problem(uri, 'outside');
    if (!(stat.type & (vscode.FileType.File | vscode.FileType.Directory))) return problem(uri, 'not-a-file');
    return { ok: true, key: uri.toString(), directory: (stat.type & vscode.FileType.Directory) !== 0, stat: { mtime: stat.mtime, size: stat.size, ino: 0 } };
  }
  let real: string;
  let stat: Stats;
  try {
    real = await fsp.realpath(uri.fsPath);
    stat = await fsp.stat(real);
  } catch (error) {
    return problem(uri, errorCode(error) === 'ELOOP' ? 'not-a-file' : 'missing');
  }
  if (!(await insideAWorkspaceFolder(real))) return problem(uri, 'outside');
  if (!stat.isFile() && !stat.isDirectory()) return problem(uri, 'not-a-file');
  return { ok: true, key: real, directory: stat.isDirectory(), stat: { mtime: stat.mtimeMs, size: stat.size, ino: stat.ino } };
}

async function readOnDisk(uri: vscode.Uri, maxBytes: number): Promise<WorkspaceText> {
  const place = await locate(uri);
  if (!place.ok) return place;
  if (place.directory) return problem(uri, 'not-a-file');
  if (place.stat.size > maxBytes) return problem(uri, 'too-large', maxBytes);
  const cached = cache.get(place.key);
  if (cached && cached.mtime === place.stat.mtime && cached.size === place.stat.size && cached.ino === place.stat.ino) {
    return { ok: true, text: cached.text, mtime: cached.mtime, size: cached.size };
  }
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(place.key, OPEN_FLAGS);
  } catch (error) {
    return problem(uri, errorCode(error) === 'ELOOP' ? 'outside' : 'missing');
  }
  try {
    // What was opened is checked again: the path may have been swapped since it was looked at.
    const opened = await handle.stat();
    if (!opened.isFile()) return problem(uri, 'not-a-file');
    if (opened.size > maxBytes) return problem(uri, 'too-large', maxBytes);
    const bytes = await readAtMost(handle, maxBytes + 1);
    if (bytes.length > maxBytes) return problem(uri, 'too-large', maxBytes);
    const text = decode(bytes);
    cache.set(place.key, { mtime: opened.mtimeMs, size: opened.size, ino: opened.ino, text });
    return { ok: true, text, mtime: opened.mtimeMs, size: opened.size };
  } catch {
    return problem(uri, 'missing');
  } finally {
    await handle.close();
  }
}

async function readThroughApi(uri: vscode.Uri, maxBytes: number): Promise<WorkspaceText> {
  const place = await locate(uri);
  if (!place.ok) return place;
  if (place.directory) return problem(uri, 'not-a-file');
  if (place.stat.size > maxBytes) return problem(uri, 'too-large', maxBytes);
  const key = uri.toString();
  const cached = cache.get(key);
  if (cached && cached.mtime === place.stat.mtime && cached.size === place.stat.size) {
    return { ok: true, text: cached.text, mtime: cached.mtime, size: cached.size };
  }
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch {
    return problem(uri, 'missing');
  }
  if (bytes.length > maxBytes) return problem(uri, 'too-large', maxBytes);
  const text = decode(bytes);
  cache.set(key, { mtime: place.stat.mtime, size: place.stat.size, ino: 0, text });
  return { ok: true, text, mtime: place.stat.mtime, size: place.stat.size };
}

async function readAtMost(handle: fsp.FileHandle, limit: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(limit);
  let filled = 0;
  while (filled < limit) {
    const { bytesRead } = await handle.read(buffer, filled, limit - filled, null);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

/** True when `real` (a resolved path) lies inside the resolved path of one of the workspace folders. */
async function insideAWorkspaceFolder(real: string): Promise<boolean> {
  const roots = await Promise.all(
    (vscode.workspace.workspaceFolders ?? [])
      .filter((folder) => folder.uri.scheme === 'file')
      .map((folder) => fsp.realpath(folder.uri.fsPath).catch(() => undefined)),
  );
  return roots.some((root) => root !== undefined && (real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep)));
}

/** A directory's entries by name, sorted, each with whether it may be a directory (a link may be one). */
async function entriesOf(dir: vscode.Uri): Promise<[string, boolean][]> {
  try {
    const entries: [string, boolean][] =
      dir.scheme === 'file'
        ? (await fsp.readdir(dir.fsPath, { withFileTypes: true })).map((entry) => [entry.name, entry.isDirectory() || entry.isSymbolicLink()])
        : (await vscode.workspace.fs.readDirectory(dir)).map(([name, type]) => [name, (type & (vscode.FileType.Directory | vscode.FileType.SymbolicLink)) !== 0]);
    return entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  } catch {
    return [];
  }
}

async function statThroughApi(uri: vscode.Uri): Promise<vscode.FileStat | undefined> {
  try {
    return await vscode.workspace.fs.stat(uri);
  } catch {
    return undefined;
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return uri.scheme === 'file' ? fsp.stat(uri.fsPath).then(() => true, () => false) : (await statThroughApi(uri)) !== undefined;
}

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

function untrusted(uri: vscode.Uri): Extract<WorkspaceText, { ok: false }> {
  return problem(uri, 'untrusted');
}

function problem(uri: vscode.Uri, kind: WorkspaceFileProblem, maxBytes = 0): Extract<WorkspaceText, { ok: false }> {
  const file = vscode.workspace.asRelativePath(uri);
  const message = ((): string => {
    switch (kind) {
      case 'missing':
        return vscode.l10n.t('{0} does not exist or cannot be read.', file);
      case 'outside':
        return vscode.l10n.t('Inkwell did not read {0}: it links to a file outside the workspace folder.', file);
      case 'not-a-file':
        return vscode.l10n.t('Inkwell did not read {0}: it is not a regular file.', file);
      case 'too-large':
        return vscode.l10n.t('Inkwell did not read {0}: it is larger than {1} KB.', file, Math.round(maxBytes / 1024));
      case 'untrusted':
        return vscode.l10n.t('Inkwell did not read {0}: the folder is not trusted.', file);
    }
  })();
  return { ok: false, problem: kind, message };
}
