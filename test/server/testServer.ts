// A local OpenAI-compatible server for tests: scripted replies in the real server-sent-events format,
// and every request it receives recorded and checked against the OpenAI schemas. Plain node:http, so
// it runs both in Node and in the VS Code extension host.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { completionBody, errorBody, streamEvents, wireSlices, type Completion, type Reply } from './script';
import { chatRequestErrors } from './validate';

export type { ChunkStep, Reply } from './script';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** The parsed JSON body, the raw text when it is not JSON, undefined when empty. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- whatever the client sent: tests read its fields directly
  body: any;
  validationErrors: string[];
  receivedAt: number;
  /** The client closed the connection before the response ended. */
  closedEarly: boolean;
  /** When the exchange ended, however it ended. */
  closedAt?: number;
}

export interface StartOptions {
  /** The models `GET /models` lists; a chat request for another gets 404 `model_not_found`. Undefined: accept any. */
  models?: string[];
  host?: string;
  port?: number;
  /** Where the API lives, default `/v1`. Azure's `/openai/deployments/<d>/chat/completions` is answered too. */
  pathPrefix?: string;
  /** When set, a Bearer token (or Azure `api-key`) that differs gets 401 `invalid_api_key`. */
  requireKey?: string;
  /** Where to redirect a request (path and query in, an address out; undefined: answer it here). Answered with `redirectStatus` (default 307). */
  redirect?: (pathAndQuery: string) => string | undefined;
  redirectStatus?: number;
}

type ScriptedReply = Reply | ((request: RecordedRequest) => Reply);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function writeAndFlush(res: ServerResponse, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) resolve();
    else res.write(bytes, () => resolve());
  });
}

