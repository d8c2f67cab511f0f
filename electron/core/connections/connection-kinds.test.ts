import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../shared/contract/connections';
import type { Envelope } from '../../../shared/errors';
import { startGitServer, type GitServer } from '../../../test/support/git-server';
import { startGitHubStandIn, type GitHubStandIn } from '../../../test/support/providers/github';
import { cleanupTempDirs, tempDir } from '../../../test/support/repo';
import { createCore, type Core } from '..';
import { connectionCredentialProvider } from './workspace-credentials';

const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
});
const GIT_TOKEN = 'generic-git-token-0001';
let gh: GitHubStandIn;
let git: GitServer;
let core: Core;
let home: string;

beforeAll(async () => {
  gh = await startGitHubStandIn({
    tokens: {},
    app: { appId: '11', slug: 'sync-bot', installationId: '22', publicKeyPem: keys.publicKey, tokenTtlSeconds: 3600, repos: [{ owner: 'org', name: 'infra' }] },
  });
  git = await startGitServer({ auth: { token: GIT_TOKEN } });
  git.createBareRepo('plain');
  home = tempDir();
  core = createCore({ home, mode: 'host', version: '0.0.0' });
});
afterAll(async () => {
  await Promise.all([gh.close(), git.close()]);
  cleanupTempDirs();
});

async function call<T>(channel: string, input: unknown): Promise<Envelope<T>> {
  return (await core.call(channel, input, 'test')) as Envelope<T>;
}

describe('GitHub App connection', () => {
  it('is checked with the App JWT and installation, lists the installation repos, and keeps the key out of outputs', async () => {
    const bad = await call('connections.create', { provider: 'github', baseUrl: gh.url, appId: 11, installationId: 999, privateKey: keys.privateKey });
    expect(!bad.ok && bad.error.code).toBe('not_found');
    expect(fs.existsSync(path.join(home, 'vault.json'))).toBe(false);

    const res = await call<Connection>('connections.create', { provider: 'github', baseUrl: gh.url, appId: 11, installationId: '22', privateKey: keys.privateKey });
    if (!res.ok) throw new Error(res.error.message);
    expect(res.value).toMatchObject({ authKind: 'github_app', username: 'sync-bot[bot]', appId: '11', installationId: '22' });
    const repos = await call<{ repos: Array<{ fullName: string }> }>('providers.listRepos', { connectionId: res.value.id });
    expect(repos.ok && repos.value.repos.map((r) => r.fullName)).toEqual(['org/infra']);
    // Two calls, one installation token: it is cached per connection.
    await call('providers.listRepos', { connectionId: res.value.id });
    expect(gh.issuedInstallationTokens).toHaveLength(2); // one for create's check, one for the saved connection

    const creds = await connectionCredentialProvider(core.services.connections).forRemote!({ url: `${gh.url}/org/infra.git`, connectionId: res.value.id });
    expect(creds).toEqual({ username: 'x-access-token', password: gh.issuedInstallationTokens.at(-1) });

    const body = keys.privateKey.split('\n')[1]!;
    expect(JSON.stringify(res)).not.toContain(body);
    for (const f of fs.readdirSync(home)) expect(fs.readFileSync(path.join(home, f), 'utf8')).not.toContain(body);
  });
});

describe('generic HTTPS connection', () => {
  it('is validated by the ref advertisement of its repository', async () => {
    const bad = await call('connections.create', { provider: 'generic', username: 'me', token: 'wrong-token-000', repoUrl: git.repoUrl('plain') });
    expect(!bad.ok && bad.error.code).toBe('auth_failed');
    const res = await call<Connection>('connections.create', { provider: 'generic', username: 'me', token: GIT_TOKEN, repoUrl: git.repoUrl('plain') });
    if (!res.ok) throw new Error(res.error.message);
    expect(res.value).toMatchObject({ provider: 'generic', username: 'me', baseUrl: git.repoUrl('plain').replace(/\/+$/, '') });
    const list = await call('providers.listRepos', { connectionId: res.value.id });
    expect(!list.ok && list.error.code).toBe('unsupported');
    expect(await call('connections.test', { id: res.value.id })).toMatchObject({ ok: true, value: { valid: true, username: 'me' } });
  });
});
