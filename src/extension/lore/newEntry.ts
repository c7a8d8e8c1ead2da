import { mkdir, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { LORE_FOLDER, LORE_TYPES, type LoreType } from '../../core/lore';
import { scriptedArgs } from '../commandArgs';
import { folderOfDocument } from '../workspaceFiles';

const MAX_NAME_LENGTH = 80;
/** Characters no file system takes in a name, and controls. */
const UNSAFE = /[\\/:*?"<>|\p{Cc}]/gu;

/**
 * `inkwell.newLoreEntry { name?, type? }`: creates `.inkwell/lore/<name>.md` with front matter
 * (the name from the selection when none is given) and opens it. It never overwrites a file: when
 * the name is taken, `<name> 2.md`, `<name> 3.md`… Resolves with the new file's URI (undefined when
 * the writer cancels or there is no folder).
 */
export async function newLoreEntry(arg: unknown): Promise<vscode.Uri | undefined> {
  const args = scriptedArgs(arg);
  const editor = vscode.window.activeTextEditor;
  const folder = folderOfDocument(editor?.document.uri);
  if (!folder) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Open a folder first: lore entries are kept in its .inkwell/lore folder.'));
    return undefined;
  }
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection).replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_LENGTH) : '';
  let name = typeof args?.name === 'string' ? args.name.trim() : selected;
  if (!args && !name) {
    name = (await vscode.window.showInputBox({ title: vscode.l10n.t('New lore entry'), prompt: vscode.l10n.t('The name of the character, place or thing'), value: selected }))?.trim() ?? '';
  }
  if (!name) {
    if (args) void vscode.window.showErrorMessage(vscode.l10n.t('A lore entry needs a name: give one, or select it in the text.'));
    return undefined;
  }
  let type: LoreType = 'other';
  if (typeof args?.type === 'string') {
    if (!(LORE_TYPES as readonly string[]).includes(args.type)) {
      void vscode.window.showErrorMessage(vscode.l10n.t('There is no lore type "{0}": use character, place, object, lore or other.', args.type));
      return undefined;
    }
    type = args.type as LoreType;
  } else if (!args) {
    const picked = await vscode.window.showQuickPick(
      LORE_TYPES.map((id) => ({ id, label: typeLabel(id) })),
      { title: vscode.l10n.t('What is {0}?', name) },
    );
    if (!picked) return undefined;
    type = picked.id;
  }

  const base = name.replace(UNSAFE, ' ').replace(/\s+/g, ' ').replace(/^[.\s]+|[.\s]+$/g, '') || 'entry';
  const directory = vscode.Uri.joinPath(folder.uri, LORE_FOLDER);
  const contents = `---\nname: ${JSON.stringify(name)}\ntype: ${type}\naliases: []\n---\n\n`;
  const uri = await createNew(directory, base, contents);
  const document = await vscode.workspace.openTextDocument(uri);
  const shown = await vscode.window.showTextDocument(document);
  const end = document.lineAt(document.lineCount - 1).range.end;
  shown.selection = new vscode.Selection(end, end);
  return uri;
}

/** Writes `<base>.md` (else `<base> 2.md`…) in `directory`, never replacing a file that is there. */
async function createNew(directory: vscode.Uri, base: string, contents: string): Promise<vscode.Uri> {
  const bytes = new TextEncoder().encode(contents);
  if (directory.scheme === 'file') await mkdir(directory.fsPath, { recursive: true });
  else await vscode.workspace.fs.createDirectory(directory);
  for (let attempt = 1; ; attempt++) {
    const uri = vscode.Uri.joinPath(directory, `${attempt === 1 ? base : `${base} ${attempt}`}.md`);
    if (directory.scheme === 'file') {
      try {
        // `wx`: created here or not at all, even if another process makes the file meanwhile.
        await writeFile(uri.fsPath, bytes, { flag: 'wx' });
        return uri;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw error;
      }
    }
    const taken = await vscode.workspace.fs.stat(uri).then(
      () => true,
      () => false,
    );
    if (taken) continue;
    await vscode.workspace.fs.writeFile(uri, bytes);
    return uri;
  }
}

export function typeLabel(type: LoreType): string {
  switch (type) {
    case 'character':
      return vscode.l10n.t('Character');
    case 'place':
      return vscode.l10n.t('Place');
    case 'object':
      return vscode.l10n.t('Object');
    case 'lore':
      return vscode.l10n.t('Lore');
    case 'other':
      return vscode.l10n.t('Other');
  }
}
