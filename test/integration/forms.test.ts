import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, sleep, workspaceFolder } from './helpers';

const SCRIPT = [
  'Title: Gannet Rock',
  'Author: The Inkwell tests',
  '',
  '# Act One',
  '',
  'INT. LIGHTHOUSE - LENS ROOM - NIGHT',
  '',
  'Wind hammers the glass.',
  '',
  'MARA',
  '(under her breath)',
  "You're not there.",
  '',
  'EXT. GALLERY - CONTINUOUS',
  '',
  'TOM',
  'Mara! Come inside.',
  '',
].join('\n');

let files = 0;

async function openScript(extension: string, content: string): Promise<vscode.TextDocument> {
  const file = path.join(workspaceFolder().uri.fsPath, `forms-${++files}${extension}`);
  fs.writeFileSync(file, content);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

async function outlineOf(document: vscode.TextDocument): Promise<vscode.DocumentSymbol[]> {
  const until = Date.now() + 30_000;
  for (;;) {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', document.uri);
    if ((symbols?.length ?? 0) > 0 || Date.now() > until) return symbols ?? [];
    await sleep(100);
  }
}

suite('Forms: Fountain', function () {
  this.timeout(60_000);
  teardown(closeAllEditors);

  test('a .fountain file is a fountain document whose outline lists its sections and scenes', async () => {
    const document = await openScript('.fountain', SCRIPT);
    assert.equal(document.languageId, 'fountain');
    // Opening the script activates Inkwell, which then gives its outline.
    const symbols = await outlineOf(document);
    assert.deepEqual(
      symbols.map((symbol) => [symbol.name, symbol.kind, symbol.children.map((child) => [child.name, child.detail])]),
      [['Act One', vscode.SymbolKind.Namespace, [['INT. LIGHTHOUSE - LENS ROOM - NIGHT', 'MARA'], ['EXT. GALLERY - CONTINUOUS', 'TOM']]]],
    );
    const scene = symbols[0].children[0];
    assert.equal(scene.selectionRange.start.line, 5, 'the scene is selected at its heading');
    assert.equal(scene.range.end.line, 11, 'the scene runs to its last element');
  });

  test('a .spmd file is a fountain document too', async () => {
    const document = await openScript('.spmd', SCRIPT);
    assert.equal(document.languageId, 'fountain');
  });
});
