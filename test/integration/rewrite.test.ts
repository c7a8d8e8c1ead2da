import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GenerationResult } from '../../src/core/types';
import { TestModelServer } from '../server/testServer';
import { extension, registerReadOnlyFile, useUserSettings, waitFor, workspaceFolder } from './helpers';

let copies = 0;

/** A fresh copy of a workspace fixture, byte for byte, on disk; opened in the editor. */
async function openCopy(fixture: string): Promise<{ editor: vscode.TextEditor; file: string; bytes: Buffer }> {
  const folder = workspaceFolder().uri.fsPath;
  const bytes = fs.readFileSync(path.join(folder, fixture));
  const file = path.join(folder, `${path.basename(fixture, '.md')}-copy-${++copies}.md`);
  fs.writeFileSync(file, bytes);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  return { editor, file, bytes };
}

/** Selects `text` (its first occurrence) in the editor; returns its offset. */
function select(editor: vscode.TextEditor, text: string): number {
  const offset = editor.document.getText().indexOf(text);
  assert.ok(offset >= 0, `the document has no ${JSON.stringify(text)}`);
  editor.selection = new vscode.Selection(editor.document.positionAt(offset), editor.document.positionAt(offset + text.length));
  return offset;
}

function rewrite(arg: object = { variant: 'polish' }): Thenable<GenerationResult> {
  return vscode.commands.executeCommand<GenerationResult>('inkwell.rewriteSelection', arg);
}

/** Every edit the document receives, counted the way the writer's undo stack sees them. */
function countEdits(document: vscode.TextDocument): { readonly count: number; dispose(): void } {
  let count = 0;
  const listener = vscode.workspace.onDidChangeTextDocument((event) => {
    if (event.document === document && event.contentChanges.length > 0) count++;
  });
  return {
    get count() {
      return count;
    },
    dispose: () => listener.dispose(),
  };
}

