import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../../../test/support/providers/fake-clock';
import { startGitHubStandIn, type GitHubStandIn } from '../../../test/support/providers/github';
import { ReposyncError } from '../errors';
import { GitHubClient, parseGitHubExpiration } from './github';
import { defaultPolicy, type RateLimitSnapshot } from './http-policy';

const TOKEN = 'ghp_standInToken0000000000000000000001';
let gh: GitHubStandIn;

beforeAll(async () => {
  gh = await startGitHubStandIn({
    tokens: { [TOKEN]: { login: 'octocat', expiration: '2030-01-02 03:04:05 UTC' } },
    repos: [
      { owner: 'octocat', name: 'alpha', updatedAt: '2024-03-01T00:00:00Z', description: 'First' },
      { owner: 'octocat', name: 'beta', private: true, updatedAt: '2024-05-01T00:00:00Z', defaultBranch: 'develop' },
      { owner: 'octocat', name: 'gamma', updatedAt: '2024-01-01T00:00:00Z' },
      { owner: 'acme', name: 'delta-ünï', updatedAt: '2024-04-01T00:00:00Z', permissions: { admin: true, push: true, pull: true } },
      { owner: 'acme', name: 'epsilon', updatedAt: '2024-02-01T00:00:00Z', description: 'Has the needle inside' },
    ],
  });
});
afterAll(() => gh.close());

function client(token = TOKEN, over: Parameters<typeof defaultPolicy>[0] = {}, baseUrl = gh.url) {
  return new GitHubClient({ baseUrl, token: async () => token, policy: defaultPolicy(over), gitUsername: 'octocat' });
}

async function rejection(p: Promise<unknown>): Promise<ReposyncError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ReposyncError);
  return err as ReposyncError;
}

describe('GitHub client against the stand-in', () => {
  it('reads the user and the token expiration header', async () => {
    const seen: RateLimitSnapshot[] = [];
    expect(await client(TOKEN, { onRateLimit: (r) => seen.push(r) }).validate()).toEqual({ username: 'octocat', expiresAt: '2030-01-02T03:04:05.000Z' });
    expect(seen.at(-1)).toMatchObject({ limit: 5000 });
    expect(gh.requests.at(-1)?.headers.authorization).toBe(`token ${TOKEN}`);
  });

  it('works under /api/v3 like GitHub Enterprise Server', async () => {
    expect((await client(TOKEN, {}, `${gh.url}/api/v3`).validate()).username).toBe('octocat');
  });

  it('maps a bad token to auth_failed with the provider message', async () => {
    const err = await rejection(client('ghp_wrongToken000000000000000000000000').validate());
    expect(err.code).toBe('auth_failed');
    expect(err.message).toContain('Bad credentials');
    expect(err.message).not.toContain('ghp_wrongToken');
  });

  it('pages through /user/repos with the Link header, sorted and filtered', async () => {
    const c = client();
    const p1 = await c.listRepos({ page: 1, perPage: 2 });
    expect(p1.repos.map((r) => r.fullName)).toEqual(['acme/delta-ünï', 'acme/epsilon']);
    expect(p1.nextPage).toBe(2);
    const p3 = await c.listRepos({ page: 3, perPage: 2 });
    expect(p3.repos.map((r) => r.fullName)).toEqual(['octocat/gamma']);
    expect(p3.nextPage).toBeNull();
    const byUpdate = await c.listRepos({ page: 1, perPage: 5, sort: 'updated' });
    expect(byUpdate.repos[0]).toMatchObject({ fullName: 'octocat/beta', private: true, defaultBranch: 'develop', cloneUrl: `${gh.url}/octocat/beta.git` });
    const found = await c.listRepos({ page: 1, perPage: 10, query: 'NEEDLE' });
    expect(found.repos.map((r) => r.fullName)).toEqual(['acme/epsilon']);
    expect(found.nextPage).toBeNull();
  });

  it('reads a repository with its default branch and permissions; unknown ones are not_found', async () => {
    const repo = await client().getRepo(`${gh.url}/acme/delta-%C3%BCn%C3%AF.git`);
    expect(repo).toMatchObject({ fullName: 'acme/delta-ünï', defaultBranch: 'main', permissions: { admin: true, push: true, pull: true } });
    expect((await rejection(client().getRepo(`${gh.url}/acme/missing`))).code).toBe('not_found');
    expect((await rejection(client().getRepo('https://elsewhere.example/acme/x'))).code).toBe('invalid_input');
  });

  it('opens a pull request once and reuses the open one', async () => {
    const c = client();
    const input = { repoUrl: `${gh.url}/octocat/alpha.git`, head: 'feature/ü', base: 'main', title: 'Add ü', body: 'Body' };
    const first = await c.openPullRequest(input);
    expect(first).toEqual({ url: `${gh.url}/octocat/alpha/pull/1`, number: 1, reused: false });
    expect(await c.openPullRequest({ ...input, title: 'Again' })).toEqual({ ...first, reused: true });
    expect((await c.openPullRequest({ ...input, base: 'release' })).number).toBe(2);
    const listCall = gh.requests.find((r) => r.method === 'GET' && r.path === '/repos/octocat/alpha/pulls');
    expect(listCall?.query.get('head')).toBe('octocat:feature/ü');
    expect(gh.pulls.get('octocat/alpha')).toHaveLength(2);
  });

  it('gives Git credentials with the token as password', async () => {
    expect(await client().gitCredentials()).toEqual({ username: 'octocat', password: TOKEN });
  });
});

