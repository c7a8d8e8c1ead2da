// Drives the real VS Code workbench (code-server's web build) in Debian's Chromium with Inkwell loaded
// as a development extension, talking to the scripted test model server started here, in the test
// process. Gives the tests the page, the Brainstorm view's frame, the workspace on disk and, through
// the editor probe extension, the active editor's document and selections as the extension host has them.
import { cp, mkdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { launchBrowser } from '../vscode/browser.mjs';
import { startCodeServer, workbenchUrl } from '../vscode/codeServer.mjs';
import { root, runsDir } from '../vscode/paths.mjs';
import { ensureCodeServer } from '../vscode/provision.mjs';
import { developmentFolder } from '../vscode/runIntegration.mjs';
import { quietUserSettings } from '../vscode/userSettings.mjs';

export const LIGHT = 'Default Light Modern';
export const DARK = 'Default Dark Modern';
export const HIGH_CONTRAST = 'Default High Contrast';

/** How each theme shows in the Color Theme picker, and the class the workbench carries while it is on. */
const THEMES = {
  [LIGHT]: { label: 'Light Modern', workbenchClass: 'vscode-theme-defaults-themes-light_modern-json' },
  [DARK]: { label: 'Dark Modern', workbenchClass: 'vscode-theme-defaults-themes-dark_modern-json' },
  [HIGH_CONTRAST]: { label: 'Dark High Contrast', workbenchClass: 'vscode-theme-defaults-themes-hc_black-json' },
};
export const resultsDir = path.join(root, 'test-results');
const MODEL = 'test-model';

/** The scripted OpenAI-compatible server (TypeScript, shared with the unit and integration tests). */
export async function startModelServer(options = {}) {
  const { TestModelServer } = await tsImport('../server/testServer.ts', import.meta.url);
  return TestModelServer.start(options);
}

const editorProbeExtension = path.join(root, 'test/browser/editor-probe');

/**
 * Receives the editor probe's reports (test/browser/editor-probe): the active editor's file (relative
 * to the workspace), document text and version, dirty flag and selections (offsets and text). Tests
 * wait on these, which is what the document really is, instead of on the lines the workbench renders.
 */
export async function startEditorProbe() {
  let latest = { session: undefined, sequence: 0, text: undefined, selections: [] };
  const listeners = new Set();
  /** Settings changes for the probe to apply, and the one it is waiting to be given. */
  const settingsQueue = [];
  let settingsPoll;
  const applied = new Map();
  let nextSettingsId = 1;
  const handOver = () => {
    if (!settingsPoll || settingsQueue.length === 0) return;
    settingsPoll.end(JSON.stringify(settingsQueue.shift()));
    settingsPoll = undefined;
  };
  const server = http.createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/settings') {
      settingsPoll = response;
      // Answered empty after a while, so that the probe asks again rather than wait on a dead socket.
      const idle = setTimeout(() => {
        if (settingsPoll !== response) return;
        settingsPoll = undefined;
        response.writeHead(204).end();
      }, 20_000);
      response.on('close', () => clearTimeout(idle));
      handOver();
      return;
    }
    const done = /^\/settings\/(\d+)$/.exec(request.url);
    if (done) {
      response.end();
      applied.get(Number(done[1]))?.();
      return;
    }
    let body = '';
    request.setEncoding('utf8').on('data', (data) => (body += data));
    request.on('end', () => {
      response.end();
      const state = JSON.parse(body);
      // Reports may arrive out of order; a reloaded window's new extension host starts a new session.
      if (state.session !== latest.session || state.sequence > latest.sequence) {
        latest = state;
        for (const listener of listeners) listener(state);
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    get state() {
      return latest;
    },
    /** Resolves with the first state (the current one included) for which `holds(state)` is true. */
    waitFor(holds, what, timeoutMs = 60_000) {
      if (holds(latest)) return Promise.resolve(latest);
      return new Promise((resolve, reject) => {
        const listener = (state) => {
          if (!holds(state)) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(state);
        };
        const timer = setTimeout(() => {
          listeners.delete(listener);
          const { text, ...rest } = latest;
          reject(new Error(`The editor never reached: ${what}. Last: ${JSON.stringify({ ...rest, text: text?.slice(-300) })}`));
        }, timeoutMs);
        listeners.add(listener);
      });
    },
    /** Changes user settings through the extension host (Global target); resolves once they are applied. */
    updateSettings(changes) {
      const id = nextSettingsId++;
      const done = new Promise((resolve) => applied.set(id, resolve));
      settingsQueue.push({ id, changes });
      handOver();
      return done;
    },
    close: () => {
      settingsPoll?.writeHead(204).end();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Starts code-server on a fresh copy of the test workspace, with the user settings written before the
 * workbench opens (theme, and Inkwell pointed at `modelUrl`), and opens the workbench in Chromium.
 */
export async function openWorkbench({ name, theme = LIGHT, modelUrl, settings = {} }) {
  const codeServer = await ensureCodeServer();
  const runDir = path.join(runsDir, `browser-${name}-${Date.now()}-${process.pid}`);
  const workspace = path.join(runDir, 'workspace');
  await mkdir(runDir, { recursive: true });
  await cp(path.join(root, 'test/fixtures/workspace'), workspace, { recursive: true });
  const editor = await startEditorProbe();
  // Without the smoke-test driver option the server ignores the URL's payload, development extension included.
  const server = await startCodeServer({ codeServer, runDir, testDriver: true, env: { INKWELL_PROBE_URL: editor.url } });
  const userSettings = {
    ...quietUserSettings,
    'workbench.colorTheme': theme,
    ...(modelUrl ? { 'inkwell.provider': 'openai-compatible', 'inkwell.baseUrl': modelUrl, 'inkwell.model': MODEL } : {}),
    ...settings,
  };
  let browser;
  const close = async () => {
    await browser?.context.close().catch(() => {});
    await server.stop();
    await editor.close();
  };
  // Whatever fails from here on, the server's process group and the browser are not left behind.
  try {
    await mkdir(path.join(server.userDataDir, 'User'), { recursive: true });
    await writeFile(path.join(server.userDataDir, 'User/settings.json'), JSON.stringify(userSettings, null, 2));
    browser = await launchBrowser(path.join(runDir, 'profile'));
    const { page } = browser;
    const consoleMessages = [];
    page.on('console', (message) => consoleMessages.push({ type: message.type(), text: message.text(), url: message.location().url }));
    const extensionPaths = await developmentFolder(runDir, [root, editorProbeExtension]);
    const url = workbenchUrl({ origin: server.origin, port: server.port, folder: workspace, extensionPaths });
    await page.goto(url);
    await waitForWorkbench(page);
    await ensureTheme(page, theme);
    return { page, workspace, consoleMessages, editor, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * The workbench says it has restored (the smoke-test driver's own signal: lifecycle phase Restored and
 * the workbench contributions), and Inkwell's contributions are in it (its activity bar entry).
 */
export async function waitForWorkbench(page) {
  await page.waitForFunction(() => typeof window.driver?.whenWorkbenchRestored === 'function', undefined, { timeout: 60_000 });
  await page.evaluate(() => window.driver.whenWorkbenchRestored());
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
  await page.locator('.activitybar .action-item a[aria-label^="Inkwell"]').waitFor({ timeout: 60_000 });
}

/**
 * The workbench sometimes starts before the built-in themes are registered and falls back to its
 * default theme instead of the one in the user settings: then the theme is chosen in the picker, as
 * a writer would.
 */
async function ensureTheme(page, theme) {
  const { label, workbenchClass } = THEMES[theme];
  const workbench = page.locator(`.monaco-workbench.${workbenchClass}`);
  try {
    await workbench.waitFor({ timeout: 5000 });
    return;
  } catch {
    // not applied: pick it
  }
  await runCommand(page, 'Preferences: Color Theme', { opensPicker: true });
  const rows = page.locator('.quick-input-list .monaco-list-row');
  // The picker fills its list after it opens; a filter typed before that matches nothing.
  await rows.filter({ hasText: 'Dark Modern' }).first().waitFor();
  await page.locator('.quick-input-widget input').fill(label);
  const row = rows.filter({ hasText: label }).first();
  await row.waitFor();
  await row.click();
  await workbench.waitFor({ timeout: 15_000 });
}

/**
 * Runs a command from the Command Palette by its title as the palette shows it. Just after a (re)load
 * the palette may not list the extension's commands yet: it is closed and opened again until it does.
 */
export async function runCommand(page, title, { timeoutMs = 60_000, opensPicker = false } = {}) {
  const deadline = Date.now() + timeoutMs;
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor();
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ timeout: 3000 });
      break;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw error;
      await page.waitForTimeout(1000);
    }
  }
  // Click the row itself: with Enter, a better fuzzy match above it would run instead.
  await row.click();
  if (opensPicker) await row.waitFor({ state: 'detached' });
  else await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/**
 * Opens a workspace file in an editor through Quick Open, and waits until the extension host has it as
 * the active editor (with `editor`, the workbench's editor probe) and the editor has focus.
 */
export async function openFile(page, fileName, editor) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(fileName);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab[aria-label^="${fileName}"]`).waitFor();
  await page.locator('.editor-instance .monaco-editor textarea, .editor-instance .monaco-editor .native-edit-context').first().waitFor();
  if (editor) await editor.waitFor((state) => state.file === fileName, `${fileName} is the active editor`);
}

/** Puts the cursor at the start of a line (1-based) with Quick Open's `:line`, whatever the editor shows. */
export async function goToLine(page, line, editor) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  if (editor) {
    await editor.waitFor(
      (state) => state.text !== undefined && state.selections[0]?.start === lineStart(state.text, line) && state.selections[0].end === state.selections[0].start,
      `the cursor at the start of line ${line}`,
    );
  }
}

/** The offset of the start of a 1-based line. */
export function lineStart(text, line) {
  let offset = 0;
  for (let i = 1; i < line; i++) offset = text.indexOf('\n', offset) + 1;
  return offset;
}

/** Opens the Brainstorm view with `Inkwell: Brainstorm` and returns its page's frame once it has drawn itself. */
export async function openBrainstorm(page) {
  await runCommand(page, 'Inkwell: Brainstorm');
  return brainstormFrame(page);
}

/** Webview views are nested iframes: the frame whose document holds the view's root element. */
export async function brainstormFrame(page, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame() || frame.isDetached()) continue;
      const ready = await frame
        .evaluate(() => document.getElementById('inkwell-brainstorm')?.dataset.ready === 'true')
        .catch(() => false);
      if (ready) return frame;
    }
    await page.waitForTimeout(200);
  }
  throw new Error('The Brainstorm view did not appear');
}

/** The sidebar part, for screenshots of the view as the writer sees it. */
export function sidebar(page) {
  return page.locator('.monaco-workbench .part.sidebar');
}

export async function screenshot(page, name) {
  await mkdir(resultsDir, { recursive: true });
  const file = path.join(resultsDir, name);
  await sidebar(page).screenshot({ path: file });
  return file;
}

/** Messages about Content-Security-Policy violations, as Chromium logs them to the console. */
export function cspViolations(consoleMessages) {
  return consoleMessages.filter((message) => /Content[- ]Security[- ]Policy/i.test(message.text));
}

/** A theme colour variable (`#rrggbb` or `#rrggbbaa`) as the browser reports it once computed. */
export function cssColour(hex) {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})?$/i.exec(hex);
  if (!match) return hex;
  const [r, g, b] = match.slice(1, 4).map((part) => Number.parseInt(part, 16));
  if (match[4] === undefined || match[4].toLowerCase() === 'ff') return `rgb(${r}, ${g}, ${b})`;
  const alpha = Math.round((Number.parseInt(match[4], 16) / 255) * 1000) / 1000;
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** 0 (black) to 1 (white). */
export function luminance(rgb) {
  const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

/** The view's computed colours next to the theme variables they should come from. */
export async function viewColours(frame) {
  // The workbench gives the page its theme (classes and variables) just after the page loads.
  await frame.waitForFunction(() => /\bvscode-(light|dark|high-contrast)/.test(document.body.className));
  return frame.evaluate(() => {
    const variable = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    const button = document.getElementById('brainstorm');
    return {
      themeKind: document.body.className,
      body: getComputedStyle(document.body).backgroundColor,
      sideBar: variable('--vscode-sideBar-background'),
      button: getComputedStyle(button).backgroundColor,
      buttonVariable: variable('--vscode-button-background'),
      text: getComputedStyle(document.body).color,
      foreground: variable('--vscode-foreground'),
      contrastBorder: variable('--vscode-contrastBorder'),
    };
  });
}
