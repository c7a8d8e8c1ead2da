// Where a request goes, seen from the writer's side: does it stay on this machine, and which stored
// key and remembered confirmation belong to it. Keys and confirmations are per host so that a key
// stored for one server is never sent to another.

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

/** The SecretStorage entry holding the key for one provider at one host. */
export function apiKeySecretName(provider: string, url: string): string {
  return `inkwell.apiKey:${provider}:${hostOf(url) ?? url}`;
}

/** What to do before sending text to a URL: nothing (it stays on this machine), go ahead or stop as the writer
 * answered before, or ask. `remembered` maps hosts to the answer the writer gave. */
export type Confirmation = 'local' | 'allowed' | 'declined' | 'ask';

export function confirmationFor(url: string, remembered: Readonly<Record<string, boolean>>): Confirmation {
  if (isLoopbackUrl(url)) return 'local';
  const host = hostOf(url);
  const answer = host === undefined ? undefined : remembered[host];
  return answer === undefined ? 'ask' : answer ? 'allowed' : 'declined';
}
