// Where a file's provenance record lives: `.inkwell/provenance/<path in the folder>.json`, so it
// travels with the folder. Writes are atomic (a temporary file beside it, then a rename), and a
// record that has not changed is not written again.
import * as vscode from 'vscode';
import { parseRecord, serializeRecord, writeAtomically, type ProvenanceRecord, type RecordFiles } from '../../core/provenance';
import { readWorkspaceText } from '../workspaceFiles';

export const RECORD_DIR = '.inkwell/provenance';
const RECORD_MAX_BYTES = 16 * 1024 * 1024;

/** A document's place in its workspace folder, for its record; undefined for untitled and outside files. */
export function placeOf(uri: vscode.Uri): { folder: vscode.WorkspaceFolder; path: string } | undefined {
  if (uri.scheme === 'untitled') return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return undefined;
  const path = uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1);
  if (!path || path.startsWith(RECORD_DIR + '/')) return undefined;
  return { folder, path };
}

export function recordUri(folder: vscode.WorkspaceFolder, path: string): vscode.Uri {
  return vscode.Uri.joinPath(folder.uri, RECORD_DIR, `${path}.json`);
}

export type LoadedRecord = { found: false } | { found: true; record: ProvenanceRecord } | { found: true; problem: string };

export class RecordStore {
  /** What each record file holds as far as we last read or wrote it: an unchanged record is not written. */
  private readonly written = new Map<string, string>();

  async load(uri: vscode.Uri): Promise<LoadedRecord> {
    const place = placeOf(uri);
    if (!place) return { found: false };
    const file = recordUri(place.folder, place.path);
    const read = await readWorkspaceText(file, { maxBytes: RECORD_MAX_BYTES });
    if (!read.ok) return read.problem === 'missing' ? { found: false } : { found: true, problem: read.message };
    this.written.set(file.toString(), read.text);
    const parsed = parseRecord(read.text);
    return parsed.ok ? { found: true, record: parsed.record } : { found: true, problem: parsed.problem };
  }

  /** Writes the record of a saved document (nothing when it has none and never had). */
  async save(uri: vscode.Uri, record: ProvenanceRecord): Promise<void> {
    const place = placeOf(uri);
    if (!place) return;
    const file = recordUri(place.folder, place.path);
    const key = file.toString();
    if (record.suggestions.length === 0 && !this.written.has(key)) return;
    const text = serializeRecord(place.path, record);
    if (this.written.get(key) === text) return;
    await writeRecord(file, text);
    this.written.set(key, text);
  }

  /** A file (or folder) was renamed or moved in VS Code: its record (or records) move with it. */
  async move(from: vscode.Uri, to: vscode.Uri): Promise<void> {
    const source = placeOf(from);
    const target = placeOf(to);
    if (!source || !target) return;
    for (const suffix of ['.json', '']) {
      const old = vscode.Uri.joinPath(source.folder.uri, RECORD_DIR, source.path + suffix);
      try {
        await vscode.workspace.fs.stat(old);
      } catch {
        continue;
      }
      const moved = vscode.Uri.joinPath(target.folder.uri, RECORD_DIR, target.path + suffix);
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(moved, '..'));
      await vscode.workspace.fs.rename(old, moved, { overwrite: true });
      this.written.clear();
    }
  }
}

const recordFiles: RecordFiles = {
  writeFile: async (path, text) => vscode.workspace.fs.writeFile(vscode.Uri.parse(path), new TextEncoder().encode(text)),
  rename: async (from, to) => vscode.workspace.fs.rename(vscode.Uri.parse(from), vscode.Uri.parse(to), { overwrite: true }),
  delete: async (path) => vscode.workspace.fs.delete(vscode.Uri.parse(path)),
};

async function writeRecord(file: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(file, '..'));
  await writeAtomically(recordFiles, file.toString(), text, `${process.pid}-${Date.now().toString(36)}`);
}
