// Where a request goes, seen from the writer's side: does it stay on this machine, and which stored
// key and remembered confirmation belong to it. Keys and confirmations are per origin (scheme, host
// and port), so that a key stored for one server is never sent to another, and a key stored for
// https://h never goes to http://h in clear text.

/** The host (name and non-default port, lower case) a URL points at, or undefined when it is not a URL. */
export function hostOf(url: string): string | undefined {
  try {
    const { protocol, host } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? host || undefined : undefined;
  } catch {
    return undefined;
  }
}

function isLoopbackName(hostname: string): boolean {
  const name = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  // Only the name itself: `*.localhost` goes through the resolver, which may send it anywhere.
  if (name === 'localhost') return true;
  if (name === '::1' || name === '0:0:0:0:0:0:0:1') return true;
  // IPv4 loopback, also when written as an IPv4-mapped IPv6 address (the URL parser turns
  // `[::ffff:127.0.0.1]` into `[::ffff:7f00:1]`).
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return true;
  const mapped = /^::ffff:7f([0-9a-f]{2}):[0-9a-f]{1,4}$/.exec(name);
  return mapped !== null;
}

/** True when a request to this URL never leaves the machine (127.0.0.0/8, ::1, localhost). */
export function isLoopbackUrl(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return (protocol === 'http:' || protocol === 'https:') && isLoopbackName(hostname);
  } catch {
    return false;
  }
}

/** The origin of a URL (`https://api.example.com`, `http://127.0.0.1:8080`), or undefined when it is not an http(s) URL. */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/** True when requests to this URL travel unencrypted over the network (http to a host that is not loopback). */
export function isPlainHttpToAnotherMachine(url: string): boolean {
  return url.trim().toLowerCase().startsWith('http:') && !isLoopbackUrl(url);
}

/** The SecretStorage entry holding the key for one provider at one origin. */
export function apiKeySecretName(provider: string, url: string): string {
  return `inkwell.apiKey:${provider}:${originOf(url) ?? url}`;
}

/**
 * Where earlier versions kept the key (per host, whatever the scheme). Such a key is still used for
 * https and for this machine, never for plain http to another machine.
 */
export function legacyApiKeySecretName(provider: string, url: string): string | undefined {
  if (originOf(url) === undefined || isPlainHttpToAnotherMachine(url)) return undefined;
  return `inkwell.apiKey:${provider}:${hostOf(url)}`;
}

/** What to do before sending text to a URL: nothing (it stays on this machine), go ahead or stop as the writer
 * answered before, or ask. `remembered` maps origins to the answer the writer gave (earlier versions: hosts,
 * still honoured for https). */
export type Confirmation = 'local' | 'allowed' | 'declined' | 'ask';

export function confirmationFor(url: string, remembered: Readonly<Record<string, boolean>>): Confirmation {
  if (isLoopbackUrl(url)) return 'local';
  const origin = originOf(url);
  const host = hostOf(url);
  const given = (name: string | undefined) => (name !== undefined && Object.hasOwn(remembered, name) ? remembered[name] : undefined);
  const answer = origin === undefined ? undefined : (given(origin) ?? (origin.startsWith('https:') ? given(host) : undefined));
  return answer === undefined ? 'ask' : answer ? 'allowed' : 'declined';
}
