// The rewrite review as the writer sees it in the real workbench, with word wrap on and the editor
// 700 px wide: every character of the reviewed paragraph — the original words, struck through where
// they go, and the proposed ones beside them — is drawn inside the editor's visible area (bounding
// boxes of each character from the page), for a paragraph with six changes and for one with a 40-word
// insertion, in word wrap on, bounded and wordWrapColumn, in the light and the dark theme. Screenshots
// go to test-results/.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DARK, LIGHT, goToLine, openFile, openWorkbench, resultsDir, runCommand, startModelServer } from './harness.mjs';
import { root } from '../vscode/paths.mjs';

const TIMEOUT = 180_000;
const FILE_NAME = 'review-wrap.md';
const EDITOR_WIDTH = 700;

const SIX_CHANGES =
  "Mara waited at the top of the lighthouse stairs while the wind tore at the shutters, and the great lamp turned steadily above her head. She counted the ships on the black water, one by one, as her father had taught her to do on nights like this, and she wrote each name in the keeper's log before the storm came in from the sea.";
const INSERTION =
  'the nets were folded on the quay, the gulls had gone to roost along the breakwater, and behind the old chandlery a radio played an old song about the sea that nobody could remember learning, though everyone knew the words';
const WITH_INSERTION = `The harbour was quiet: ${INSERTION}. The boats were in.`;

