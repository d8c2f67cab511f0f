import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGiteaStandIn, type GiteaStandIn } from '../../../test/support/providers/gitea';
import { ReposyncError } from '../errors';
import { GiteaClient } from './gitea';
import { defaultPolicy } from './http-policy';

const TOKEN = '0123456789abcdef0123456789abcdef01234567';
let gt: GiteaStandIn;

beforeAll(async () => {
  gt = await startGiteaStandIn({
    tokens: { [TOKEN]: { login: 'gitea-user' } },
    repos: Array.from({ length: 5 }, (_, i) => ({ owner: 'gitea-user', name: `repo-${i + 1}`, description: i === 3 ? 'the special one' : '' })),
  });
});
afterAll(() => gt.close());

const client = (token = TOKEN) => new GiteaClient({ baseUrl: gt.url, token, username: 'gitea-user', policy: defaultPolicy() });

describe('Gitea client against the stand-in', () => {
  it('reads the user with `Authorization: token`', async () => {
    expect(await client().validate()).toEqual({ username: 'gitea-user', expiresAt: null });
    expect(gt.requests.at(-1)?.headers.authorization).toBe(`token ${TOKEN}`);
    const err = await client('bad').validate().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReposyncError);
    expect((err as ReposyncError).code).toBe('auth_failed');
    expect((err as ReposyncError).message).toContain('token is required');
  });

  it('pages /user/repos with page and limit', async () => {
    const p1 = await client().listRepos({ page: 1, perPage: 2 });
    expect(p1.repos.map((r) => r.fullName)).toEqual(['gitea-user/repo-1', 'gitea-user/repo-2']);
    expect(p1.nextPage).toBe(2);
    expect(gt.requests.at(-1)?.query.get('limit')).toBe('2');
    expect((await client().listRepos({ page: 3, perPage: 2 })).nextPage).toBeNull();
    expect((await client().listRepos({ page: 1, perPage: 10, query: 'special' })).repos.map((r) => r.fullName)).toEqual(['gitea-user/repo-4']);
  });

  it('opens a pull request once and reuses the open one', async () => {
    const input = { repoUrl: `${gt.url}/gitea-user/repo-1.git`, head: 'fix', base: 'main', title: 'Fix', body: '' };
    const first = await client().openPullRequest(input);
    expect(first).toEqual({ url: `${gt.url}/gitea-user/repo-1/pulls/1`, number: 1, reused: false });
    expect(await client().openPullRequest(input)).toEqual({ ...first, reused: true });
    expect(gt.pulls.get('gitea-user/repo-1')).toHaveLength(1);
    expect(await client().getRepo(`${gt.url}/gitea-user/repo-2`)).toMatchObject({ fullName: 'gitea-user/repo-2', permissions: { push: true } });
  });
});
