import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../../../test/support/providers/fake-clock';
import { startGitLabStandIn, type GitLabStandIn } from '../../../test/support/providers/gitlab';
import { ReposyncError } from '../errors';
import { GitLabClient } from './gitlab';
import { defaultPolicy } from './http-policy';

const TOKEN = 'glpat-standInToken000000000001';
let gl: GitLabStandIn;

beforeAll(async () => {
  gl = await startGitLabStandIn({
    tokens: { [TOKEN]: { username: 'tanuki', expiresAt: '2031-05-06' }, 'oauth-token-xyz': { username: 'robot', personal: false } },
    projects: [
      { path: 'group/sub/app', lastActivityAt: '2024-05-01T00:00:00Z', visibility: 'private', accessLevel: 40 },
      { path: 'group/lib', lastActivityAt: '2024-04-01T00:00:00Z', visibility: 'public', description: 'Library' },
      { path: 'tanuki/notes', lastActivityAt: '2024-03-01T00:00:00Z' },
    ],
  });
});
afterAll(() => gl.close());

const client = (token = TOKEN, over: Parameters<typeof defaultPolicy>[0] = {}) =>
  new GitLabClient({ host: gl.url, token, username: 'tanuki', policy: defaultPolicy(over) });

async function rejection(p: Promise<unknown>): Promise<ReposyncError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ReposyncError);
  return err as ReposyncError;
}

describe('GitLab client (gitbeaker) against the stand-in', () => {
  it('reads the user and the token expiry from personal_access_tokens/self', async () => {
    expect(await client().validate()).toEqual({ username: 'tanuki', expiresAt: '2031-05-06T00:00:00.000Z' });
    expect(gl.requests.at(-1)?.headers['private-token']).toBe(TOKEN);
    expect(await client('oauth-token-xyz').validate()).toEqual({ username: 'robot', expiresAt: null });
  });

  it('maps a bad token to auth_failed with GitLab\'s message', async () => {
    const err = await rejection(client('glpat-wrong000000000000000000').validate());
    expect(err.code).toBe('auth_failed');
    expect(err.message).toContain('401 Unauthorized');
  });

  it('lists member projects page by page with search and order', async () => {
    const c = client();
    const p1 = await c.listRepos({ page: 1, perPage: 2, sort: 'updated' });
    expect(p1.repos.map((r) => r.fullName)).toEqual(['group/sub/app', 'group/lib']);
    expect(p1.repos[0]).toMatchObject({ private: true, cloneUrl: `${gl.url}/group/sub/app.git`, defaultBranch: 'main' });
    expect(p1.repos[1]?.private).toBe(false);
    expect(p1.nextPage).toBe(2);
    const p2 = await c.listRepos({ page: 2, perPage: 2, sort: 'updated' });
    expect(p2.repos.map((r) => r.fullName)).toEqual(['tanuki/notes']);
    expect(p2.nextPage).toBeNull();
    const last = gl.requests.at(-1)!;
    expect(last.query.get('membership')).toBe('true');
    expect(last.query.get('per_page')).toBe('2');
    expect((await c.listRepos({ page: 1, perPage: 20, query: 'lib' })).repos.map((r) => r.fullName)).toEqual(['group/lib']);
  });

  it('reads a nested project with permissions', async () => {
    expect(await client().getRepo(`${gl.url}/group/sub/app.git`)).toMatchObject({ fullName: 'group/sub/app', permissions: { push: true, admin: true } });
  });

  it('opens a merge request once and reuses the open one', async () => {
    const c = client();
    const input = { repoUrl: `${gl.url}/group/sub/app.git`, head: 'feature', base: 'main', title: 'Feature', body: 'Details' };
    const first = await c.openPullRequest(input);
    expect(first).toEqual({ url: `${gl.url}/group/sub/app/-/merge_requests/1`, number: 1, reused: false });
    expect(await c.openPullRequest(input)).toEqual({ ...first, reused: true });
    expect(gl.mergeRequests.get('group/sub/app')).toEqual([
      expect.objectContaining({ source: 'feature', target: 'main', title: 'Feature', description: 'Details' }),
    ]);
  });

  it('honours Retry-After instead of gitbeaker\'s own retry loop, then gives up with rate_limited', async () => {
    const clock = fakeClock();
    gl.rateLimit = { mode: '429', times: 1, retryAfterSeconds: 3 };
    let before = gl.requests.length;
    expect((await client(TOKEN, { clock }).listRepos({ page: 1, perPage: 5 })).repos).toHaveLength(3);
    expect(clock.sleeps).toEqual([3000]);
    expect(gl.requests.length - before).toBe(2);

    gl.rateLimit = { mode: '429', times: 10, retryAfterSeconds: 3 };
    before = gl.requests.length;
    const err = await rejection(client(TOKEN, { clock }).listRepos({ page: 1, perPage: 5 }));
    expect(err.code).toBe('rate_limited');
    expect(err.details.resetAt).toBeTypeOf('string');
    expect(gl.requests.length - before).toBe(3);
    gl.rateLimit = null;
  });
});
