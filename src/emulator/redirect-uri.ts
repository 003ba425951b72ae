const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A public client may only redirect to itself: plain http on a loopback address, no credentials or fragment. */
export function loopbackUrl(uri: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  const plain = url.protocol === 'http:' && url.username === '' && url.password === '' && url.hash === '';
  return plain && LOOPBACK_HOSTS.has(url.hostname) ? url : undefined;
}

/**
 * Whether /authorize may send the browser to `requested`. The port never takes part (RFC 8252
 * §7.3): a CLI picks a free port at sign-in, and AWS CLI v2 registers
 * `http://127.0.0.1/oauth/callback` but redirects to `http://127.0.0.1:<port>/oauth/callback`.
 * A client that registered no URI may use any path on 127.0.0.1.
 */
export function redirectAllowed(registered: readonly string[], requested: string): boolean {
  const url = loopbackUrl(requested);
  if (!url) return false;
  if (registered.length === 0) return url.hostname === '127.0.0.1';
  return registered.some((uri) => {
    const allowed = loopbackUrl(uri);
    return (
      allowed !== undefined &&
      allowed.hostname === url.hostname &&
      allowed.pathname === url.pathname &&
      allowed.search === url.search
    );
  });
}
