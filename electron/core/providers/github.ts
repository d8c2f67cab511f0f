import { Octokit } from '@octokit/rest';
import type { PullRequestRef, RepoPage, RepoSort, RepoSummary } from '../../../shared/contract/connections';
import { mapProviderError } from './errors';
import { createPolicyFetch, type HttpPolicy } from './http-policy';
import { githubWebBase, nextPageFromLink, pageWithQuery, repoPathFromUrl, splitOwnerRepo } from './repo-path';
import type { GitCredentials, Identity, ProviderClient, PullRequestInput, RepoDetails, RepoQuery } from './types';

export const GITHUB_API = 'https://api.github.com';

const quietLog = { debug() {}, info() {}, warn() {}, error() {} };

/** An Octokit that talks through Reposync's HTTP policy; no auth of its own. */
export function createOctokit(baseUrl: string, policy: HttpPolicy): Octokit {
  return new Octokit({ baseUrl, userAgent: 'Reposync', log: quietLog, request: { fetch: createPolicyFetch(policy) } });
}

/** `2024-06-01 12:00:00 UTC` or `… +0200`, as GitHub sends `github-authentication-token-expiration`. */
export function parseGitHubExpiration(value: string | undefined): string | null {
  if (!value) return null;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)\s*(UTC|Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
  if (!m) return null;
  const zone = !m[3] || m[3] === 'UTC' || m[3] === 'Z' ? 'Z' : m[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const t = Date.parse(`${m[1]}T${m[2]}${zone}`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

const SORT: Record<RepoSort, 'updated' | 'full_name' | 'created'> = { updated: 'updated', name: 'full_name', created: 'created' };

interface GitHubRepo {
  full_name: string;
  clone_url?: string;
  default_branch?: string;
  private: boolean;
  description: string | null;
  updated_at?: string | null;
  permissions?: { pull?: boolean; push?: boolean; admin?: boolean };
}

export function toRepoSummary(r: GitHubRepo): RepoSummary {
  return {
    fullName: r.full_name,
    cloneUrl: r.clone_url ?? '',
    defaultBranch: r.default_branch ?? null,
    private: r.private,
    description: r.description ?? null,
    updatedAt: r.updated_at ?? null,
  };
}

export interface GitHubClientOptions {
  baseUrl: string;
  /** Called before every request: a PAT, or a fresh GitHub App installation token. */
  token: () => Promise<string>;
  policy: HttpPolicy;
  /** Username for Git over HTTPS; GitHub ignores it for tokens, Apps need `x-access-token`. */
  gitUsername: string;
}

/** github.com and GitHub Enterprise Server through @octokit/rest. */
export class GitHubClient implements ProviderClient {
  protected readonly octokit: Octokit;
  protected readonly name = 'GitHub';

  constructor(protected readonly options: GitHubClientOptions) {
    this.octokit = createOctokit(options.baseUrl, options.policy);
    this.octokit.hook.before('request', async (req) => {
      req.headers.authorization = `token ${await options.token()}`;
    });
  }

  protected async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw mapProviderError(err, this.name, this.options.policy.clock.now());
    }
  }

  async validate(): Promise<Identity> {
    return this.call(async () => {
      const res = await this.octokit.rest.users.getAuthenticated();
      return { username: res.data.login, expiresAt: parseGitHubExpiration(res.headers['github-authentication-token-expiration'] as string | undefined) };
    });
  }

  async listRepos(query: RepoQuery): Promise<RepoPage> {
    return pageWithQuery(
      (page, perPage) =>
        this.call(async () => {
          const res = await this.octokit.rest.repos.listForAuthenticatedUser({
            page,
            per_page: perPage,
            ...(query.sort ? { sort: SORT[query.sort] } : {}),
          });
          return { repos: res.data.map(toRepoSummary), nextPage: nextPageFromLink(res.headers.link) };
        }),
      query,
    );
  }

  async getRepo(repoUrl: string): Promise<RepoDetails> {
    const { owner, repo } = this.ownerRepo(repoUrl);
    return this.call(async () => {
      const { data } = await this.octokit.rest.repos.get({ owner, repo });
      const p = data.permissions;
      return { ...toRepoSummary(data), permissions: p ? { pull: Boolean(p.pull), push: Boolean(p.push), admin: Boolean(p.admin) } : null };
    });
  }

  /** Reuse the open pull request for the same head and base; otherwise open one. */
  async openPullRequest(input: PullRequestInput): Promise<PullRequestRef> {
    const { owner, repo } = this.ownerRepo(input.repoUrl);
    const findOpen = () =>
      this.call(async () => {
        const { data } = await this.octokit.rest.pulls.list({ owner, repo, head: `${owner}:${input.head}`, base: input.base, state: 'open', per_page: 10 });
        const open = data[0];
        return open ? { url: open.html_url, number: open.number, reused: true } : null;
      });
    const existing = await findOpen();
    if (existing) return existing;
    try {
      return await this.call(async () => {
        const { data } = await this.octokit.rest.pulls.create({ owner, repo, head: input.head, base: input.base, title: input.title, body: input.body });
        return { url: data.html_url, number: data.number, reused: false };
      });
    } catch (err) {
      // Another client may have opened it between our check and our create (GitHub answers 422).
      const raced = await findOpen().catch(() => null);
      if (raced) return raced;
      throw err;
    }
  }

  async gitCredentials(): Promise<GitCredentials> {
    return { username: this.options.gitUsername, password: await this.options.token() };
  }

  protected ownerRepo(repoUrl: string): { owner: string; repo: string } {
    return splitOwnerRepo(repoPathFromUrl(repoUrl, githubWebBase(this.options.baseUrl), true));
  }
}
