// What the test VS Code needs from the system that npm cannot bring, the way `playwright install
// --with-deps` does it: Debian's packages, installed with apt-get when the run is root, or else one
// message with the exact command to run. Nothing is retried: a run that cannot have them stops at once.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';

/** The first of `names` that is an executable on the PATH of `env`, as a full path. */
export function onPath(names, env = process.env) {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of [names].flat()) {
      const candidate = path.join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome'];

/** Each Debian package by name: what it is for, and how to tell it is there without asking dpkg. */
export const SYSTEM_PACKAGES = {
  chromium: { for: 'the browser that drives the test VS Code', present: (env) => !!(env.CHROMIUM_PATH || onPath(CHROMIUM_NAMES, env)) },
  'libkrb5-dev': { for: "building code-server's Kerberos module", present: () => existsSync('/usr/include/krb5.h') || existsSync('/usr/include/krb5/krb5.h') },
  'pkg-config': { for: "building code-server's native modules", present: (env) => !!onPath('pkg-config', env) },
  python3: { for: "node-gyp, which builds code-server's native modules", present: (env) => !!onPath('python3', env) },
  make: { for: "node-gyp, which builds code-server's native modules", present: (env) => !!onPath('make', env) },
  'g++': { for: "node-gyp, which builds code-server's native modules", present: (env) => !!onPath('g++', env) },
  'fonts-wqy-microhei': { for: 'readable Chinese in the screenshots', present: () => existsSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc') },
  unzip: { for: 'reading the packaged .vsix', present: (env) => !!onPath('unzip', env) },
};

/** What building code-server from npm needs (only until it is built once). */
export const BUILD_PACKAGES = ['libkrb5-dev', 'pkg-config', 'python3', 'make', 'g++'];

export class SetupError extends Error {}

const isRootUser = () => process.getuid?.() === 0;

function run(command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (data) => (output += data));
    child.stderr.on('data', (data) => (output += data));
    child.on('error', (error) => resolve({ code: -1, output: error.message }));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The packages installed by this process, to say so at the end (`npm start`). */
export const installedHere = [];

/**
 * Makes sure the Debian packages `names` are there: installs the missing ones with apt-get when root,
 * with a line saying so; otherwise throws a SetupError naming them and the command that installs them.
 * `isRoot`, `env` and `isPresent` are what a test changes to try each path without touching the system.
 * @returns {Promise<string[]>} the packages it installed
 */
export async function ensureSystemPackages(
  names,
  { env = process.env, isRoot = isRootUser(), isPresent = (name) => SYSTEM_PACKAGES[name].present(env), log = console.log } = {},
) {
  const missing = [...new Set(names)].filter((name) => !isPresent(name));
  if (missing.length === 0) return [];
  const list = missing.join(' ');
  const reasons = missing.map((name) => `  ${name}: ${SYSTEM_PACKAGES[name]?.for ?? 'needed by the tests'}`).join('\n');
  const aptGet = onPath('apt-get', env);
  const command = `apt-get update && apt-get install -y --no-install-recommends ${list}`;
  if (!aptGet) {
    throw new SetupError(
      `These system packages are missing and this machine has no apt-get to install them:\n${reasons}\n` +
        `Install them with your system's package manager (on Debian or Ubuntu: sudo sh -c '${command}'), then run the command again.`,
    );
  }
  if (!isRoot) {
    throw new SetupError(`These Debian packages are missing:\n${reasons}\nInstall them as root, then run the command again:\n  sudo sh -c '${command}'`);
  }
  log(`Installing Debian packages the tests need, with apt-get: ${list}`);
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  // Others may be installing at the same time: wait for dpkg's lock rather than fail on it.
  const lock = ['-o', 'DPkg::Lock::Timeout=300'];
  const update = await run(aptGet, [...lock, 'update', '-qq'], aptEnv);
  const install =
    update.code === 0 ? await run(aptGet, [...lock, 'install', '-y', '-qq', '--no-install-recommends', ...missing], aptEnv) : update;
  if (install.code !== 0) {
    throw new SetupError(`apt-get could not install ${list} (exit ${install.code}):\n${install.output.trim().split('\n').slice(-15).join('\n')}\nThe command was: ${command}`);
  }
  installedHere.push(...missing);
  log(`Installed ${list}.`);
  return missing;
}
