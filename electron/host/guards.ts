import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The host's request checks as pure functions: which token a request carries, whether it is
 * ours, and whether the Host/Origin headers name this very server. The HTTP and WebSocket paths
 * both go through them, so a socket is held to the same rules as a page load.
 */

/**
 * The cookie carrying the token. Browsers scope cookies by host, not port, so each port gets its
 * own name: two hosts running side by side (two data folders) would otherwise log each other out.
 */
export function tokenCookieName(port: number): string {
  return `reposync_token_${port}`;
}

/** All values of one cookie name: several may arrive when paths or hosts overlap. */
export function readCookies(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    values.push(value);
  }
  return values;
}

/** The bearer token of an `Authorization: Bearer …` header, if any. */
export function readBearer(header: string | undefined): string | undefined {
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** Every token a request offers: cookie values first, then the Authorization header. */
export function offeredTokens(headers: { cookie?: string; authorization?: string }, port: number): string[] {
  const tokens = readCookies(headers.cookie, tokenCookieName(port));
  const bearer = readBearer(headers.authorization);
  if (bearer) tokens.push(bearer);
  return tokens;
}

/**
 * Constant-time comparison. Hashing both sides first gives equal lengths, so neither the
 * content nor the length of the expected token leaks through timing.
 */
export function tokensEqual(offered: string, expected: string): boolean {
  const a = createHash('sha256').update(offered, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export function hasValidToken(headers: { cookie?: string; authorization?: string }, expected: string, port: number): boolean {
  // Check every candidate without stopping early; a stale cookie next to a fresh one is fine.
  let ok = false;
  for (const token of offeredTokens(headers, port)) ok = tokensEqual(token, expected) || ok;
  return ok;
}

/** The Host header values we answer to; anything else may be a DNS-rebinding attempt. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function allowedOrigins(port: number): string[] {
  return allowedHosts(port).map((h) => `http://${h}`);
}

export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  return allowedHosts(port).includes(host.trim().toLowerCase());
}

/** A missing Origin is fine (same-origin GETs, scripts); a present one must be ours. `null` is not. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return allowedOrigins(port).includes(origin.trim().toLowerCase());
}

export function tokenCookie(token: string, port: number): string {
  return `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The query's `token`, if the request tries to log in via the printed URL. */
export function readQueryToken(search: URLSearchParams): string | undefined {
  const value = search.get('token');
  return value === null ? undefined : value;
}
