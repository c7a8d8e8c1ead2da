// The Brainstorm page on its own in Chromium, with a stand-in for the extension that answers only
// what a test tells it to: every request has a timeout and a visible failure, and `ready` too.
// The page's clock is Playwright's, so the twenty-second timeout passes without waiting for it.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser } from '../vscode/browser.mjs';
import { root } from '../vscode/paths.mjs';

const NO_ANSWER_LOADING = 'Inkwell did not answer. Close the view and open it again.';
/** The strings these tests read; the page shows any other by its key. */
const STRINGS = { insert: 'Insert at cursor', keep: 'Keep', kept: 'Kept', noAnswer: 'Inkwell did not answer. Try again.' };

/** What the extension would answer `ready` with: one finished round of two ideas. */
const initialState = {
  strings: STRINGS,
  categories: [{ id: 'names', label: 'Names' }],
  styles: [{ id: 'match', label: 'Match the manuscript' }],
  defaults: { category: 'names', style: 'match', count: 8 },
  suggestedTopic: '',
  history: [{ id: 'r1', category: 'names', topic: 'a smuggler captain', style: 'match', count: 8, ideas: ['Mara Vance', 'Tobias Crane'], outcome: 'done', startedAt: 0 }],
  keepers: [],
  mac: false,
};

describe('Brainstorm page without an answering extension', { timeout: 5 * 60_000 }, () => {
  let browser;
  let profile;

  before(async () => {
    profile = await mkdtemp(path.join(os.tmpdir(), 'inkwell-page-'));
    browser = await launchBrowser(profile, { viewport: { width: 400, height: 800 } });
  });

  after(async () => {
    await browser?.context.close();
    await rm(profile, { recursive: true, force: true });
  });

  /** Loads the built page with a stand-in host that answers `ready` (or not) and records the rest. */
  async function loadPage({ answerReady }) {
    const page = await browser.context.newPage();
    await page.clock.install();
    await page.setContent(`<main id="inkwell-brainstorm" aria-busy="true" data-no-answer="${NO_ANSWER_LOADING}"></main>`);
    await page.evaluate(
      ({ state, answerReady }) => {
        window.sent = [];
        window.acquireVsCodeApi = () => ({
          postMessage(message) {
            window.sent.push(message);
            if (message.type === 'ready' && answerReady) {
              const reply = { type: 'reply', requestId: message.requestId, request: 'ready', answer: { ok: true, value: state } };
              setTimeout(() => window.dispatchEvent(new MessageEvent('message', { data: reply })));
            }
          },
          getState: () => undefined,
          setState() {},
        });
      },
      { state: initialState, answerReady },
    );
    await page.addScriptTag({ path: path.join(root, 'dist/webview.js') });
    return page;
  }

  test('a card action the extension never answers says so instead of waiting forever', { timeout: 60_000 }, async () => {
    const page = await loadPage({ answerReady: true });
    await page.clock.runFor(10);
    await page.locator('#inkwell-brainstorm[data-ready="true"]').waitFor();
    const card = page.locator('#cards .card', { hasText: 'Tobias Crane' });
    await card.getByRole('button', { name: 'Insert at cursor' }).click();
    const sent = await page.evaluate(() => window.sent.at(-1));
    assert.deepEqual(sent, { type: 'insert', requestId: sent.requestId, params: { idea: { roundId: 'r1', index: 1 } } });
    assert.equal(await page.locator('#status').textContent(), '');
    await page.clock.runFor(20_000);
    await page.locator('#status', { hasText: STRINGS.noAnswer }).waitFor();

    await card.getByRole('button', { name: 'Keep' }).click();
    await page.clock.runFor(20_000);
    await page.locator('#status', { hasText: STRINGS.noAnswer }).waitFor();
    assert.equal(await card.getByRole('button', { name: 'Keep' }).getAttribute('aria-pressed'), 'false', 'nothing is shown as kept');
    await page.close();
  });

  test('a page whose ready is never answered says so', { timeout: 60_000 }, async () => {
    const page = await loadPage({ answerReady: false });
    await page.clock.runFor(20_000);
    await page.locator('#inkwell-brainstorm', { hasText: NO_ANSWER_LOADING }).waitFor();
    assert.equal(await page.locator('#inkwell-brainstorm').getAttribute('aria-busy'), null);
    await page.close();
  });
});
