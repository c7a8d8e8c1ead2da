import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ChatMessage, GenerationResult } from '../../src/core/types';
import { TestModelServer } from '../server/testServer';
import { closeAllEditors, extension, sleep, useUserSettings, workspaceFolder } from './helpers';

const MODEL = 'story-model';
const STORY_NOTES = 'Genre: literary ghost story. Point of view: close third on Mara. Tense: past.\n\nMara keeps the lighthouse alone since her brother drowned.';
let server: TestModelServer;
let copies = 0;

interface ShownPrompt {
  uri: string;
  messages: ChatMessage[];
  parts: Array<{ kind: string; text: string; tokens: number }>;
}

async function openCopy(fixture: string) {
  const folder = workspaceFolder().uri.fsPath;
  const { name, ext } = path.parse(fixture);
  const file = path.join(folder, `${name}-prompt-${++copies}${ext}`);
  fs.writeFileSync(file, fs.readFileSync(path.join(folder, fixture)));
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  return { document, editor };
}

function select(editor: vscode.TextEditor, start: number, end = start): void {
  editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(end));
}

function showPrompt(args: Record<string, unknown>): Thenable<ShownPrompt | undefined> {
  return vscode.commands.executeCommand<ShownPrompt | undefined>('inkwell.showPrompt', args);
}

const normalise = (text: string) => text.replace(/\r\n/g, '\n');

