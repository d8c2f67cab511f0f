import { randomUUID } from 'node:crypto';
import type {
  Connection,
  ConnectionCreate,
  ConnectionTestResult,
  ConnectionUpdate,
  ListRepos,
  OpenPullRequest,
  PullRequestRef,
  RateLimit,
  RepoPage,
  StoredConnection,
} from '../../../shared/contract/connections';
import { ReposyncError, toReposyncError } from '../errors';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { OperationManager } from '../operations';
import { redactText, registerSecret } from '../redact';
import type { SettingsStore } from '../settings-store';
import type { Vault } from '../vault/vault';
import type { WorkspaceService } from '../workspaces';
import { createAppTokens, createProviderClient, defaultBaseUrl, gitBaseOf, type ClientSpec } from '../providers';
import type { GitHubAppTokens } from '../providers/github-app';
import { defaultPolicy, type HttpPolicy } from '../providers/http-policy';
import { normaliseBase, parseServerUrl } from '../providers/repo-path';
import type { GitCredentials, ProviderClient } from '../providers/types';

export interface ConnectionServiceDeps {
  store: SettingsStore;
  vault: Vault;
  workspaces: WorkspaceService;
  events: EventBus;
  operations: OperationManager;
  log: Logger;
  /** Clock, timeouts and retry bounds for provider calls (tests inject a fake clock). */
  policy?: Partial<HttpPolicy>;
}

const PROVIDER_NAMES: Record<StoredConnection['provider'], string> = { github: 'GitHub', gitlab: 'GitLab', gitea: 'Gitea', generic: 'Git server' };

/**
 * Accounts on Git hosts: checked with the provider before anything is saved, metadata in the settings
 * store, the secret only in the vault. Nothing this class returns ever contains a secret.
 */
export class ConnectionService {
  private readonly rateLimits = new Map<string, RateLimit>();
  private readonly appTokens = new Map<string, GitHubAppTokens>();

  constructor(private readonly deps: ConnectionServiceDeps) {}

  list(): Connection[] {
    return this.deps.store.read().connections.map((c) => this.withRateLimit(c));
  }

  get(id: string): StoredConnection {
    const found = this.deps.store.read().connections.find((c) => c.id === id);
    if (!found) throw new ReposyncError('not_found', 'No connection has that id; it may have been deleted.', { connectionId: id });
    return found;
  }

  async create(input: ConnectionCreate): Promise<Connection> {
    const secret = input.provider === 'github' && input.token === undefined ? input.privateKey! : input.token!;
    registerSecret(secret);
    const id = randomUUID();
    const spec = this.specFor(input);
    const identity = await this.clientFor(id, spec, secret, true)
      .validate()
      .catch((err: unknown) => {
        this.rateLimits.delete(id);
        throw err;
      });
    const now = new Date().toISOString();
    const connection: StoredConnection = {
      id,
      ...spec,
      username: identity.username,
      label: input.label ?? defaultLabel(spec, identity.username),
      createdAt: now,
      updatedAt: now,
      expiresAt: identity.expiresAt,
    };
    await this.deps.vault.set(id, secret);
    try {
      this.deps.store.update((s) => ({ ...s, connections: [...s.connections, connection] }));
    } catch (err) {
      await this.deps.vault.delete(id).catch(() => undefined);
      throw err;
    }
    this.deps.log.info('connection created', { connectionId: id, provider: spec.provider, authKind: spec.authKind });
    return this.withRateLimit(connection);
  }

  async update(input: ConnectionUpdate): Promise<Connection> {
    const current = this.get(input.id);
    const secret = input.token ?? input.privateKey;
    let change: Partial<StoredConnection> = {};
    if (secret !== undefined) {
      registerSecret(secret);
      if (current.authKind === 'github_app' ? input.token !== undefined : input.privateKey !== undefined) {
        throw new ReposyncError(
          'invalid_input',
          current.authKind === 'github_app' ? 'A GitHub App connection takes a new privateKey, not a token.' : 'This connection takes a new token, not a privateKey.',
          { field: current.authKind === 'github_app' ? 'token' : 'privateKey' },
        );
      }
      // Validate with a throwaway client first: a bad new secret must leave the saved one untouched.
      const identity = await this.clientFor(current.id, current, secret, true).validate();
      await this.deps.vault.set(current.id, secret);
      this.appTokens.delete(current.id);
      change = { username: identity.username, expiresAt: identity.expiresAt };
    }
    if (input.label !== undefined) change.label = input.label;
    let updated: StoredConnection | undefined;
    this.deps.store.update((s) => ({
      ...s,
      connections: s.connections.map((c) => (c.id === current.id ? (updated = { ...c, ...change, updatedAt: new Date().toISOString() }) : c)),
    }));
    if (!updated) throw new ReposyncError('not_found', 'The connection was deleted meanwhile.', { connectionId: current.id });
    return this.withRateLimit(updated);
  }

  /** Checks the saved secret with the provider; changes nothing. */
  async test(id: string): Promise<ConnectionTestResult> {
    try {
      const identity = await (await this.client(id)).validate();
      return { valid: true, username: identity.username, expiresAt: identity.expiresAt };
    } catch (err) {
      const e = toReposyncError(err);
      if (e.code === 'not_found' && e.details.connectionId === id) throw e;
      return { valid: false, error: { code: e.code, message: redactText(e.message) } };
    }
  }

