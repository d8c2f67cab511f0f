import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Workspace, WorkspaceStatus } from '../../../shared/domain';
import { gitOk } from '../../../test/support/git-server';
import { useGitServer } from '../../../test/support/use-git-server';
import { newCore, ok, runOp } from '../../../test/support/core-harness';
import { gitCli, makeRepo, tempDir, writeFile } from '../../../test/support/repo';
import { countAheadBehind } from '../git/ahead-behind';
import { deriveSyncState } from './sync-state';

const server = useGitServer();

/** git's own answer: [ahead, behind] of HEAD against origin/<branch>. */
const gitCounts = (dir: string, branch = 'main') =>
  gitCli(dir, 'rev-list', '--left-right', '--count', `HEAD...origin/${branch}`).trim().split(/\s+/).map(Number);

function commit(dir: string, file: string, message: string): void {
  writeFile(dir, file, `${message}\n`);
  gitCli(dir, 'add', '-A');
  gitCli(dir, 'commit', '-q', '-m', message);
}

describe('deriveSyncState', () => {
  it('picks the most pressing fact', () => {
    const base = { hasRemote: true, conflicted: false, changedFiles: 0, ahead: 0, behind: 0 };
    expect(deriveSyncState(base)).toBe('in_sync');
    expect(deriveSyncState({ ...base, ahead: 2 })).toBe('local_ahead');
    expect(deriveSyncState({ ...base, behind: 1 })).toBe('remote_ahead');
    expect(deriveSyncState({ ...base, ahead: 1, behind: 1 })).toBe('diverged');
    expect(deriveSyncState({ ...base, ahead: 1, changedFiles: 3 })).toBe('changes');
    expect(deriveSyncState({ ...base, conflicted: true, changedFiles: 3 })).toBe('conflicted');
    expect(deriveSyncState({ ...base, hasRemote: false })).toBe('no_remote');
  });
});

describe('workspaces.status: ahead, behind and state', () => {
  it('follows local commits, fetched remote commits and edits, agreeing with git rev-list', async () => {
    server.createBareRepo('s1');
    const dir = path.join(tempDir(), 's1');
    await gitOk(path.dirname(dir), 'clone', '-q', server.repoUrl('s1'), dir);
    const core = newCore();
    const ws = await ok<Workspace>(core.call('workspaces.add', { path: dir }, 'test'));
    const status = () => ok<WorkspaceStatus>(core.call('workspaces.status', { workspaceId: ws.id }, 'test'));

    expect(await status()).toMatchObject({ state: 'in_sync', ahead: 0, behind: 0 });

    server.commitToRepo('s1', { 'r1.txt': 'r1\n' }, 'remote 1');
    await runOp(core, 'sync.fetch', { workspaceId: ws.id });
    expect(await status()).toMatchObject({ state: 'remote_ahead', ahead: 0, behind: 1 });

    gitCli(dir, 'merge', '-q', '--ff-only', 'origin/main');
    commit(dir, 'l1.txt', 'local 1');
    commit(dir, 'l2.txt', 'local 2');
    expect(await status()).toMatchObject({ state: 'local_ahead', ahead: 2, behind: 0 });

    server.commitToRepo('s1', { 'r2.txt': 'r2\n' }, 'remote 2');
    await runOp(core, 'sync.fetch', { workspaceId: ws.id });
    const diverged = await status();
    expect(diverged).toMatchObject({ state: 'diverged', ahead: 2, behind: 1 });
    expect([diverged.ahead, diverged.behind]).toEqual(gitCounts(dir));

    writeFile(dir, 'l1.txt', 'edited\n');
    expect(await status()).toMatchObject({ state: 'changes', ahead: 2, behind: 1 });
  });

  it('counts like git across merges and side branches', async () => {
    const dir = makeRepo({ 'a.txt': 'a\n' });
    gitCli(dir, 'branch', 'base');
    for (let i = 0; i < 12; i++) commit(dir, `m${i}.txt`, `main ${i}`);
    gitCli(dir, 'checkout', '-q', '-b', 'side', 'base');
    for (let i = 0; i < 7; i++) commit(dir, `s${i}.txt`, `side ${i}`);
    gitCli(dir, 'checkout', '-q', 'main');
    gitCli(dir, 'merge', '-q', '--no-edit', 'side~3');
    commit(dir, 'after.txt', 'after merge');
    gitCli(dir, 'update-ref', 'refs/remotes/origin/main', 'side');
    const oid = (ref: string) => gitCli(dir, 'rev-parse', ref).trim();
    const ours = await countAheadBehind(dir, oid('HEAD'), oid('side'));
    expect([ours.ahead, ours.behind]).toEqual(gitCounts(dir));
    expect(ours.exact).toBe(true);
    const reverse = await countAheadBehind(dir, oid('side'), oid('HEAD'));
    expect([reverse.ahead, reverse.behind]).toEqual([ours.behind, ours.ahead]);
    const unrelated = tempDir();
    gitCli(unrelated, 'init', '-q', '-b', 'other');
    commit(unrelated, 'x.txt', 'x');
    gitCli(dir, 'fetch', '-q', unrelated, 'other:refs/remotes/origin/other');
    const apart = await countAheadBehind(dir, oid('HEAD'), oid('refs/remotes/origin/other'));
    expect([apart.ahead, apart.behind]).toEqual(gitCounts(dir, 'other'));
  });

  it('counts every commit as ahead before the first push, and says no_remote without a remote', async () => {
    const dir = makeRepo({ 'a.txt': 'a\n' });
    commit(dir, 'b.txt', 'second');
    const core = newCore();
    const local = await ok<Workspace>(core.call('workspaces.add', { path: dir }, 'test'));
    expect(await ok<WorkspaceStatus>(core.call('workspaces.status', { workspaceId: local.id }, 'test'))).toMatchObject({
      state: 'no_remote',
      ahead: 0,
      behind: 0,
    });
    await ok(core.call('workspaces.update', { workspaceId: local.id, remoteUrl: 'https://example.test/team/repo.git' }, 'test'));
    expect(await ok<WorkspaceStatus>(core.call('workspaces.status', { workspaceId: local.id }, 'test'))).toMatchObject({
      state: 'local_ahead',
      ahead: 2,
      behind: 0,
    });
  });
});
