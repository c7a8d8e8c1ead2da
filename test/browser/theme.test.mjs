// The Brainstorm view in a dark and a high-contrast theme: drawn with that theme's colours, and a
// screenshot of each for review (the light theme's is taken by brainstorm.test.mjs).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DARK, HIGH_CONTRAST, cspViolations, cssColour, luminance, openBrainstorm, openWorkbench, screenshot, startModelServer, viewColours } from './harness.mjs';

const themes = [
  { theme: DARK, kind: /vscode-dark/, file: 'brainstorm-dark.png' },
  { theme: HIGH_CONTRAST, kind: /vscode-high-contrast/, file: 'brainstorm-high-contrast.png' },
];

for (const { theme, kind, file } of themes) {
  describe(`Brainstorm view in the workbench (${theme})`, { timeout: 10 * 60_000 }, () => {
    let server;
    let workbench;

    before(async () => {
      server = await startModelServer();
      workbench = await openWorkbench({ name: 'theme', theme, modelUrl: server.url });
    });

    after(async () => {
      await workbench?.close();
      await server?.close();
    });

    test('the view follows the theme and shows a round', { timeout: 120_000 }, async () => {
      const { page } = workbench;
      const view = await openBrainstorm(page);
      const colours = await viewColours(view);
      assert.match(colours.themeKind, kind);
      assert.equal(colours.body, cssColour(colours.sideBar));
      assert.equal(colours.button, cssColour(colours.buttonVariable));
      assert.equal(colours.text, cssColour(colours.foreground));
      assert.ok(luminance(colours.body) < 0.3, `a dark background: ${colours.body}`);

      server.reply({ text: '1. **The Salt Widow** — buried three husbands at sea\n2. 白鹤：只运信件，从不运货\n3. Tobias Crane' });
      await view.locator('#topic').fill('a smuggler captain');
      await view.locator('#topic').press('Control+Enter');
      await view.locator('#cards .card').nth(2).waitFor();
      await view.locator('#brainstorm').waitFor({ state: 'visible' });
      await view.locator('#cards .card').first().getByRole('button', { name: 'Keep' }).click();
      await view.locator('#keepers .keeper').first().waitFor();
      if (colours.contrastBorder) {
        const border = await view.locator('#cards .card').first().evaluate((card) => getComputedStyle(card).borderTopColor);
        assert.equal(border, cssColour(colours.contrastBorder), 'cards are outlined in the contrast border colour');
      }
      await screenshot(page, file);
      assert.deepEqual(cspViolations(workbench.consoleMessages), []);
    });
  });
}
