import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GenerationResult } from '../../src/core/types';
import { TestModelServer, type ChunkStep } from '../server/testServer';
import { closeAllEditors, extension, registerReadOnlyFile, sleep, useUserSettings, waitFor, workspaceFolder } from './helpers';

const MODEL = 'story-model';
let server: TestModelServer;
let copies = 0;

/** A fresh file in the workspace (from a fixture, or from `content`), opened in a real editor. */
async function openCopy(fixture: string, content?: string) {
  const folder = workspaceFolder().uri.fsPath;
  const { name, ext } = path.parse(fixture);
  const file = path.join(folder, `${name}-${++copies}${ext}`);
  fs.writeFileSync(file, content ?? fs.readFileSync(path.join(folder, fixture)));
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  return { document, editor, file, original: fs.readFileSync(file) };
}

function cursorAfter(editor: vscode.TextEditor, marker: string): number {
  const offset = editor.document.getText().indexOf(marker);
  assert.ok(offset >= 0, `"${marker}" is in the document`);
  const position = editor.document.positionAt(offset + marker.length);
  editor.selection = new vscode.Selection(position, position);
  return offset + marker.length;
}

function continueDraft(args: Record<string, unknown> = {}): Thenable<GenerationResult> {
  return vscode.commands.executeCommand<GenerationResult>('inkwell.continueDraft', args);
}

/** The last chat request the server received (the connection may also have listed models). */
function lastChat() {
  const chats = server.requests.filter((request) => request.path.endsWith('/chat/completions'));
  assert.ok(chats.length > 0, 'a chat request reached the server');
  return chats[chats.length - 1];
}

async function lensTitles(document: vscode.TextDocument): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
  return lenses.map((lens) => lens.command?.title ?? '');
}

const isStreaming = async (document: vscode.TextDocument) => (await lensTitles(document)).some((title) => title.includes('Stop'));
const isPending = async (document: vscode.TextDocument) => (await lensTitles(document)).some((title) => title.includes('Accept'));

/** Document edits as VS Code reports them, not as the extension counts them. */
function watchEdits(document: vscode.TextDocument) {
  const events: Array<{ at: number; text: string }> = [];
  const listener = vscode.workspace.onDidChangeTextDocument((event) => {
    if (event.document === document && event.contentChanges.length > 0) {
      events.push({ at: Date.now(), text: event.contentChanges.map((change) => change.text).join('') });
    }
  });
  return { events, dispose: () => listener.dispose() };
}

function slowChunks(words: string[], delayMs: number): ChunkStep[] {
  return words.map((text) => ({ text, delayMs }));
}

const hasTab = (document: vscode.TextDocument) =>
  vscode.window.tabGroups.all.some((group) =>
    group.tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === document.uri.toString()),
  );

/**
 * Closes the document's tab as a writer does who answers "Don't Save". The workbench's command acts on
 * its own idea of the active editor, which can lag behind the extension host's for a moment, so it
 * is shown first and the close is checked.
 */
async function revertAndCloseTab(document: vscode.TextDocument): Promise<void> {
  for (let attempt = 0; attempt < 5 && hasTab(document); attempt++) {
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    if (hasTab(document)) await sleep(100);
  }
  assert.equal(hasTab(document), false, 'the tab is closed');
}

