import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../../../test/support/providers/fake-clock';
import { startGitHubStandIn, type GitHubStandIn } from '../../../test/support/providers/github';
import { ReposyncError } from '../errors';
import { redactText } from '../redact';
import { GitHubAppClient, GitHubAppTokens } from './github-app';
import { defaultPolicy } from './http-policy';

const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
});
const clock = fakeClock();
let gh: GitHubStandIn;

beforeAll(async () => {
  gh = await startGitHubStandIn({
    tokens: {},
    app: {
      appId: '4242',
      slug: 'reposync-test',
      installationId: '77',
      publicKeyPem: keys.publicKey,
      tokenTtlSeconds: 300,
      repos: [
        { owner: 'acme', name: 'one' },
        { owner: 'acme', name: 'two' },
        { owner: 'acme', name: 'three' },
      ],
    },
  });
  gh.now = clock.now;
});
afterAll(() => gh.close());

function tokens(privateKey = keys.privateKey, installationId = '77') {
  return new GitHubAppTokens({ baseUrl: gh.url, appId: '4242', installationId, privateKey, policy: defaultPolicy({ clock }), refreshMarginMs: 60_000 });
}

describe('GitHub App installation tokens', () => {
  it('validates as the App bot and lists the installation repositories with paging', async () => {
    const client = new GitHubAppClient(tokens(), gh.url, defaultPolicy({ clock }));
    expect(await client.validate()).toEqual({ username: 'reposync-test[bot]', expiresAt: null });
    const page1 = await client.listRepos({ page: 1, perPage: 2 });
    expect(page1.repos.map((r) => r.fullName)).toEqual(['acme/one', 'acme/two']);
    expect(page1.nextPage).toBe(2);
    expect((await client.listRepos({ page: 2, perPage: 2 })).nextPage).toBeNull();
    const creds = await client.gitCredentials();
    expect(creds.username).toBe('x-access-token');
    expect(creds.password).toMatch(/^ghs_/);
    expect(redactText(`token ${creds.password}`)).not.toContain(creds.password);
  });

  it('reuses the installation token, and fetches a new one before the old expires', async () => {
    const t = tokens();
    const issuedBefore = gh.issuedInstallationTokens.length;
    const first = await t.token();
    clock.advance(3 * 60_000);
    expect(await t.token()).toBe(first);
    expect(gh.issuedInstallationTokens.length - issuedBefore).toBe(1);
    // 4.5 min into a 5 min token: inside the 1 min margin, so a fresh one is fetched.
    clock.advance(90_000);
    const second = await t.token();
    expect(second).not.toBe(first);
    expect(gh.issuedInstallationTokens.length - issuedBefore).toBe(2);
    // Past the first token's expiry the stand-in refuses it, but the client already uses the new one.
    clock.advance(60_000);
    const client = new GitHubAppClient(t, gh.url, defaultPolicy({ clock }));
    expect((await client.listRepos({ page: 1, perPage: 10 })).repos).toHaveLength(3);
    expect(gh.requests.at(-1)?.headers.authorization).toBe(`token ${second}`);
  });

  it('fails with auth_failed for a key that does not belong to the App, and not_found for a wrong installation', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const err = await tokens(other.privateKey).appSlug().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReposyncError);
    expect((err as ReposyncError).code).toBe('auth_failed');
    const wrong = await tokens(keys.privateKey, '999').token().catch((e: unknown) => e);
    expect((wrong as ReposyncError).code).toBe('not_found');
  });
});
