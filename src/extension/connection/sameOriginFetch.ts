// Requests stay at the origin the writer confirmed. `fetch` follows a 307 or 308 anywhere and posts
// the manuscript again there (it drops the key, not the text), so redirects are followed here, and
// only within the origin (scheme, host and port) of the first request.

const MAX_REDIRECTS = 5;

/** A redirect to another origin (or one that cannot be seen, in a browser) that was not followed. */
export class RedirectRefused extends Error {
  constructor(readonly from: string, readonly to: string | undefined) {
    super(`${from} redirected the request to ${to ?? 'an address the browser does not show'}; it was not followed`);
  }
}

type Input = string | URL | Request;

/** `fetch`, following redirects only within the first request's origin; throws `RedirectRefused` otherwise. */
export function sameOriginFetch(base: typeof fetch = (input, init) => fetch(input, init)): typeof fetch {
  return async (input: Input, init: RequestInit = {}) => {
    let url = new URL(input instanceof Request ? input.url : input.toString());
    const { origin } = url;
    let request: RequestInit = { ...init, redirect: 'manual' };
    let first: Input = input;
    for (let hop = 0; ; hop++) {
      const response = await base(first, request);
      if (response.type === 'opaqueredirect') throw new RedirectRefused(url.href, undefined);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status > 399 || location === null) return response;
      const next = new URL(location, url);
      void response.body?.cancel().catch(() => {});
      if (next.origin !== origin) throw new RedirectRefused(url.href, next.href);
      if (hop >= MAX_REDIRECTS) throw new TypeError(`more than ${MAX_REDIRECTS} redirects from ${origin}`);
      // As fetch does: 303, and 301/302 after a POST, become a GET without a body; 307/308 keep both.
      const method = (request.method ?? 'GET').toUpperCase();
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        request = { ...request, method: 'GET', body: undefined };
      }
      url = next;
      first = next.href;
    }
  };
}
