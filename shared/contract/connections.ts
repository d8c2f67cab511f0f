import { z } from 'zod';
import { ErrorCode } from '../errors';
import { Id } from '../domain';
import { channel } from './types';

export const ProviderKind = z.enum(['github', 'gitlab', 'gitea', 'generic']);
export type ProviderKind = z.infer<typeof ProviderKind>;

/** `github_app` authenticates as a GitHub App installation; everything else is a personal token. */
export const AuthKind = z.enum(['token', 'github_app']);
export type AuthKind = z.infer<typeof AuthKind>;

/** The provider's last reported API budget (from X-RateLimit-* / RateLimit-* headers). */
export const RateLimit = z.object({
  limit: z.number().int().nonnegative(),
  remaining: z.number().int().nonnegative(),
  resetAt: z.string().nullable(),
});
export type RateLimit = z.infer<typeof RateLimit>;

/** A saved account on a Git host. Metadata only: the secret lives in the vault under `id`. */
export const StoredConnection = z.object({
  id: Id,
  provider: ProviderKind,
  authKind: AuthKind,
  label: z.string(),
  /** API base (GitHub `https://api.github.com` or `https://host/api/v3`, GitLab/Gitea host) or, for generic, the repository URL. */
  baseUrl: z.string(),
  username: z.string(),
  appId: z.string().nullable(),
  installationId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  expiresAt: z.string().nullable(),
});
export type StoredConnection = z.infer<typeof StoredConnection>;

export const Connection = StoredConnection.extend({ rateLimit: RateLimit.optional() });
export type Connection = z.infer<typeof Connection>;

// Secrets are input-only: they cross the contract once, from the form, and never come back.
const Token = z.string().trim().min(1, 'a token is required').max(4096).regex(/^\S+$/, 'a token has no spaces');
const PrivateKey = z.string().trim().max(16_384).regex(/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'must be a PEM private key');
const Label = z.string().trim().min(1).max(100);
const HttpUrl = z.string().trim().min(1).max(2048).regex(/^https?:\/\//i, 'must start with https://');
const NumericId = z
  .union([z.number().int().positive(), z.string().trim().regex(/^\d{1,20}$/, 'must be a number')])
  .transform((v) => String(v));

const GitHubCreate = z
  .object({
    provider: z.literal('github'),
    label: Label.optional(),
    baseUrl: HttpUrl.optional(),
    token: Token.optional(),
    appId: NumericId.optional(),
    installationId: NumericId.optional(),
    privateKey: PrivateKey.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const app = [v.appId, v.installationId, v.privateKey].filter((x) => x !== undefined).length;
    if (v.token !== undefined && app > 0) {
      ctx.addIssue({ code: 'custom', path: ['token'], message: 'give either a token or GitHub App fields, not both' });
    } else if (v.token === undefined && app < 3) {
      ctx.addIssue({ code: 'custom', path: ['token'], message: 'a token (or appId, installationId and privateKey of a GitHub App) is required' });
    }
  });

const TokenCreate = (provider: 'gitlab' | 'gitea') =>
  z
    .object({
      provider: z.literal(provider),
      label: Label.optional(),
      baseUrl: provider === 'gitea' ? HttpUrl : HttpUrl.optional(),
      token: Token,
    })
    .strict();

const GenericCreate = z
  .object({
    provider: z.literal('generic'),
    label: Label.optional(),
    username: z.string().trim().min(1).max(200),
    token: Token,
    repoUrl: HttpUrl,
  })
  .strict();

export const ConnectionCreate = z.discriminatedUnion('provider', [GitHubCreate, TokenCreate('gitlab'), TokenCreate('gitea'), GenericCreate]);
export type ConnectionCreate = z.infer<typeof ConnectionCreate>;

export const ConnectionUpdate = z
  .object({ id: Id, label: Label.optional(), token: Token.optional(), privateKey: PrivateKey.optional() })
  .strict()
  .refine((v) => v.label !== undefined || v.token !== undefined || v.privateKey !== undefined, {
    message: 'give a new label, token or privateKey',
    path: ['label'],
  });
export type ConnectionUpdate = z.infer<typeof ConnectionUpdate>;

export const ConnectionTestResult = z.discriminatedUnion('valid', [
  z.object({ valid: z.literal(true), username: z.string(), expiresAt: z.string().nullable() }),
  z.object({ valid: z.literal(false), error: z.object({ code: ErrorCode, message: z.string() }) }),
]);
export type ConnectionTestResult = z.infer<typeof ConnectionTestResult>;

export const RepoSummary = z.object({
  fullName: z.string(),
  cloneUrl: z.string(),
  defaultBranch: z.string().nullable(),
  private: z.boolean(),
  description: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type RepoSummary = z.infer<typeof RepoSummary>;

export const RepoSort = z.enum(['updated', 'name', 'created']);
export type RepoSort = z.infer<typeof RepoSort>;

export const ListRepos = z
  .object({
    connectionId: Id,
    page: z.number().int().min(1).max(100_000).default(1),
    perPage: z.number().int().min(1).max(100).default(30),
    sort: RepoSort.optional(),
    query: z.string().trim().max(200).optional(),
  })
  .strict();
export type ListRepos = z.infer<typeof ListRepos>;

export const RepoPage = z.object({ repos: z.array(RepoSummary), nextPage: z.number().int().nullable() });
export type RepoPage = z.infer<typeof RepoPage>;

const BranchName = z.string().trim().min(1).max(255);
export const OpenPullRequest = z
  .object({
    connectionId: Id,
    repoUrl: HttpUrl,
    head: BranchName,
    base: BranchName,
    title: z.string().trim().min(1).max(256),
    body: z.string().max(65_536).default(''),
  })
  .strict();
export type OpenPullRequest = z.infer<typeof OpenPullRequest>;

export const PullRequestRef = z.object({ url: z.string(), number: z.number().int(), reused: z.boolean() });
export type PullRequestRef = z.infer<typeof PullRequestRef>;

const ById = z.object({ id: Id }).strict();

export const connectionChannels = {
  'connections.list': channel(z.object({}).strict(), z.array(Connection), 'Saved accounts on Git hosts (never their secrets)'),
  'connections.create': channel(ConnectionCreate, Connection, 'Check a token (or GitHub App) with the provider, then save it'),
  'connections.update': channel(ConnectionUpdate, Connection, 'Rename a connection or replace its token (re-checked before saving)'),
  'connections.test': channel(ById, ConnectionTestResult, 'Check the saved secret with the provider without changing anything'),
  'connections.delete': channel(
    z.object({ id: Id, confirm: z.literal(true, { error: 'pass confirm: true to delete a connection' }) }).strict(),
    z.object({ deleted: z.literal(true), removedWorkspaceIds: z.array(z.string()) }),
    'Erase a connection and its secret; workspaces using it are forgotten (folders stay)',
  ),
  'providers.listRepos': channel(ListRepos, RepoPage, 'One page of the repositories a connection can reach'),
  'providers.openPullRequest': channel(OpenPullRequest, PullRequestRef, 'Open a pull/merge request, or return the open one for the same branches'),
};