suite('Show prompt and styles', function () {
  this.timeout(60_000);
  const inkwellFolder = () => path.join(workspaceFolder().uri.fsPath, '.inkwell');

  let restoreSettings: () => Promise<void>;

  suiteSetup(async () => {
    await extension().activate();
    server = await TestModelServer.start({ models: [MODEL] });
    restoreSettings = await useUserSettings({ provider: 'openai-compatible', baseUrl: server.url, model: MODEL });
    fs.mkdirSync(inkwellFolder(), { recursive: true });
    fs.writeFileSync(path.join(inkwellFolder(), 'story.md'), STORY_NOTES);
  });

  suiteTeardown(async () => {
    await restoreSettings();
    await vscode.workspace.getConfiguration('inkwell').update('style', undefined, vscode.ConfigurationTarget.Workspace);
    fs.rmSync(inkwellFolder(), { recursive: true, force: true });
    await closeAllEditors();
    await server.close();
  });

  teardown(async () => {
    await closeAllEditors();
    server.assertAllValid();
  });

  test('inkwell.showPrompt opens, read-only, exactly the messages Continue Draft then sends, with tokens per part', async () => {
    const { document, editor } = await openCopy('continue-english.md');
    const text = document.getText();
    const cursor = text.indexOf('fail tonight.') + 'fail tonight.'.length;
    select(editor, cursor);

    const shown = await showPrompt({ action: 'continue' });
    assert.ok(shown, 'the command resolves with what it showed');
    const promptEditor = vscode.window.activeTextEditor!;
    assert.equal(promptEditor.document.uri.toString(), shown.uri);
    assert.equal(promptEditor.document.uri.scheme, 'inkwell-prompt');
    assert.ok(!vscode.workspace.fs.isWritableFileSystem('inkwell-prompt'), 'the prompt document cannot be edited or saved');
    const shownText = promptEditor.document.getText();
    for (const message of shown.messages) assert.ok(shownText.includes(normalise(message.content)), `the ${message.role} message is shown whole`);
    for (const label of ['Instructions', 'Style', 'Story notes', 'Context before', 'Context after']) {
      assert.match(shownText, new RegExp(`\\| ${label} \\| \\d+ \\|`), `${label} has a token estimate`);
    }
    const part = (kind: string) => shown.parts.find((item) => item.kind === kind)!;
    assert.ok(part('notes').text.includes('close third on Mara'), 'the story notes come from .inkwell/story.md');
    assert.ok(part('before').text.endsWith('fail tonight.'), 'the context stops at the cursor');
    assert.ok(part('after').text.includes('She climbed the stairs'), 'what follows the cursor is shown to the model');
    assert.ok(part('before').tokens > 0 && part('instructions').tokens > 0);

    // The same state, the real command: the server receives exactly what was shown.
    await vscode.window.showTextDocument(document, { preview: false });
    select(vscode.window.activeTextEditor!, cursor);
    server.reply({ chunks: [{ text: 'The glass sang in its frame.' }] });
    const result = await vscode.commands.executeCommand<GenerationResult>('inkwell.continueDraft', {});
    assert.equal(result.outcome, 'done');
    const chats = server.requests.filter((request) => request.path.endsWith('/chat/completions'));
    assert.deepEqual(chats[chats.length - 1].body.messages, shown.messages);
    await vscode.commands.executeCommand('inkwell.rejectSuggestion');
    assert.equal(document.getText(), text);
  });

  const lastChat = () => server.requests.filter((request) => request.path.endsWith('/chat/completions')).at(-1)!;

  test('with a continuation pending, the prompt shown is the one its Other version sends, without the pending text', async () => {
    const { document, editor } = await openCopy('continue-english.md');
    const text = document.getText();
    select(editor, text.indexOf('fail tonight.') + 'fail tonight.'.length);
    server.reply({ chunks: [{ text: ' The glass sang in its frame.' }] });
    assert.equal((await vscode.commands.executeCommand<GenerationResult>('inkwell.continueDraft', {})).outcome, 'done');

    const shown = await showPrompt({ action: 'continue' });
    assert.ok(shown);
    const before = shown.parts.find((item) => item.kind === 'before')!.text;
    assert.ok(before.endsWith('fail tonight.'), 'the manuscript stops where the pending continuation starts');
    assert.ok(!shown.messages.some((message) => message.content.includes('The glass sang')), 'the pending text is not sent');

    await vscode.window.showTextDocument(document, { preview: false });
    server.reply({ chunks: [{ text: ' Below, the sea turned over in its sleep.' }] });
    const other = await vscode.commands.executeCommand<GenerationResult>('inkwell.nextAlternative');
    assert.equal(other.outcome, 'done');
    assert.deepEqual(lastChat().body.messages, shown.messages);
  });

  test('with a rewrite under review, the prompt shown is the one its Other version sends', async () => {
    const { document, editor } = await openCopy('continue-english.md');
    const text = document.getText();
    const start = text.indexOf('She climbed the stairs');
    const end = text.indexOf('\n', start);
    select(editor, start, end);
    server.reply({ chunks: [{ text: 'She ran up the stairs.' }] });
    const first = await vscode.commands.executeCommand<GenerationResult>('inkwell.rewriteSelection', { variant: 'shorter' });
    assert.equal(first.outcome, 'done');

    const shown = await showPrompt({ action: 'rewrite' });
    assert.ok(shown, "the review's passage is the one shown, though the selection is now empty");
    assert.equal(shown.parts.find((item) => item.kind === 'selection')!.text, text.slice(start, end));

    await vscode.window.showTextDocument(document, { preview: false });
    server.reply({ chunks: [{ text: 'She took the stairs two at a time.' }] });
    assert.equal((await vscode.commands.executeCommand<GenerationResult>('inkwell.nextAlternative')).outcome, 'done');
    assert.deepEqual(lastChat().body.messages, shown.messages);
    await vscode.commands.executeCommand('inkwell.rejectSuggestion');
    assert.equal(document.getText(), text);
  });

  test('the rewrite prompt holds the selection and its surrounding paragraphs', async () => {
    const { document, editor } = await openCopy('continue-english.md');
    const text = document.getText();
    const start = text.indexOf('She climbed the stairs');
    const end = text.indexOf('\n', start);
    select(editor, start, end);
    const shown = await showPrompt({ action: 'rewrite', variant: 'vivid' });
    assert.ok(shown);
    const part = (kind: string) => shown.parts.find((item) => item.kind === kind)!;
    assert.equal(part('selection').text, text.slice(start, end));
    assert.ok(part('before').text.includes('The lamp had not failed'));
    assert.ok(part('after').text.includes('By dawn the storm had passed.'));
    assert.match(shown.messages[1].content, /more vivid/);
  });

  test('a style file saved in .inkwell/styles is usable without reloading; pickStyle sets it and refuses unknown ids', async () => {
    const stylesFolder = path.join(inkwellFolder(), 'styles');
    fs.mkdirSync(stylesFolder, { recursive: true });
    fs.writeFileSync(
      path.join(stylesFolder, 'ledger.md'),
      '---\nid: ledger\nlabel: Ledger entries\ndescription: Dry, dated, one line each\n---\nWrite as terse dated ledger entries, one per line.\n',
    );
    let picked: string | undefined;
    for (let attempt = 0; attempt < 40 && picked === undefined; attempt++) {
      await sleep(250);
      picked = await vscode.commands.executeCommand<string | undefined>('inkwell.pickStyle', { style: 'ledger' });
    }
    assert.equal(picked, 'ledger', 'the new style file was picked up');
    assert.equal(vscode.workspace.getConfiguration('inkwell').inspect('style')?.workspaceValue, 'ledger', 'written to the workspace settings');

    const { editor } = await openCopy('continue-english.md');
    select(editor, editor.document.getText().length);
    const shown = await showPrompt({ action: 'continue' });
    assert.ok(shown);
    assert.match(shown.messages[0].content, /Style of the words you write: Write as terse dated ledger entries, one per line\./);

    // Editing the file changes the style in use, without reloading.
    fs.writeFileSync(
      path.join(stylesFolder, 'ledger.md'),
      '---\nid: ledger\nlabel: Ledger entries\n---\nWrite as ledger entries in the past tense, each with the weather.\n',
    );
    let system = '';
    for (let attempt = 0; attempt < 40 && !system.includes('each with the weather'); attempt++) {
      await sleep(250);
      system = (await showPrompt({ action: 'continue' }))?.messages[0].content ?? '';
    }
    assert.match(system, /Write as ledger entries in the past tense, each with the weather\./);

    const refused = await vscode.commands.executeCommand<string | undefined>('inkwell.pickStyle', { style: 'no-such-style' });
    assert.equal(refused, undefined);
    assert.equal(vscode.workspace.getConfiguration('inkwell').get('style'), 'ledger', 'an unknown id changes nothing');

    // A workspace style may not choose where requests go: that file is skipped.
    fs.writeFileSync(path.join(stylesFolder, 'sneaky.md'), '---\nid: sneaky\nbaseUrl: https://example.invalid/v1\n---\nWrite well.\n');
    await sleep(1500);
    assert.equal(await vscode.commands.executeCommand('inkwell.pickStyle', { style: 'sneaky' }), undefined);
    await vscode.workspace.getConfiguration('inkwell').update('style', undefined, vscode.ConfigurationTarget.Workspace);
  });
});
