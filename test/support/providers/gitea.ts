import { intParam, linkHeader, paginate, startStandIn, type StandIn, type StandInReply, type StandInRequest } from './stand-in';

/**
 * A Gitea API v1 stand-in on loopback: `GET /api/v1/user`, `GET /api/v1/user/repos` (page/limit,
 * Link + X-Total-Count), `GET /api/v1/repos/{o}/{r}`, `GET|POST /api/v1/repos/{o}/{r}/pulls`.
 */
export interface FakeGiteaRepo {
  owner: string;
  name: string;
  private?: boolean;
  description?: string;
  defaultBranch?: string;
  updatedAt?: string;
}

export interface GiteaStandInOptions {
  tokens: Record<string, { login: string }>;
  repos?: FakeGiteaRepo[];
}

export interface FakeGiteaPull {
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
}

export interface GiteaStandIn extends StandIn {
  pulls: Map<string, FakeGiteaPull[]>;
}

export async function startGiteaStandIn(options: GiteaStandInOptions): Promise<GiteaStandIn> {
  const pulls = new Map<string, FakeGiteaPull[]>();
  const repoJson = (r: FakeGiteaRepo, base: string) => ({
    id: r.name.length,
    name: r.name,
    full_name: `${r.owner}/${r.name}`,
    owner: { login: r.owner },
    private: r.private ?? false,
    description: r.description ?? '',
    clone_url: `${base}/${r.owner}/${r.name}.git`,
    html_url: `${base}/${r.owner}/${r.name}`,
    default_branch: r.defaultBranch ?? 'main',
    updated_at: r.updatedAt ?? '2024-01-01T00:00:00Z',
    permissions: { admin: false, push: true, pull: true },
  });
  const pullJson = (key: string, p: FakeGiteaPull, base: string) => ({
    number: p.number,
    state: p.state,
    title: p.title,
    body: p.body,
    html_url: `${base}/${key}/pulls/${p.number}`,
    head: { ref: p.head, label: p.head },
    base: { ref: p.base, label: p.base },
  });

  const route = (req: StandInRequest, s: StandIn): StandInReply => {
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
    const who = token ? options.tokens[token] : undefined;
    if (!who) return { status: 401, body: { message: 'token is required', url: `${s.url}/api/swagger` } };
    if (req.path === '/api/v1/user' && req.method === 'GET') return { status: 200, body: { id: 1, login: who.login, full_name: who.login, email: `${who.login}@example.com` } };
    if (req.path === '/api/v1/user/repos' && req.method === 'GET') {
      const limit = Math.min(intParam(req.query, 'limit', 30), 50);
      const page = intParam(req.query, 'page', 1);
      const list = (options.repos ?? []).map((r) => repoJson(r, s.url));
      const { slice, lastPage } = paginate(list, page, limit);
      const link = linkHeader(req.url, page, lastPage);
      return { status: 200, body: slice, headers: { 'x-total-count': String(list.length), ...(link ? { link } : {}) } };
    }
    const m = /^\/api\/v1\/repos\/([^/]+)\/([^/]+)(\/pulls)?$/.exec(req.path);
    if (m) {
      const repo = (options.repos ?? []).find((r) => r.owner === decodeURIComponent(m[1]!) && r.name === decodeURIComponent(m[2]!));
      if (!repo) return { status: 404, body: { message: 'The target couldn\'t be found.', errors: [] } };
      const key = `${repo.owner}/${repo.name}`;
      if (!m[3] && req.method === 'GET') return { status: 200, body: repoJson(repo, s.url) };
      const list = pulls.get(key) ?? [];
      if (m[3] && req.method === 'GET') {
        const state = req.query.get('state') ?? 'open';
        const limit = Math.min(intParam(req.query, 'limit', 30), 50);
        const page = intParam(req.query, 'page', 1);
        const found = list.filter((p) => state === 'all' || p.state === state);
        return { status: 200, body: paginate(found, page, limit).slice.map((p) => pullJson(key, p, s.url)), headers: { 'x-total-count': String(found.length) } };
      }
      if (m[3] && req.method === 'POST') {
        const b = req.body as { head?: string; base?: string; title?: string; body?: string };
        if (!b?.head || !b.base || !b.title) return { status: 422, body: { message: 'head, base and title are required' } };
        const clash = list.find((p) => p.state === 'open' && p.head === b.head && p.base === b.base);
        if (clash) {
          return { status: 409, body: { message: `pull request already exists for these targets [id: ${clash.number}, head_branch: ${b.head}, base_branch: ${b.base}]` } };
        }
        const pull: FakeGiteaPull = { number: list.length + 1, head: b.head, base: b.base, title: b.title, body: b.body ?? '', state: 'open' };
        pulls.set(key, [...list, pull]);
        return { status: 201, body: pullJson(key, pull, s.url) };
      }
    }
    return { status: 404, body: { message: 'Not Found' } };
  };

  const standIn = await startStandIn(route, {
    rateLimited: (sw) => ({ status: 429, body: { message: 'rate limited' }, headers: { 'retry-after': String(sw.retryAfterSeconds ?? 1) } }),
  });
  return Object.assign(standIn, { pulls });
}
