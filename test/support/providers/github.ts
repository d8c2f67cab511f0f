import { createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import { bearerOrToken, intParam, linkHeader, paginate, startStandIn, type StandIn, type StandInReply, type StandInRequest } from './stand-in';

/**
 * A GitHub REST stand-in on loopback: `GET /user`, `GET /user/repos`, `GET /repos/{o}/{r}`,
 * `GET|POST /repos/{o}/{r}/pulls`, and for Apps `GET /app`, `POST /app/installations/{id}/access_tokens`,
 * `GET /installation/repositories`. Also served under `/api/v3` like GitHub Enterprise Server.
 */
export interface FakeRepo {
  owner: string;
  name: string;
  private?: boolean;
  description?: string | null;
  defaultBranch?: string;
  updatedAt?: string;
  createdAt?: string;
  permissions?: { admin: boolean; push: boolean; pull: boolean };
}

export interface FakePull {
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
}

export interface GitHubStandInOptions {
  /** Personal tokens the stand-in accepts: token → login (+ optional expiration header value). */
  tokens: Record<string, { login: string; expiration?: string }>;
  repos?: FakeRepo[];
  app?: { appId: string; slug: string; installationId: string; publicKeyPem: string; tokenTtlSeconds: number; repos?: FakeRepo[] };
}

export interface GitHubStandIn extends StandIn {
  pulls: Map<string, FakePull[]>;
  /** Installation tokens issued so far, in order. */
  issuedInstallationTokens: string[];
}

const BAD_CREDENTIALS = { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' } };
const NOT_FOUND = { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };

export async function startGitHubStandIn(options: GitHubStandInOptions): Promise<GitHubStandIn> {
  const pulls = new Map<string, FakePull[]>();
  const installationTokens = new Map<string, number>();
  const issued: string[] = [];
  let remaining = 5000;
  const appKey: KeyObject | null = options.app ? createPublicKey(options.app.publicKeyPem) : null;

  const repoJson = (r: FakeRepo, base: string) => ({
    id: Math.abs(hash(`${r.owner}/${r.name}`)),
    name: r.name,
    full_name: `${r.owner}/${r.name}`,
    owner: { login: r.owner },
    private: r.private ?? false,
    description: r.description ?? null,
    html_url: `${base}/${r.owner}/${r.name}`,
    clone_url: `${base}/${r.owner}/${r.name}.git`,
    default_branch: r.defaultBranch ?? 'main',
    created_at: r.createdAt ?? '2020-01-01T00:00:00Z',
    updated_at: r.updatedAt ?? '2024-01-01T00:00:00Z',
    permissions: r.permissions ?? { admin: false, push: true, pull: true },
  });

  const pullJson = (key: string, p: FakePull, base: string) => ({
    number: p.number,
    state: p.state,
    title: p.title,
    body: p.body,
    html_url: `${base}/${key}/pull/${p.number}`,
    head: { ref: p.head, label: `${key.split('/')[0]}:${p.head}` },
    base: { ref: p.base },
  });

  const route = (req: StandInRequest, s: StandIn): StandInReply => {
    const base = s.url;
    const path = req.path.replace(/^\/api\/v3(?=\/)/, '');
    const auth = bearerOrToken(req.headers.authorization);

    if (options.app && (path === '/app' || /^\/app\/installations\/[^/]+\/access_tokens$/.test(path))) {
      if (!auth || !appKey || !verifyJwt(auth, appKey, options.app.appId, s.now())) {
        return { status: 401, body: { message: 'A JSON web token could not be decoded', documentation_url: 'https://docs.github.com/rest' } };
      }
      if (path === '/app' && req.method === 'GET') return { status: 200, body: { id: Number(options.app.appId), slug: options.app.slug, name: options.app.slug } };
      const id = path.split('/')[3];
      if (req.method !== 'POST' || id !== options.app.installationId) return NOT_FOUND;
      const token = `ghs_${randomBytes(18).toString('hex')}`;
      const expiresAt = s.now() + options.app.tokenTtlSeconds * 1000;
      installationTokens.set(token, expiresAt);
      issued.push(token);
      return {
        status: 201,
        body: { token, expires_at: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'), permissions: { contents: 'write', pull_requests: 'write' }, repository_selection: 'all' },
      };
    }

    const installation = auth ? installationTokens.get(auth) : undefined;
    const user = auth ? options.tokens[auth] : undefined;
    if (!user && (installation === undefined || installation <= s.now())) return BAD_CREDENTIALS;

    if (path === '/installation/repositories' && req.method === 'GET' && installation !== undefined) {
      const list = (options.app?.repos ?? []).map((r) => repoJson(r, base));
      const perPage = Math.min(intParam(req.query, 'per_page', 30), 100);
      const page = intParam(req.query, 'page', 1);
      const { slice, lastPage } = paginate(list, page, perPage);
      const link = linkHeader(req.url, page, lastPage);
      return { status: 200, body: { total_count: list.length, repository_selection: 'all', repositories: slice }, headers: link ? { link } : {} };
    }
    if (path === '/user' && req.method === 'GET' && user) {
      return {
        status: 200,
        body: { login: user.login, id: 1, type: 'User', name: user.login },
        headers: user.expiration ? { 'github-authentication-token-expiration': user.expiration } : {},
      };
    }
    if (path === '/user/repos' && req.method === 'GET' && user) {
      const sort = req.query.get('sort') ?? 'full_name';
      const list = (options.repos ?? []).map((r) => repoJson(r, base));
      list.sort((a, b) =>
        sort === 'updated' ? b.updated_at.localeCompare(a.updated_at) : sort === 'created' ? b.created_at.localeCompare(a.created_at) : a.full_name.localeCompare(b.full_name),
      );
      const perPage = Math.min(intParam(req.query, 'per_page', 30), 100);
      const page = intParam(req.query, 'page', 1);
      const { slice, lastPage } = paginate(list, page, perPage);
      const link = linkHeader(req.url, page, lastPage);
      return { status: 200, body: slice, headers: link ? { link } : {} };
    }
    const m = /^\/repos\/([^/]+)\/([^/]+)(\/pulls)?$/.exec(path);
    if (m) {
      const repo = [...(options.repos ?? []), ...(options.app?.repos ?? [])].find((r) => r.owner === decodeURIComponent(m[1]!) && r.name === decodeURIComponent(m[2]!));
      if (!repo) return NOT_FOUND;
      const key = `${repo.owner}/${repo.name}`;
      if (!m[3] && req.method === 'GET') return { status: 200, body: repoJson(repo, base) };
      const list = pulls.get(key) ?? [];
      if (m[3] && req.method === 'GET') {
        const head = req.query.get('head');
        const baseRef = req.query.get('base');
        const state = req.query.get('state') ?? 'open';
        const found = list.filter(
          (p) => (state === 'all' || p.state === state) && (!head || `${repo.owner}:${p.head}` === head) && (!baseRef || p.base === baseRef),
        );
        return { status: 200, body: found.map((p) => pullJson(key, p, base)) };
      }
      if (m[3] && req.method === 'POST') {
        const b = req.body as { head?: string; base?: string; title?: string; body?: string };
        if (!b?.head || !b.base || !b.title) return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'missing_field' }] } };
        if (list.some((p) => p.state === 'open' && p.head === b.head && p.base === b.base)) {
          return {
            status: 422,
            body: { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${repo.owner}:${b.head}.` }] },
          };
        }
        const pull: FakePull = { number: list.length + 1, head: b.head, base: b.base, title: b.title, body: b.body ?? '', state: 'open' };
        pulls.set(key, [...list, pull]);
        return { status: 201, body: pullJson(key, pull, base) };
      }
    }
    return NOT_FOUND;
  };

  const standIn = await startStandIn(route, {
    commonHeaders: (s) => {
      remaining = Math.max(0, remaining - 1);
      return {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': String(remaining),
        'x-ratelimit-reset': String(Math.floor(s.now() / 1000) + 3600),
        'x-ratelimit-used': String(5000 - remaining),
        'x-ratelimit-resource': 'core',
      };
    },
    rateLimited: (sw, s): StandInReply =>
      sw.mode === '429'
        ? { status: 429, body: { message: 'You have exceeded a secondary rate limit.' }, headers: { 'retry-after': String(sw.retryAfterSeconds ?? 1) } }
        : {
            status: 403,
            body: { message: 'API rate limit exceeded for user ID 1.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' },
            headers: {
              'x-ratelimit-limit': '5000',
              'x-ratelimit-remaining': '0',
              'x-ratelimit-reset': String(Math.floor(s.now() / 1000) + (sw.resetInSeconds ?? 1)),
            },
          },
  });
  return Object.assign(standIn, { pulls, issuedInstallationTokens: issued });
}

/** Checks an RS256 JWT the way GitHub does for App authentication: signature, issuer, not expired. */
function verifyJwt(jwt: string, key: KeyObject, appId: string, now: number): boolean {
  const [h, p, sig] = jwt.split('.');
  if (!h || !p || !sig) return false;
  const ok = verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(sig, 'base64url'));
  if (!ok) return false;
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { iss?: unknown; exp?: number };
  return String(claims.iss) === appId && typeof claims.exp === 'number' && claims.exp * 1000 > now - 60_000;
}

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}
