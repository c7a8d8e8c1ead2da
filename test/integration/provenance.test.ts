import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProvenanceResult } from '../../src/core/provenanceFigures';
import type { GenerationResult } from '../../src/core/types';
import { TestModelServer } from '../server/testServer';
import { closeAllEditors, extension, useUserSettings, waitFor, workspaceFolder } from './helpers';

const MODEL = 'story-model';

const report = () => vscode.commands.executeCommand<ProvenanceResult>('inkwell.provenanceReport', {});

function cursorAt(editor: vscode.TextEditor, offset: number): void {
  const position = editor.document.positionAt(offset);
  editor.selection = new vscode.Selection(position, position);
}

function offsetAfter(document: vscode.TextDocument, marker: string): number {
  const at = document.getText().indexOf(marker);
  assert.ok(at >= 0, `"${marker}" is in the document`);
  return at + marker.length;
}

suite('Provenance', function () {
  this.timeout(90_000);
  let server: TestModelServer;
  let restoreSettings: () => Promise<void>;

  suiteSetup(async () => {
    await extension().activate();
    server = await TestModelServer.start({ models: [MODEL] });
    restoreSettings = await useUserSettings({ provider: 'openai-compatible', baseUrl: server.url, model: MODEL });
  });

  suiteTeardown(async () => {
    await restoreSettings();
    await closeAllEditors();
    await server.close();
  });

  test('three continuations, a partly accepted rewrite, an idea and the writer’s edits: exact counts, kept through undo, save, close and reopen', async () => {
    const folder = workspaceFolder().uri.fsPath;
    const file = path.join(folder, 'provenance-keeper.md');
    fs.writeFileSync(file, '# The keeper\n\nThe keeper climbed the stairs.\n\nShe lit the lamp.\n\nThe sea was grey and the wind was cold.');
    const uri = vscode.Uri.file(file);
    let document = await vscode.workspace.openTextDocument(uri);
    let editor = await vscode.window.showTextDocument(document, { preview: false });

    const continueAt = async (offset: number, answer: string) => {
      cursorAt(editor, offset);
      server.reply({ text: answer });
      const result = await vscode.commands.executeCommand<GenerationResult>('inkwell.continueDraft', {});
      assert.equal(result.outcome, 'done');
      await vscode.commands.executeCommand('inkwell.acceptSuggestion');
      return result.text;
    };
    const first = await continueAt(offsetAfter(document, 'climbed the stairs.'), 'Outside, the gulls cried.');
    const second = await continueAt(offsetAfter(document, 'She lit the lamp.'), 'It flickered once.');
    const third = await continueAt(document.getText().length, 'Nobody came.');
    assert.deepEqual([first, second, third], [' Outside, the gulls cried.', ' It flickered once.', ' Nobody came.'], 'each with the space Inkwell added at the seam');

    // A rewrite with two changes: the first accepted, the second rejected.
    const passage = 'The sea was grey and the wind was cold.';
    const at = document.getText().indexOf(passage);
    editor.selection = new vscode.Selection(document.positionAt(at), document.positionAt(at + passage.length));
    server.reply({ text: 'The sea was silver and the wind was bitter.' });
    const rewritten = await vscode.commands.executeCommand<GenerationResult>('inkwell.rewriteSelection', { variant: 'vivid' });
    assert.equal(rewritten.outcome, 'done');
    await vscode.commands.executeCommand('inkwell.acceptChange', { index: 0 });
    await vscode.commands.executeCommand('inkwell.rejectChange', { index: 1 });
    await waitFor('the accepted change in the document', () => document.getText().includes('The sea was silver and the wind was cold.'));

    // An idea from a brainstorm round, inserted at the end of the heading.
    server.reply({ text: '1. Agnes Pell\n2. Tobias Crane' });
    const round = await vscode.commands.executeCommand<{ ideas: string[] }>('inkwell.brainstorm', { topic: 'a name for the keeper', category: 'names' });
    assert.deepEqual(round.ideas, ['Agnes Pell', 'Tobias Crane']);
    await vscode.window.showTextDocument(document, { preview: false });
    editor = vscode.window.activeTextEditor!;
    cursorAt(editor, offsetAfter(document, '# The keeper'));
    assert.deepEqual(await vscode.commands.executeCommand('inkwell.insertIdea', { text: 'Agnes Pell' }), { ok: true });
    assert.ok(document.getText().startsWith('# The keeper Agnes Pell\n'));

    const aiBeforeEdits = first.length + second.length + third.length + 'silver'.length + ' Agnes Pell'.length;
    let result = await report();
    let entry = result.files.find((each) => each.path === 'provenance-keeper.md');
    assert.deepEqual(entry, { path: 'provenance-keeper.md', totalChars: document.getText().length, aiChars: aiBeforeEdits, suggestions: 5 });
    assert.deepEqual(result.models, [MODEL]);

    // The writer types inside the first continuation (their word is theirs), deletes a word of the
    // second (gone), and deletes the third whole, then undoes that deletion (it comes back as the model's).
    await editor.edit((edit) => edit.insert(document.positionAt(offsetAfter(document, 'Outside,')), ' far below,'));
    const once = document.getText().indexOf(' once');
    await editor.edit((edit) => edit.delete(new vscode.Range(document.positionAt(once), document.positionAt(once + ' once'.length))));
    const nobody = document.getText().indexOf(' Nobody came.');
    await editor.edit((edit) => edit.delete(new vscode.Range(document.positionAt(nobody), document.positionAt(nobody + ' Nobody came.'.length))));
    result = await report();
    entry = result.files.find((each) => each.path === 'provenance-keeper.md');
    assert.deepEqual(entry, {
      path: 'provenance-keeper.md',
      totalChars: document.getText().length,
      aiChars: aiBeforeEdits - ' once'.length - third.length,
      suggestions: 4,
    });
    await vscode.commands.executeCommand('undo');
    await waitFor('the undone deletion', () => document.getText().endsWith(' Nobody came.'));
    const expected = { path: 'provenance-keeper.md', totalChars: document.getText().length, aiChars: aiBeforeEdits - ' once'.length, suggestions: 5 };
    result = await report();
    assert.deepEqual(result.files.find((each) => each.path === 'provenance-keeper.md'), expected, 'undo gives the model’s text back to the model');
    const totals = result.files.reduce((sum, each) => ({ totalChars: sum.totalChars + each.totalChars, aiChars: sum.aiChars + each.aiChars }), { totalChars: 0, aiChars: 0 });
    assert.deepEqual({ totalChars: result.totalChars, aiChars: result.aiChars }, totals);

    // Saved, the record is in the folder; saved again unchanged, it is not rewritten.
    await document.save();
    const recordFile = path.join(folder, '.inkwell', 'provenance', 'provenance-keeper.md.json');
    await waitFor('the record file', () => fs.existsSync(recordFile));
    const recorded = fs.readFileSync(recordFile, 'utf8');
    assert.ok(recorded.includes('"action": "rewrite"') && recorded.includes('"action": "brainstorm"'));
    assert.ok(!recorded.includes('a name for the keeper'), 'no request text: only the inserted words');
    const mtime = fs.statSync(recordFile).mtimeMs;
    await editor.edit((edit) => edit.insert(document.positionAt(0), ''));
    await document.save();

    // Closed and opened again: the same figures.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    result = await report();
    assert.deepEqual(result.files.find((each) => each.path === 'provenance-keeper.md'), expected, 'closed');
    document = await vscode.workspace.openTextDocument(uri);
    editor = await vscode.window.showTextDocument(document, { preview: false });
    result = await report();
    assert.deepEqual(result.files.find((each) => each.path === 'provenance-keeper.md'), expected, 'reopened');
    assert.equal(fs.statSync(recordFile).mtimeMs, mtime, 'no churn: an unchanged record is not written again');

    // The folder as another machine gets it (a clone): a file VS Code has never seen, with its
    // record beside it, is counted from the record on disk, unopened and then opened.
    fs.copyFileSync(file, path.join(folder, 'provenance-clone.md'));
    fs.copyFileSync(recordFile, path.join(folder, '.inkwell', 'provenance', 'provenance-clone.md.json'));
    const cloned = { ...expected, path: 'provenance-clone.md' };
    result = await report();
    assert.deepEqual(result.files.find((each) => each.path === 'provenance-clone.md'), cloned, 'read from the disk');
    const clone = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(folder, 'provenance-clone.md')));
    await vscode.window.showTextDocument(clone, { preview: false });
    result = await report();
    assert.deepEqual(result.files.find((each) => each.path === 'provenance-clone.md'), cloned, 'loaded into the editor');
  });

  test('a file changed outside VS Code is re-anchored by text; what cannot be found is not counted', async () => {
    const folder = workspaceFolder().uri.fsPath;
    const file = path.join(folder, 'provenance-outside.md');
    fs.writeFileSync(file, 'Dawn came.\r\n\r\n雨停了。');
    const uri = vscode.Uri.file(file);
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    cursorAt(editor, document.getText().length);
    server.reply({ text: '风很冷。😀' });
    const continued = await vscode.commands.executeCommand<GenerationResult>('inkwell.continueDraft', {});
    await vscode.commands.executeCommand('inkwell.acceptSuggestion');
    cursorAt(editor, offsetAfter(document, 'Dawn came.'));
    server.reply({ text: 'The gulls left.' });
    const english = await vscode.commands.executeCommand<GenerationResult>('inkwell.continueDraft', {});
    await vscode.commands.executeCommand('inkwell.acceptSuggestion');
    await document.save();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    // Another editor adds a prologue and rewrites the English continuation.
    const saved = fs.readFileSync(file, 'utf8');
    const changed = 'Prologue.\r\n\r\n' + saved.replace(english.text, ' The gulls had gone.');
    fs.writeFileSync(file, changed);
    // A document VS Code still holds is reloaded from the disk; one it let go of is read from it.
    const loaded = vscode.workspace.textDocuments.find((each) => each.uri.toString() === uri.toString());
    if (loaded) await waitFor('VS Code to reload the file', () => loaded.getText() === changed);
    const result = await report();
    const entry = result.files.find((each) => each.path === 'provenance-outside.md');
    assert.deepEqual(entry, {
      path: 'provenance-outside.md',
      totalChars: fs.readFileSync(file, 'utf8').length,
      aiChars: continued.text.length,
      suggestions: 1,
    });
  });

  test('the marks are off by default, and toggling them is remembered', async () => {
    assert.equal(await vscode.commands.executeCommand('inkwell.toggleProvenance'), true);
    assert.equal(await vscode.commands.executeCommand('inkwell.toggleProvenance'), false);
  });
});
