import { ReposyncError } from '../errors';
import type { RepoPage, RepoSummary } from '../../../shared/contract/connections';
import type { RepoQuery } from './types';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * A provider URL the engine will send a token to: http(s), no credentials, and https unless the
 * server is on this machine (a token over plain http to another host travels in clear text).
 */
export function parseServerUrl(raw: string, field: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ReposyncError('invalid_input', `${field} is not a valid URL.`, { field });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ReposyncError('unsupported', `${field} must be an https:// URL (SSH and other transports are not supported).`, { field });
  }
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) {
    throw new ReposyncError('invalid_input', `${field} must use https://: a token sent over plain http can be read by anyone on the network.`, { field });
  }
  if (url.username || url.password) {
    throw new ReposyncError('invalid_input', `${field} must not contain a user name or password; give the token in its own field.`, { field });
  }
  url.hash = '';
  url.search = '';
  return url;
}

/** The URL without a trailing slash, as stored in a connection. */
export function normaliseBase(url: URL): string {
  return url.toString().replace(/\/+$/, '');
}

/** GitHub's API lives at api.github.com or https://host/api/v3; its repositories at github.com or https://host. */
export function githubWebBase(apiBase: string): URL {
  const url = new URL(apiBase);
  if (url.hostname.startsWith('api.')) url.hostname = url.hostname.slice(4);
  url.pathname = url.pathname.replace(/\/api\/v3\/?$/, '/');
  return url;
}

/**
 * `group/sub/name` of a repository URL on the connection's server. Hosts are compared by name only
 * (ports differ between a Git endpoint and its API on some setups); a repository elsewhere is refused
 * so a token is never sent to a host it was not made for.
 */
export function repoPathFromUrl(repoUrl: string, webBase: URL, exactlyTwo = false): string {
  const url = parseServerUrl(repoUrl, 'repoUrl');
  if (url.hostname.toLowerCase() !== webBase.hostname.toLowerCase()) {
    throw new ReposyncError('invalid_input', `The repository ${url.host} is not on this connection's server (${webBase.host}).`, {
      field: 'repoUrl',
    });
  }
  const basePath = webBase.pathname.replace(/\/+$/, '');
  let rest = decodeURIComponent(url.pathname);
  if (basePath && rest.startsWith(basePath + '/')) rest = rest.slice(basePath.length);
  const parts = rest.replace(/\/+$/, '').replace(/\.git$/, '').split('/').filter(Boolean);
  if (parts.length < 2 || (exactlyTwo && parts.length !== 2) || parts.some((p) => p === '.' || p === '..')) {
    throw new ReposyncError('invalid_input', `${repoUrl} does not look like a repository URL (expected …/owner/name).`, { field: 'repoUrl' });
  }
  return parts.join('/');
}

export function splitOwnerRepo(fullPath: string): { owner: string; repo: string } {
  const i = fullPath.lastIndexOf('/');
  return { owner: fullPath.slice(0, i), repo: fullPath.slice(i + 1) };
}

/** `page` from a `Link: <…?page=3>; rel="next"` header, or null on the last page. */
export function nextPageFromLink(link: string | undefined | null): number | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (!m) continue;
    try {
      const page = Number(new URL(m[1]!, 'http://x').searchParams.get('page'));
      return Number.isInteger(page) && page > 0 ? page : null;
    } catch {
      return null;
    }
  }
  return null;
}

const SCAN_LIMIT = 5;

/**
 * Providers without a server-side search for "my repositories" are filtered here: scan up to a few
 * upstream pages of 100 for matches; `nextPage` is where the next scan continues.
 */
export async function pageWithQuery(
  fetchPage: (page: number, perPage: number) => Promise<RepoPage>,
  query: RepoQuery,
): Promise<RepoPage> {
  const needle = query.query?.toLowerCase();
  if (!needle) return fetchPage(query.page, query.perPage);
  const repos: RepoSummary[] = [];
  let page: number | null = query.page;
  for (let scanned = 0; page !== null && scanned < SCAN_LIMIT && repos.length < query.perPage; scanned++) {
    const got: RepoPage = await fetchPage(page, 100);
    repos.push(...got.repos.filter((r) => r.fullName.toLowerCase().includes(needle) || (r.description ?? '').toLowerCase().includes(needle)));
    page = got.nextPage;
  }
  return { repos, nextPage: page };
}
