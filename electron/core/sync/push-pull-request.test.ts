// Push to a new branch with a pull request, end to end: a real Git server that requires the token,
// and the GitHub / GitLab stand-ins answering the REST calls, through a saved connection.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../shared/contract/connections';
import type { CloneResult, PushResult } from '../../../shared/contract/remote';
import { gitOk, startGitServer, type GitServer } from '../../../test/support/git-server';
import { newCore, ok, runOp } from '../../../test/support/core-harness';
import { startGitHubStandIn, type GitHubStandIn } from '../../../test/support/providers/github';
import { startGitLabStandIn, type GitLabStandIn } from '../../../test/support/providers/gitlab';
import { cleanupTempDirs, gitCli, tempDir, writeFile } from '../../../test/support/repo';
import type { Workspace } from '../../../shared/domain';
import { tokenCredentialProvider } from '../credentials';
import type { Core } from '..';

const TOKEN = 'ghp_pushPullRequestToken000000000000000001';
const GL_TOKEN = 'glpat-pushPullRequest000000001';
const ME = { name: 'Pusher Person', email: 'pusher@example.test' };

let server: GitServer;
let glServer: GitServer;
let gh: GitHubStandIn;
let gl: GitLabStandIn;

beforeAll(async () => {
  server = await startGitServer({ auth: { token: TOKEN } });
  glServer = await startGitServer({ auth: { token: GL_TOKEN } });
  gh = await startGitHubStandIn({ tokens: { [TOKEN]: { login: 'acme' } }, repos: [{ owner: 'acme', name: 'widgets' }, { owner: 'acme', name: 'plain' }] });
  gl = await startGitLabStandIn({ tokens: { [GL_TOKEN]: { username: 'tanuki', expiresAt: null } }, projects: [{ path: 'team/app' }] });
});
afterAll(async () => {
  await Promise.all([server.close(), glServer.close(), gh.close(), gl.close()]);
  cleanupTempDirs();
});

/** A saved connection, and a clone through it of `name` on `srv` (the token is the only way in). */
async function clonedThrough(srv: GitServer, name: string, create: Record<string, unknown>): Promise<{ core: Core; wsId: string; dir: string }> {
  srv.createBareRepo(name, { files: { 'README.md': '# widgets\n' } });
  const core = newCore();
  const conn = await ok<Connection>(core.call('connections.create', create, 'test'));
  const dir = path.join(tempDir(), 'clone');
  const op = await runOp(core, 'workspaces.clone', { url: srv.repoUrl(name), folder: dir, connectionId: conn.id, author: ME });
  expect(op.status, JSON.stringify(op.error)).toBe('succeeded');
  return { core, wsId: (op.result as CloneResult).workspace.id, dir };
}

const pullPosts = (s: { requests: Array<{ method: string; path: string; body: unknown }> }, suffix: string) =>
  s.requests.filter((r) => r.method === 'POST' && r.path.endsWith(suffix));

