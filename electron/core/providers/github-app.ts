import { createAppAuth } from '@octokit/auth-app';
import type { RepoPage } from '../../../shared/contract/connections';
import { registerSecret } from '../redact';
import { mapProviderError } from './errors';
import { GitHubClient, createOctokit, toRepoSummary } from './github';
import type { HttpPolicy } from './http-policy';
import { nextPageFromLink, pageWithQuery } from './repo-path';
import type { Identity, RepoQuery } from './types';

export interface GitHubAppOptions {
  baseUrl: string;
  appId: string;
  installationId: string;
  privateKey: string;
  policy: HttpPolicy;
  /** Fetch a new installation token this long before the current one expires (GitHub's last ~1 h). */
  refreshMarginMs?: number;
}

// auth-app's own cache trusts its fixed 59-minute TTL and the wall clock; we keep the token
// ourselves against its real `expires_at` and the injected clock, so refresh is testable and exact.
const noCache = { get: async (): Promise<string> => '', set: async () => undefined };
const quietLog = { warn() {} };

/** Installation tokens of one GitHub App installation, fetched with the App's JWT and refreshed before expiry. */
export class GitHubAppTokens {
  private current: { token: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;
  private readonly auth: ReturnType<typeof createAppAuth>;
  private readonly bare;

  constructor(private readonly options: GitHubAppOptions) {
    // A separate Octokit without our auth hook: auth-app sets its own `bearer <jwt>` header.
    this.bare = createOctokit(options.baseUrl, options.policy);
    this.auth = createAppAuth({
      appId: options.appId,
      privateKey: options.privateKey,
      installationId: options.installationId,
      request: this.bare.request,
      cache: noCache,
      log: quietLog,
    });
  }

  async token(): Promise<string> {
    const margin = this.options.refreshMarginMs ?? 5 * 60_000;
    if (this.current && this.options.policy.clock.now() < this.current.expiresAt - margin) return this.current.token;
    this.pending ??= this.fetchToken().finally(() => (this.pending = null));
    return this.pending;
  }

  /** The App's slug, via `GET /app` signed with its JWT: proves appId and key belong together. */
  async appSlug(): Promise<string> {
    try {
      const { token } = await this.auth({ type: 'app' });
      const res = await this.bare.request('GET /app', { headers: { authorization: `bearer ${token}` } });
      return (res.data as { slug?: string } | null)?.slug ?? `app-${this.options.appId}`;
    } catch (err) {
      throw mapProviderError(err, 'GitHub', this.options.policy.clock.now());
    }
  }

  private async fetchToken(): Promise<string> {
    try {
      const result = await this.auth({ type: 'installation', refresh: true });
      registerSecret(result.token);
      const expiresAt = Date.parse(result.expiresAt);
      this.current = { token: result.token, expiresAt: Number.isNaN(expiresAt) ? this.options.policy.clock.now() + 30 * 60_000 : expiresAt };
      return result.token;
    } catch (err) {
      throw mapProviderError(err, 'GitHub', this.options.policy.clock.now());
    }
  }
}

/** A GitHub client authenticated as an App installation; the picker lists `GET /installation/repositories`. */
export class GitHubAppClient extends GitHubClient {
  constructor(private readonly tokens: GitHubAppTokens, baseUrl: string, policy: HttpPolicy) {
    super({ baseUrl, policy, token: () => tokens.token(), gitUsername: 'x-access-token' });
  }

  override async validate(): Promise<Identity> {
    const slug = await this.tokens.appSlug();
    await this.tokens.token();
    return { username: `${slug}[bot]`, expiresAt: null };
  }

  override async listRepos(query: RepoQuery): Promise<RepoPage> {
    return pageWithQuery(
      (page, perPage) =>
        this.call(async () => {
          const res = await this.octokit.rest.apps.listReposAccessibleToInstallation({ page, per_page: perPage });
          return { repos: res.data.repositories.map(toRepoSummary), nextPage: nextPageFromLink(res.headers.link) };
        }),
      query,
    );
  }
}
