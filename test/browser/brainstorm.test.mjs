// The Brainstorm view in the real workbench (light theme): rounds streaming into cards, the cards'
// actions against a real editor and the extension's storage, Stop, IME input, and that model output
// can never become markup or script.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  LIGHT,
  cspViolations,
  cssColour,
  goToLine,
  luminance,
  openBrainstorm,
  openFile,
  openWorkbench,
  runCommand,
  screenshot,
  startModelServer,
  viewColours,
  waitForWorkbench,
} from './harness.mjs';

const TIMEOUT = 120_000;

describe('Brainstorm view in the workbench (light theme)', { timeout: 15 * 60_000 }, () => {
  let server;
  let workbench;
  let page;
  let view;

  before(async () => {
    server = await startModelServer();
    workbench = await openWorkbench({ name: 'brainstorm', theme: LIGHT, modelUrl: server.url });
    page = workbench.page;
  });

  after(async () => {
    await workbench?.close();
    await server?.close();
  });

  const cardTexts = () => view.locator('#cards .card .idea').allTextContents();

  const shownRound = () => view.locator('#cards').getAttribute('data-round');

  /** Starts a round from the form; resolves with the id of the round shown before it. */
  async function ask(topic, { category } = {}) {
    const previous = await shownRound();
    if (category) await view.locator('#category').selectOption(category);
    await view.locator('#topic').fill(topic);
    await view.locator('#brainstorm').click();
    return previous;
  }

  /** Waits until a round newer than `previous` is shown and has ended. */
  async function roundEnded(previous) {
    await view.waitForFunction(
      (before) => {
        const cards = document.getElementById('cards');
        return cards.dataset.round !== before && cards.dataset.round !== '' && cards.dataset.outcome !== 'running';
      },
      previous,
      { timeout: 30_000 },
    );
    await view.locator('#brainstorm').waitFor({ state: 'visible' });
  }

  test('the view opens with the theme colours, and the extension answers a round trip', { timeout: TIMEOUT }, async () => {
    view = await openBrainstorm(page);
    const colours = await viewColours(view);
    assert.match(colours.themeKind, /vscode-light/);
    assert.equal(colours.body, cssColour(colours.sideBar));
    assert.equal(colours.button, cssColour(colours.buttonVariable));
    assert.equal(colours.text, cssColour(colours.foreground));
    assert.ok(luminance(colours.body) > 0.6, `a light background: ${colours.body}`);

    // The categories come from the extension, localised, in the order of the contract.
    const categories = await view.locator('#category option').evaluateAll((options) => options.map((o) => o.value));
    assert.deepEqual(categories, ['characters', 'names', 'places', 'plot-points', 'twists', 'conflicts', 'dialogue', 'titles', 'objects', 'world-building', 'other']);
    assert.equal(await view.locator('#style').inputValue(), 'match');
  });

  test('cards appear one by one while the answer is still streaming', { timeout: TIMEOUT }, async () => {
    const requestsBefore = server.requests.length;
    server.reply({
      chunks: [
        { text: 'Here are three names:\n\n1. Mara ' },
        { text: 'Vance\n2. Tobias', delayMs: 300 },
        { text: ' Crane\n', delayMs: 300 },
        { text: '3. Ilse Marrow', delayMs: 2500 },
      ],
    });
    const previous = await ask('a smuggler captain', { category: 'names' });
    await view.locator('#cards .card').first().waitFor({ timeout: 20_000 });
    const request = await server.waitForRequest(requestsBefore + 1);
    const firstSeen = await cardTexts();
    assert.deepEqual(firstSeen.slice(0, 1), ['Mara Vance']);
    assert.ok(firstSeen.length < 3, 'the last idea is not there yet');
    assert.equal(request.closedAt, undefined, 'the answer is still streaming');
    assert.equal(await view.locator('#stop').isVisible(), true);
    await roundEnded(previous);
    assert.deepEqual(await cardTexts(), ['Mara Vance', 'Tobias Crane', 'Ilse Marrow']);
    assert.match(JSON.stringify(request.body.messages), /a smuggler captain/);
    await screenshot(page, 'brainstorm-light.png');
  });

  test('Insert puts the card at the editor cursor, as the saved file shows', { timeout: TIMEOUT }, async () => {
    const file = path.join(workbench.workspace, 'chapter-one.md');
    const original = await readFile(file, 'utf8');
    await openFile(page, 'chapter-one.md', workbench.editor);
    await page.keyboard.press('Control+End');
    await workbench.editor.waitFor((state) => state.selections[0]?.start === original.length, 'the cursor at the end of the file');
    view = await openBrainstorm(page);
    const card = view.locator('#cards .card', { hasText: 'Tobias Crane' });
    await card.getByRole('button', { name: 'Insert at cursor' }).click();
    await view.locator('#status', { hasText: 'Inserted.' }).waitFor();
    const expected = original + 'Tobias Crane';
    await workbench.editor.waitFor((state) => state.file === 'chapter-one.md' && state.text === expected, 'the idea in the document');
    await page.keyboard.press('Control+S');
    await workbench.editor.waitFor((state) => state.file === 'chapter-one.md' && state.dirty === false, 'the document saved');
    assert.equal(await readFile(file, 'utf8'), expected);
  });

  test('Keep reaches the extension and survives hiding the view and reloading the window', { timeout: TIMEOUT }, async () => {
    view = await openBrainstorm(page);
    const card = view.locator('#cards .card', { hasText: 'Ilse Marrow' });
    await card.getByRole('button', { name: 'Keep' }).click();
    await view.locator('#keepers .keeper', { hasText: 'Ilse Marrow' }).waitFor();
    assert.equal(await card.getByRole('button', { name: 'Kept' }).getAttribute('aria-pressed'), 'true');

    await runCommand(page, 'View: Show Explorer');
    await page.locator('.part.sidebar .composite.title', { hasText: /Explorer/i }).waitFor();
    view = await openBrainstorm(page);
    assert.deepEqual(await view.locator('#keepers .keeper .idea').allTextContents(), ['Ilse Marrow']);

    await page.reload();
    await waitForWorkbench(page);
    view = await openBrainstorm(page);
    assert.deepEqual(await view.locator('#keepers .keeper .idea').allTextContents(), ['Ilse Marrow']);
    assert.deepEqual(await cardTexts(), ['Mara Vance', 'Tobias Crane', 'Ilse Marrow'], 'the last round is shown again');
    assert.equal(await view.locator('#topic').inputValue(), 'a smuggler captain');
    assert.equal(await view.locator('#category').inputValue(), 'names');
  });

  test('Not this leaves an idea out of the next rounds; More like this asks for variations of one', { timeout: TIMEOUT }, async () => {
    const notThis = view.locator('#cards .card', { hasText: 'Mara Vance' }).getByRole('button', { name: 'Not this' });
    await notThis.click();
    const excluded = view.locator('#cards .card', { hasText: 'Mara Vance' }).getByRole('button', { name: 'Excluded from the next round' });
    assert.equal(await excluded.getAttribute('aria-pressed'), 'true');
    await view.locator('#excluded-note', { hasText: '1 excluded' }).waitFor();

    const requestsBefore = server.requests.length;
    server.reply({ text: '1. Tobias Crane the Younger\n2. Tobias Salt' });
    const previous = await shownRound();
    await view.locator('#cards .card', { hasText: 'Tobias Crane' }).getByRole('button', { name: 'More like this' }).click();
    const request = await server.waitForRequest(requestsBefore + 1);
    await roundEnded(previous);
    const prompt = request.body.messages.map((message) => message.content).join('\n');
    assert.match(prompt, /Build on this idea[^\n]*:\n<idea[-\w]*>\nTobias Crane/);
    assert.match(prompt, /Already suggested[^\n]*\n<already-suggested[-\w]*>\n- Mara Vance/);
    assert.doesNotMatch(prompt, /- Ilse Marrow/, 'only the excluded idea is excluded');
    assert.deepEqual(await cardTexts(), ['Tobias Crane the Younger', 'Tobias Salt']);
    await view.locator('#seed-note', { hasText: 'Tobias Crane' }).waitFor();
  });

  test('Stop ends the round: the connection closes and the finished ideas stay', { timeout: TIMEOUT }, async () => {
    const requestsBefore = server.requests.length;
    server.reply({ chunks: [{ text: '1. The cake collapses\n' }, { text: '2. A storm cuts the power\n3. The pri' }], stallAfterChunks: 2 });
    const previous = await ask('what could go wrong at the wedding?', { category: 'plot-points' });
    await view.locator('#cards .card', { hasText: 'A storm cuts the power' }).waitFor();
    const request = await server.waitForRequest(requestsBefore + 1);
    await view.locator('#stop').click();
    await server.waitForClose(request, 10_000);
    await roundEnded(previous);
    assert.deepEqual(await cardTexts(), ['The cake collapses', 'A storm cuts the power']);
    await view.locator('#status', { hasText: 'Stopped.' }).waitFor();
  });

  test('Enter while an input method is composing does not submit; Enter afterwards does', { timeout: TIMEOUT }, async () => {
    const topic = view.locator('#topic');
    await topic.fill('');
    await topic.click();
    const requestsBefore = server.requests.length;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.imeSetComposition', { text: 'zhong', selectionStart: 5, selectionEnd: 5 });
    await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, nativeVirtualKeyCode: 13 });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, nativeVirtualKeyCode: 13 });
    await cdp.send('Input.insertText', { text: '走私船长' });
    assert.equal(await topic.inputValue(), '走私船长');
    assert.equal(await view.locator('#brainstorm').isVisible(), true);

    server.reply({ text: '1、林海潮\n2、白若霜' });
    const previous = await shownRound();
    await page.keyboard.press('Enter');
    await server.waitForRequest(requestsBefore + 1);
    await roundEnded(previous);
    assert.deepEqual(await cardTexts(), ['林海潮', '白若霜']);
    // Had the Enter during composition submitted, its round (topic "zhong") would have come first:
    // the page sends in order, so by the end of this round every earlier request has arrived.
    const sent = server.requests.slice(requestsBefore).filter((request) => request.path.endsWith('/chat/completions'));
    assert.equal(sent.length, 1, 'nothing was sent while composing');
    assert.match(JSON.stringify(sent[0].body.messages), /走私船长/);
    await cdp.detach();
  });

  test('model output with markup and script is shown as text and runs nothing', { timeout: TIMEOUT }, async () => {
    const hostile = [
      '<img src=x onerror="window.parent.__inkwellPwned = 1; document.title = \'pwned\'">',
      '<script>window.__inkwellPwned = 2</script>',
      '<a href="javascript:alert(1)">click</a> & <b>bold</b>',
    ];
    server.reply({ text: hostile.map((line, i) => `${i + 1}. ${line}`).join('\n') });
    await roundEnded(await ask('anything'));
    assert.deepEqual(await cardTexts(), hostile);
    const inside = await view.evaluate(() => ({
      pwned: window.__inkwellPwned,
      title: document.title,
      images: document.querySelectorAll('#cards img, #cards script, #cards a, #cards b').length,
    }));
    assert.equal(inside.pwned, undefined);
    assert.notEqual(inside.title, 'pwned');
    assert.equal(inside.images, 0, 'no element was made from the answer');
    assert.equal(await page.evaluate(() => window.__inkwellPwned), undefined);
  });

  test('History shows an earlier round again, and Clear history empties it', { timeout: TIMEOUT }, async () => {
    await view.locator('#history-heading').click();
    // Newest first: the last entry is the first round.
    const entry = view.locator('#history .history-entry', { hasText: 'a smuggler captain' }).last();
    await entry.click();
    assert.deepEqual(await cardTexts(), ['Mara Vance', 'Tobias Crane', 'Ilse Marrow']);
    assert.equal(await entry.getAttribute('aria-current'), 'true');
    await view.locator('#clear-history').click();
    await view.locator('#history .empty').waitFor();
    assert.equal(await view.locator('#history .history-entry').count(), 0);
    assert.deepEqual(await view.locator('#keepers .keeper .idea').allTextContents(), ['Ilse Marrow'], 'keepers stay');
  });

  test('Escape stops a round from the keyboard', { timeout: TIMEOUT }, async () => {
    const requestsBefore = server.requests.length;
    server.reply({ chunks: [{ text: '1. A letter with no name\n2. A' }], stallAfterChunks: 1 });
    const previous = await ask('an object in the lighthouse', { category: 'objects' });
    const request = await server.waitForRequest(requestsBefore + 1);
    await view.locator('#cards .card').first().waitFor();
    await view.locator('#topic').press('Escape');
    await server.waitForClose(request, 10_000);
    await roundEnded(previous);
    assert.deepEqual(await cardTexts(), ['A letter with no name']);
  });

  test('Inkwell: Brainstorm with text selected in the editor puts the selection in the topic box', { timeout: TIMEOUT }, async () => {
    const sentence = 'The lamp had not failed in forty years, and Mara did not intend to let it fail tonight.';
    // The editor and its selection as the extension host has them, not as the workbench draws them
    // (a line may not be rendered yet, or be wrapped).
    await openFile(page, 'chapter-one.md', workbench.editor);
    await goToLine(page, 3, workbench.editor);
    // The whole line (Expand Line Selection): Shift+End would stop where the editor wraps it.
    await page.keyboard.press('Control+L');
    await workbench.editor.waitFor((state) => state.selections[0]?.text.trim() === sentence, 'the sentence selected');
    view = await openBrainstorm(page);
    await eventually(async () => assert.equal(await view.locator('#topic').inputValue(), sentence));
  });

  test('idea text is shown as written: $&, $\' and $$ in a seed are not replacement patterns', { timeout: TIMEOUT }, async () => {
    const idea = 'A toll of $$5 paid in "$&" coins, and $\' after';
    server.reply({ text: `1. ${idea}\n2. Tobias Crane` });
    await roundEnded(await ask('a smuggler captain', { category: 'names' }));
    assert.deepEqual(await cardTexts(), [idea, 'Tobias Crane']);
    server.reply({ text: '1. A toll of $$6' });
    const previous = await shownRound();
    await view.locator('#cards .card', { hasText: 'A toll of $$5' }).getByRole('button', { name: 'More like this' }).click();
    await roundEnded(previous);
    assert.equal(await view.locator('#seed-note').textContent(), `More like: ${idea}`);
  });

  test('an idea too long to send back still inserts, copies and keeps; Not this and More like this say why not', { timeout: TIMEOUT }, async () => {
    const long = `The letter ran on: ${'and then the tide came in again, '.repeat(700)}the end.`;
    assert.ok(long.length > 20_000);
    // In pieces of 500 characters: the ideas, not the streaming of 9,000 tiny chunks, are under test.
    const answer = `1. ${long}\n2. A short one`;
    // An answer this long is cut as a runaway under the default answer limit: the writer allows long answers.
    await workbench.editor.updateSettings({ 'inkwell.maxOutputTokens': 8000 });
    server.reply({ chunks: Array.from({ length: Math.ceil(answer.length / 500) }, (_, i) => ({ text: answer.slice(i * 500, (i + 1) * 500) })) });
    try {
      await roundEnded(await ask('a very long letter', { category: 'objects' }));
    } finally {
      await workbench.editor.updateSettings({ 'inkwell.maxOutputTokens': 600 });
    }
    assert.deepEqual(await cardTexts(), [long, 'A short one']);
    const card = view.locator('#cards .card').first();
    for (const name of [/^Not this — too long to send back/, /^More like this — too long to send back/]) {
      assert.equal(await card.getByRole('button', { name }).isDisabled(), true);
    }

    await openFile(page, 'continue-chinese.md', workbench.editor);
    await page.keyboard.press('Control+End');
    const before = workbench.editor.state.text;
    view = await openBrainstorm(page);
    await view.locator('#cards .card').first().getByRole('button', { name: 'Insert at cursor' }).click();
    await view.locator('#status', { hasText: 'Inserted.' }).waitFor();
    await workbench.editor.waitFor((state) => state.file === 'continue-chinese.md' && state.text === before + long, 'the long idea inserted whole');

    await view.locator('#cards .card').first().getByRole('button', { name: 'Copy' }).click();
    await view.locator('#status', { hasText: 'Copied.' }).waitFor();
    await view.locator('#cards .card').first().getByRole('button', { name: 'Keep' }).click();
    await view.locator('#keepers .keeper').filter({ hasText: 'The letter ran on' }).waitFor();
    assert.equal(await view.locator('#keepers .keeper .idea').first().textContent(), long);
  });

  test('the view causes no Content-Security-Policy violations', () => {
    assert.deepEqual(cspViolations(workbench.consoleMessages), []);
  });
});

async function eventually(check, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
