import type { PullRequestRef, RepoPage, RepoSort, RepoSummary } from '../../../shared/contract/connections';

export interface Identity {
  username: string;
  /** When the token stops working, if the provider says (GitHub's expiration header, GitLab's expires_at). */
  expiresAt: string | null;
}

export interface RepoDetails extends RepoSummary {
  permissions: { pull: boolean; push: boolean; admin: boolean } | null;
}

export interface RepoQuery {
  page: number;
  perPage: number;
  sort?: RepoSort;
  query?: string;
}

export interface PullRequestInput {
  repoUrl: string;
  head: string;
  base: string;
  title: string;
  body: string;
}

export interface GitCredentials {
  username: string;
  password: string;
}

/** One provider account, authenticated; every method maps failures to ReposyncError codes. */
export interface ProviderClient {
  validate(): Promise<Identity>;
  listRepos(query: RepoQuery): Promise<RepoPage>;
  getRepo(repoUrl: string): Promise<RepoDetails>;
  openPullRequest(input: PullRequestInput): Promise<PullRequestRef>;
  /** What to send to the Git host over HTTPS (clone, fetch, push). */
  gitCredentials(): Promise<GitCredentials>;
}