describe('sync.push with pullRequest', () => {
  it('opens a GitHub pull request with the given title and body into the workspace branch, then reuses it', async () => {
    const { core, wsId, dir } = await clonedThrough(server, 'acme/widgets', { provider: 'github', baseUrl: `${gh.url}/api/v3`, token: TOKEN });
    writeFile(dir, 'README.md', '# widgets\n\nBetter.\n');
    const first = await runOp(core, 'sync.push', {
      workspaceId: wsId,
      message: 'Improve the readme',
      branch: 'topic/readme',
      pullRequest: { title: 'Readme: say it better', body: 'Line one.\n\n- a list ✓' },
    });
    expect(first.status, JSON.stringify(first.error)).toBe('succeeded');
    const result = first.result as PushResult;
    expect(result.pushedTo).toBe('topic/readme');
    expect(result.pullRequestUrl).toBe(`${gh.url}/acme/widgets/pull/1`);
    expect(result.pullRequestError).toBeNull();
    expect(pullPosts(gh, '/pulls').map((r) => r.body)).toEqual([{ head: 'topic/readme', base: 'main', title: 'Readme: say it better', body: 'Line one.\n\n- a list ✓' }]);
    const log = await gitOk(server.repoDir('acme/widgets'), 'log', '--format=%s', 'topic/readme');
    expect(log.split('\n').filter(Boolean)).toHaveLength(2);
    expect(log.split('\n')[0]).toBe('Improve the readme');
    expect((await gitOk(server.repoDir('acme/widgets'), 'log', '-1', '--format=%s', 'main')).trim()).not.toBe('Improve the readme');

    // The same branch again: the open request is found and returned, not a second one created.
    writeFile(dir, 'README.md', '# widgets\n\nEven better.\n');
    const second = await runOp(core, 'sync.push', { workspaceId: wsId, message: 'Polish', branch: 'topic/readme', pullRequest: {} });
    expect(second.status, JSON.stringify(second.error)).toBe('succeeded');
    expect((second.result as PushResult).pullRequestUrl).toBe(`${gh.url}/acme/widgets/pull/1`);
    expect(gh.pulls.get('acme/widgets')).toHaveLength(1);
    expect((await gitOk(server.repoDir('acme/widgets'), 'log', '-1', '--format=%s', 'topic/readme')).trim()).toBe('Polish');
    // Nothing the engine answered carries the token.
    expect(JSON.stringify([first, second])).not.toContain(TOKEN);
  });

  it('opens no pull request unless asked, nor when the target is the base', async () => {
    const { core, wsId, dir } = await clonedThrough(server, 'acme/plain', { provider: 'github', baseUrl: `${gh.url}/api/v3`, token: TOKEN });
    const before = pullPosts(gh, '/pulls').length;
    writeFile(dir, 'a.txt', 'a\n');
    const unasked = await runOp(core, 'sync.push', { workspaceId: wsId, message: 'No PR', branch: 'side' });
    expect(unasked.status, JSON.stringify(unasked.error)).toBe('succeeded');
    expect(unasked.result).toMatchObject({ pushedTo: 'side', pullRequestUrl: null });
    expect((unasked.result as PushResult).pullRequestError).toBeUndefined();
    writeFile(dir, 'b.txt', 'b\n');
    const same = await runOp(core, 'sync.push', { workspaceId: wsId, message: 'Same base', branch: 'side', pullRequest: { base: 'side', title: 'x' } });
    expect(same.status, JSON.stringify(same.error)).toBe('succeeded');
    expect(same.result).toMatchObject({ pushedTo: 'side', pullRequestUrl: null });
    expect(pullPosts(gh, '/pulls').length).toBe(before);
  });

  it('says why no pull request was opened when the workspace has no provider connection', async () => {
    server.createBareRepo('acme/anon', { files: { 'README.md': '# anon\n' } });
    const dir = path.join(tempDir(), 'anon');
    gitCli(tempDir(), 'clone', '-q', server.repoDir('acme/anon'), dir);
    gitCli(dir, 'remote', 'set-url', 'origin', server.repoUrl('acme/anon'));
    const core = newCore({ credentials: tokenCredentialProvider(TOKEN, 'x-access-token') });
    const ws = await ok<Workspace>(core.call('workspaces.add', { path: dir, author: ME }, 'test'));
    writeFile(dir, 'c.txt', 'c\n');
    const op = await runOp(core, 'sync.push', { workspaceId: ws.id, message: 'Anon', branch: 'topic', pullRequest: { title: 'T' } });
    expect(op.status, JSON.stringify(op.error)).toBe('succeeded');
    const result = op.result as PushResult;
    expect(result).toMatchObject({ pushedTo: 'topic', pullRequestUrl: null });
    expect(result.pullRequestError?.code).toBe('unsupported');
    expect(result.pullRequestError?.message).toMatch(/no GitHub, GitLab or Gitea connection/);
  });

  it('opens a GitLab merge request likewise', async () => {
    const { core, wsId, dir } = await clonedThrough(glServer, 'team/app', { provider: 'gitlab', baseUrl: gl.url, token: GL_TOKEN });
    writeFile(dir, 'app.txt', 'v2\n');
    const op = await runOp(core, 'sync.push', { workspaceId: wsId, message: 'App v2', branch: 'feature', pullRequest: { title: 'Ship v2', body: 'Body' } });
    expect(op.status, JSON.stringify(op.error)).toBe('succeeded');
    expect((op.result as PushResult).pullRequestUrl).toMatch(/\/team\/app\/-\/merge_requests\/1$/);
    const post = pullPosts(gl, '/merge_requests')[0]!.body as Record<string, unknown>;
    expect(post).toMatchObject({ source_branch: 'feature', target_branch: 'main', title: 'Ship v2', description: 'Body' });
  });
});
