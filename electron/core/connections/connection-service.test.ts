import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../../shared/errors';
import type { Connection } from '../../../shared/contract/connections';
import { startGitHubStandIn, type GitHubStandIn } from '../../../test/support/providers/github';
import { startGitLabStandIn, type GitLabStandIn } from '../../../test/support/providers/gitlab';
import { startGiteaStandIn, type GiteaStandIn } from '../../../test/support/providers/gitea';
import { cleanupTempDirs, makeRepo, tempDir } from '../../../test/support/repo';
import { createCore, type Core } from '..';
import { createLogger } from '../log';
import { openPullRequest } from './pull-request';
import { connectionCredentialProvider } from './workspace-credentials';

const OLD = 'ghp_oldTokenForReposync00000000000000001';
const NEW = 'ghp_newTokenForReposync00000000000000002';
const BAD = 'ghp_badTokenForReposync00000000000000003';
const GL = 'glpat-reposyncGitlab0000000001';
const GT = 'giteaTokenReposync0000000000000000000001';

let gh: GitHubStandIn;
let gl: GitLabStandIn;
let gt: GiteaStandIn;
let home: string;
let core: Core;
const logLines: string[] = [];
const responses: unknown[] = [];
const tokens: Record<string, { login: string; expiration?: string }> = { [OLD]: { login: 'old-login', expiration: '2031-01-01 00:00:00 UTC' } };

beforeAll(async () => {
  gh = await startGitHubStandIn({ tokens, repos: [{ owner: 'old-login', name: 'site' }, { owner: 'old-login', name: 'docs' }] });
  gl = await startGitLabStandIn({ tokens: { [GL]: { username: 'tanuki', expiresAt: null } }, projects: [{ path: 'team/app' }] });
  gt = await startGiteaStandIn({ tokens: { [GT]: { login: 'tea' } }, repos: [{ owner: 'tea', name: 'pot' }] });
  home = tempDir();
  core = createCore({ home, mode: 'host', version: '0.0.0', log: createLogger((l) => logLines.push(l)) });
});
afterAll(async () => {
  await Promise.all([gh.close(), gl.close(), gt.close()]);
  cleanupTempDirs();
});

async function call<T = unknown>(channel: string, input: unknown): Promise<Envelope<T>> {
  const res = (await core.call(channel, input, 'test')) as Envelope<T>;
  responses.push(res);
  return res;
}
async function ok<T>(channel: string, input: unknown): Promise<T> {
  const res = await call<T>(channel, input);
  if (!res.ok) throw new Error(`${channel} failed: ${res.error.code} ${res.error.message}`);
  return res.value;
}
const vaultEntries = () => {
  const file = path.join(home, 'vault.json');
  return fs.existsSync(file) ? Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')).entries) : [];
};

