import { intParam, linkHeader, paginate, startStandIn, type StandIn, type StandInReply, type StandInRequest } from './stand-in';

/**
 * A GitLab REST v4 stand-in on loopback: `GET /api/v4/user`, `GET /api/v4/personal_access_tokens/self`,
 * `GET /api/v4/projects` (membership, search, order_by, offset paging with X-Next-Page and Link),
 * `GET /api/v4/projects/:id`, `GET|POST /api/v4/projects/:id/merge_requests`.
 */
export interface FakeProject {
  path: string; // group/sub/name
  visibility?: 'private' | 'internal' | 'public';
  description?: string | null;
  defaultBranch?: string;
  lastActivityAt?: string;
  accessLevel?: number;
}

export interface FakeMergeRequest {
  iid: number;
  source: string;
  target: string;
  title: string;
  description: string;
  state: 'opened' | 'closed' | 'merged';
}

export interface GitLabStandInOptions {
  tokens: Record<string, { username: string; expiresAt?: string | null; personal?: boolean }>;
  projects?: FakeProject[];
}

export interface GitLabStandIn extends StandIn {
  mergeRequests: Map<string, FakeMergeRequest[]>;
}

const UNAUTHORIZED = { status: 401, body: { message: '401 Unauthorized' } };
const NOT_FOUND = (what: string) => ({ status: 404, body: { message: `404 ${what} Not Found` } });

export async function startGitLabStandIn(options: GitLabStandInOptions): Promise<GitLabStandIn> {
  const mrs = new Map<string, FakeMergeRequest[]>();

  const projectJson = (p: FakeProject, base: string) => ({
    id: p.path.length * 7,
    name: p.path.split('/').pop(),
    path_with_namespace: p.path,
    http_url_to_repo: `${base}/${p.path}.git`,
    web_url: `${base}/${p.path}`,
    default_branch: p.defaultBranch ?? 'main',
    visibility: p.visibility ?? 'private',
    description: p.description ?? null,
    last_activity_at: p.lastActivityAt ?? '2024-01-01T00:00:00.000Z',
    created_at: '2020-01-01T00:00:00.000Z',
    permissions: { project_access: { access_level: p.accessLevel ?? 30, notification_level: 3 }, group_access: null },
  });

  const mrJson = (p: FakeProject, m: FakeMergeRequest, base: string) => ({
    id: m.iid + 1000,
    iid: m.iid,
    state: m.state,
    title: m.title,
    description: m.description,
    source_branch: m.source,
    target_branch: m.target,
    web_url: `${base}/${p.path}/-/merge_requests/${m.iid}`,
  });

  const route = (req: StandInRequest, s: StandIn): StandInReply => {
    const token = String(req.headers['private-token'] ?? '') || /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1] || '';
    const who = options.tokens[token];
    if (!who) return UNAUTHORIZED;
    const path = req.path;
    if (path === '/api/v4/user' && req.method === 'GET') return { status: 200, body: { id: 1, username: who.username, name: who.username, state: 'active' } };
    if (path === '/api/v4/personal_access_tokens/self' && req.method === 'GET') {
      if (who.personal === false) return NOT_FOUND('Token');
      return {
        status: 200,
        body: { id: 9, name: 'reposync', revoked: false, created_at: '2024-01-01T00:00:00.000Z', scopes: ['api'], user_id: 1, active: true, expires_at: who.expiresAt ?? null },
      };
    }
    if (path === '/api/v4/projects' && req.method === 'GET') {
      const search = req.query.get('search')?.toLowerCase();
      const orderBy = req.query.get('order_by') ?? 'created_at';
      let list = (options.projects ?? []).filter((p) => !search || p.path.toLowerCase().includes(search));
      list = [...list].sort((a, b) =>
        orderBy === 'name' ? a.path.localeCompare(b.path) : (b.lastActivityAt ?? '').localeCompare(a.lastActivityAt ?? ''),
      );
      if (req.query.get('sort') === 'asc' && orderBy !== 'name') list.reverse();
      const perPage = Math.min(intParam(req.query, 'per_page', 20), 100);
      const page = intParam(req.query, 'page', 1);
      const { slice, lastPage } = paginate(list, page, perPage);
      const link = linkHeader(req.url, page, lastPage);
      return {
        status: 200,
        body: slice.map((p) => projectJson(p, s.url)),
        headers: {
          'x-page': String(page),
          'x-per-page': String(perPage),
          'x-next-page': page < lastPage ? String(page + 1) : '',
          'x-prev-page': page > 1 ? String(page - 1) : '',
          'x-total': String(list.length),
          'x-total-pages': String(lastPage),
          ...(link ? { link } : {}),
        },
      };
    }
    const m = /^\/api\/v4\/projects\/([^/]+)(\/merge_requests)?$/.exec(req.url.pathname);
    if (m) {
      const id = decodeURIComponent(m[1]!);
      const project = (options.projects ?? []).find((p) => p.path === id);
      if (!project) return NOT_FOUND('Project');
      if (!m[2] && req.method === 'GET') return { status: 200, body: projectJson(project, s.url) };
      const list = mrs.get(project.path) ?? [];
      if (m[2] && req.method === 'GET') {
        const state = req.query.get('state');
        const source = req.query.get('source_branch');
        const target = req.query.get('target_branch');
        const found = list.filter((x) => (!state || state === 'all' || x.state === state) && (!source || x.source === source) && (!target || x.target === target));
        return { status: 200, body: found.map((x) => mrJson(project, x, s.url)), headers: { 'x-page': '1', 'x-next-page': '' } };
      }
      if (m[2] && req.method === 'POST') {
        const b = req.body as { source_branch?: string; target_branch?: string; title?: string; description?: string };
        if (!b?.source_branch || !b.target_branch || !b.title) return { status: 400, body: { message: 'source_branch, target_branch, title are missing' } };
        const clash = list.find((x) => x.state === 'opened' && x.source === b.source_branch && x.target === b.target_branch);
        if (clash) return { status: 409, body: { message: [`Another open merge request already exists for this source branch: !${clash.iid}`] } };
        const mr: FakeMergeRequest = { iid: list.length + 1, source: b.source_branch, target: b.target_branch, title: b.title, description: b.description ?? '', state: 'opened' };
        mrs.set(project.path, [...list, mr]);
        return { status: 201, body: mrJson(project, mr, s.url) };
      }
    }
    return NOT_FOUND('');
  };

  const standIn = await startStandIn(route, {
    commonHeaders: (s) => ({
      'ratelimit-limit': '2000',
      'ratelimit-remaining': '1999',
      'ratelimit-observed': '1',
      'ratelimit-reset': String(Math.floor(s.now() / 1000) + 60),
    }),
    rateLimited: (sw, s) => ({
      status: 429,
      body: 'Retry later\n',
      headers: {
        'content-type': 'text/plain',
        'retry-after': String(sw.retryAfterSeconds ?? 1),
        'ratelimit-limit': '2000',
        'ratelimit-remaining': '0',
        'ratelimit-reset': String(Math.floor(s.now() / 1000) + (sw.retryAfterSeconds ?? 1)),
      },
    }),
  });
  return Object.assign(standIn, { mergeRequests: mrs });
}
