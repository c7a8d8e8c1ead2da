// The Context view in the real workbench: opened by Inkwell: Show Context on a manuscript that names
// lore entries, it lists the parts of the next request with their tokens and why each entry is there
// (and what is never sent), follows the cursor, opens an entry on click, and is drawn in the light and
// the dark theme (a screenshot of each for review).
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LIGHT, goToLine, openFile, openWorkbench, runCommand, screenshot, sidebar } from './harness.mjs';

const TIMEOUT = 180_000;

const ENTRIES = {
  'people/mara.md': '---\nname: Mara Quill\naliases: [Mara]\ntype: character\n---\nKeeper of the light on Gannet Rock.',
  'places/gannet-rock.md': '---\nname: Gannet Rock\ntype: place\n---\nA granite rock in the bay.',
  'world/sea.md': '---\nname: The Sea\ninclude: always\n---\nCold and grey.',
  'people/secret.md': '---\nname: The Heir\naliases: [Mara]\ninclude: never\n---\nMara is the lost heir.',
};

describe('Context view in the workbench', { timeout: 15 * 60_000 }, () => {
  let workbench;
  let page;

  before(async () => {
    workbench = await openWorkbench({ name: 'context-view', theme: LIGHT });
    page = workbench.page;
    for (const [file, text] of Object.entries(ENTRIES)) {
      const full = path.join(workbench.workspace, '.inkwell', 'lore', file);
      await mkdir(path.dirname(full), { recursive: true });
      await writeFile(full, text);
    }
  });

  after(async () => {
    await workbench?.close();
  });

  const row = (text) => sidebar(page).locator('.monaco-list-row', { hasText: text }).first();

  test('lists the parts of the next request with why each entry is there, and follows the cursor', { timeout: TIMEOUT }, async () => {
    await openFile(page, 'chapter-one.md', workbench.editor);
    await goToLine(page, 3, workbench.editor);
    await runCommand(page, 'Inkwell: Show Context (What Is Sent and Why)');
    await row('Mara Quill').waitFor({ timeout: 60_000 });
    assert.match(await row('Mara Quill').innerText(), /tokens · “Mara” on line \d+/);
    assert.match(await row('Gannet Rock').innerText(), /(cascade)/);
    assert.match(await row('The Sea').innerText(), /always/);
    assert.match(await row('The Heir').innerText(), /never sent/);
    assert.match(await row('of 3000 tokens').innerText(), /█*░*\s*\d+%/);
    await row('Before the cursor').waitFor();

    // A selection makes it the map of a rewrite (the command left the focus in the view).
    await page.keyboard.press('Control+1');
    await page.keyboard.press('Shift+End');
    await workbench.editor.waitFor((state) => state.selections[0] && state.selections[0].end > state.selections[0].start, 'a selection');
    await row('For: Rewrite Selection').waitFor({ timeout: 30_000 });
    await page.getByRole('treeitem', { name: /^Selection, \d+ tokens/ }).waitFor();
    await page.keyboard.press('End');
    await row('For: Continue Draft').waitFor({ timeout: 30_000 });

    await screenshot(page, 'context-view-light.png');
    await runCommand(page, 'Preferences: Toggle between Light/Dark Themes');
    await page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 30_000 });
    await row('Mara Quill').waitFor();
    await screenshot(page, 'context-view-dark.png');
  });

  test('an entry opens its file on click', { timeout: TIMEOUT }, async () => {
    await row('Mara Quill').click();
    await page.locator('.tabs-container .tab[aria-label^="mara.md"]').waitFor({ timeout: 30_000 });
  });
});
