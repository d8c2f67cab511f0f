import { parseUrl } from './app-origin';

/**
 * Hosts whose pages the app may open in the user's browser (repositories, pull requests, docs).
 * A subdomain counts (docs.github.com, gist.github.com); a look-alike (github.com.evil.io) does not.
 */
export const EXTERNAL_HOSTS: readonly string[] = [
  'github.com',
  'gitlab.com',
  'gitea.com',
  'codeberg.org',
  'bitbucket.org',
  'sr.ht',
  'electronjs.org',
];

const HOST_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

function matchesHost(hostname: string, allowed: string): boolean {
  return hostname === allowed || hostname.endsWith(`.${allowed}`);
}

/**
 * Whether `shell.openExternal` may receive this URL: https only, default port, no credentials,
 * a plain DNS name (no IP literal, no IDN trickery) on the allow-list or among `extraHosts`
 * (the hosts of the user's own remotes, so enterprise servers work too).
 */
export function isAllowedExternalUrl(raw: string, extraHosts: readonly string[] = []): boolean {
  const url = parseUrl(raw);
  if (!url || url.protocol !== 'https:' || url.port !== '' || url.username !== '' || url.password !== '') return false;
  const hostname = url.hostname.toLowerCase();
  if (!HOST_NAME.test(hostname) || hostname.startsWith('xn--') || hostname.includes('.xn--')) return false;
  if (/^[0-9.]+$/.test(hostname)) return false;
  if (EXTERNAL_HOSTS.some((allowed) => matchesHost(hostname, allowed))) return true;
  // The user's own servers: exact host only, their subdomains are not vouched for.
  return extraHosts.some((host) => host.toLowerCase() === hostname);
}

/** The https hosts of the user's remotes, for `isAllowedExternalUrl`'s `extraHosts`. */
export function hostsOfRemotes(remoteUrls: ReadonlyArray<string | null>): string[] {
  const hosts = new Set<string>();
  for (const remote of remoteUrls) {
    const url = parseUrl(remote);
    if (url && url.protocol === 'https:' && url.hostname) hosts.add(url.hostname.toLowerCase());
  }
  return [...hosts];
}
