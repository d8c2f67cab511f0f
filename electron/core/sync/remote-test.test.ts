import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RemoteTestResult } from '../../../shared/contract';
import type { Workspace } from '../../../shared/domain';
import { gitOk, startGitServer, type GitServer } from '../../../test/support/git-server';
import { err, newCore, ok } from '../../../test/support/core-harness';
import { cleanupTempDirs, gitCli, tempDir } from '../../../test/support/repo';
import { tokenCredentialProvider } from '../credentials';

let rw: GitServer;
let ro: GitServer;
let secure: GitServer;
beforeAll(async () => {
  [rw, ro, secure] = await Promise.all([startGitServer(), startGitServer({ readOnly: true }), startGitServer({ auth: { token: 'test-token-xyz' } })]);
  for (const s of [rw, ro, secure]) {
    s.createBareRepo('repo', { branch: 'trunk' });
    gitCli(s.repoDir('repo'), 'branch', 'release/1.0', 'trunk');
  }
});
afterAll(async () => {
  await Promise.all([rw.close(), ro.close(), secure.close()]);
  cleanupTempDirs();
});

const test = (core: ReturnType<typeof newCore>, input: unknown) => ok<RemoteTestResult>(core.call('workspaces.test', input, 'test'));

describe('workspaces.test', () => {
  it('on a read-write server: reachable, readable, writable, with branches and the default branch', async () => {
    const res = await test(newCore(), { url: rw.repoUrl('repo') });
    expect(res).toMatchObject({ reachable: true, canRead: true, canWrite: true, defaultBranch: 'trunk', branches: ['release/1.0', 'trunk'], error: null, writeError: null });
    expect(res.latencyMs).toBeGreaterThanOrEqual(0);
    expect(gitCli(rw.repoDir('repo'), 'for-each-ref', '--format=%(refname)').trim().split('\n').sort()).toEqual(['refs/heads/release/1.0', 'refs/heads/trunk']);
  });

  it('on a read-only server: readable but not writable, with the reason', async () => {
    const res = await test(newCore(), { url: ro.repoUrl('repo') });
    expect(res).toMatchObject({ reachable: true, canRead: true, canWrite: false, error: null, writeError: { code: 'forbidden' } });
  });

  it('tests a saved workspace by id', async () => {
    const dir = path.join(tempDir(), 'ws');
    await gitOk(path.dirname(dir), 'clone', '-q', rw.repoUrl('repo'), dir);
    const core = newCore();
    const ws = await ok<Workspace>(core.call('workspaces.add', { path: dir }, 'test'));
    expect(await test(core, { workspaceId: ws.id })).toMatchObject({ reachable: true, canWrite: true });
  });

  it('never throws: unreachable, missing, unauthorised and unsupported remotes come back as data', async () => {
    const core = newCore();
    const closed = await test(core, { url: 'http://127.0.0.1:9/nothing.git' });
    expect(closed).toMatchObject({ reachable: false, canRead: false, canWrite: false, error: { code: 'network' } });
    expect((await test(core, { url: rw.repoUrl('missing') })).error?.code).toBe('not_found');
    expect((await test(core, { url: secure.repoUrl('repo') })).error?.code).toBe('auth_failed');
    expect((await test(core, { url: 'git@github.com:o/r.git' })).error?.code).toBe('unsupported');
    rw.faults.status500 = true;
    try {
      expect((await test(core, { url: rw.repoUrl('repo') })).error?.code).toBe('network');
    } finally {
      rw.faults.status500 = false;
    }
    const withToken = newCore({ credentials: tokenCredentialProvider('test-token-xyz') });
    expect(await test(withToken, { url: secure.repoUrl('repo') })).toMatchObject({ reachable: true, canRead: true, canWrite: true });
    expect((await err(core.call('workspaces.test', { url: '' }, 'test'))).code).toBe('invalid_input');
  });
});
