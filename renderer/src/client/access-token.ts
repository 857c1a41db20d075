/**
 * The serve host's access token arrives once in the page URL (`?token=…`) when it serves beyond
 * loopback. It is read once and taken out of the address bar so it is not bookmarked or shown on a wall.
 */
export interface TokenSplit {
  token: string | null;
  /** The same URL without the token parameter (path, other params and hash kept). */
  cleanUrl: string;
}

export function splitAccessToken(href: string): TokenSplit {
  const url = new URL(href);
  const token = url.searchParams.get('token');
  if (token === null) return { token: null, cleanUrl: href };
  url.searchParams.delete('token');
  return { token: token || null, cleanUrl: url.pathname + url.search + url.hash };
}

/** ws:// or wss:// URL of the event channel, carrying the token because browsers cannot set headers on WebSockets. */
export function eventsUrl(pageHref: string, token: string | null): string {
  const url = new URL('/api/events', pageHref);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (token) url.searchParams.set('token', token);
  return url.href;
}