suite('Continue Draft', function () {
  this.timeout(60_000);
  let restoreSettings: () => Promise<void>;

  suiteSetup(async () => {
    await extension().activate();
    server = await TestModelServer.start({ models: [MODEL] });
    // requestTimeoutSeconds is changed by a test: restored with the rest.
    restoreSettings = await useUserSettings({ provider: 'openai-compatible', baseUrl: server.url, model: MODEL, requestTimeoutSeconds: undefined });
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

  test('an English continuation streams in at the cursor with a space at the seam; accepted, one undo removes it all', async () => {
    const { document, editor, file, original } = await openCopy('continue-english.md');
    const offset = cursorAfter(editor, 'fail tonight.');
    const before = document.getText();
    // The last word comes long after the others: the first ones must be in the document meanwhile.
    const words = ['Outside', ', the', ' sea', ' threw', ' itself', ' at', ' the', ' rocks', '.'];
    server.reply({ chunks: [...slowChunks(words.slice(0, -2), 10), { text: words.at(-2), delayMs: 3000 }, { text: '.' }] });
    const edits = watchEdits(document);
    const running = continueDraft();

    await waitFor('the first words in the document', () => document.getText().includes('Outside, the sea threw itself at the'));
    assert.ok(!document.getText().includes('rocks'), 'the text shows while it is still arriving');
    assert.ok(await isStreaming(document), 'a Stop action is shown while it streams');
    const result = await running;
    edits.dispose();

    const expected = ' Outside, the sea threw itself at the rocks.';
    assert.equal(result.outcome, 'done');
    assert.equal(result.text, expected);
    assert.equal(document.getText(), before.slice(0, offset) + expected + before.slice(offset));
    assert.ok(edits.events.length < words.length + 1, `${edits.events.length} document edits for ${words.length} chunks`);
    assert.ok(await isPending(document), 'the continuation is pending with its actions');

    await vscode.commands.executeCommand('inkwell.acceptSuggestion');
    assert.equal(await isPending(document), false);
    assert.equal(document.getText(), before.slice(0, offset) + expected + before.slice(offset), 'accept keeps the text as it stands');
    await document.save();
    assert.equal(fs.readFileSync(file, 'utf8'), document.getText(), 'the saved file holds the accepted text');

    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), original.toString('utf8'), 'one undo removes the whole continuation');
  });

  test('a Chinese continuation joins the text with no space', async () => {
    const { document, editor } = await openCopy('continue-chinese.md');
    const offset = cursorAfter(editor, '磕着她的膝盖。');
    const before = document.getText();
    // The model's leading space is an English habit: between Chinese sentences there is none.
    server.reply({ chunks: slowChunks([' 风', '从海上', '吹来，', '灯罩', '嗡嗡作响。'], 5) });
    const result = await continueDraft();
    assert.equal(result.outcome, 'done');
    assert.equal(result.text, '风从海上吹来，灯罩嗡嗡作响。');
    assert.equal(document.getText(), before.slice(0, offset) + result.text + before.slice(offset));
    const request = lastChat();
    assert.match(JSON.stringify(request.body.messages), /Chinese|中文/, 'the model is asked for Chinese');
  });

  test('reject leaves a CRLF file byte for byte as it was', async () => {
    const content = 'INT. LIGHTHOUSE - NIGHT\r\n\r\nMara climbs the spiral stairs, oil can in hand.\r\n\r\nMARA\r\nNot tonight.\r\n';
    const { document, editor, file, original } = await openCopy('continue-crlf.fountain', content);
    assert.equal(document.eol, vscode.EndOfLine.CRLF);
    cursorAfter(editor, 'oil can in hand.');
    server.reply({ chunks: [{ text: ' The wind' }, { text: ' howls.\n' }, { text: '\nMARA\n' }, { text: 'Hold on.' }] });
    const result = await continueDraft();
    assert.equal(result.outcome, 'done');
    assert.ok(result.text.includes('howls.\r\n\r\nMARA\r\nHold on.'), `line breaks are the file's own: ${JSON.stringify(result.text)}`);
    assert.ok(!/[^\r]\n/.test(document.getText()), 'no bare LF in a CRLF document');

    await vscode.commands.executeCommand('inkwell.rejectSuggestion');
    assert.equal(await isPending(document), false);
    await document.save();
    assert.ok(fs.readFileSync(file).equals(original), 'the file on disk is byte for byte the original');
  });

  test('other versions cycle without asking again for versions already written, and the one shown is the one kept', async () => {
    const { document, editor, file } = await openCopy('continue-english.md');
    const offset = cursorAfter(editor, 'fail tonight.');
    const before = document.getText();
    const withText = (text: string) => before.slice(0, offset) + text + before.slice(offset);

    server.reply({ text: ' The lamp flickered.' });
    const first = await continueDraft();
    assert.equal(first.text, ' The lamp flickered.');

    server.reply({ text: ' Somewhere below, a door banged.' });
    const second = await vscode.commands.executeCommand<GenerationResult>('inkwell.nextAlternative');
    assert.equal(second.outcome, 'done');
    assert.equal(second.text, ' Somewhere below, a door banged.');
    assert.equal(document.getText(), withText(second.text));
    const requestsSoFar = server.requests.length;

    const back = await vscode.commands.executeCommand<GenerationResult>('inkwell.previousAlternative');
    assert.equal(back.text, first.text);
    assert.equal(document.getText(), withText(first.text));
    const forward = await vscode.commands.executeCommand<GenerationResult>('inkwell.nextAlternative');
    assert.equal(forward.text, second.text);
    assert.equal(server.requests.length, requestsSoFar, 'versions already written are shown, not asked for again');

    await vscode.commands.executeCommand('inkwell.acceptSuggestion');
    await document.save();
    assert.equal(fs.readFileSync(file, 'utf8'), withText(second.text));
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), before, 'one undo removes the kept version');
  });

  test('cancel mid-stream keeps what arrived, pending and marked partial', async () => {
    const { document, editor } = await openCopy('continue-english.md');
    cursorAfter(editor, 'fail tonight.');
    const words = Array.from({ length: 10 }, (_, i) => ` word${i}`);
    server.reply({ chunks: [...slowChunks(words, 10), { text: ' never.', delayMs: 20_000 }] });
    const running = continueDraft();
    await waitFor('the first words', () => document.getText().includes(words.join('')));
    assert.equal(await vscode.commands.executeCommand('inkwell.cancel'), true);
    const result = await running;
    assert.equal(result.outcome, 'cancelled');
    assert.equal(result.text, words.join(''), 'all that arrived, and nothing after the cancel');
    assert.ok(document.getText().includes(result.text));
    await server.waitForClose(lastChat());
    const titles = await lensTitles(document);
    assert.ok(titles.some((title) => title.includes('Partial')), `marked partial: ${titles.join(' | ')}`);
    assert.ok(titles.some((title) => title.includes('Accept')));
  });

  test('a stream cut by the server keeps the partial text and reports failed', async () => {
    const { document, editor } = await openCopy('continue-english.md');
    cursorAfter(editor, 'fail tonight.');
    server.reply({ chunks: slowChunks([' The', ' wind', ' rose', ' and', ' rose'], 5), cutAfterChunks: 3 });
    const result = await continueDraft();
    assert.equal(result.outcome, 'failed');
    assert.equal(result.errorCode, 'stream-broken');
    assert.equal(result.text, ' The wind rose');
    assert.ok(document.getText().includes('tonight. The wind rose\n'));
    assert.ok((await lensTitles(document)).some((title) => title.includes('Partial')));
  });

  test('a stalled stream keeps the partial text and reports failed', async () => {
    await vscode.workspace.getConfiguration('inkwell').update('requestTimeoutSeconds', 5, vscode.ConfigurationTarget.Global);
    const { document, editor } = await openCopy('continue-english.md');
    cursorAfter(editor, 'fail tonight.');
    server.reply({ chunks: slowChunks([' Silence', ' fell', ' over', ' everything'], 5), stallAfterChunks: 2 });
    const result = await continueDraft();
    assert.equal(result.outcome, 'failed');
    assert.equal(result.errorCode, 'timeout');
    assert.equal(result.text, ' Silence fell');
    assert.ok(document.getText().includes('tonight. Silence fell\n'));
    await vscode.workspace.getConfiguration('inkwell').update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
  });

  test('editing above the continuation while it streams corrupts neither', async () => {
    const { document, editor } = await openCopy('continue-english.md');
    const offset = cursorAfter(editor, 'fail tonight.');
    const before = document.getText();
    const words = Array.from({ length: 40 }, (_, i) => ` w${i}`);
    server.reply({ chunks: slowChunks(words, 15) });
    const running = continueDraft();
    await waitFor('some text', () => document.getText().includes(' w2'));
    let typed = '';
    for (const letter of 'Draft two. ') {
      // The writer types at the top of the file, one keystroke at a time, while the text streams in
      // below. A keystroke is never lost, so one that raced a streamed edit is typed again.
      while (!(await editor.edit((builder) => builder.insert(new vscode.Position(0, typed.length), letter)))) await sleep(1);
      typed += letter;
      await sleep(7);
    }
    const result = await running;
    assert.equal(result.outcome, 'done');
    assert.equal(result.text, words.join(''));
    assert.equal(document.getText(), typed + before.slice(0, offset) + words.join('') + before.slice(offset));

    await vscode.commands.executeCommand('inkwell.rejectSuggestion');
    assert.equal(document.getText(), typed + before, 'reject removes exactly the continuation, the writer\'s typing stays');
  });

  test('a refusal is reported, never left in the manuscript as prose', async () => {
    const { document, editor, original } = await openCopy('continue-english.md');
    cursorAfter(editor, 'fail tonight.');
    server.reply({ text: "I'm sorry, but I can't help with that request." });
    const prose = await continueDraft();
    assert.equal(prose.outcome, 'failed');
    assert.equal(prose.errorCode, 'refused');
    assert.equal(document.getText(), original.toString('utf8'));
    assert.equal(await isPending(document), false);

    server.reply({ chunks: [{ refusal: 'I cannot continue this story.' }] });
    const field = await continueDraft();
    assert.equal(field.outcome, 'failed');
    assert.equal(field.errorCode, 'refused');
    assert.equal(document.getText(), original.toString('utf8'));
  });

  test('a character’s line that sounds like a refusal is story, and the assistant’s closing note never reaches the manuscript', async () => {
    const content = 'INT. FERRY OFFICE - NIGHT\n\nAgnes looks up from the ledger.\n\nAGNES\n';
    const { document, editor, original } = await openCopy('continue-dialogue.md', content);
    cursorAfter(editor, 'AGNES\n');
    server.reply({ text: "I can't help you, Marcus. Not this time.\n\nNote: I kept the tone of the scene and Agnes's clipped voice." });
    const result = await continueDraft();
    assert.equal(result.outcome, 'done');
    assert.equal(result.text, "I can't help you, Marcus. Not this time.");
    assert.equal(document.getText(), content + result.text);
    await vscode.commands.executeCommand('inkwell.rejectSuggestion');
    assert.equal(document.getText(), original.toString('utf8'));
  });

  test('at the empty last line (Ctrl+End) the continuation starts a new paragraph as the manuscript does, or goes on with the sentence; reject restores the bytes', async () => {
    const cases: Array<[string, string, string, string]> = [
      ['blank-lines.md', 'The ferry ran twice a day.\n\nShe wrote the date in the ledger.\n', 'The fog came in at noon.', '\nThe fog came in at noon.'],
      ['blank-lines-crlf.md', 'The ferry ran twice a day.\r\n\r\nShe wrote the date in the ledger.\r\n', 'The fog came in at noon.', '\r\nThe fog came in at noon.'],
      ['indented.md', '\tThe ferry ran twice a day.\n\tShe wrote the date in the ledger.\n', 'The fog came in at noon.', '\tThe fog came in at noon.'],
      ['chinese.md', '陈伯没有说话。\n\n我推开门。\n', '他抬起头。', '\n他抬起头。'],
      ['chinese-indented.md', '\u3000\u3000陈伯没有说话。\n\u3000\u3000我推开门。\n', '他抬起头。', '\u3000\u3000他抬起头。'],
      ['sentence-goes-on.md', 'The ferry ran twice a day.\n\nShe wrote the date and the\n', 'names of the crew.', 'names of the crew.'],
    ];
    for (const [name, content, answer, expected] of cases) {
      const { document, file, original } = await openCopy(name, content);
      await vscode.commands.executeCommand('cursorBottom');
      server.reply({ text: answer });
      const result = await continueDraft();
      assert.equal(result.outcome, 'done', name);
      assert.equal(result.text, expected, name);
      assert.equal(document.getText(), content + expected, name);
      await vscode.commands.executeCommand('inkwell.rejectSuggestion');
      assert.equal(document.getText(), content, name);
      await document.save();
      assert.deepEqual(fs.readFileSync(file), original, `${name}: the saved file is byte for byte the original`);
    }
  });

  test('saving while a continuation is pending writes it as the document shows it, and it stays pending', async () => {
    const { document, editor, file, original } = await openCopy('continue-english.md');
    const offset = cursorAfter(editor, 'fail tonight.');
    server.reply({ text: ' The glass sang.' });
    await continueDraft();
    await document.save();
    const text = original.toString('utf8');
    assert.equal(fs.readFileSync(file, 'utf8'), text.slice(0, offset) + ' The glass sang.' + text.slice(offset));
    assert.ok(await isPending(document));
    await vscode.commands.executeCommand('inkwell.rejectSuggestion');
    await document.save();
    assert.ok(fs.readFileSync(file).equals(original), 'rejected after a save, the next save brings back the original bytes');
  });

  test('typing inside the pending text accepts it as edited', async () => {
    const { document, editor } = await openCopy('continue-english.md');
    const offset = cursorAfter(editor, 'fail tonight.');
    server.reply({ text: ' The glass hummed.' });
    await continueDraft();
    await editor.edit((builder) => builder.insert(document.positionAt(offset + ' The glass'.length), ' always'));
    assert.equal(await isPending(document), false);
    assert.ok(document.getText().includes('tonight. The glass always hummed.'));
  });

  test('undo while a continuation is pending takes it away and ends it', async () => {
    const { document, editor, original } = await openCopy('continue-english.md');
    cursorAfter(editor, 'fail tonight.');
    server.reply({ text: ' Gulls wheeled.' });
    await continueDraft();
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), original.toString('utf8'));
    assert.equal(await isPending(document), false);
  });

  test('closing the document mid-stream loses nothing and throws nothing', async () => {
    const { document, editor, file, original } = await openCopy('continue-english.md');
    cursorAfter(editor, 'fail tonight.');
    // The last chunk comes long after the others, so the document closes while the stream runs.
    server.reply({ chunks: [...slowChunks(Array.from({ length: 10 }, (_, i) => ` c${i}`), 10), { text: ' end.', delayMs: 20_000 }] });
    const running = continueDraft();
    await waitFor('some text', () => document.getText().includes(' c2'));
    await revertAndCloseTab(document);
    const result = await running;
    assert.equal(result.outcome, 'cancelled');
    await server.waitForClose(lastChat());
    assert.ok(fs.readFileSync(file).equals(original), 'the file on disk is untouched');
    const reopened = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(reopened, { preview: false });
    assert.equal(await isPending(reopened), false, 'nothing of the continuation outlives its document');
    assert.equal(reopened.getText(), original.toString('utf8'));
  });

  test('moving the document to another editor group mid-stream is not closing it', async () => {
    const { document, editor } = await openCopy('continue-english.md');
    const offset = cursorAfter(editor, 'fail tonight.');
    const before = document.getText();
    server.reply({ chunks: [...slowChunks([' The', ' keeper', ' slept'], 10), { text: ' at last.', delayMs: 1500 }] });
    const running = continueDraft();
    try {
      await waitFor('some text', () => document.getText().includes(' keeper'));
      await vscode.commands.executeCommand('workbench.action.moveEditorToRightGroup');
      const result = await running;
      assert.equal(result.outcome, 'done');
      assert.equal(document.getText(), before.slice(0, offset) + ' The keeper slept at last.' + before.slice(offset));
      assert.ok(await isPending(document));
    } finally {
      await closeAllEditors();
      await vscode.commands.executeCommand('workbench.action.closeAllGroups');
    }
  });

  test('a second continuation while one runs is refused as busy; Continue on a pending one keeps it and goes on after it', async () => {
    const { document, editor } = await openCopy('continue-english.md');
    const offset = cursorAfter(editor, 'fail tonight.');
    const before = document.getText();
    server.reply({ chunks: slowChunks([' One', ' two', ' three.'], 60) });
    const count = server.requests.length;
    const running = continueDraft();
    await server.waitForRequest(count + 1);
    const busy = await continueDraft();
    assert.equal(busy.outcome, 'failed');
    assert.equal(busy.errorCode, 'busy');
    const first = await running;
    assert.equal(first.text, ' One two three.');

    server.reply({ text: ' Four.' });
    const second = await continueDraft();
    assert.equal(second.text, ' Four.');
    assert.equal(document.getText(), before.slice(0, offset) + ' One two three. Four.' + before.slice(offset));
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), before.slice(0, offset) + ' One two three.' + before.slice(offset), 'each continuation is its own undo step');
  });

  test('a 2,000-token stream at full speed lands exactly, in far fewer edits than tokens', async () => {
    const { document, editor } = await openCopy('continue-english.md');
    const offset = cursorAfter(editor, 'fail tonight.');
    const before = document.getText();
    const tokens = Array.from({ length: 2000 }, (_, i) => ` w${i}`);
    server.reply({ chunks: tokens.map((text) => ({ text })), splitBytes: false });
    const edits = watchEdits(document);
    const started = Date.now();
    const result = await continueDraft();
    const elapsed = Date.now() - started;
    edits.dispose();
    assert.equal(result.outcome, 'done');
    assert.equal(result.text, tokens.join(''));
    assert.equal(document.getText(), before.slice(0, offset) + result.text + before.slice(offset));
    assert.ok(edits.events.length < 2000 / 10, `${edits.events.length} document edits for 2,000 tokens`);
    console.log(`[inkwell] 2,000 tokens: ${edits.events.length} document edits in ${elapsed} ms`);
  });

  test('autoAccept inserts directly, still as one undo step', async () => {
    await vscode.workspace.getConfiguration('inkwell').update('autoAccept', true, vscode.ConfigurationTarget.Workspace);
    try {
      const { document, editor, original } = await openCopy('continue-english.md');
      cursorAfter(editor, 'fail tonight.');
      server.reply({ chunks: slowChunks([' Rain', ' came', ' sideways.'], 20) });
      const result = await continueDraft();
      assert.equal(result.text, ' Rain came sideways.');
      assert.equal(await isPending(document), false, 'nothing is left pending');
      assert.ok(document.getText().includes('tonight. Rain came sideways.'));
      await vscode.commands.executeCommand('undo');
      assert.equal(document.getText(), original.toString('utf8'));
    } finally {
      await vscode.workspace.getConfiguration('inkwell').update('autoAccept', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('guided takes the writer\'s direction; an untitled plain-text document works too', async () => {
    const document = await vscode.workspace.openTextDocument({ content: 'The ferry was late again.', language: 'plaintext' });
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    cursorAfter(editor, 'late again.');
    server.reply({ text: ' Then the horn sounded.' });
    const result = await continueDraft({ variant: 'guided', instruction: 'The ferry finally arrives' });
    assert.equal(result.outcome, 'done');
    assert.equal(document.getText(), 'The ferry was late again. Then the horn sounded.');
    assert.ok(JSON.stringify(lastChat().body.messages).includes('The ferry finally arrives'));
  });

  test('it refuses clearly with no editor and in a read-only document', async () => {
    await closeAllEditors();
    const none = await continueDraft();
    assert.equal(none.outcome, 'failed');
    assert.equal(none.errorCode, 'no-editor');

    const scheme = 'inkwell-readonly-test';
    const registration = registerReadOnlyFile(scheme, 'A page that cannot change.');
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme, path: '/page.md' }));
      const editor = await vscode.window.showTextDocument(document, { preview: false });
      cursorAfter(editor, 'cannot change.');
      const requests = server.requests.length;
      const result = await continueDraft();
      assert.equal(result.outcome, 'failed');
      assert.equal(result.errorCode, 'read-only');
      assert.equal(server.requests.length, requests, 'nothing is sent');
      assert.equal(document.getText(), 'A page that cannot change.');
    } finally {
      await closeAllEditors();
      registration.dispose();
    }
  });

  test('a file the settings mark read-only is refused too, before anything is sent', async () => {
    const files = vscode.workspace.getConfiguration('files');
    await files.update('readonlyInclude', { '**/continue-locked-*.md': true }, vscode.ConfigurationTarget.Workspace);
    try {
      const { document, editor, original } = await openCopy('continue-locked.md', 'A locked page.\n');
      cursorAfter(editor, 'locked page.');
      const requests = server.requests.length;
      const result = await continueDraft();
      assert.equal(result.outcome, 'failed');
      assert.equal(result.errorCode, 'read-only');
      assert.equal(server.requests.length, requests, 'nothing is sent');
      assert.equal(document.getText(), original.toString('utf8'));
      assert.equal(await isPending(document), false);
    } finally {
      await files.update('readonlyInclude', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('Tab and Escape give way to the suggest widget, snippets, inline suggestions, find and rename', async () => {
    const keybindings = extension().packageJSON.contributes.keybindings as Array<{ command: string; key: string; when: string }>;
    for (const command of ['inkwell.acceptSuggestion', 'inkwell.rejectSuggestion']) {
      const binding = keybindings.find((item) => item.command === command);
      assert.ok(binding, command);
      for (const clause of ['editorTextFocus', '!suggestWidgetVisible', '!inlineSuggestionVisible', '!inSnippetMode', '!findWidgetVisible', '!renameInputVisible', '!editorHasMultipleSelections', 'inkwell.suggestionPending']) {
        assert.ok(binding.when.split(' && ').includes(clause), `${command} when has ${clause}`);
      }
    }

    // With a continuation pending and the suggest widget open, the suggest widget's own accept still
    // picks the word (Tab's other binding), and the continuation stays pending.
    const { document, editor } = await openCopy('continue-english.md');
    const offset = cursorAfter(editor, 'fail tonight.');
    server.reply({ text: ' Lighthouses need keepers.' });
    await continueDraft();
    const end = document.positionAt(offset + ' Lighthouses need keepers.'.length);
    await editor.edit((builder) => builder.insert(new vscode.Position(document.lineCount - 1, document.lineAt(document.lineCount - 1).text.length), '\nLig'));
    const last = document.lineAt(document.lineCount - 1);
    editor.selection = new vscode.Selection(last.range.end, last.range.end);
    // The suggest widget fills itself asynchronously and says nothing to the extension host when it has:
    // accept what it selected, and ask again until it had something to accept.
    const picked = () => document.lineAt(document.lineCount - 1).text.length > 'Lig'.length;
    for (let attempt = 1; attempt <= 20 && !picked(); attempt++) {
      await vscode.commands.executeCommand('editor.action.triggerSuggest');
      await sleep(100 * attempt);
      await vscode.commands.executeCommand('acceptSelectedSuggestion');
    }
    await waitFor('the suggestion to be picked', picked);
    assert.match(document.lineAt(document.lineCount - 1).text, /^Lig\w+/);
    assert.ok(await isPending(document), 'the continuation is still pending');
    assert.ok(document.getText(new vscode.Range(document.positionAt(offset), end)).endsWith('keepers.'));
  });
});
