import * as vscode from 'vscode';
import { NOTES_MAX_BYTES, folderOfDocument, readWorkspaceText } from '../workspaceFiles';

const STORY_NOTES_FILE = '.inkwell/story.md';

/**
 * The text of `.inkwell/story.md` in the document's workspace folder (an untitled or outside
 * document: the first folder), read fresh through `workspaceFiles`; undefined when there is none
 * or it may not be read (the reason is said once by `workspaceFiles`).
 */
export async function readStoryNotes(scope?: vscode.Uri): Promise<string | undefined> {
  const folder = folderOfDocument(scope);
  if (!folder) return undefined;
  const notes = await readWorkspaceText(vscode.Uri.joinPath(folder.uri, STORY_NOTES_FILE), { maxBytes: NOTES_MAX_BYTES });
  return (notes.ok && notes.text.trim()) || undefined;
}
