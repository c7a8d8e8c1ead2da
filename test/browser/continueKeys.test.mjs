// Continue Draft's keys pressed for real in the workbench: Ctrl+Alt+Enter streams a continuation in,
// Tab in the suggest widget still picks the suggestion while the continuation waits, a plain Tab
// accepts it, and Escape first stops a slow stream (the partial text stays pending) and then rejects
// it. What happened is read back from the file on disk after saving.
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LIGHT, openFile, openWorkbench, resultsDir, startModelServer } from './harness.mjs';

const TIMEOUT = 120_000;
const FILE_NAME = 'keys.md';
const FIRST_REPLY = 'The engine coughed twice and caught.';

/** Polls `check` (which throws until the condition holds) until it passes or `timeoutMs` runs out. */
async function eventually(check, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

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

  /**
   * The text the editor draws (its visible lines; the fixture fits on screen) with every run of
   * white space as one space: Markdown wraps long lines, so where a line breaks on screen says nothing.
   */
  const shownText = () => editor().locator('.view-lines').evaluate((lines) => lines.innerText.replace(/[\s\u00a0]+/g, ' ').trim());

  const lens = (title) => editor().locator('.codelens-decoration', { hasText: title });

  /** Saves with Ctrl+S and waits until the tab says the document is saved. */
  async function save() {
    await page.keyboard.press('Control+S');
    await page.locator(`.tabs-container .tab[aria-label^="${FILE_NAME}"]:not(.dirty)`).waitFor({ timeout: 60_000 });
  }

  async function fileIs(expected) {
    await eventually(async () => assert.equal(await readFile(file, 'utf8'), expected));
  }

  test('Ctrl+Alt+Enter at the end of a paragraph streams the continuation in, pending', { timeout: TIMEOUT }, async () => {
    await openFile(page, FILE_NAME);
    await page.keyboard.press('Control+End');
    const requestsBefore = server.requests.length;
    server.reply({ text: FIRST_REPLY });
    await page.keyboard.press('Control+Alt+Enter');

    // The first command also activates Inkwell and loads the client library: allow a busy machine time.
    const request = await server.waitForRequest(requestsBefore + 1, 60_000);
    assert.match(JSON.stringify(request.body.messages), /untied the rope/);
    await eventually(async () => assert.match(await shownText(), /untied the rope\. The engine coughed twice and caught\./));
    await lens('Accept (Tab)').waitFor({ timeout: 60_000 });
    await lens('Reject (Escape)').waitFor();
    assert.equal(await readFile(file, 'utf8'), original, 'nothing is written to disk before the writer saves');

    await mkdir(resultsDir, { recursive: true });
    await page.locator('.part.editor').screenshot({ path: path.join(resultsDir, 'continue-pending.png') });
  });

  test('with the continuation pending, Tab in the suggest widget picks the suggestion and the continuation stays', { timeout: TIMEOUT }, async () => {
    // The end of the first paragraph, well away from the pending text (typing at its end would accept it as edited).
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.type(' The passe');
    await eventually(async () => assert.match(await shownText(), /one by one\. The passe The ferryman/));

    await page.keyboard.press('Control+Space');
    const suggestWidget = page.locator('.editor-widget.suggest-widget.visible');
    await suggestWidget.locator('.monaco-list-row.focused', { hasText: 'passengers' }).waitFor({ timeout: 60_000 });
    await page.keyboard.press('Tab');

    await eventually(async () => assert.match(await shownText(), /one by one\. The passengers The ferryman/));
    await suggestWidget.waitFor({ state: 'hidden' });
    const shown = await shownText();
    assert.match(shown, /untied the rope\. The engine coughed twice and caught\./, 'the continuation is still in the document');
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
    assert.match(await shownText(), /untied the rope\. The engine coughed twice and caught\./);
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
    await eventually(async () => assert.match(await shownText(), /caught\. A gull landed on the rail and watched/));
    await lens('Stop (Escape)').waitFor();
    assert.equal(request.closedAt, undefined, 'the answer is still streaming');

    await page.keyboard.press('Escape');
    await server.waitForClose(request, 60_000);
    await lens('Partial').waitFor({ timeout: 60_000 });
    await lens('Accept (Tab)').waitFor();
    assert.match(await shownText(), /caught\. A gull landed on the rail and watched/, 'what arrived stays in the document');

    await page.keyboard.press('Escape');
    await lens('Reject (Escape)').waitFor({ state: 'detached', timeout: 60_000 });
    await eventually(async () => assert.doesNotMatch(await shownText(), /A gull/));
    await save();
    assert.deepEqual(await readFile(file), saved, 'the saved file is byte for byte what it was before');
    server.assertAllValid();
  });
});