/** The text of the hovers at `offset`, markdown escapes removed: what a screen reader is given. */
async function hoverAt(document: vscode.TextDocument, offset: number): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, document.positionAt(offset));
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n')
    .replace(/&nbsp;/g, ' ')
    .replace(/\\([\\`*_{}[\]()#+\-.!<>|~])/g, '$1');
}

/** The review's CodeLens counter ("0 of 3 changes decided"), or undefined when no review is open. */
async function reviewCounter(document: vscode.TextDocument): Promise<string | undefined> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
  return lenses.map((lens) => lens.command?.title ?? '').find((title) => /changes decided/.test(title));
}

/** Asserts the hover at each `[word, description]` tells that change, and that `unchanged` words have no review hover. */
async function assertMarks(document: vscode.TextDocument, expected: Array<[string, string]>, unchanged: string[]): Promise<void> {
  assert.equal(await reviewCounter(document), `0 of ${expected.length} changes decided`);
  const text = document.getText();
  for (const [word, description] of expected) {
    const hover = await hoverAt(document, text.indexOf(word) + 1);
    assert.ok(hover.includes(description), `hover on ${JSON.stringify(word)}: expected ${JSON.stringify(description)} in ${JSON.stringify(hover)}`);
  }
  for (const word of unchanged) {
    const hover = await hoverAt(document, text.indexOf(word) + 1);
    assert.ok(!/Rewrite: change/.test(hover), `${JSON.stringify(word)} is not a change, yet its hover says ${JSON.stringify(hover)}`);
  }
}

suite('Rewrite Selection', () => {
  let server: TestModelServer;
  let restoreSettings: () => Promise<void>;

  suiteSetup(async () => {
    await extension().activate();
    server = await TestModelServer.start();
    restoreSettings = await useUserSettings({ provider: 'openai-compatible', baseUrl: server.url, model: 'test-model' });
  });

  suiteTeardown(async () => {
    await restoreSettings();
    await server?.close();
  });

  teardown(async () => {
    server.assertAllValid();
    // Whatever a test left pending is dropped, so the next one starts clean.
    await vscode.commands.executeCommand('inkwell.rejectSuggestion');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const paragraph = 'The quick brown ferry crossed the grey water while the lazy gulls circled overhead.';

  test('the review marks exactly the changed words, and the document stays unchanged while it is open', async () => {
    const { editor, bytes } = await openCopy('rewrite-english.md');
    select(editor, paragraph);
    const edits = countEdits(editor.document);
    server.reply({ text: 'The slow red ferry crossed the grey water while the sleeping gulls circled overhead.' });
    const result = await rewrite();
    edits.dispose();
    assert.equal(result.outcome, 'done');
    assert.equal(result.text, 'The slow red ferry crossed the grey water while the sleeping gulls circled overhead.');
    assert.equal(edits.count, 0, 'the document is not edited while the review is open');
    assert.equal(editor.document.getText(), bytes.toString('utf8'));
    await assertMarks(
      editor.document,
      [
        ['quick brown', 'Replace “quick brown” with “slow red”'],
        ['lazy', 'Replace “lazy” with “sleeping”'],
      ],
      ['ferry crossed', 'grey', 'circled'],
    );
    const request = server.requests.at(-1)!;
    assert.ok(JSON.stringify(request.body.messages).includes('lazy gulls'), 'the selection was sent');
  });

  test('Chinese is reviewed by words: exactly the changed words are marked', async () => {
    const { editor } = await openCopy('rewrite-chinese.md');
    select(editor, '外面下着大雨，她没有带伞。她推开门，走进了昏暗的房间。');
    server.reply({ text: '外面下着小雨，她忘了带伞。她推开门，走进了明亮的房间。' });
    const result = await rewrite();
    assert.equal(result.outcome, 'done');
    await assertMarks(
      editor.document,
      [
        ['大雨', 'Replace “大雨” with “小雨”'],
        ['没有', 'Replace “没有” with “忘了”'],
        ['昏暗', 'Replace “昏暗” with “明亮”'],
      ],
      ['推开门', '房间'],
    );
  });

  test('accepting one change and rejecting another gives the expected text, in one undoable edit', async () => {
    const { editor } = await openCopy('rewrite-english.md');
    select(editor, paragraph);
    server.reply({ text: 'The slow red ferry crossed the grey water while the sleeping gulls circled overhead.' });
    await rewrite();
    const original = editor.document.getText();
    const edits = countEdits(editor.document);
    await vscode.commands.executeCommand('inkwell.acceptChange', { index: 0 });
    assert.equal(edits.count, 0, 'one decision out of two changes nothing yet');
    assert.equal(await reviewCounter(editor.document), '1 of 2 changes decided');
    await vscode.commands.executeCommand('inkwell.rejectChange', { index: 1 });
    edits.dispose();
    assert.equal(edits.count, 1, 'the decisions went in as one edit');
    assert.equal(await reviewCounter(editor.document), undefined, 'the review ended with its last decision');
    assert.equal(editor.document.getText(), original.replace(paragraph, 'The slow red ferry crossed the grey water while the lazy gulls circled overhead.'));
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), original, 'one undo returns the original');
  });

  test('reject all restores the exact original bytes (CRLF and trailing whitespace included)', async () => {
    const { editor, file, bytes } = await openCopy('rewrite-crlf.md');
    assert.ok(bytes.includes(Buffer.from('her.   \r\n')), 'the fixture has CRLF line ends and trailing spaces');
    select(editor, 'The corridor was long and the lights hummed above her.   \r\nShe walked slowly past the empty wards.');
    server.reply({ text: 'The corridor was long, and the lights buzzed above her.\nShe walked slowly past the silent wards.' });
    const result = await rewrite();
    assert.equal(result.outcome, 'done');
    const edits = countEdits(editor.document);
    await vscode.commands.executeCommand('inkwell.rejectSuggestion');
    edits.dispose();
    assert.equal(edits.count, 0, 'reject all makes no edit at all');
    assert.equal(editor.document.isDirty, false);
    assert.equal(await reviewCounter(editor.document), undefined);
    await editor.document.save();
    assert.deepEqual(fs.readFileSync(file), bytes);
  });

  test("accept all gives the model's text with the selection's paragraph breaks and line ends; one undo returns the original", async () => {
    const { editor, bytes } = await openCopy('rewrite-crlf.md');
    const selected = 'The corridor was long and the lights hummed above her.   \r\nShe walked slowly past the empty wards.\r\n\r\nAt the end of the hall a door stood open.  ';
    const offset = select(editor, selected);
    server.reply({
      text: 'The corridor was long, and the lights buzzed above her.\nShe walked slowly past the silent wards.\n\nAt the end of the hall, a door stood open.',
    });
    const result = await rewrite();
    const expected = 'The corridor was long, and the lights buzzed above her.\r\nShe walked slowly past the silent wards.\r\n\r\nAt the end of the hall, a door stood open.  ';
    assert.equal(result.text, expected, 'the proposed rewrite keeps CRLF, paragraph breaks and the trailing whitespace of the selection');
    await vscode.commands.executeCommand('inkwell.acceptSuggestion');
    const text = editor.document.getText();
    assert.equal(text, bytes.toString('utf8').slice(0, offset) + expected + bytes.toString('utf8').slice(offset + selected.length));
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), bytes.toString('utf8'), 'one undo returns the original');
  });

  test('saving during the review writes the original text, and the review stays open', async () => {
    const { editor, file, bytes } = await openCopy('rewrite-crlf.md');
    select(editor, 'Someone had left the radio on.');
    server.reply({ text: 'Someone had left the old radio on.' });
    await rewrite();
    await editor.document.save();
    assert.deepEqual(fs.readFileSync(file), bytes, 'the file on disk holds the original, not both versions');
    assert.equal(await reviewCounter(editor.document), '0 of 1 changes decided');
    await vscode.commands.executeCommand('inkwell.acceptSuggestion');
    await editor.document.save();
    assert.equal(fs.readFileSync(file, 'utf8'), bytes.toString('utf8').replace('left the radio', 'left the old radio'));
  });

  test('a failed rewrite opens no review and leaves the document untouched', async () => {
    const { editor, bytes } = await openCopy('rewrite-english.md');
    select(editor, paragraph);
    const edits = countEdits(editor.document);
    server.reply({ status: 400, error: { message: 'The request was not valid.', type: 'invalid_request_error' } });
    const result = await rewrite();
    edits.dispose();
    assert.equal(result.outcome, 'failed');
    assert.equal(result.text, '');
    assert.equal(edits.count, 0);
    assert.equal(editor.document.getText(), bytes.toString('utf8'));
    assert.equal(await reviewCounter(editor.document), undefined);
  });

  test('a rewrite cut off mid-stream or cancelled opens no review and leaves the selection as it was', async () => {
    const { editor, bytes } = await openCopy('rewrite-english.md');
    const offset = select(editor, paragraph);
    const edits = countEdits(editor.document);

    server.reply({ text: 'The slow red ferry crossed the grey water while the sleeping gulls circled overhead.', cutAfterChunks: 4 });
    const cut = await rewrite();
    assert.notEqual(cut.outcome, 'done');
    assert.equal(await reviewCounter(editor.document), undefined);

    const before = server.requests.length;
    server.reply({ text: 'The slow red ferry crossed the grey water while the sleeping gulls circled overhead.', stallAfterChunks: 3 });
    const running = rewrite();
    await server.waitForRequest(before + 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await vscode.commands.executeCommand('inkwell.cancel');
    const cancelled = await running;
    edits.dispose();
    assert.equal(cancelled.outcome, 'cancelled');
    assert.equal(edits.count, 0);
    assert.equal(editor.document.getText(), bytes.toString('utf8'));
    assert.equal(editor.document.offsetAt(editor.selection.start), offset, 'the selection is where it was');
    assert.equal(editor.document.getText(editor.selection), paragraph);
    assert.equal(await reviewCounter(editor.document), undefined);
  });

  test('a refusal is a message, never a review; a preamble and quotes around the rewrite are not part of it', async () => {
    const { editor, bytes } = await openCopy('rewrite-english.md');
    select(editor, paragraph);
    server.reply({ text: "I'm sorry, but I can't help with that request." });
    const refused = await rewrite();
    assert.equal(refused.outcome, 'failed');
    assert.equal(refused.errorCode, 'refused');
    assert.equal(editor.document.getText(), bytes.toString('utf8'));
    assert.equal(await reviewCounter(editor.document), undefined);

    select(editor, paragraph);
    server.reply({ text: 'Here is the polished passage:\n\n"The quick brown ferry crossed the grey water while the lazy gulls wheeled overhead."' });
    const cleaned = await rewrite();
    assert.equal(cleaned.text, 'The quick brown ferry crossed the grey water while the lazy gulls wheeled overhead.');
    await assertMarks(editor.document, [['circled', 'Replace “circled” with “wheeled”']], ['The quick', 'overhead']);
  });

  test('the writer’s own words come back whole: a passage that opens with “Okay.” and holds </think> is not cleaned away', async () => {
    const { editor } = await openCopy('rewrite-english.md');
    const passage = 'Okay.\n\nShe typed </think> into the console and the screen went dark.';
    await editor.edit((edit) => edit.insert(editor.document.positionAt(editor.document.getText().length), `\n${passage}\n`));
    select(editor, passage);
    server.reply({ text: 'Okay.\n\nShe typed </think> into the console and the screen went black.' });
    const result = await rewrite();
    assert.equal(result.outcome, 'done');
    assert.equal(result.text, 'Okay.\n\nShe typed </think> into the console and the screen went black.');
    await vscode.commands.executeCommand('inkwell.rejectSuggestion');

    select(editor, passage);
    server.reply({ text: 'Sure! Here is the polished passage:' });
    const empty = await rewrite();
    assert.equal(empty.outcome, 'failed', 'an answer that is only a preamble is no rewrite');
    assert.equal(await reviewCounter(editor.document), undefined);
  });

  test('a selection larger than the context budget is refused with a clear message, and nothing is sent', async () => {
    const { editor, file } = await openCopy('rewrite-english.md');
    const long = Array.from({ length: 40 }, () => paragraph).join('\n\n');
    await editor.edit((builder) => builder.insert(editor.document.positionAt(editor.document.getText().length), `\n${long}\n`));
    await editor.document.save();
    assert.ok(fs.readFileSync(file, 'utf8').includes(long));
    const config = vscode.workspace.getConfiguration('inkwell');
    const before = config.inspect('contextTokens')?.globalValue;
    await config.update('contextTokens', 200, vscode.ConfigurationTarget.Global);
    try {
      select(editor, long);
      const sent = server.requests.length;
      const result = await rewrite();
      assert.equal(result.outcome, 'failed');
      assert.match(result.error ?? '', /context budget of 200 tokens/);
      assert.equal(server.requests.length, sent, 'nothing was sent');
      assert.equal(await reviewCounter(editor.document), undefined);
    } finally {
      await config.update('contextTokens', before, vscode.ConfigurationTarget.Global);
    }
  });

  test('a file the settings lock, or a read-only file system, is refused before anything is sent', async () => {
    const files = vscode.workspace.getConfiguration('files');
    await files.update('readonlyInclude', { '**/rewrite-english-copy-*.md': true }, vscode.ConfigurationTarget.Workspace);
    try {
      const { editor, bytes } = await openCopy('rewrite-english.md');
      select(editor, paragraph);
      const sent = server.requests.length;
      const result = await rewrite();
      assert.equal(result.errorCode, 'read-only');
      assert.equal(server.requests.length, sent);
      assert.equal(editor.document.getText(), bytes.toString('utf8'));
    } finally {
      await files.update('readonlyInclude', undefined, vscode.ConfigurationTarget.Workspace);
    }

    const scheme = 'inkwell-rewrite-readonly-test';
    const registration = registerReadOnlyFile(scheme, paragraph);
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme, path: '/ferry.md' }));
      const editor = await vscode.window.showTextDocument(document, { preview: false });
      select(editor, paragraph);
      const sent = server.requests.length;
      const result = await rewrite();
      assert.equal(result.errorCode, 'read-only');
      assert.equal(server.requests.length, sent);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      registration.dispose();
    }
  });

  test('an empty or whitespace selection sends nothing; a second rewrite during a review is busy', async () => {
    const { editor } = await openCopy('rewrite-english.md');
    const sent = server.requests.length;
    editor.selection = new vscode.Selection(2, 0, 2, 0);
    const empty = await rewrite();
    assert.equal(empty.errorCode, 'empty-selection');
    editor.selection = new vscode.Selection(new vscode.Position(1, 0), new vscode.Position(2, 0));
    assert.equal(editor.document.getText(editor.selection).trim(), '');
    assert.equal((await rewrite()).errorCode, 'empty-selection');
    assert.equal(server.requests.length, sent, 'nothing was sent');

    select(editor, paragraph);
    server.reply({ text: 'The slow red ferry crossed the grey water while the sleeping gulls circled overhead.' });
    await rewrite();
    select(editor, 'Nobody on deck said a word.');
    const busy = await rewrite();
    assert.equal(busy.errorCode, 'busy');
    assert.equal(server.requests.length, sent + 1);
  });

  test('per change by keyboard: next and previous change move the cursor, accept at the cursor decides that change', async () => {
    const { editor } = await openCopy('rewrite-english.md');
    select(editor, paragraph);
    server.reply({ text: 'The slow red ferry crossed the grey water while the sleeping gulls circled overhead.' });
    await rewrite();
    const text = editor.document.getText();
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('inkwell.nextChange');
    assert.equal(editor.document.offsetAt(editor.selection.active), text.indexOf('quick brown'));
    await vscode.commands.executeCommand('inkwell.nextChange');
    assert.equal(editor.document.offsetAt(editor.selection.active), text.indexOf('lazy'));
    await vscode.commands.executeCommand('inkwell.previousChange');
    assert.equal(editor.document.offsetAt(editor.selection.active), text.indexOf('quick brown'));
    await vscode.commands.executeCommand('inkwell.rejectChange');
    assert.equal(editor.document.offsetAt(editor.selection.active), text.indexOf('lazy'), 'the cursor moves on to the next undecided change');
    await vscode.commands.executeCommand('inkwell.acceptChange');
    assert.equal(editor.document.getText(), text.replace('lazy gulls', 'sleeping gulls'));
  });

  test('an edit beside the changes keeps the review; an edit in a change ends it and keeps both versions', async () => {
    const { editor } = await openCopy('rewrite-english.md');
    select(editor, paragraph);
    server.reply({ text: 'The slow red ferry crossed the grey water while the sleeping gulls circled overhead.' });
    await rewrite();
    // Outside the passage, before it: the review moves along.
    await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), 'Chapter 1\n\n'));
    // Inside the passage, on a word no change touches: the review keeps it.
    const text = editor.document.getText();
    await editor.edit((builder) => builder.replace(
      new vscode.Range(editor.document.positionAt(text.indexOf('grey')), editor.document.positionAt(text.indexOf('grey') + 4)),
      'dark',
    ));
    assert.equal(await reviewCounter(editor.document), '0 of 2 changes decided');
    const hover = await hoverAt(editor.document, editor.document.getText().indexOf('lazy') + 1);
    assert.ok(hover.includes('Replace “lazy” with “sleeping”'), hover);
    await vscode.commands.executeCommand('inkwell.acceptSuggestion');
    assert.ok(
      editor.document.getText().includes('The slow red ferry crossed the dark water while the sleeping gulls circled overhead.'),
      editor.document.getText(),
    );

    select(editor, 'Nobody on deck said a word.');
    server.reply({ text: 'Nobody on deck spoke.' });
    await rewrite();
    const now = editor.document.getText();
    await editor.edit((builder) => builder.insert(editor.document.positionAt(now.indexOf('said')), 'ever '));
    assert.equal(await reviewCounter(editor.document), undefined, 'an edit inside a change ends the review');
    assert.ok(editor.document.getText().includes('Nobody on deck ever said a word.'), 'the writer’s edit is kept');
  });

  test('a long insertion is summarised inline and shown whole in the hover', async () => {
    const { editor } = await openCopy('rewrite-english.md');
    select(editor, 'Nobody on deck said a word.');
    const added = ' The engine laboured below them, and somewhere aft a child was singing under her breath, the same three notes again and again.';
    server.reply({ text: `Nobody on deck said a word.${added}` });
    await rewrite();
    const end = editor.document.getText().indexOf('said a word.') + 'said a word.'.length;
    const hover = await hoverAt(editor.document, end);
    assert.ok(hover.includes(`Insert “${added.trim()}”`), hover);
  });

  test('another version re-diffs the review; the previous one comes back without a request', async () => {
    const { editor } = await openCopy('rewrite-english.md');
    select(editor, paragraph);
    server.reply({ text: 'The slow red ferry crossed the grey water while the sleeping gulls circled overhead.' });
    await rewrite();
    server.reply({ text: 'The quick brown ferry crossed the black water while the lazy gulls circled overhead.' });
    const second = await vscode.commands.executeCommand<GenerationResult>('inkwell.nextAlternative');
    assert.equal(second.outcome, 'done');
    assert.equal(second.text, 'The quick brown ferry crossed the black water while the lazy gulls circled overhead.');
    await assertMarks(editor.document, [['grey', 'Replace “grey” with “black”']], ['quick', 'lazy']);
    const sent = server.requests.length;
    const first = await vscode.commands.executeCommand<GenerationResult>('inkwell.previousAlternative');
    assert.equal(first.text, 'The slow red ferry crossed the grey water while the sleeping gulls circled overhead.');
    assert.equal(server.requests.length, sent);
    assert.equal(await reviewCounter(editor.document), '0 of 2 changes decided');
  });

  test('side by side: the rewrite in the diff editor, accepted from there', async () => {
    const { editor, bytes } = await openCopy('rewrite-english.md');
    select(editor, paragraph);
    server.reply({ text: 'The slow red ferry crossed the grey water while the sleeping gulls circled overhead.' });
    await rewrite();
    await vscode.commands.executeCommand('inkwell.openSideBySide');
    const diffTab = () =>
      vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .find((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === 'inkwell-rewrite');
    await waitFor('the side-by-side view', () => diffTab() !== undefined);
    const input = diffTab()!.input as vscode.TabInputTextDiff;
    assert.equal(input.original.toString(), editor.document.uri.toString());
    const proposed = await vscode.workspace.openTextDocument(input.modified);
    const expected = bytes.toString('utf8').replace(paragraph, 'The slow red ferry crossed the grey water while the sleeping gulls circled overhead.');
    assert.equal(proposed.getText(), expected);
    assert.equal(editor.document.getText(), bytes.toString('utf8'), 'the document itself is unchanged');
    await waitFor('the diff editor to be active', () => vscode.window.activeTextEditor?.document.uri.scheme === 'inkwell-rewrite');
    await vscode.commands.executeCommand('inkwell.acceptSuggestion');
    assert.equal(editor.document.getText(), expected);
    await waitFor('the side-by-side view to close', () => diffTab() === undefined);
  });
});