describe('rate limits', () => {
  it('waits out a 429 with Retry-After, then succeeds', async () => {
    const clock = fakeClock();
    gh.rateLimit = { mode: '429', times: 1, retryAfterSeconds: 7 };
    const before = gh.requests.length;
    expect((await client(TOKEN, { clock }).validate()).username).toBe('octocat');
    expect(clock.sleeps).toEqual([7000]);
    expect(gh.requests.length - before).toBe(2);
  });

  it('waits until X-RateLimit-Reset on a primary-limit 403, at most twice', async () => {
    const clock = fakeClock();
    gh.now = clock.now;
    gh.rateLimit = { mode: '403', times: 2, resetInSeconds: 30 };
    expect((await client(TOKEN, { clock }).validate()).username).toBe('octocat');
    expect(clock.sleeps).toHaveLength(2);
    for (const s of clock.sleeps) expect(s).toBeLessThanOrEqual(30_000);
    gh.now = () => Date.now();
  });

  it('fails with rate_limited and resetAt after two retries', async () => {
    const clock = fakeClock();
    gh.rateLimit = { mode: '429', times: 5, retryAfterSeconds: 2 };
    const before = gh.requests.length;
    const err = await rejection(client(TOKEN, { clock }).validate());
    expect(err.code).toBe('rate_limited');
    expect(gh.requests.length - before).toBe(3);
    expect(clock.sleeps).toEqual([2000, 2000]);
    expect(Date.parse(String(err.details.resetAt))).toBe(clock.now() + 2000);
    gh.rateLimit = null;
  });

  it('does not wait longer than the cap: a far reset fails at once', async () => {
    const clock = fakeClock();
    gh.now = clock.now;
    gh.rateLimit = { mode: '403', times: 1, resetInSeconds: 3600 };
    const before = gh.requests.length;
    const err = await rejection(client(TOKEN, { clock }).validate());
    expect(err.code).toBe('rate_limited');
    expect(err.details).toMatchObject({ remaining: 0, limit: 5000 });
    expect(Date.parse(String(err.details.resetAt))).toBeGreaterThan(clock.now() + 3_500_000);
    expect(clock.sleeps).toEqual([]);
    expect(gh.requests.length - before).toBe(1);
    gh.now = () => Date.now();
  });
});

describe('network failures', () => {
  it('maps a refused connection to network and a silent server to timeout', async () => {
    const closed = await startGitHubStandIn({ tokens: {} });
    const url = closed.url;
    await closed.close();
    expect((await rejection(client(TOKEN, {}, url).validate())).code).toBe('network');

    const http = await import('node:http');
    const silent = http.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const err = await rejection(client(TOKEN, { timeoutMs: 300 }, `http://127.0.0.1:${port}`).validate());
    expect(err.code).toBe('timeout');
    silent.closeAllConnections();
    silent.close();
  });
});

describe('parseGitHubExpiration', () => {
  it('reads UTC and offset forms', () => {
    expect(parseGitHubExpiration('2024-06-01 12:00:00 UTC')).toBe('2024-06-01T12:00:00.000Z');
    expect(parseGitHubExpiration('2024-06-01 12:00:00 +0200')).toBe('2024-06-01T10:00:00.000Z');
    expect(parseGitHubExpiration('soon')).toBeNull();
    expect(parseGitHubExpiration(undefined)).toBeNull();
  });
});
