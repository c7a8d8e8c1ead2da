import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseFountain } from '../../src/core/fountain';
import type { GenerationResult } from '../../src/core/types';
import { TestModelServer } from '../server/testServer';
import { closeAllEditors, extension, sleep, useUserSettings, workspaceFolder } from './helpers';

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

async function openScript(suffix: string, content: string): Promise<vscode.TextDocument> {
  const file = path.join(workspaceFolder().uri.fsPath, `forms-${++files}${suffix}`);
  fs.writeFileSync(file, content);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

function placeCursor(editor: vscode.TextEditor, offset: number): void {
  const position = editor.document.positionAt(offset);
  editor.selection = new vscode.Selection(position, position);
}

/** The system and user messages of the last chat request, as one text. */
function lastPrompt(server: TestModelServer): string {
  const chats = server.requests.filter((request) => request.path.endsWith('/chat/completions'));
  assert.ok(chats.length > 0, 'a chat request reached the server');
  return JSON.stringify(chats[chats.length - 1].body.messages);
}

/** The suite's model: the scripted test server, which Inkwell is pointed at for the suite. */
function useScriptedModel(): () => TestModelServer {
  let server: TestModelServer;
  let restoreSettings: () => Promise<void>;
  suiteSetup(async () => {
    await extension().activate();
    server = await TestModelServer.start({ models: ['forms-model'] });
    restoreSettings = await useUserSettings({ provider: 'openai-compatible', baseUrl: server.url, model: 'forms-model' });
  });
  suiteTeardown(async () => {
    await restoreSettings();
    await closeAllEditors();
    await server.close();
  });
  teardown(async () => {
    await closeAllEditors();
    server.assertAllValid();
  });
  return () => server;
}

const hasMarkdown = (text: string) => /\*\*|^#|```|^[A-Z][A-Z ]*:\s/m.test(text);

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

suite('Forms: continuing and rewriting a Fountain script', function () {
  this.timeout(60_000);
  const model = useScriptedModel();

  test('Continue Draft after a character cue puts the dialogue on the next line and tells the model who speaks', async () => {
    const script = `${SCRIPT}\nMARA`;
    const document = await openScript('.fountain', script);
    const editor = vscode.window.activeTextEditor!;
    placeCursor(editor, script.length);
    model().reply({ text: ' Get back inside, Tom.' });
    const result = await vscode.commands.executeCommand<GenerationResult>('inkwell.continueDraft', {});
    assert.equal(result.outcome, 'done');
    assert.equal(document.getText(), `${script}\nGet back inside, Tom.`);
    const prompt = lastPrompt(model());
    assert.match(prompt, /MARA's character cue/, 'the model is told the script stops at a cue');
    assert.match(prompt, /characters, as their cues spell them: (?:MARA, TOM|TOM, MARA)/, 'the model is given the characters');
    const elements = parseFountain(document.getText()).elements;
    assert.deepEqual(elements.slice(-2).map((element) => [element.type, element.text]), [
      ['character', 'MARA'],
      ['dialogue', 'Get back inside, Tom.'],
    ]);
  });

  test('a model answering in a Markdown screenplay lands as clean Fountain', async () => {
    const document = await openScript('.fountain', SCRIPT);
    const editor = vscode.window.activeTextEditor!;
    placeCursor(editor, SCRIPT.length);
    const answer = [
      '```',
      '## Scene 3',
      '',
      '**INT. LIGHTHOUSE - STAIRS - NIGHT**',
      '',
      'Mara takes the stairs two at a time.',
      '',
      '**MARRA**',
      'Tom, the lamp!',
      '',
      'TOM(O.S.): I see it.',
      '```',
    ].join('\n');
    model().reply({ text: answer });
    const result = await vscode.commands.executeCommand<GenerationResult>('inkwell.continueDraft', {});
    assert.equal(result.outcome, 'done');
    assert.equal(
      result.text,
      '\nINT. LIGHTHOUSE - STAIRS - NIGHT\n\nMara takes the stairs two at a time.\n\nMARA\nTom, the lamp!\n\nTOM (O.S.)\nI see it.',
    );
    assert.equal(document.getText(), SCRIPT + result.text);
    assert.ok(!hasMarkdown(result.text), `no Markdown left: ${result.text}`);
    const added = parseFountain(document.getText()).elements.slice(parseFountain(SCRIPT).elements.length);
    assert.deepEqual(added.map((element) => element.type), ['scene-heading', 'action', 'character', 'dialogue', 'character', 'dialogue']);
    await vscode.commands.executeCommand('inkwell.rejectSuggestion');
    assert.equal(document.getText(), SCRIPT, 'rejected, the script is as it was');
  });

  test('Rewrite Selection of one speech keeps it that character\'s dialogue', async () => {
    const document = await openScript('.fountain', SCRIPT);
    const editor = vscode.window.activeTextEditor!;
    const passage = 'Mara! Come inside.';
    const start = SCRIPT.indexOf(passage);
    editor.selection = new vscode.Selection(document.positionAt(start), document.positionAt(start + passage.length));
    model().reply({ text: '**TOM**\n\nMara! Get in here, now.' });
    const result = await vscode.commands.executeCommand<GenerationResult>('inkwell.rewriteSelection', { variant: 'intensify' });
    assert.equal(result.outcome, 'done');
    assert.equal(result.text, 'Mara! Get in here, now.', 'the repeated cue and the blank line are gone');
    assert.match(lastPrompt(model()), /in order: TOM's dialogue/, 'the model is told what the passage is');
    await vscode.commands.executeCommand('inkwell.acceptSuggestion');
    const elements = parseFountain(document.getText()).elements;
    assert.deepEqual(elements.slice(-2).map((element) => [element.type, element.text]), [
      ['character', 'TOM'],
      ['dialogue', 'Mara! Get in here, now.'],
    ]);
  });
});

suite('Forms: continuing a poem', function () {
  this.timeout(60_000);
  const model = useScriptedModel();
  const POEM = [
    'The lamp goes round above the sea,',
    'a slow white hand on the water laid;',
    'the gannets wheel and cry at me,',
    'and every wave is a door I made.',
    '',
    'I climb the stair at the turn of dark,',
    'I wipe the glass and trim the wick,',
  ].join('\n');

  test('at the end of a line a continuation starts on a new line and is whole lines, the rest of the stanza', async () => {
    const document = await openScript('.md', `${POEM}\n`);
    const editor = vscode.window.activeTextEditor!;
    placeCursor(editor, POEM.length);
    // The model runs on past the stanza and into prose: only the stanza's two missing lines land.
    model().reply({ text: ' and the light leans out like a thrown spark\nto find the boats that the night made thick.\n\nAnd then, as morning came, she went downstairs and made tea.' });
    const result = await vscode.commands.executeCommand<GenerationResult>('inkwell.continueDraft', { style: 'match' });
    assert.equal(result.outcome, 'done');
    assert.equal(result.text, '\nand the light leans out like a thrown spark\nto find the boats that the night made thick.');
    assert.equal(document.getText(), `${POEM}${result.text}\n`);
    const prompt = lastPrompt(model());
    assert.match(prompt, /a poem/, 'the model is told it is verse');
    assert.match(prompt, /stanzas of 4 lines/, 'and the form it has');
  });
});