  /** Erases the secret, forgets the workspaces that use this connection (their folders stay), then the connection. */
  async delete(id: string): Promise<{ deleted: true; removedWorkspaceIds: string[] }> {
    this.get(id);
    const users = this.deps.workspaces.list().filter((w) => w.connectionId === id);
    const busy = users.find((w) => this.deps.operations.activeFor(w.id));
    if (busy) {
      throw new ReposyncError('busy', `Workspace "${busy.name}" is syncing with this connection; wait for it or cancel it first.`, {
        workspaceId: busy.id,
      });
    }
    await this.deps.vault.delete(id);
    for (const w of users) {
      this.deps.workspaces.remove(w.id);
      this.deps.events.emit('workspace.changed', { workspaceId: w.id, reason: 'removed' });
    }
    this.deps.store.update((s) => ({ ...s, connections: s.connections.filter((c) => c.id !== id) }));
    this.appTokens.delete(id);
    this.rateLimits.delete(id);
    this.deps.log.info('connection deleted', { connectionId: id, removedWorkspaces: users.length });
    return { deleted: true, removedWorkspaceIds: users.map((w) => w.id) };
  }

  async listRepos(input: ListRepos): Promise<RepoPage> {
    const client = await this.client(input.connectionId);
    return client.listRepos({ page: input.page, perPage: input.perPage, sort: input.sort, query: input.query || undefined });
  }

  async openPullRequest(input: OpenPullRequest): Promise<PullRequestRef> {
    const client = await this.client(input.connectionId);
    return client.openPullRequest({ repoUrl: input.repoUrl, head: input.head, base: input.base, title: input.title, body: input.body });
  }

  /**
   * Credentials for Git over HTTPS to `remoteUrl`. Refuses a remote on another host than the
   * connection's, so a token is never sent where it was not made for.
   */
  async gitCredentials(connectionId: string, remoteUrl: string | null): Promise<GitCredentials> {
    const conn = this.get(connectionId);
    const expected = gitBaseOf(conn);
    let host: string | null = null;
    try {
      host = remoteUrl ? new URL(remoteUrl).hostname.toLowerCase() : null;
    } catch {
      host = null;
    }
    if (host !== null && host !== expected.hostname.toLowerCase()) {
      throw new ReposyncError(
        'forbidden',
        `The remote is on ${host} but connection "${conn.label}" is for ${expected.hostname}; Reposync will not send its token to another host.`,
        { connectionId, host },
      );
    }
    return (await this.client(connectionId)).gitCredentials();
  }

  /** The authenticated client of a saved connection. */
  async client(id: string): Promise<ProviderClient> {
    const conn = this.get(id);
    const secret = await this.deps.vault.get(id);
    if (secret === null) {
      throw new ReposyncError('auth_failed', `No secret is saved for connection "${conn.label}"; enter its token again.`, { connectionId: id });
    }
    return this.clientFor(id, conn, secret);
  }

  private clientFor(id: string, spec: ClientSpec, secret: string, fresh = false): ProviderClient {
    const policy = defaultPolicy({ ...this.deps.policy, onRateLimit: (r) => this.rateLimits.set(id, r) });
    if (spec.authKind !== 'github_app') return createProviderClient(spec, secret, policy);
    // One token cache per saved App connection, so installation tokens are reused until near expiry.
    let tokens = fresh ? undefined : this.appTokens.get(id);
    if (!tokens) {
      tokens = createAppTokens(spec, secret, policy);
      if (!fresh) this.appTokens.set(id, tokens);
    }
    return createProviderClient(spec, secret, policy, tokens);
  }

  private specFor(input: ConnectionCreate): ClientSpec {
    if (input.provider === 'generic') {
      const repo = parseServerUrl(input.repoUrl, 'repoUrl');
      return { provider: 'generic', authKind: 'token', baseUrl: normaliseBase(repo), username: input.username, appId: null, installationId: null };
    }
    const raw = input.baseUrl ?? defaultBaseUrl(input.provider);
    if (!raw) throw new ReposyncError('invalid_input', `A server URL is required for ${PROVIDER_NAMES[input.provider]}.`, { field: 'baseUrl' });
    const baseUrl = normaliseBase(parseServerUrl(raw, 'baseUrl'));
    if (input.provider === 'github' && input.token === undefined) {
      return { provider: 'github', authKind: 'github_app', baseUrl, username: '', appId: input.appId!, installationId: input.installationId! };
    }
    return { provider: input.provider, authKind: 'token', baseUrl, username: '', appId: null, installationId: null };
  }

  private withRateLimit(c: StoredConnection): Connection {
    const rateLimit = this.rateLimits.get(c.id);
    return rateLimit ? { ...c, rateLimit } : { ...c };
  }
}

function defaultLabel(spec: ClientSpec, username: string): string {
  const host = gitBaseOf(spec).host;
  return `${PROVIDER_NAMES[spec.provider]} · ${username} @ ${host}`.slice(0, 100);
}
