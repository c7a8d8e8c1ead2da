// The local provider's runtime for the tests and the benchmark, kept in the ignored .cache/ like the
// test VS Code: the exact tarballs of runtimePackages.json for this machine (served by the test
// registry, so the extension's own download, hash check and unpacking run in the tests), and the
// same packages installed by npm for plain-Node tests and the bench's bare loop. The ~740 MB of
// GPU builds that npm would add as optional packages are never fetched, and `npm ci` stays lean.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheDir, root } from '../vscode/paths.mjs';

const manifest = JSON.parse(readFileSync(path.join(root, 'src/extension/connection/local/runtimePackages.json'), 'utf8'));
export const runtimeCache = path.join(cacheDir, `llama-runtime-${manifest.version}`);
export const tarballDir = path.join(runtimeCache, 'tarballs');
/** node-llama-cpp as npm installed it, for plain Node. */
export const installedEntry = path.join(runtimeCache, 'installed/node_modules/node-llama-cpp/dist/index.js');

const platform = `${process.platform}-${process.arch}`;

/** The file `npm pack` writes for a package. */
export const tarballName = (name, version) => `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;

export function runtimePackagesHere() {
  const binary = manifest.binaries[platform];
  return binary ? [...manifest.packages, binary] : undefined;
}

export function ensureLlamaRuntime(log = console.log) {
  const marker = path.join(runtimeCache, '.complete');
  if (existsSync(marker)) return true;
  const packages = runtimePackagesHere();
  if (!packages) {
    log(`node-llama-cpp has no CPU build for ${platform}: the local provider's tests are skipped`);
    return false;
  }
  log(`fetching node-llama-cpp ${manifest.version} for ${platform} into ${path.relative(root, runtimeCache)} (once)…`);
  rmSync(runtimeCache, { recursive: true, force: true });
  try {
    fetchRuntime(packages);
  } catch (error) {
    // Without the registry the local provider's tests skip, saying why; the other suites still run.
    rmSync(runtimeCache, { recursive: true, force: true });
    log(`could not fetch node-llama-cpp (${error.message.split('\n')[0]}): the local provider's tests are skipped`);
    return false;
  }
  writeFileSync(marker, manifest.version);
  return true;
}

function fetchRuntime(packages) {
  mkdirSync(tarballDir, { recursive: true });
  const specs = packages.map(({ name, version }) => `${name}@${version}`);
  execFileSync('npm', ['pack', '--silent', '--pack-destination', tarballDir, ...specs], { stdio: ['ignore', 'ignore', 'inherit'] });
  const installed = path.join(runtimeCache, 'installed');
  mkdirSync(installed, { recursive: true });
  writeFileSync(path.join(installed, 'package.json'), JSON.stringify({ name: 'llama-runtime', private: true }));
  const binary = manifest.binaries[platform];
  execFileSync('npm', ['install', '--silent', '--omit=optional', '--ignore-scripts', '--no-audit', '--no-fund', `node-llama-cpp@${manifest.version}`, `${binary.name}@${binary.version}`], {
    cwd: installed,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

if (process.argv[1] === new URL(import.meta.url).pathname) ensureLlamaRuntime();
