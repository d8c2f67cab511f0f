import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../../shared/domain';
import { gitOk, startGitServer } from '../../../test/support/git-server';
import { useGitServer } from '../../../test/support/use-git-server';
import { newCore, ok, runOp } from '../../../test/support/core-harness';
import { gitCli, tempDir, writeFile } from '../../../test/support/repo';
import { tokenCredentialProvider } from '../credentials';
import { PACK_LIMIT } from '../git/pack-consolidate';
import { LOOSE_LIMIT } from '../git/pack-loose';
import { fetchWorkspace } from './fetch';

const server = useGitServer();

/** A clone made by native git, registered as a workspace. */
async function workspaceOf(name: string, options: { branch?: string } = {}) {
  const dir = path.join(tempDir(), name);
  await gitOk(path.dirname(dir), 'clone', '-q', ...(options.branch ? ['-b', options.branch] : []), server.repoUrl(name), dir);
  const core = newCore();
  const ws = await ok<Workspace>(core.call('workspaces.add', { path: dir }, 'test'));
  return { core, ws, dir };
}

/** Everything a fetch must leave alone: HEAD, local branches, index and working tree. */
function localState(dir: string) {
  return {
    head: gitCli(dir, 'rev-parse', 'HEAD'),
    branches: gitCli(dir, 'for-each-ref', 'refs/heads'),
    status: gitCli(dir, 'status', '--porcelain', '--untracked-files=all'),
    index: gitCli(dir, 'ls-files', '-s'),
  };
}

