// Select Model asks before it lists the models of a server on another machine, as a generation asks
// before it sends text: the dialog is answered in the real workbench, and the server counts what it
// received before and after the answer. The server listens on this machine's network address, which
// is not loopback, over http (so the question also says the connection is unencrypted).
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { LIGHT, openWorkbench, runCommand, startModelServer } from './harness.mjs';

const TIMEOUT = 120_000;
const MODELS = ['harbour-model', 'lighthouse-model'];

/** An IPv4 address of this machine that is not loopback, if it has one. */
function networkAddress() {
  return Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;
}

const address = networkAddress();

describe('Confirmation before the first request to another machine', { timeout: 10 * 60_000, skip: address ? false : 'this machine has no network address besides loopback' }, () => {
  let server;
  let workbench;
  let page;

  before(async () => {
    server = await startModelServer({ host: address, models: MODELS });
    workbench = await openWorkbench({ name: 'confirmation', theme: LIGHT, modelUrl: server.url });
    page = workbench.page;
  });

  after(async () => {
    await workbench?.close();
    await server?.close();
  });

  const dialog = () => page.locator('.monaco-dialog-box');
  const listings = () => server.requests.filter((request) => request.path === '/v1/models');

  test('Select Model asks before listing; a dialog closed without an answer lists nothing and asks again', { timeout: TIMEOUT }, async () => {
    await runCommand(page, 'Inkwell: Select Model');
    await dialog().waitFor({ timeout: 60_000 });
    const question = await dialog().innerText();
    assert.match(question, new RegExp(`Send your text to ${server.origin.replace(/[.]/g, '\\.')} without encryption\\?`));
    assert.match(question, /unencrypted/);
    assert.deepEqual(server.requests, [], 'nothing reached the server before the writer answered');

    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });
    await page.getByText(`Nothing was sent: sending your text to ${server.origin.replace('http://', '')} was not allowed.`).first().waitFor({ state: 'attached', timeout: 30_000 });
    assert.deepEqual(server.requests, [], 'closing the dialog sends nothing');
  });

  test('answering Send lists the server\'s models in the picker', { timeout: TIMEOUT }, async () => {
    await runCommand(page, 'Inkwell: Select Model');
    await dialog().waitFor({ timeout: 60_000 });
    assert.deepEqual(listings(), [], 'still nothing before the answer');
    await dialog().locator('.monaco-button', { hasText: /^Send$/ }).click();
    const rows = page.locator('.quick-input-list .monaco-list-row');
    for (const model of MODELS) await rows.filter({ hasText: model }).first().waitFor({ timeout: 60_000 });
    assert.equal(listings().length, 1, 'the models were listed once, after the answer');
    await page.keyboard.press('Escape');
  });
});
