// Writes src/extension/connection/local/runtimePackages.json: the exact packages of node-llama-cpp's
// runtime (its dependency closure from npm's own resolution, and the CPU binary package of each
// platform), each with the registry's published integrity hash and its tarball's size. The local
// provider downloads exactly these on the writer's consent and checks each hash before unpacking.
// Run it when the pinned version changes: node scripts/llamaRuntimeManifest.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const VERSION = '3.21.1';
const REGISTRY = 'https://registry.npmjs.org';
/** process.platform-process.arch → the binary package that runs on the CPU there (no CUDA or Vulkan). */
const BINARIES = {
  'linux-x64': '@node-llama-cpp/linux-x64',
  'linux-arm64': '@node-llama-cpp/linux-arm64',
  'darwin-arm64': '@node-llama-cpp/mac-arm64-metal',
  'darwin-x64': '@node-llama-cpp/mac-x64',
  'win32-x64': '@node-llama-cpp/win-x64',
  'win32-arm64': '@node-llama-cpp/win-arm64',
};

const dir = mkdtempSync(path.join(tmpdir(), 'llama-runtime-'));
try {
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'runtime', private: true }));
  execFileSync('npm', ['install', '--package-lock-only', '--ignore-scripts', `node-llama-cpp@${VERSION}`], { cwd: dir, stdio: 'inherit' });
  const lock = JSON.parse(readFileSync(path.join(dir, 'package-lock.json'), 'utf8'));
  const entries = Object.entries(lock.packages).filter(([where]) => where);
  const nameOf = (where) => where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
  const tarball = (name, version) => `${REGISTRY}/${name}/-/${name.split('/').pop()}-${version}.tgz`;
  const sizeOf = async (name, version) => {
    const response = await fetch(tarball(name, version), { method: 'HEAD' });
    if (!response.ok) throw new Error(`${name}@${version}: ${response.status}`);
    return Number(response.headers.get('content-length'));
  };
  const packages = [];
  for (const [where, entry] of entries.filter(([, entry]) => !entry.optional)) {
    const name = nameOf(where);
    packages.push({ path: where, name, version: entry.version, integrity: entry.integrity, size: await sizeOf(name, entry.version) });
  }
  const binaries = {};
  for (const [platform, name] of Object.entries(BINARIES)) {
    const entry = lock.packages[`node_modules/${name}`];
    binaries[platform] = { path: `node_modules/${name}`, name, version: entry.version, integrity: entry.integrity, size: await sizeOf(name, entry.version) };
  }
  const manifest = { name: 'node-llama-cpp', version: VERSION, packages, binaries };
  const out = new URL('../src/extension/connection/local/runtimePackages.json', import.meta.url);
  writeFileSync(out, `${JSON.stringify(manifest, null, 1)}\n`);
  const total = packages.reduce((sum, p) => sum + p.size, 0);
  console.log(`${packages.length} packages, ${(total / 2 ** 20).toFixed(1)} MiB, binaries: ${Object.values(binaries).map((b) => `${b.name} ${(b.size / 2 ** 20).toFixed(1)} MiB`).join(', ')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
