import { MergeRequests, PersonalAccessTokens, Projects, Users } from '@gitbeaker/rest';
import { createRequesterFn, type FormattedResponse, type RequestOptions } from '@gitbeaker/requester-utils';
import type { PullRequestRef, RepoPage, RepoSort } from '../../../shared/contract/connections';
import { ReposyncError } from '../errors';
import { mapProviderError, throwForStatus } from './errors';
import { createPolicyFetch, type FetchLike, type HttpPolicy } from './http-policy';
import { repoPathFromUrl } from './repo-path';
import type { GitCredentials, Identity, ProviderClient, PullRequestInput, RepoDetails, RepoQuery } from './types';

export const GITLAB_HOST = 'https://gitlab.com';

/**
 * gitbeaker's default requester retries 429 ten times on its own schedule and ignores Retry-After;
 * this one sends every request through Reposync's HTTP policy instead.
 */
function policyRequester(fetchFn: FetchLike) {
  return createRequesterFn(
    async (_service, options) => options,
    async (endpoint, raw): Promise<FormattedResponse> => {
      const options = (raw ?? {}) as RequestOptions;
      const prefix = options.prefixUrl ?? '';
      const url = new URL(endpoint, prefix.endsWith('/') ? prefix : `${prefix}/`);
      if (options.searchParams) url.search = options.searchParams;
      const res = await fetchFn(url, {
        method: options.method ?? 'GET',
        headers: options.headers,
        body: typeof options.body === 'string' ? options.body : undefined,
        signal: options.signal,
      });
      await throwForStatus(res);
      const headers = Object.fromEntries(res.headers.entries());
      const type = res.headers.get('content-type') ?? '';
      const body = res.status === 204 ? null : type.includes('application/json') ? ((await res.json()) as FormattedResponse['body']) ?? {} : await res.text();
      return { body, headers, status: res.status };
    },
  );
}

interface GitLabProject {
  path_with_namespace: string;
  http_url_to_repo: string;
  default_branch?: string | null;
  visibility?: string;
  description?: string | null;
  last_activity_at?: string | null;
  updated_at?: string | null;
  permissions?: { project_access?: { access_level: number } | null; group_access?: { access_level: number } | null };
}

const ORDER: Record<RepoSort, string> = { updated: 'last_activity_at', name: 'name', created: 'created_at' };

function toSummary(p: GitLabProject) {
  return {
    fullName: p.path_with_namespace,
    cloneUrl: p.http_url_to_repo,
    defaultBranch: p.default_branch ?? null,
    private: p.visibility !== 'public',
    description: p.description ?? null,
    updatedAt: p.last_activity_at ?? p.updated_at ?? null,
  };
}

export interface GitLabClientOptions {
  /** gitlab.com or the self-hosted base URL (may include a relative path). */
  host: string;
  token: string;
  username: string;
  policy: HttpPolicy;
}

/** GitLab.com and self-managed GitLab through @gitbeaker/rest. */
export class GitLabClient implements ProviderClient {
  private readonly users;
  private readonly tokens;
  private readonly projects;
  private readonly mergeRequests;

  constructor(private readonly options: GitLabClientOptions) {
    const config = {
      host: options.host.replace(/\/+$/, ''),
      token: options.token,
      requesterFn: policyRequester(createPolicyFetch(options.policy)),
      queryTimeout: options.policy.timeoutMs,
      // Our policy handles GitLab's limits from its headers; no client-side token bucket on top.
      rateLimits: {},
    };
    this.users = new Users(config);
    this.tokens = new PersonalAccessTokens(config);
    this.projects = new Projects(config);
    this.mergeRequests = new MergeRequests(config);
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw mapProviderError(err, 'GitLab', this.options.policy.clock.now());
    }
  }

  async validate(): Promise<Identity> {
    const user = await this.call(() => this.users.showCurrentUser());
    // Only personal access tokens can describe themselves; older servers and other token kinds answer 401/403/404.
    const expiresAt = await this.call(() => this.tokens.show())
      .then((t) => (typeof t.expires_at === 'string' ? dateToIso(t.expires_at) : null))
      .catch((err: unknown) => {
        if (err instanceof ReposyncError && ['not_found', 'forbidden', 'auth_failed'].includes(err.code)) return null;
        throw err;
      });
    return { username: user.username, expiresAt };
  }

  async listRepos(query: RepoQuery): Promise<RepoPage> {
    return this.call(async () => {
      const res = await this.projects.all({
        membership: true,
        simple: false,
        page: query.page,
        perPage: query.perPage,
        ...(query.query ? { search: query.query } : {}),
        ...(query.sort ? { orderBy: ORDER[query.sort] as 'name', sort: query.sort === 'name' ? 'asc' : 'desc' } : {}),
        showExpanded: true,
        pagination: 'offset',
      });
      const data = res.data as unknown as GitLabProject[];
      return { repos: data.map(toSummary), nextPage: res.paginationInfo.next ?? null };
    });
  }

  async getRepo(repoUrl: string): Promise<RepoDetails> {
    const project = (await this.call(() => this.projects.show(this.projectPath(repoUrl)))) as unknown as GitLabProject;
    const level = Math.max(project.permissions?.project_access?.access_level ?? 0, project.permissions?.group_access?.access_level ?? 0);
    return {
      ...toSummary(project),
      permissions: project.permissions ? { pull: level >= 10, push: level >= 30, admin: level >= 40 } : null,
    };
  }

  async openPullRequest(input: PullRequestInput): Promise<PullRequestRef> {
    const projectId = this.projectPath(input.repoUrl);
    const findOpen = async () => {
      const open = await this.call(() =>
        this.mergeRequests.all({ projectId, state: 'opened', sourceBranch: input.head, targetBranch: input.base, perPage: 10, page: 1 }),
      );
      const mr = (open as unknown as Array<{ web_url: string; iid: number }>)[0];
      return mr ? { url: mr.web_url, number: mr.iid, reused: true } : null;
    };
    const existing = await findOpen();
    if (existing) return existing;
    try {
      const mr = await this.call(() => this.mergeRequests.create(projectId, input.head, input.base, input.title, { description: input.body }));
      return { url: mr.web_url as string, number: mr.iid as number, reused: false };
    } catch (err) {
      // GitLab answers 409 when another client opened the same merge request meanwhile.
      const raced = await findOpen().catch(() => null);
      if (raced) return raced;
      throw err;
    }
  }

  async gitCredentials(): Promise<GitCredentials> {
    return { username: this.options.username, password: this.options.token };
  }

  private projectPath(repoUrl: string): string {
    return repoPathFromUrl(repoUrl, new URL(this.options.host.replace(/\/*$/, '/')));
  }
}

/** GitLab gives `expires_at` as a date; the token stops working at the start of that day (UTC). */
function dateToIso(date: string): string | null {
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : date);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
