// Redirects are followed only within the first request's origin: a real server redirects, and the
// other origin's server counts what reaches it.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RedirectRefused, sameOriginFetch } from '../../src/extension/connection/sameOriginFetch';

async function serve(handle: (req: IncomingMessage, body: string, res: ServerResponse) => void) {
  const received: { method: string; url: string; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (part) => (body += part));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, body });
      handle(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const redirectTo = (status: number, location: (req: IncomingMessage) => string) => (req: IncomingMessage, _body: string, res: ServerResponse) => {
  res.writeHead(status, { location: location(req) });
  res.end();
};

test('a redirect to another origin is refused: nothing is sent there, and the error names both addresses', async () => {
  const elsewhere = await serve((_req, _body, res) => res.end('{}'));
  for (const status of [301, 302, 303, 307, 308]) {
    const moved = await serve(redirectTo(status, (req) => elsewhere.origin + req.url));
    const refused = await sameOriginFetch()(`${moved.origin}/v1/chat/completions`, { method: 'POST', body: '{"manuscript":"secret"}' }).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(refused instanceof RedirectRefused, `${status}: refused`);
    assert.equal(refused.from, `${moved.origin}/v1/chat/completions`);
    assert.equal(refused.to, `${elsewhere.origin}/v1/chat/completions`);
    assert.equal(moved.received.length, 1);
    await moved.close();
  }
  assert.deepEqual(elsewhere.received, [], 'the other origin received nothing');
  await elsewhere.close();
});

test('a redirect within the origin is followed, keeping the body for 307 and 308', async () => {
  const server = await serve((req, body, res) => {
    if (req.url === '/old') return redirectTo(308, () => '/new')(req, body, res);
    if (req.url === '/see-other') return redirectTo(303, () => '/new')(req, body, res);
    res.end(`${req.method} ${body}`);
  });
  const kept = await sameOriginFetch()(`${server.origin}/old`, { method: 'POST', body: 'text' });
  assert.equal(await kept.text(), 'POST text');
  const changed = await sameOriginFetch()(`${server.origin}/see-other`, { method: 'POST', body: 'text' });
  assert.equal(await changed.text(), 'GET ');
  await server.close();
});

test('an endless redirect within the origin ends with an error', async () => {
  const server = await serve(redirectTo(307, () => '/again'));
  await assert.rejects(sameOriginFetch()(`${server.origin}/again`), /more than 5 redirects/);
  await server.close();
});

test('https to http on the same host is another origin', async () => {
  const seen: string[] = [];
  const fake: typeof fetch = async (input) => {
    seen.push(String(input));
    return new Response(null, { status: 307, headers: { location: 'http://models.example.com/v1/models' } });
  };
  await assert.rejects(sameOriginFetch(fake)('https://models.example.com/v1/models'), RedirectRefused);
  assert.deepEqual(seen, ['https://models.example.com/v1/models']);
});
