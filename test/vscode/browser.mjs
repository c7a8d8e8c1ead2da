// Debian's Chromium driven by playwright-core: never a browser download.
import { chromium } from 'playwright-core';
import { ensureChromium } from './provision.mjs';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** One persistent profile per run: the web workbench keeps SecretStorage in the browser profile. */
export async function launchBrowser(profileDir, { headless = true, viewport = { width: 1400, height: 900 } } = {}) {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: await ensureChromium(),
    headless,
    viewport,
    args: CHROMIUM_FLAGS,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}
