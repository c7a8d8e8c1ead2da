// node-llama-cpp (llama.cpp's Node bindings) is not shipped in the .vsix: it is fetched on first use,
// with the writer's consent, from the npm registry, as the exact packages of runtimePackages.json.
// Each tarball is checked against the registry's published integrity hash before it is unpacked,
// and the runtime is kept in VS Code's global storage, one folder per version.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import manifest from './runtimePackages.json';
import { unpackTarball } from './tarball';

export const DEFAULT_REGISTRY = 'https://registry.npmjs.org';
export const RUNTIME_VERSION = manifest.version;

export interface RuntimePackage {
  path: string;
  name: string;
  version: string;
  integrity: string;
  size: number;
}

/** The packages this machine needs, or undefined when node-llama-cpp has no build for it. */
export function runtimePackages(platform = `${process.platform}-${process.arch}`): RuntimePackage[] | undefined {
  const binary = (manifest.binaries as Record<string, RuntimePackage | undefined>)[platform];
  return binary ? [...manifest.packages, binary] : undefined;
}

export const downloadSize = (packages: RuntimePackage[]) => packages.reduce((sum, item) => sum + item.size, 0);

/** Where a runtime lives under global storage; complete only once its marker is written. */
export function runtimeFolder(storage: string): string {
  return path.join(storage, `node-llama-cpp-${RUNTIME_VERSION}`);
}

const MARKER = '.complete';

export function runtimeInstalled(storage: string): boolean {
  return existsSync(path.join(runtimeFolder(storage), MARKER));
}

/** The module to import() once installed. */
export function runtimeEntry(storage: string): string {
  return path.join(runtimeFolder(storage), 'node_modules/node-llama-cpp/dist/index.js');
}

export function tarballUrl(registry: string, item: { name: string; version: string }): string {
  return `${registry.replace(/\/+$/, '')}/${item.name}/-/${item.name.split('/').pop()}-${item.version}.tgz`;
}

/** Whether `bytes` match an npm `sha512-…` (or `sha1-…`) integrity string. */
export function matchesIntegrity(bytes: Buffer, integrity: string): boolean {
  return integrity.split(/\s+/).some((entry) => {
    const match = /^(sha512|sha384|sha256|sha1)-(.+)$/.exec(entry);
    return !!match && createHash(match[1]).update(bytes).digest('base64') === match[2];
  });
}

export class IntegrityError extends Error {
  constructor(readonly item: RuntimePackage) {
    super(`${item.name}@${item.version} does not match its published integrity hash`);
  }
}

export class RegistryError extends Error {
  constructor(readonly item: RuntimePackage, readonly status: number | undefined, cause?: unknown) {
    super(`${item.name}@${item.version}: ${status ? `the registry answered ${status}` : `the download failed (${cause instanceof Error ? cause.message : String(cause)})`}`);
  }
}

export interface InstallOptions {
  registry: string;
  packages: RuntimePackage[];
  signal: AbortSignal;
  /** Bytes received so far, of `downloadSize(packages)`. */
  onProgress(received: number): void;
}

async function download(url: string, item: RuntimePackage, signal: AbortSignal, onBytes: (count: number) => void): Promise<Buffer> {
  let response: Response;
  try {
    // A registry mirror may redirect to its storage; the hash check is what makes any host safe.
    response = await fetch(url, { signal });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new RegistryError(item, undefined, error);
  }
  if (!response.ok || !response.body) throw new RegistryError(item, response.status);
  const chunks: Buffer[] = [];
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    chunks.push(Buffer.from(chunk));
    onBytes(chunk.byteLength);
  }
  return Buffer.concat(chunks);
}

/**
 * Downloads, checks and unpacks every package into a fresh folder, then moves it into place, so a
 * cancelled or failed install leaves nothing half-made. Throws IntegrityError, RegistryError, or
 * the abort error when `signal` is aborted.
 */
export async function installRuntime(storage: string, { registry, packages, signal, onProgress }: InstallOptions): Promise<void> {
  const final = runtimeFolder(storage);
  const staging = `${final}.partial-${process.pid}-${Date.now()}`;
  await mkdir(staging, { recursive: true });
  // One failure stops the other downloads before the staging folder is removed.
  const stop = new AbortController();
  const abort = () => stop.abort(signal.reason);
  signal.addEventListener('abort', abort);
  try {
    let received = 0;
    const queue = [...packages];
    const worker = async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        const bytes = await download(tarballUrl(registry, item), item, stop.signal, (count) => onProgress((received += count)));
        if (!matchesIntegrity(bytes, item.integrity)) throw new IntegrityError(item);
        stop.signal.throwIfAborted();
        await unpackTarball(bytes, path.join(staging, item.path));
      }
    };
    // The first error (or the writer's cancel) is the reason `stop` keeps.
    await Promise.allSettled([worker(), worker(), worker(), worker()].map((running) => running.catch((error: unknown) => stop.abort(error))));
    if (stop.signal.aborted) throw stop.signal.reason;
    await rm(final, { recursive: true, force: true });
    await rename(staging, final);
    await writeFile(path.join(final, MARKER), RUNTIME_VERSION);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  } finally {
    signal.removeEventListener('abort', abort);
  }
}
