// Downloads a model file into global storage: resumed from where a cut or cancelled download
// stopped (HTTP Range), checked against the SHA-256 its host publishes, moved into place only once
// it matches. Plain Node, so the tests drive it against a local server.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';

export class ChecksumError extends Error {
  constructor(readonly expected: string, readonly actual: string) {
    super(`the file's SHA-256 is ${actual}, not the published ${expected}`);
  }
}

export class DownloadError extends Error {
  constructor(readonly status: number | undefined, detail: string) {
    super(detail);
  }
}

export interface ModelDownloadOptions {
  signal: AbortSignal;
  /** Bytes on disk so far, and the whole file's size when the host says it. */
  onProgress(received: number, total: number | undefined): void;
}

/** The SHA-256 a host publishes for a file: Hugging Face's `x-linked-etag` for large files, or a hash-shaped ETag. */
export function publishedSha256(headers: Headers): string | undefined {
  for (const name of ['x-linked-etag', 'etag']) {
    const value = headers.get(name)?.replace(/^W\//, '').replace(/"/g, '').trim().toLowerCase();
    if (value && /^[0-9a-f]{64}$/.test(value)) return value;
  }
  return undefined;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

export const partialFile = (file: string) => `${file}.partial`;

/** Downloads `url` to `file`. Throws DownloadError, ChecksumError, or the abort error (the partial file is kept to resume). */
export async function downloadModel(url: string, file: string, { signal, onProgress }: ModelDownloadOptions): Promise<void> {
  const partial = partialFile(file);
  const have = (await stat(partial).catch(() => undefined))?.size ?? 0;
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: have > 0 ? { range: `bytes=${have}-` } : {} });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new DownloadError(undefined, error instanceof Error ? error.message : String(error));
  }
  if (response.status === 416 && have > 0) {
    // The partial file is already whole (or longer than the file): check it as it is.
    response.body?.cancel().catch(() => undefined);
  } else if (!response.ok || !response.body) {
    throw new DownloadError(response.status, `the server answered ${response.status}`);
  }
  const expected = publishedSha256(response.headers);
  if (!expected) {
    response.body?.cancel().catch(() => undefined);
    throw new DownloadError(response.status, 'the server publishes no SHA-256 for this file');
  }
  if (response.status !== 416) {
    const resumed = response.status === 206;
    const length = Number(response.headers.get('content-length'));
    const total = Number.isFinite(length) && length > 0 ? length + (resumed ? have : 0) : undefined;
    let received = resumed ? have : 0;
    onProgress(received, total);
    const counting = Readable.fromWeb(response.body as Parameters<typeof Readable.fromWeb>[0]).on('data', (chunk: Buffer) => onProgress((received += chunk.length), total));
    await pipeline(counting, createWriteStream(partial, { flags: resumed ? 'a' : 'w' }), { signal });
  }
  const actual = await sha256Of(partial);
  if (actual !== expected) {
    await rm(partial, { force: true });
    throw new ChecksumError(expected, actual);
  }
  await rename(partial, file);
}
