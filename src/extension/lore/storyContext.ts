import { readdir } from 'node:fs/promises';
import * as vscode from 'vscode';
import { previousChapters, workTitle, type PreviousChapter } from '../../core/chapters';
import { manuscriptStart } from '../../core/context';
import { dominantLanguage } from '../../core/language';
import { DEFAULT_CASCADE_DEPTH, type LoreRequest } from '../../core/loreSelection';
import type { PromptInput } from '../../core/prompt';
import { folderOfDocument, readWorkspaceText } from '../workspaceFiles';
import type { LoreCatalog } from './catalog';

/** A chapter larger than this is not read for its end. */
const CHAPTER_MAX_BYTES = 8 * 1024 * 1024;
/** Generous characters per token: a cursor further in than this cannot reach the start of its file. */
const MAX_CHARS_PER_TOKEN = 8;
/** Earlier files looked at for one in the same language. */
const CHAPTERS_LOOKED_AT = 4;

let catalog: LoreCatalog | undefined;

/** Set by registerLore: the one catalog the prompt reads lore from. */
export function useLoreCatalog(registered: LoreCatalog | undefined): void {
  catalog = registered;
}

/**
 * What the lorebook and the book's order add to a request from `document` (none for no document):
 * the folder's lore, and the previous chapter when the text before the cursor (`cursor`, an offset)
 * could reach the start of the file within `contextTokens`.
 */
export async function readStoryContext(
  document: vscode.TextDocument | undefined,
  cursor: number,
  contextTokens: number,
): Promise<Pick<PromptInput, 'lore' | 'previousChapter'>> {
  const folder = folderOfDocument(document?.uri);
  if (!folder) return {};
  const inFolder = document !== undefined && vscode.workspace.getWorkspaceFolder(document.uri)?.uri.toString() === folder.uri.toString();
  const documentPath = inFolder ? vscode.workspace.asRelativePath(document.uri, false) : undefined;
  const [lore, previousChapter] = await Promise.all([
    catalog?.lore(folder),
    inFolder && cursor <= contextTokens * MAX_CHARS_PER_TOKEN ? readPreviousChapter(document) : undefined,
  ]);
  const context: Pick<PromptInput, 'lore' | 'previousChapter'> = {};
  if (lore && lore.book.entries.length > 0) context.lore = loreRequest(lore.book, documentPath, document?.uri);
  if (previousChapter) context.previousChapter = previousChapter;
  return context;
}

function loreRequest(book: LoreRequest['book'], documentPath: string | undefined, scope: vscode.Uri | undefined): LoreRequest {
  const depth = vscode.workspace.getConfiguration('inkwell', scope).get<number>('lore.cascadeDepth', DEFAULT_CASCADE_DEPTH);
  return { book, documentPath, cascadeDepth: typeof depth === 'number' ? depth : DEFAULT_CASCADE_DEPTH };
}

/** The file before the document in its folder, in natural order, of the same extension and written language. */
async function readPreviousChapter(document: vscode.TextDocument): Promise<PreviousChapter | undefined> {
  const directory = vscode.Uri.joinPath(document.uri, '..');
  let names: string[];
  try {
    // A folder on disk is asked directly: the API's listing is a round trip to the workbench on every request.
    names =
      directory.scheme === 'file'
        ? (await readdir(directory.fsPath, { withFileTypes: true })).filter((entry) => !entry.isDirectory()).map((entry) => entry.name)
        : (await vscode.workspace.fs.readDirectory(directory)).filter(([, type]) => type & vscode.FileType.File).map(([name]) => name);
  } catch {
    return undefined;
  }
  const name = document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1);
  const head = document.getText(new vscode.Range(0, 0, 400, 0));
  const language = dominantLanguage(head);
  const title = workTitle(head);
  for (const candidate of previousChapters(name, names).slice(0, CHAPTERS_LOOKED_AT)) {
    const uri = vscode.Uri.joinPath(directory, candidate);
    const text = await currentText(uri, CHAPTER_MAX_BYTES);
    if (text === undefined) continue;
    const floor = manuscriptStart(text, candidate.endsWith('.fountain') ? 'fountain' : undefined);
    if (dominantLanguage(text.slice(floor, floor + 20_000)) !== language) continue;
    if (title !== undefined && workTitle(text) !== title) continue;
    return { file: vscode.workspace.asRelativePath(uri, false), text, floor };
  }
  return undefined;
}

/** A file's text as the writer sees it: an open document as it is now (saved or not), else the file on disk. */
export async function currentText(uri: vscode.Uri, maxBytes: number): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open) return open.getText();
  const read = await readWorkspaceText(uri, { maxBytes });
  return read.ok ? read.text : undefined;
}
