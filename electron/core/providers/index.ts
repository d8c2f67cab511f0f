import type { StoredConnection } from '../../../shared/contract/connections';
import { ReposyncError } from '../errors';
import { GenericClient } from './generic';
import { GITHUB_API, GitHubClient } from './github';
import { GitHubAppClient, GitHubAppTokens } from './github-app';
import { GITLAB_HOST, GitLabClient } from './gitlab';
import { GiteaClient } from './gitea';
import type { HttpPolicy } from './http-policy';
import { githubWebBase } from './repo-path';
import type { ProviderClient } from './types';

export type ClientSpec = Pick<StoredConnection, 'provider' | 'authKind' | 'baseUrl' | 'username' | 'appId' | 'installationId'>;

export function defaultBaseUrl(provider: StoredConnection['provider']): string | null {
  if (provider === 'github') return GITHUB_API;
  if (provider === 'gitlab') return GITLAB_HOST;
  return null;
}

/** Where the connection's repositories live (for GitHub not the API host); used to match remotes to connections. */
export function gitBaseOf(spec: Pick<StoredConnection, 'provider' | 'baseUrl'>): URL {
  return spec.provider === 'github' ? githubWebBase(spec.baseUrl) : new URL(spec.baseUrl);
}

export function createAppTokens(spec: ClientSpec, privateKey: string, policy: HttpPolicy): GitHubAppTokens {
  if (!spec.appId || !spec.installationId) throw new ReposyncError('internal', 'This GitHub App connection lacks its app or installation id.');
  return new GitHubAppTokens({ baseUrl: spec.baseUrl, appId: spec.appId, installationId: spec.installationId, privateKey, policy });
}

/** The client for one connection; `secret` is its token (or, for a GitHub App, its private key). */
export function createProviderClient(spec: ClientSpec, secret: string, policy: HttpPolicy, appTokens?: GitHubAppTokens): ProviderClient {
  switch (spec.provider) {
    case 'github':
      if (spec.authKind === 'github_app') return new GitHubAppClient(appTokens ?? createAppTokens(spec, secret, policy), spec.baseUrl, policy);
      return new GitHubClient({ baseUrl: spec.baseUrl, token: async () => secret, policy, gitUsername: spec.username || 'x-access-token' });
    case 'gitlab':
      return new GitLabClient({ host: spec.baseUrl, token: secret, username: spec.username || 'oauth2', policy });
    case 'gitea':
      return new GiteaClient({ baseUrl: spec.baseUrl, token: secret, username: spec.username, policy });
    case 'generic':
      return new GenericClient({ repoUrl: spec.baseUrl, username: spec.username, token: secret, policy });
  }
}

export type { ProviderClient } from './types';
export { GitHubAppTokens } from './github-app';
export { defaultPolicy, systemClock, type Clock, type HttpPolicy, type RateLimitSnapshot } from './http-policy';