describe('connections', () => {
  let github: Connection;

  it('does not save an invalid token, and says what the provider said', async () => {
    const res = await call('connections.create', { provider: 'github', baseUrl: gh.url, token: BAD });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('auth_failed');
    expect(res.error.message).toContain('Bad credentials');
    expect(await ok('connections.list', {})).toEqual([]);
    expect(vaultEntries()).toEqual([]);
  });

  it('refuses http:// to a non-local host and credentials in the URL', async () => {
    const plain = await call('connections.create', { provider: 'gitea', baseUrl: 'http://gitea.example.com', token: GT });
    expect(!plain.ok && plain.error.code).toBe('invalid_input');
    const inUrl = await call('connections.create', { provider: 'gitea', baseUrl: 'https://u:p@gitea.example.com', token: GT });
    expect(!inUrl.ok && inUrl.error.message).toMatch(/must not contain a user name/);
  });

  it('validates, then saves the username and expiry; the secret goes to the vault only', async () => {
    github = await ok<Connection>('connections.create', { provider: 'github', baseUrl: gh.url, token: OLD, label: 'Work' });
    expect(github).toMatchObject({ provider: 'github', authKind: 'token', label: 'Work', username: 'old-login', baseUrl: gh.url, expiresAt: '2031-01-01T00:00:00.000Z' });
    expect(github.rateLimit).toMatchObject({ limit: 5000 });
    expect(vaultEntries()).toEqual([github.id]);
    const listed = await ok<Connection[]>('connections.list', {});
    expect(listed.map((c) => c.id)).toEqual([github.id]);
    expect(await ok('connections.test', { id: github.id })).toEqual({ valid: true, username: 'old-login', expiresAt: '2031-01-01T00:00:00.000Z' });
  });

  it('keeps the old token when a new one fails, and refreshes the username when it works', async () => {
    const bad = await call('connections.update', { id: github.id, token: BAD });
    expect(!bad.ok && bad.error.code).toBe('auth_failed');
    expect(await core.services.vault.get(github.id)).toBe(OLD);
    expect((await ok<{ valid: boolean }>('connections.test', { id: github.id })).valid).toBe(true);

    tokens[NEW] = { login: 'new-login' };
    const rotated = await ok<Connection>('connections.update', { id: github.id, token: NEW, label: 'Work (rotated)' });
    expect(rotated).toMatchObject({ username: 'new-login', label: 'Work (rotated)', expiresAt: null });
    expect(await core.services.vault.get(github.id)).toBe(NEW);
    const wrongKind = await call('connections.update', { id: github.id, privateKey: '-----BEGIN RSA PRIVATE KEY-----\nabc' });
    expect(!wrongKind.ok && wrongKind.error.code).toBe('invalid_input');
  });

  it('reports a revoked token through test without changing anything', async () => {
    delete tokens[NEW];
    const before = await ok<Connection[]>('connections.list', {});
    const result = await ok<{ valid: false; error: { code: string; message: string } }>('connections.test', { id: github.id });
    expect(result).toEqual({ valid: false, error: { code: 'auth_failed', message: expect.stringContaining('Bad credentials') } });
    expect((await ok<Connection[]>('connections.list', {})).map(({ rateLimit: _r, ...c }) => c)).toEqual(before.map(({ rateLimit: _r, ...c }) => c));
    tokens[NEW] = { login: 'new-login' };
  });

  it('lists repositories and opens or reuses pull requests on GitHub, GitLab and Gitea', async () => {
    const page = await ok<{ repos: Array<{ fullName: string }>; nextPage: number | null }>('providers.listRepos', { connectionId: github.id, perPage: 1 });
    expect(page.repos.map((r) => r.fullName)).toEqual(['old-login/docs']);
    expect(page.nextPage).toBe(2);
    const pr = { connectionId: github.id, repoUrl: `${gh.url}/old-login/site.git`, head: 'feat', base: 'main', title: 'Feat' };
    expect(await ok('providers.openPullRequest', pr)).toMatchObject({ number: 1, reused: false });
    expect(await ok('providers.openPullRequest', pr)).toMatchObject({ number: 1, reused: true });

    const gitlab = await ok<Connection>('connections.create', { provider: 'gitlab', baseUrl: gl.url, token: GL });
    expect(gitlab.label).toContain('tanuki');
    const mr = { connectionId: gitlab.id, repoUrl: `${gl.url}/team/app.git`, head: 'feat', base: 'main', title: 'Feat' };
    expect(await ok('providers.openPullRequest', mr)).toMatchObject({ number: 1, reused: false });
    expect(await ok('providers.openPullRequest', mr)).toMatchObject({ number: 1, reused: true });

    const gitea = await ok<Connection>('connections.create', { provider: 'gitea', baseUrl: gt.url, token: GT });
    const ws = await core.services.workspaces.add({ path: makeRepo(), remoteUrl: `${gt.url}/tea/pot.git`, connectionId: gitea.id });
    expect(await openPullRequest(core.services, ws, { head: 'feat', base: 'main', title: 'Feat' })).toMatchObject({ number: 1, reused: false });
    expect(await openPullRequest(core.services, ws, { head: 'feat', base: 'main', title: 'Feat' })).toMatchObject({ number: 1, reused: true });
    // The seam push calls: the URL of the (reused) request; no connection → null.
    expect(await core.services.openPullRequest!(ws, { head: 'feat', base: 'main', title: 'Feat' })).toBe(`${gt.url}/tea/pot/pulls/1`);
    expect(await core.services.openPullRequest!({ ...ws, connectionId: null }, { head: 'feat', base: 'main', title: 'Feat' })).toBeNull();

    const generic = await call('providers.listRepos', { connectionId: 'nope' });
    expect(!generic.ok && generic.error.code).toBe('not_found');
  });

  it('hands Git credentials for the connection\'s host only', async () => {
    const creds = connectionCredentialProvider(core.services.connections);
    const ws = await core.services.workspaces.add({ path: makeRepo(), remoteUrl: `${gh.url}/old-login/site.git`, connectionId: github.id });
    expect(await creds.forWorkspace(ws)).toEqual({ username: 'new-login', password: NEW });
    const elsewhere = { ...ws, remoteUrl: 'https://evil.example/old-login/site.git' };
    await expect(creds.forWorkspace(elsewhere)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await creds.forWorkspace({ ...ws, connectionId: null })).toBeNull();
  });

  it('delete needs confirm, forgets the workspaces using it (folders stay) and erases the secret', async () => {
    const folder = makeRepo({ 'keep.txt': 'mine\n' });
    const ws = await core.services.workspaces.add({ path: folder, remoteUrl: `${gh.url}/old-login/docs.git`, connectionId: github.id });
    const other = await core.services.workspaces.add({ path: makeRepo() });
    const unconfirmed = await call('connections.delete', { id: github.id });
    expect(!unconfirmed.ok && unconfirmed.error.message).toMatch(/confirm: true/);

    const res = await ok<{ deleted: true; removedWorkspaceIds: string[] }>('connections.delete', { id: github.id, confirm: true });
    expect(res.removedWorkspaceIds).toContain(ws.id);
    const left = core.services.workspaces.list().map((w) => w.id);
    expect(left).not.toContain(ws.id);
    expect(left).toContain(other.id);
    expect(fs.readFileSync(path.join(folder, 'keep.txt'), 'utf8')).toBe('mine\n');
    expect(fs.existsSync(path.join(folder, '.git'))).toBe(true);
    expect(vaultEntries()).not.toContain(github.id);
    expect((await ok<Connection[]>('connections.list', {})).map((c) => c.id)).not.toContain(github.id);
  });

  it('never lets a token appear in a response, a log line or a data file except encrypted', async () => {
    const secrets = [OLD, NEW, BAD, GL, GT];
    const dump = JSON.stringify(responses) + '\n' + logLines.join('\n');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(home);
    expect(files.map((f) => path.basename(f))).toEqual(expect.arrayContaining(['config.json', 'vault.json', 'vault.key']));
    for (const s of secrets) {
      expect(dump).not.toContain(s);
      for (const f of files) expect(fs.readFileSync(f).includes(s), `${s.slice(0, 8)}… in ${f}`).toBe(false);
    }
    expect(logLines.some((l) => l.includes('connection created'))).toBe(true);
  });
});