export class TestModelServer {
  readonly requests: RecordedRequest[] = [];
  /** Observes chunk writes: called with (text, timestamp) once each event's bytes are all written. */
  onChunkWritten?: (text: string, at: number) => void;
  private readonly replies: ScriptedReply[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly prefix: string;

  private constructor(private readonly server: Server, readonly origin: string, private readonly options: StartOptions) {
    this.prefix = options.pathPrefix || '/v1';
  }

  /** Base URL including the path prefix, e.g. http://127.0.0.1:PORT/v1 */
  get url(): string {
    return this.origin + this.prefix;
  }

  static async start(options: StartOptions = {}): Promise<TestModelServer> {
    const server = createServer();
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, resolve);
    });
    const { port } = server.address() as AddressInfo;
    const testServer = new TestModelServer(server, `http://${host.includes(':') ? `[${host}]` : host}:${port}`, options);
    server.on('request', (req, res) => void testServer.handle(req, res));
    return testServer;
  }

  /**
   * Queues the reply for the next valid chat request (refused ones — bad key, invalid body, unknown
   * model — take none). With the queue empty a request gets 500 and counts as invalid.
   */
  reply(reply: ScriptedReply): void {
    this.replies.push(reply);
  }

  invalidRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.validationErrors.length > 0);
  }

  assertAllValid(): void {
    const invalid = this.invalidRequests();
    if (invalid.length === 0) return;
    const lines = invalid.map((r) => `${r.method} ${r.path}\n    ${r.validationErrors.join('\n    ')}`);
    throw new Error(`The test model server received ${invalid.length} invalid request(s):\n  ${lines.join('\n  ')}`);
  }

  /** Resolves with the count-th request received (1-based, counting every endpoint), waiting if it has not come yet. */
  waitForRequest(count = 1, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.waitFor(timeoutMs, `request #${count} (received ${this.requests.length})`, () => this.requests[count - 1]);
  }

  /** Resolves when the client closes the connection of `request`; rejects if its response ends normally first. */
  async waitForClose(request: RecordedRequest, timeoutMs = 5000): Promise<void> {
    await this.waitFor(timeoutMs, `the client to close ${request.method} ${request.path}`, () => {
      if (request.closedEarly) return true;
      if (request.closedAt !== undefined) throw new Error(`the response to ${request.method} ${request.path} ended before the client closed it`);
      return undefined;
    });
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private waitFor<T>(timeoutMs: number, what: string, check: () => T | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const settle = () => {
        try {
          const value = check();
          if (value === undefined) return;
          done();
          resolve(value);
        } catch (error) {
          done();
          reject(error);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(settle);
      };
      this.listeners.add(settle);
      settle();
    });
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, [value].flat().join(', ')])),
      body: undefined,
      validationErrors: [],
      receivedAt: Date.now(),
      closedEarly: false,
    };
    let cutByServer = false;
    res.on('close', () => {
      request.closedAt = Date.now();
      request.closedEarly = !res.writableFinished && !cutByServer;
      this.changed();
    });
    const text = await readBody(req);
    try {
      request.body = text ? JSON.parse(text) : undefined;
    } catch {
      request.body = text;
      request.validationErrors.push('the body is not JSON');
    }

    const location = this.options.redirect?.(url.pathname + url.search);
    if (location !== undefined) {
      this.requests.push(request);
      this.changed();
      res.writeHead(this.options.redirectStatus ?? 307, { location });
      res.end();
      return;
    }

    const azure = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(url.pathname);
    const isChat = request.method === 'POST' && (url.pathname === `${this.prefix}/chat/completions` || azure !== null);
    const isModels = request.method === 'GET' && url.pathname === `${this.prefix}/models`;
    if (isChat) request.validationErrors.push(...chatRequestErrors(request.body));
    if (azure && !request.query['api-version']) request.validationErrors.push('Azure request without ?api-version=');
    if (!isChat && !isModels) request.validationErrors.push(`no such endpoint: ${request.method} ${url.pathname}`);
    this.requests.push(request);
    this.changed();

    if (!isChat && !isModels) return sendJson(res, 404, errorBody(404, { message: `Invalid URL (${request.method} ${url.pathname})` }));
    const key = request.headers['api-key'] ?? request.headers.authorization?.replace(/^Bearer /, '');
    if (this.options.requireKey !== undefined && key !== this.options.requireKey) {
      return sendJson(res, 401, errorBody(401, { message: `Incorrect API key provided: ${key ?? '(none)'}.`, code: 'invalid_api_key' }));
    }
    if (isModels) {
      const data = (this.options.models ?? []).map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'organization-owner' }));
      return sendJson(res, 200, { object: 'list', data });
    }
    if (request.validationErrors.length > 0) {
      return sendJson(res, 400, errorBody(400, { message: request.validationErrors.join('; ') }));
    }
    const model = azure?.[1] ?? request.body.model;
    if (this.options.models && !this.options.models.includes(model)) {
      const message = `The model \`${model}\` does not exist or you do not have access to it.`;
      return sendJson(res, 404, errorBody(404, { message, code: 'model_not_found' }));
    }
    const scripted = this.replies.shift();
    if (!scripted) {
      request.validationErrors.push('no scripted reply for this request');
      return sendJson(res, 500, errorBody(500, { message: 'no scripted reply' }));
    }
    const cut = () => {
      cutByServer = true;
      res.socket?.destroy();
    };
    await this.answer(request, res, typeof scripted === 'function' ? scripted(request) : scripted, cut);
  }

  private async answer(request: RecordedRequest, res: ServerResponse, reply: Reply, cut: () => void): Promise<void> {
    if (reply.delayMs) await sleep(reply.delayMs);
    if (res.destroyed) return;
    const status = reply.status ?? (reply.error ? 500 : 200);
    if (status !== 200) return sendJson(res, status, errorBody(status, reply.error), reply.headers);
    const completion: Completion = {
      id: `chatcmpl-${randomBytes(12).toString('base64url')}`,
      created: Math.floor(Date.now() / 1000),
      model: request.body.model,
      promptTokens: Math.ceil(JSON.stringify(request.body.messages).length / 4),
    };
    if (request.body.stream !== true) {
      if (reply.cutAfterChunks !== undefined) cut();
      else if (reply.stallAfterChunks === undefined) {
        sendJson(res, 200, reply.inBandError ? { error: reply.inBandError } : completionBody(reply, completion), reply.headers);
      }
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', ...reply.headers });
    res.flushHeaders();
    const events = streamEvents(reply, completion, request.body.stream_options?.include_usage === true);
    const stopAfter = reply.cutAfterChunks ?? reply.stallAfterChunks;
    // A stalled or cut stream never gets as far as `[DONE]`.
    const count = stopAfter === undefined ? events.length : Math.min(stopAfter, events.length - 1);
    for (const event of events.slice(0, count)) {
      if (event.delayMs) await sleep(event.delayMs);
      const slices = reply.splitBytes === false ? [event.bytes] : wireSlices(event.bytes);
      for (const [i, slice] of slices.entries()) {
        if (res.destroyed) return;
        // The pause lets each slice reach the client as its own read, as it would over a real network.
        if (i > 0) await sleep(1);
        await writeAndFlush(res, slice);
      }
      this.onChunkWritten?.(event.text, Date.now());
    }
    if (reply.cutAfterChunks !== undefined) cut();
    else if (reply.stallAfterChunks === undefined) res.end();
  }
}
