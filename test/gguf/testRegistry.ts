// A local stand-in for the npm registry and for a model host, so the runtime and model downloads
// run for real with no network: tarballs come from the test cache (the real published files), a
// model file from memory, with its SHA-256 in `x-linked-etag` as Hugging Face sends it. It can tamper with a file, fail, or hold a response until released, and
// honours Range requests (resumed downloads). Every request is recorded.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

export interface RegistryRequest {
  path: string;
  range?: string;
}

export class TestRegistry {
  readonly requests: RegistryRequest[] = [];
  /** Paths whose bytes are changed (one bit flipped) before they are sent. */
  readonly tampered = new Set<string>();
  /** Paths answered with this status. */
  readonly failing = new Map<string, number>();
  /** Files served under /models/<name>. */
  readonly models = new Map<string, Buffer>();
  /** While set, a model response sends this many bytes, then waits for `release()`. */
  holdModelAfter: number | undefined;
  private held: Array<() => void> = [];
  private server?: Server;

  constructor(private readonly tarballDir: string) {}

  get url(): string {
    const address = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => this.answer(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  release(): void {
    for (const go of this.held.splice(0)) go();
  }

  async stop(): Promise<void> {
    this.release();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const pathname = decodeURIComponent(url.pathname);
    this.requests.push({ path: pathname, range: request.headers.range });
    const status = this.failing.get(pathname);
    if (status) {
      response.writeHead(status).end();
      return;
    }
    const body = this.bodyFor(pathname);
    if (!body) {
      response.writeHead(404).end();
      return;
    }
    const bytes = this.tampered.has(pathname) ? Buffer.from(body) : body;
    if (this.tampered.has(pathname)) bytes[bytes.length >> 1] ^= 1;
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const part = bytes.subarray(start);
    response.writeHead(range ? 206 : 200, {
      'content-length': part.length,
      'content-type': 'application/octet-stream',
      ...(range ? { 'content-range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` } : {}),
      // As Hugging Face publishes a large file's SHA-256: of the file as it should be.
      ...(pathname.startsWith('/models/') ? { 'x-linked-etag': `"${createHash('sha256').update(body).digest('hex')}"` } : {}),
    });
    const hold = pathname.startsWith('/models/') ? this.holdModelAfter : undefined;
    if (hold !== undefined && hold < part.length) {
      response.write(part.subarray(0, hold));
      await new Promise<void>((resolve) => this.held.push(resolve));
      if (response.destroyed) return;
      response.end(part.subarray(hold));
      return;
    }
    response.end(part);
  }

  private bodyFor(pathname: string): Buffer | undefined {
    if (pathname.startsWith('/models/')) return this.models.get(pathname.slice('/models/'.length));
    // /<name>/-/<base>-<version>.tgz, as npm lays out tarballs; npm pack names them <scope>-<base>-<version>.tgz.
    const match = /^\/((?:@[^/]+\/)?[^/]+)\/-\/[^/]+-(\d[^/]*)\.tgz$/.exec(pathname);
    if (!match) return undefined;
    const file = path.join(this.tarballDir, `${match[1].replace(/^@/, '').replace('/', '-')}-${match[2]}.tgz`);
    try {
      return readFileSync(file);
    } catch {
      return undefined;
    }
  }
}
