// The Brainstorm view in a dark theme: drawn with that theme's colours, and a screenshot for review.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DARK, cspViolations, cssColour, luminance, openBrainstorm, openWorkbench, screenshot, startModelServer, viewColours } from './harness.mjs';

describe('Brainstorm view in the workbench (dark theme)', { timeout: 10 * 60_000 }, () => {
  let server;
  let workbench;

  before(async () => {
    server = await startModelServer();
    workbench = await openWorkbench({ name: 'theme-dark', theme: DARK, modelUrl: server.url });
  });

  after(async () => {
    await workbench?.close();
    await server?.close();
  });

  test('the view follows the dark theme and shows a round', { timeout: 120_000 }, async () => {
    const { page } = workbench;
    const view = await openBrainstorm(page);
    const colours = await viewColours(view);
    assert.match(colours.themeKind, /vscode-dark/);
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
    await screenshot(page, 'brainstorm-dark.png');
    assert.deepEqual(cspViolations(workbench.consoleMessages), []);
  });
});