describe('Rewrite review in the workbench, word wrap on, 700 px editor', { timeout: 15 * 60_000 }, () => {
  let server;
  let workbench;
  let page;
  let original;

  before(async () => {
    server = await startModelServer();
    workbench = await openWorkbench({
      name: 'review',
      theme: LIGHT,
      modelUrl: server.url,
      settings: { 'editor.wordWrap': 'on', 'editor.minimap.enabled': false },
    });
    page = workbench.page;
    // Its own file, so that the integration suites' workspace (chapters, reports) stays as it is.
    await copyFile(path.join(root, 'test/browser/fixtures', FILE_NAME), path.join(workbench.workspace, FILE_NAME));
    original = await readFile(path.join(workbench.workspace, FILE_NAME), 'utf8');
    await runCommand(page, 'View: Close Primary Side Bar');
    await openFile(page, FILE_NAME, workbench.editor);
    // The window as wide as it takes for the editor to be 700 px.
    const width = await editor().evaluate((node) => node.getBoundingClientRect().width);
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: Math.round(viewport.width + EDITOR_WIDTH - width), height: viewport.height });
    await page.waitForFunction((wanted) => Math.abs(document.querySelector('.part.editor .monaco-editor').getBoundingClientRect().width - wanted) < 2, EDITOR_WIDTH);
  });

  after(async () => {
    await workbench?.close();
    await server?.close();
  });

  const editor = () => page.locator('.part.editor .editor-instance .monaco-editor').first();

  /**
   * Every character the editor draws on its text lines, with its bounding box, and the characters
   * drawn outside the editor's visible area (left of the text area, or right of its edge).
   */
  function measure() {
    return editor().evaluate((node) => {
      const area = node.querySelector('.overflow-guard').getBoundingClientRect();
      const lines = [...node.querySelectorAll('.view-lines .view-line')].sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
      let text = '';
      let measured = 0;
      const outside = [];
      for (const line of lines) {
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        for (let textNode = walker.nextNode(); textNode; textNode = walker.nextNode()) {
          for (let i = 0; i < textNode.data.length; i++) {
            const range = document.createRange();
            range.setStart(textNode, i);
            range.setEnd(textNode, i + 1);
            for (const box of range.getClientRects()) {
              if (box.width === 0) continue;
              measured++;
              if (box.left < area.left - 0.5 || box.right > area.right + 0.5 || box.top < area.top - 0.5 || box.bottom > area.bottom + 0.5) {
                outside.push({ character: textNode.data[i], left: Math.round(box.left), right: Math.round(box.right), areaRight: Math.round(area.right) });
              }
            }
          }
        }
        text += `${line.textContent}\n`;
      }
      return { text: text.replace(/[\s\u00a0]+/g, ' '), measured, outside: outside.slice(0, 20), outsideCount: outside.length };
    });
  }

  /** Every character of `expected` is drawn, in order (other text, such as proposed words, may come between). */
  function assertWordsShown(shown, expected, what) {
    let from = 0;
    for (const character of expected.replace(/\s+/g, '')) {
      const at = shown.indexOf(character, from);
      assert.ok(at >= 0, `${what}: "${character}" is not drawn after "${shown.slice(Math.max(0, from - 40), from)}" in: ${shown}`);
      from = at + 1;
    }
  }

  async function assertAllInside(what) {
    const { measured, outside, outsideCount, text } = await measure();
    assert.ok(measured > 300, `${what}: only ${measured} characters drawn`);
    assert.deepEqual(outside, [], `${what}: ${outsideCount} characters outside the editor's visible area`);
    return text;
  }

  async function startReview(line, reply) {
    await openFile(page, FILE_NAME, workbench.editor);
    await goToLine(page, line, workbench.editor);
    await page.keyboard.press('Control+L');
    await workbench.editor.waitFor((state) => state.selections[0]?.text.trim().length > 20, 'the paragraph selected');
    const requestsBefore = server.requests.length;
    server.reply({ text: reply });
    await page.keyboard.press('Control+Alt+R');
    // Interactive, the command asks how to rewrite: the writer picks Rephrase.
    const rephrase = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Rephrase' }).first();
    await rephrase.waitFor({ timeout: 60_000 });
    await rephrase.click();
    await server.waitForRequest(requestsBefore + 1, 60_000);
    await editor().locator('.codelens-decoration', { hasText: 'Accept All' }).waitFor({ timeout: 60_000 });
  }

  async function rejectAll() {
    await editor().locator('.codelens-decoration a', { hasText: 'Reject All' }).click();
    await editor().locator('.codelens-decoration', { hasText: 'Accept All' }).waitFor({ state: 'detached', timeout: 60_000 });
    assert.equal(workbench.editor.state.text, original, 'the document is as it was');
  }

  test('six changes in a paragraph: every original and proposed word drawn inside the editor, in each word wrap mode', { timeout: TIMEOUT }, async () => {
    await startReview(3, SIX_CHANGES);
    // The proposal's words are in the editor, the document unchanged until the review ends.
    await page.waitForFunction(() => document.querySelector('.part.editor .view-lines').textContent.includes('steadily'));
    assert.equal(workbench.editor.state.text, original, 'the document stays unchanged during the review');
    const paragraph = original.split('\n')[2];
    for (const [mode, settings] of [
      ['on', { 'editor.wordWrap': 'on' }],
      ['bounded at 60', { 'editor.wordWrap': 'bounded', 'editor.wordWrapColumn': 60 }],
      ['wordWrapColumn 60', { 'editor.wordWrap': 'wordWrapColumn', 'editor.wordWrapColumn': 60 }],
    ]) {
      await workbench.editor.updateSettings(settings);
      await page.waitForFunction(
        (wrapped) => {
          const lines = document.querySelectorAll('.part.editor .view-lines .view-line');
          return lines.length >= (wrapped ? 8 : 4);
        },
        mode !== 'on',
      );
      const shown = await assertAllInside(`word wrap ${mode}`);
      assertWordsShown(shown, paragraph, `the original, word wrap ${mode}`);
      for (const word of ['waited', 'tore', 'great', 'steadily', 'black', 'storm']) assert.ok(shown.includes(word), `"${word}" is drawn (word wrap ${mode})`);
    }
    await workbench.editor.updateSettings({ 'editor.wordWrap': 'on' });
    await mkdir(resultsDir, { recursive: true });
    await page.locator('.part.editor').screenshot({ path: path.join(resultsDir, 'review-six-changes-light.png') });
  });

  test('the same review in the dark theme', { timeout: TIMEOUT }, async () => {
    await workbench.editor.updateSettings({ 'workbench.colorTheme': DARK });
    await page.locator('.monaco-workbench.vscode-theme-defaults-themes-dark_modern-json').waitFor({ timeout: 60_000 });
    const shown = await assertAllInside('dark theme');
    for (const word of ['waited', 'tore', 'great', 'steadily', 'black', 'storm']) assert.ok(shown.includes(word), `"${word}" is drawn`);
    await page.locator('.part.editor').screenshot({ path: path.join(resultsDir, 'review-six-changes-dark.png') });
    await rejectAll();
    await workbench.editor.updateSettings({ 'workbench.colorTheme': LIGHT });
    await page.locator('.monaco-workbench.vscode-theme-defaults-themes-light_modern-json').waitFor({ timeout: 60_000 });
  });

  test('a 40-word insertion is summarised inside the editor and read whole in its hover', { timeout: TIMEOUT }, async () => {
    assert.equal(INSERTION.split(/\s+/).length, 40);
    await startReview(5, WITH_INSERTION);
    const summary = editor().locator('.view-lines span', { hasText: 'hover to read' }).last();
    await summary.waitFor();
    const shown = await assertAllInside('a long insertion');
    assertWordsShown(shown, 'The harbour was quiet. The boats were in.', 'the original');
    assert.match(shown, /the nets were folded[^]*\(\+\d+ more words, hover to read\)/);
    await page.locator('.part.editor').screenshot({ path: path.join(resultsDir, 'review-insertion-light.png') });

    await summary.hover();
    const hover = page.locator('.monaco-hover').filter({ hasText: 'everyone knew the words' });
    await hover.first().waitFor({ timeout: 30_000 });
    const hoverText = (await hover.first().textContent()).replace(/\s+/g, ' ');
    assert.ok(hoverText.includes(INSERTION), hoverText);

    await workbench.editor.updateSettings({ 'workbench.colorTheme': DARK });
    await page.locator('.monaco-workbench.vscode-theme-defaults-themes-dark_modern-json').waitFor({ timeout: 60_000 });
    await page.mouse.move(0, 0);
    await assertAllInside('a long insertion, dark theme');
    await page.locator('.part.editor').screenshot({ path: path.join(resultsDir, 'review-insertion-dark.png') });
    await rejectAll();
  });
});
