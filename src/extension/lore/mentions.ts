import * as vscode from 'vscode';
import { entryText, LORE_FOLDER, type LoreEntry } from '../../core/lore';
import type { LoreHit } from '../../core/loreMatcher';
import { folderOfDocument } from '../workspaceFiles';
import type { FolderLore, LoreCatalog } from './catalog';
import { currentText } from './storyContext';

/** Manuscript files searched for references. */
const MANUSCRIPTS = '**/*.{md,markdown,txt,fountain,spmd,tex}';
const NOT_MANUSCRIPTS = `{**/node_modules/**,**/${LORE_FOLDER}/**,**/.inkwell/**,**/.git/**}`;
const MANUSCRIPT_MAX_BYTES = 8 * 1024 * 1024;
const MAX_MANUSCRIPTS = 2000;

/** Only the line around the position is scanned: a name never spans more than a few lines. */
const LINES_AROUND = 2;

/**
 * Go to Definition, hover and Find All References on the names and aliases of lore entries, in any
 * document of a folder that has a lorebook.
 */
export function registerMentions(catalog: LoreCatalog): vscode.Disposable[] {
  const selector: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }];
  return [
    vscode.languages.registerDefinitionProvider(selector, {
      async provideDefinition(document, position) {
        const found = await mentionAt(catalog, document, position);
        return found?.entries.map((entry) => new vscode.Location(vscode.Uri.joinPath(found.lore.folder.uri, entry.file), new vscode.Position(0, 0)));
      },
    }),
    vscode.languages.registerHoverProvider(selector, {
      async provideHover(document, position) {
        const found = await mentionAt(catalog, document, position);
        if (!found) return undefined;
        const documentPath = vscode.workspace.getWorkspaceFolder(document.uri) ? vscode.workspace.asRelativePath(document.uri, false) : undefined;
        const markdown = new vscode.MarkdownString();
        found.entries.forEach((entry, index) => {
          if (index > 0) markdown.appendMarkdown('\n\n---\n\n');
          markdown.appendMarkdown(`**${escapeMarkdown(entry.name)}**`);
          if (entry.type !== 'other') markdown.appendMarkdown(` · ${escapeMarkdown(entry.type)}`);
          markdown.appendMarkdown('\n\n');
          // The entry's text as the book has revealed it at this document, as plain text.
          markdown.appendText(entryText(entry, documentPath) || vscode.l10n.t('(no text for this chapter yet)'));
        });
        return new vscode.Hover(markdown, found.range);
      },
    }),
    vscode.languages.registerReferenceProvider(selector, {
      async provideReferences(document, position, _context, token) {
        const found = await mentionAt(catalog, document, position);
        if (!found) return undefined;
        return references(found.lore, new Set(found.entries.map((entry) => found.lore.book.entries.indexOf(entry))), token);
      },
    }),
  ];
}

interface Mention {
  lore: FolderLore;
  entries: LoreEntry[];
  range: vscode.Range;
}

/** The entries named at `position`, and the range of the name. */
async function mentionAt(catalog: LoreCatalog, document: vscode.TextDocument, position: vscode.Position): Promise<Mention | undefined> {
  const folder = folderOfDocument(document.uri);
  if (!folder) return undefined;
  const lore = await catalog.lore(folder);
  if (lore.book.entries.length === 0) return undefined;
  const first = Math.max(0, position.line - LINES_AROUND);
  const last = Math.min(document.lineCount - 1, position.line + LINES_AROUND);
  const start = document.offsetAt(new vscode.Position(first, 0));
  const text = document.getText(new vscode.Range(first, 0, last, document.lineAt(last).text.length));
  const at = document.offsetAt(position) - start;
  const hits = lore.book.matcher.scan(text).filter((hit) => hit.start <= at && at <= hit.end);
  if (hits.length === 0) return undefined;
  const own = vscode.workspace.asRelativePath(document.uri, false);
  const entries = [...new Set(hits.map((hit) => lore.book.entries[hit.entry]))].filter((entry) => entry.file !== own);
  if (entries.length === 0) return undefined;
  const widest = hits.reduce((best, hit) => (hit.end - hit.start > best.end - best.start ? hit : best));
  return { lore, entries, range: new vscode.Range(document.positionAt(start + widest.start), document.positionAt(start + widest.end)) };
}

/** Every mention of the entries in the folder's manuscript files (open documents as they are now). */
async function references(lore: FolderLore, wanted: Set<number>, token: vscode.CancellationToken): Promise<vscode.Location[]> {
  const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(lore.folder, MANUSCRIPTS), new vscode.RelativePattern(lore.folder, NOT_MANUSCRIPTS), MAX_MANUSCRIPTS, token);
  const locations: vscode.Location[] = [];
  for (const uri of uris.sort((a, b) => a.path.localeCompare(b.path))) {
    if (token.isCancellationRequested) break;
    const text = await currentText(uri, MANUSCRIPT_MAX_BYTES);
    if (text === undefined) continue;
    const hits = lore.book.matcher.scan(text).filter((hit) => wanted.has(hit.entry));
    if (hits.length === 0) continue;
    const lines = lineStarts(text);
    for (const hit of dedupe(hits)) locations.push(new vscode.Location(uri, new vscode.Range(positionIn(lines, hit.start), positionIn(lines, hit.end))));
  }
  return locations;
}

/** Overlapping mentions (a name and its plural, two entries' names) count once, the longest. */
function dedupe(hits: LoreHit[]): LoreHit[] {
  const sorted = [...hits].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: LoreHit[] = [];
  for (const hit of sorted) if (kept.length === 0 || hit.start >= kept[kept.length - 1].end) kept.push(hit);
  return kept;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

function positionIn(lines: number[], offset: number): vscode.Position {
  let low = 0;
  let high = lines.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lines[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return new vscode.Position(low, offset - lines[low]);
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
