import type { PullRequestRef, RepoPage, RepoSummary } from '../../../shared/contract/connections';
import { mapProviderError, throwForStatus } from './errors';
import { createPolicyFetch, type FetchLike, type HttpPolicy } from './http-policy';
import { nextPageFromLink, pageWithQuery, repoPathFromUrl, splitOwnerRepo } from './repo-path';
import type { GitCredentials, Identity, ProviderClient, PullRequestInput, RepoDetails, RepoQuery } from './types';

interface GiteaRepo {
  full_name: string;
  clone_url: string;
  default_branch?: string | null;
  private: boolean;
  description?: string | null;
  updated_at?: string | null;
  permissions?: { admin?: boolean; push?: boolean; pull?: boolean };
}

interface GiteaPull {
  number: number;
  html_url: string;
  head?: { ref?: string };
  base?: { ref?: string };
}

const toSummary = (r: GiteaRepo): RepoSummary => ({
  fullName: r.full_name,
  cloneUrl: r.clone_url,
  defaultBranch: r.default_branch || null,
  private: r.private,
  description: r.description || null,
  updatedAt: r.updated_at ?? null,
});

export interface GiteaClientOptions {
  baseUrl: string;
  token: string;
  username: string;
  policy: HttpPolicy;
}

/** Gitea (and Forgejo, which keeps its API) through a small typed fetch client on `/api/v1`. */
export class GiteaClient implements ProviderClient {
  private readonly fetch: FetchLike;
  private readonly api: string;

  constructor(private readonly options: GiteaClientOptions) {
    this.fetch = createPolicyFetch(options.policy);
    this.api = `${options.baseUrl.replace(/\/+$/, '')}/api/v1`;
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ data: T; headers: Headers }> {
    try {
      const res = await this.fetch(`${this.api}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          authorization: `token ${this.options.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      await throwForStatus(res);
      return { data: (await res.json()) as T, headers: res.headers };
    } catch (err) {
      throw mapProviderError(err, 'Gitea', this.options.policy.clock.now());
    }
  }

  async validate(): Promise<Identity> {
    const { data } = await this.request<{ login: string }>('GET', '/user');
    return { username: data.login, expiresAt: null };
  }

  async listRepos(query: RepoQuery): Promise<RepoPage> {
    return pageWithQuery(async (page, perPage) => {
      const { data, headers } = await this.request<GiteaRepo[]>('GET', `/user/repos?page=${page}&limit=${perPage}`);
      const total = Number(headers.get('x-total-count'));
      const byCount = Number.isFinite(total) && total > page * perPage ? page + 1 : null;
      return { repos: data.map(toSummary), nextPage: headers.has('link') ? nextPageFromLink(headers.get('link')) : byCount };
    }, query);
  }

  async getRepo(repoUrl: string): Promise<RepoDetails> {
    const { owner, repo } = this.ownerRepo(repoUrl);
    const { data } = await this.request<GiteaRepo>('GET', `/repos/${enc(owner)}/${enc(repo)}`);
    const p = data.permissions;
    return { ...toSummary(data), permissions: p ? { pull: Boolean(p.pull), push: Boolean(p.push), admin: Boolean(p.admin) } : null };
  }

  async openPullRequest(input: PullRequestInput): Promise<PullRequestRef> {
    const { owner, repo } = this.ownerRepo(input.repoUrl);
    const base = `/repos/${enc(owner)}/${enc(repo)}/pulls`;
    const findOpen = async (): Promise<PullRequestRef | null> => {
      for (let page = 1; page <= 5; page++) {
        const { data } = await this.request<GiteaPull[]>('GET', `${base}?state=open&page=${page}&limit=50`);
        const hit = data.find((p) => p.head?.ref === input.head && p.base?.ref === input.base);
        if (hit) return { url: hit.html_url, number: hit.number, reused: true };
        if (data.length < 50) break;
      }
      return null;
    };
    const existing = await findOpen();
    if (existing) return existing;
    try {
      const { data } = await this.request<GiteaPull>('POST', base, { head: input.head, base: input.base, title: input.title, body: input.body });
      return { url: data.html_url, number: data.number, reused: false };
    } catch (err) {
      // Gitea answers 409 when a pull request for the same branches already exists.
      const raced = await findOpen().catch(() => null);
      if (raced) return raced;
      throw err;
    }
  }

  async gitCredentials(): Promise<GitCredentials> {
    return { username: this.options.username, password: this.options.token };
  }

  private ownerRepo(repoUrl: string) {
    return splitOwnerRepo(repoPathFromUrl(repoUrl, new URL(this.options.baseUrl.replace(/\/*$/, '/')), true));
  }
}

const enc = encodeURIComponent;
