import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, type GitServer } from '../../../test/support/git-server';
import { cleanupTempDirs } from '../../../test/support/repo';
import { ReposyncError } from '../errors';
import { GenericClient } from './generic';
import { defaultPolicy } from './http-policy';

const TOKEN = 'generic-secret-token-123';
let server: GitServer;

beforeAll(async () => {
  server = await startGitServer({ auth: { token: TOKEN } });
  server.createBareRepo('demo');
});
afterAll(async () => {
  await server.close();
  cleanupTempDirs();
});

const client = (repoUrl: string, token = TOKEN) => new GenericClient({ repoUrl, username: 'alice', token, policy: defaultPolicy() });

async function rejection(p: Promise<unknown>): Promise<ReposyncError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ReposyncError);
  return err as ReposyncError;
}

describe('generic HTTPS Git against a real git http-backend', () => {
  it('accepts a token the server accepts (ref advertisement)', async () => {
    expect(await client(server.repoUrl('demo')).validate()).toEqual({ username: 'alice', expiresAt: null });
  });

  it('refuses a wrong token with auth_failed', async () => {
    expect((await rejection(client(server.repoUrl('demo'), 'wrong-token-000').validate())).code).toBe('auth_failed');
  });

  it('reports a missing repository and has no listing or pull requests', async () => {
    expect((await rejection(client(server.repoUrl('missing')).validate())).code).toBe('not_found');
    expect((await rejection(client(server.repoUrl('demo')).listRepos())).code).toBe('unsupported');
    expect((await rejection(client(server.repoUrl('demo')).openPullRequest())).code).toBe('unsupported');
  });
});