describe('sync.fetch', () => {
  it('updates only refs/remotes/origin/<branch>: worktree, index and local branches stay as they were', async () => {
    server.createBareRepo('f1', { files: { 'a.txt': 'a\n' } });
    const { core, ws, dir } = await workspaceOf('f1');
    writeFile(dir, 'a.txt', 'local edit\n');
    writeFile(dir, 'staged.txt', 'staged\n');
    gitCli(dir, 'add', 'staged.txt');
    const before = localState(dir);
    const remoteOid = server.commitToRepo('f1', { 'a.txt': 'remote edit\n', 'b.txt': 'b\n' }, 'remote change');

    const events: string[] = [];
    core.services.events.subscribe((name, payload) => {
      if (name === 'workspace.changed') events.push((payload as { reason: string }).reason);
    });
    const op = await runOp(core, 'sync.fetch', { workspaceId: ws.id });
    expect(op.status, JSON.stringify(op.error)).toBe('succeeded');
    expect(op.result).toEqual({ remoteOid, updated: true });
    expect(gitCli(dir, 'rev-parse', 'refs/remotes/origin/main').trim()).toBe(remoteOid);
    expect(localState(dir)).toEqual(before);
    gitCli(dir, 'fsck', '--full');
    expect(events).toContain('synced');
    // git can merge what we fetched.
    expect(gitCli(dir, 'log', '--format=%s', 'origin/main', '-1').trim()).toBe('remote change');

    const again = await runOp(core, 'sync.fetch', { workspaceId: ws.id });
    expect(again.result).toEqual({ remoteOid, updated: false });
  });

  it('merges the small packs many fetches left once there are too many (git gc --auto\'s job)', async () => {
    server.createBareRepo('f-packs', { files: { 'a.txt': 'a\n' } });
    const { core, ws, dir } = await workspaceOf('f-packs');
    const packDir = path.join(dir, '.git/objects/pack');
    const packs = () => fs.readdirSync(packDir).filter((f) => f.endsWith('.pack')).length;
    for (let n = 0; n < PACK_LIMIT; n++) {
      writeFile(dir, `local-${n}.txt`, `local ${n}\n`);
      gitCli(dir, 'add', '-A');
      gitCli(dir, 'commit', '-q', '-m', `local ${n}`);
      gitCli(dir, 'repack', '-q', '-d');
    }
    expect(packs()).toBeGreaterThan(PACK_LIMIT);
    const objects = gitCli(dir, 'cat-file', '--batch-all-objects', '--batch-check');
    server.commitToRepo('f-packs', { 'b.txt': 'b\n' }, 'remote change');
    const op = await runOp(core, 'sync.fetch', { workspaceId: ws.id });
    expect(op.status, JSON.stringify(op.error)).toBe('succeeded');
    expect(packs()).toBeLessThanOrEqual(2);
    const now = gitCli(dir, 'cat-file', '--batch-all-objects', '--batch-check');
    expect(now.split('\n').filter((l) => !objects.includes(l)).length).toBeGreaterThan(0); // what the fetch brought
    expect(objects.split('\n').filter((l) => !now.includes(l))).toEqual([]);
    expect(gitCli(dir, 'fsck', '--full', '--strict', '--no-dangling')).toBe('');
  });

  it('packs the loose objects local work left once there are too many, even when the fetch brings nothing', async () => {
    server.createBareRepo('f-loose', { files: { 'a.txt': 'a\n' } });
    const { core, ws, dir } = await workspaceOf('f-loose');
    // Past LOOSE_LIMIT, as months of pushes and merges leave them (git's estimate counts folder 17:
    // these files put enough there).
    const files = Array.from({ length: LOOSE_LIMIT + 3000 }, (_, i) => `local/${i}.txt`);
    for (const f of files) writeFile(dir, f, `${f}\n`);
    gitCli(dir, 'add', '-A');
    gitCli(dir, 'commit', '-q', '-m', 'many files');
    const loose = () => Number(/^count: (\d+)$/m.exec(gitCli(dir, 'count-objects', '-v'))![1]);
    expect(loose()).toBeGreaterThan(LOOSE_LIMIT);
    const objects = gitCli(dir, 'cat-file', '--batch-all-objects', '--batch-check');
    const op = await runOp(core, 'sync.fetch', { workspaceId: ws.id });
    expect(op.status, JSON.stringify(op.error)).toBe('succeeded');
    expect(op.result).toMatchObject({ updated: false });
    expect(loose()).toBe(0);
    expect(gitCli(dir, 'cat-file', '--batch-all-objects', '--batch-check')).toBe(objects);
    expect(gitCli(dir, 'fsck', '--full', '--strict', '--no-dangling')).toBe('');
    expect(gitCli(dir, 'status', '--porcelain')).toBe('');
  });

  it('asks for the refs once: a fetch is one ref advertisement (sent before its set-up) and one pack request', async () => {
    server.createBareRepo('f5', { files: { 'a.txt': 'a\n' } });
    const { core, ws, dir } = await workspaceOf('f5');
    const remoteOid = server.commitToRepo('f5', { 'a.txt': 'b\n' }, 'next');
    const before = server.requests;
    const op = await runOp(core, 'sync.fetch', { workspaceId: ws.id });
    expect(op.result).toEqual({ remoteOid, updated: true });
    expect(server.requests - before).toBe(2);
    gitCli(dir, 'fsck', '--full');
  });

  it('signs in when the server asks, whatever answered the refs request sent ahead', async () => {
    const secure = await startGitServer({ auth: { token: 'fetch-token-123' } });
    try {
      secure.createBareRepo('f6', { files: { 'a.txt': 'a\n' } });
      const dir = path.join(tempDir(), 'f6');
      await gitOk(path.dirname(dir), 'clone', '-q', secure.repoUrl('f6').replace('http://', 'http://u:fetch-token-123@'), dir);
      gitCli(dir, 'remote', 'set-url', 'origin', secure.repoUrl('f6'));
      const remoteOid = secure.commitToRepo('f6', { 'a.txt': 'b\n' }, 'next');
      const wrong = newCore({ credentials: tokenCredentialProvider('not-the-token') });
      const wws = await ok<Workspace>(wrong.call('workspaces.add', { path: dir }, 'test'));
      let before = secure.requests;
      const refused = await runOp(wrong, 'sync.fetch', { workspaceId: wws.id });
      expect(refused.error).toMatchObject({ code: 'auth_failed' });
      // The anonymous try (sent ahead) and one with the token: no retry loop, no second anonymous try.
      expect(secure.requests - before).toBe(2);

      const right = newCore({ credentials: tokenCredentialProvider('fetch-token-123') });
      const rws = await ok<Workspace>(right.call('workspaces.add', { path: dir }, 'test'));
      before = secure.requests;
      const op = await runOp(right, 'sync.fetch', { workspaceId: rws.id });
      expect(op.result).toEqual({ remoteOid, updated: true });
      expect(secure.requests - before).toBe(3);
      gitCli(dir, 'fsck', '--full');
    } finally {
      await secure.close();
    }
  });

  it('fetches the workspace branch, not the checked-out one', async () => {
    server.createBareRepo('f2');
    gitCli(server.repoDir('f2'), 'branch', 'release', 'main');
    const { core, ws, dir } = await workspaceOf('f2');
    const oid = server.commitToRepo('f2', { 'r.txt': 'r\n' }, 'release fix', 'release');
    await ok(core.call('workspaces.update', { workspaceId: ws.id, branch: 'release' }, 'test'));
    const op = await runOp(core, 'sync.fetch', { workspaceId: ws.id });
    expect(op.result).toMatchObject({ remoteOid: oid, updated: true });
    expect(gitCli(dir, 'rev-parse', 'refs/remotes/origin/release').trim()).toBe(oid);
    expect(gitCli(dir, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('main');
  });

  it('puts the tracking ref back when the transfer is cut, so git fsck stays clean', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 50; i++) files[`d/${i}.txt`] = `${i} `.repeat(500);
    server.createBareRepo('f3', { files });
    const { ws, dir } = await workspaceOf('f3');
    const before = gitCli(dir, 'rev-parse', 'refs/remotes/origin/main').trim();
    const more: Record<string, string> = {};
    for (let i = 0; i < 50; i++) more[`e/${i}.txt`] = `${i * 7} `.repeat(700);
    server.commitToRepo('f3', more, 'big remote change');
    const core = newCore();
    server.faults.cutAfterBytes = 400;
    try {
      const ctrl = new AbortController();
      await expect(fetchWorkspace(core.services, ws, { signal: ctrl.signal, progress: () => undefined })).rejects.toMatchObject({ code: 'network' });
    } finally {
      server.faults.cutAfterBytes = null;
    }
    expect(gitCli(dir, 'rev-parse', 'refs/remotes/origin/main').trim()).toBe(before);
    gitCli(dir, 'fsck', '--full');
  });

  it('reports a branch missing on the remote and a server error clearly', async () => {
    server.createBareRepo('f4');
    const { core, ws } = await workspaceOf('f4');
    await ok(core.call('workspaces.update', { workspaceId: ws.id, branch: 'gone' }, 'test'));
    const missing = await runOp(core, 'sync.fetch', { workspaceId: ws.id });
    expect(missing.error).toMatchObject({ code: 'not_found', message: expect.stringContaining('"gone"') });
    await ok(core.call('workspaces.update', { workspaceId: ws.id, branch: 'main' }, 'test'));
    server.faults.status500 = true;
    try {
      const broken = await runOp(core, 'sync.fetch', { workspaceId: ws.id });
      expect(broken.error).toMatchObject({ code: 'network', message: expect.stringContaining('500') });
    } finally {
      server.faults.status500 = false;
    }
    server.faults.advertiseThenDie = true;
    try {
      const died = await runOp(core, 'sync.fetch', { workspaceId: ws.id });
      expect(died.error?.code).toBe('network');
    } finally {
      server.faults.advertiseThenDie = false;
    }
  });
});
