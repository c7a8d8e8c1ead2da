// `npm start`: a real VS Code with Inkwell loaded from this folder and the sample manuscript open.
// A desktop VS Code (`code` on the PATH, or VSCODE_EXECUTABLE) when there is one; otherwise VS Code's
// server build, provisioned like the tests do, whose address is printed to open in a browser.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startCodeServer, workbenchUrl } from '../test/vscode/codeServer.mjs';
import { cacheDir, root } from '../test/vscode/paths.mjs';
import { ensureCodeServer } from '../test/vscode/provision.mjs';
import { installedHere, SetupError } from '../test/vscode/systemPackages.mjs';
import { quietUserSettings } from '../test/vscode/userSettings.mjs';

const workspace = path.join(cacheDir, 'sample-manuscript');

function desktopVSCode() {
  if (process.env.VSCODE_EXECUTABLE) return process.env.VSCODE_EXECUTABLE;
  const found = spawnSync('which', ['code'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// A copy, so what the writer tries in the sample never changes the repository's own files.
if (!existsSync(workspace)) await cp(path.join(root, 'sample'), workspace, { recursive: true });

const desktop = desktopVSCode();
if (desktop) {
  console.log(`Opening ${workspace} in ${desktop} with Inkwell from ${root}`);
  spawn(desktop, ['--new-window', `--extensionDevelopmentPath=${root}`, workspace], { stdio: 'inherit', detached: true }).unref();
} else {
  let codeServer;
  try {
    codeServer = await ensureCodeServer();
  } catch (error) {
    console.error(error instanceof SetupError ? error.message : `Could not provision VS Code's server build: ${error.message}`);
    process.exit(1);
  }
  const runDir = path.join(cacheDir, 'start');
  // The browser-based VS Code loads a development extension only with its test driver enabled.
  const server = await startCodeServer({ codeServer, runDir, testDriver: true });
  const settingsFile = path.join(server.userDataDir, 'User/settings.json');
  if (!existsSync(settingsFile)) {
    await mkdir(path.dirname(settingsFile), { recursive: true });
    const settings = { ...quietUserSettings, 'workbench.startupEditor': 'readme', 'git.openRepositoryInParentFolders': 'never' };
    await writeFile(settingsFile, JSON.stringify(settings, null, 2));
  }
  const url = workbenchUrl({ origin: server.origin, port: server.port, folder: workspace, extensionPaths: [root] });
  if (installedHere.length) console.log(`Installed for this (once): ${installedHere.join(', ')}.`);
  console.log(`${codeServer.describe}, browser-based, is running with Inkwell and the sample manuscript.`);
  console.log(`Open: ${url}`);
  console.log('Press Ctrl+C to stop it.');
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise(() => {});
}
