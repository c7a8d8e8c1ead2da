// Continue Draft's keys pressed for real in the workbench: Ctrl+Alt+Enter streams a continuation in,
// Tab in the suggest widget still picks the suggestion while the continuation waits, a plain Tab
// accepts it, and Escape first stops a slow stream (the partial text stays pending) and then rejects
// it. What happened is read back from the file on disk after saving.
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LIGHT, goToLine, openFile, openWorkbench, resultsDir, startModelServer } from './harness.mjs';

const TIMEOUT = 120_000;
const FILE_NAME = 'keys.md';
const FIRST_REPLY = 'The engine coughed twice and caught.';

describe('Continue Draft keys in the workbench', { timeout: 15 * 60_000 }, () => {
  let server;
  let workbench;
  let page;
  let file;
  let original;

  before(async () => {
    server = await startModelServer();
    workbench = await openWorkbench({ name: 'continue-keys', theme: LIGHT, modelUrl: server.url });
    page = workbench.page;
    file = path.join(workbench.workspace, FILE_NAME);
    original = await readFile(file, 'utf8');
  });

  after(async () => {
    await workbench?.close();
    await server?.close();
  });

  const editor = () => page.locator('.part.editor .editor-instance .monaco-editor').first();

  /** Waits until the document, as the extension host has it, matches `pattern` (or no longer does, with `not`). */
  const documentMatches = (pattern, { not = false } = {}) =>
    workbench.editor.waitFor((state) => state.file === FILE_NAME && pattern.test(state.text) !== not, `${FILE_NAME} ${not ? 'without' : 'with'} ${pattern}`);

  const lens = (title) => editor().locator('.codelens-decoration', { hasText: title });

  /** Saves with Ctrl+S and waits until the document is saved. */
  async function save() {
    await page.keyboard.press('Control+S');
    await workbench.editor.waitFor((state) => state.file === FILE_NAME && state.dirty === false, `${FILE_NAME} saved`);
  }

  async function fileIs(expected) {
    assert.equal(await readFile(file, 'utf8'), expected);
  }

  test('Ctrl+Alt+Enter at the end of a paragraph streams the continuation in, pending', { timeout: TIMEOUT }, async () => {
    await openFile(page, FILE_NAME, workbench.editor);
    await page.keyboard.press('Control+End');
    await workbench.editor.waitFor((state) => state.selections[0]?.start === original.length, 'the cursor at the end');
    const requestsBefore = server.requests.length;
    server.reply({ text: FIRST_REPLY });
    await page.keyboard.press('Control+Alt+Enter');

    // The first command also activates Inkwell and loads the client library: allow a busy machine time.
    const request = await server.waitForRequest(requestsBefore + 1, 60_000);
    assert.match(JSON.stringify(request.body.messages), /untied the rope/);
    await documentMatches(/untied the rope\. The engine coughed twice and caught\./);
    await lens('Accept (Tab)').waitFor({ timeout: 60_000 });
    await lens('Reject (Escape)').waitFor();
    assert.equal(await readFile(file, 'utf8'), original, 'nothing is written to disk before the writer saves');

    await mkdir(resultsDir, { recursive: true });
    await page.locator('.part.editor').screenshot({ path: path.join(resultsDir, 'continue-pending.png') });
  });

  test('with the continuation pending, Tab in the suggest widget picks the suggestion and the continuation stays', { timeout: TIMEOUT }, async () => {
    // The end of the first paragraph, well away from the pending text (typing at its end would accept it as edited).
    await goToLine(page, 3, workbench.editor);
    await page.keyboard.press('End');
    await page.keyboard.type(' The passe');
    await documentMatches(/one by one\. The passe\n\nThe ferryman/);

    await page.keyboard.press('Control+Space');
    const suggestWidget = page.locator('.editor-widget.suggest-widget.visible');
    await suggestWidget.locator('.monaco-list-row.focused', { hasText: 'passengers' }).waitFor({ timeout: 60_000 });
    await page.keyboard.press('Tab');

    const { text } = await documentMatches(/one by one\. The passengers\n\nThe ferryman/);
    await suggestWidget.waitFor({ state: 'hidden' });
    assert.match(text, /untied the rope\. The engine coughed twice and caught\./, 'the continuation is still in the document');
    // Still pending now; the next test's saved file also shows the Tab reached only the suggest widget.
    assert.equal(await lens('Accept (Tab)').count(), 1, 'the continuation is still pending');
  });

  test('a plain Tab then accepts the continuation, and saving writes it to disk', { timeout: TIMEOUT }, async () => {
    await page.keyboard.press('Tab');
    await lens('Accept (Tab)').waitFor({ state: 'detached', timeout: 60_000 });
    await save();
    // Had this Tab gone to the editor (say, the suggest widget's Tab accepted the continuation too),
    // it would have put white space after "passengers".
    const expected = original
      .replace('one by one.', 'one by one. The passengers')
      .concat(` ${FIRST_REPLY}`);
    await fileIs(expected);
    assert.equal(workbench.editor.state.text, expected);
  });

  test('Escape stops a slow stream and keeps what arrived pending; a second Escape rejects it', { timeout: TIMEOUT }, async () => {
    const saved = await readFile(file);
    await page.keyboard.press('Control+End');
    const requestsBefore = server.requests.length;
    // Three slow chunks, then silence with the connection open: the stream is still running when Escape comes.
    server.reply({
      chunks: [
        { text: 'A gull landed' },
        { text: ' on the rail', delayMs: 400 },
        { text: ' and watched them', delayMs: 400 },
      ],
      stallAfterChunks: 3,
    });
    await page.keyboard.press('Control+Alt+Enter');
    const request = await server.waitForRequest(requestsBefore + 1, 60_000);
    await documentMatches(/caught\. A gull landed on the rail and watched/);
    await lens('Stop (Escape)').waitFor();
    assert.equal(request.closedAt, undefined, 'the answer is still streaming');

    await page.keyboard.press('Escape');
    await server.waitForClose(request, 60_000);
    await lens('Partial').waitFor({ timeout: 60_000 });
    await lens('Accept (Tab)').waitFor();
    assert.match(workbench.editor.state.text, /caught\. A gull landed on the rail and watched/, 'what arrived stays in the document');

    await page.keyboard.press('Escape');
    await lens('Reject (Escape)').waitFor({ state: 'detached', timeout: 60_000 });
    await documentMatches(/A gull/, { not: true });
    await save();
    assert.deepEqual(await readFile(file), saved, 'the saved file is byte for byte what it was before');
    server.assertAllValid();
  });
});
