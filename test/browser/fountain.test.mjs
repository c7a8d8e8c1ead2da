// A Fountain scene in the workbench as the writer sees it: the script has its language (and grammar),
// and Continue Draft after a character cue brings the dialogue in on the line under it, pending.
// Screenshots of the scene with the continuation pending, in a light and a dark theme.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DARK, LIGHT, openWorkbench, resultsDir, runCommand, startModelServer } from './harness.mjs';

const TIMEOUT = 120_000;
const FILE_NAME = 'gannet-rock.fountain';
const SCRIPT = [
  'INT. LIGHTHOUSE - LENS ROOM - NIGHT',
  '',
  'Wind hammers the glass. MARA QUILL (30s, oilskin coat) wipes soot from the chimney glass. She freezes.',
  '',
  'MARA',
  '(under her breath)',
  "You're not there.",
  '',
  'TOM (O.S.)',
  "Mara? The kettle's on!",
  '',
  'MARA',
].join('\n');
// As chat models write a screenplay: a bold cue, the line after a blank, then a "NAME:" line.
const REPLY = "**MARA**\n\nI'll be down in a minute.\n\nShe doesn't move.\n\nTom: You said that an hour ago.";
const LANDED = "\nI'll be down in a minute.\n\nShe doesn't move.\n\nTOM\nYou said that an hour ago.";

/** Opens the script with Quick Open and waits until the extension host has it as the active editor. */
async function openScript(page, editor) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(FILE_NAME);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: FILE_NAME }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await editor.waitFor((state) => state.file === FILE_NAME, `${FILE_NAME} is the active editor`);
}

for (const theme of [LIGHT, DARK]) {
  describe(`A Fountain scene with a pending continuation (${theme})`, { timeout: 10 * 60_000 }, () => {
    let server;
    let workbench;
    let page;

    before(async () => {
      server = await startModelServer();
      workbench = await openWorkbench({ name: `fountain-${theme === LIGHT ? 'light' : 'dark'}`, theme, modelUrl: server.url });
      page = workbench.page;
      await writeFile(path.join(workbench.workspace, FILE_NAME), SCRIPT);
    });

    after(async () => {
      await workbench?.close();
      await server?.close();
    });

    test('after a cue, the dialogue streams in on the next line as Fountain, pending', { timeout: TIMEOUT }, async () => {
      await openScript(page, workbench.editor);
      await page.locator('.statusbar-item', { hasText: /^Fountain$/ }).waitFor({ timeout: 30_000 });
      await page.keyboard.press('Control+End');
      await workbench.editor.waitFor((state) => state.selections[0]?.start === SCRIPT.length, 'the cursor after the last cue');
      server.reply({ text: REPLY });
      await runCommand(page, 'Inkwell: Continue Draft');
      await workbench.editor.waitFor((state) => state.file === FILE_NAME && state.text === SCRIPT + LANDED, 'the continuation in the script');
      const editor = page.locator('.part.editor .editor-instance .monaco-editor').first();
      await editor.locator('.codelens-decoration', { hasText: 'Accept (Tab)' }).waitFor({ timeout: 60_000 });
      await mkdir(resultsDir, { recursive: true });
      await page.locator('.part.editor').screenshot({ path: path.join(resultsDir, `fountain-pending-${theme === LIGHT ? 'light' : 'dark'}.png`) });
      assert.ok(server.requests.length > 0);
    });
  });
}
