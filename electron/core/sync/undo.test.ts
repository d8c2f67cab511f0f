import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs } from '../../../test/support/repo';
import type { PullResult } from '../../../shared/contract/merge';
import { listBackups } from './backup';
import { resolveConflict } from './conflicts';
import { completeMerge } from './merge-complete';
import { AUTHOR, commitFiles, fsck, gitCli, makePair, porcelain, pull, read, stateHash, writeFile } from './merge-fixtures';
import { undoSync } from './undo';

afterAll(cleanupTempDirs);

const head = (dir: string) => gitCli(dir, 'rev-parse', 'HEAD').trim();

describe('undo', () => {
  it('after a fast-forward: files, index and HEAD exactly as before, local edits kept; undo again redoes', async () => {
    const p = await makePair({ 'a.txt': 'a\n', 'b.txt': 'b\n', 'gone.txt': 'g\n' });
    const theirs = commitFiles(p.upstream, { 'a.txt': 'a2\n', 'added/by/sync.txt': 'new\n', 'gone.txt': null });
    writeFile(p.local, 'b.txt', 'my uncommitted edit\n');
    writeFile(p.local, 'mine.txt', 'untracked\n');
    const before = stateHash(p.local, { excludeRefs: ['refs/remotes/'] });
    const oldHead = head(p.local);
    expect(((await pull(p)) as PullResult).outcome).toBe('fast_forward');
    expect(head(p.local)).toBe(theirs);

    const undone = await undoSync(p.local);
    expect(undone).toMatchObject({ head: oldHead, branch: 'main' });
    expect(stateHash(p.local, { excludeRefs: ['refs/remotes/'] })).toEqual(before);
    expect(fs.existsSync(path.join(p.local, 'added'))).toBe(false);
    expect(read(p.local, 'b.txt')).toBe('my uncommitted edit\n');
    expect(porcelain(p.local)).toEqual([' M b.txt', '?? mine.txt']);

    // Undo is itself undoable: undoing again brings the pulled state back.
    await undoSync(p.local);
    expect(head(p.local)).toBe(theirs);
    expect(read(p.local, 'added/by/sync.txt')).toBe('new\n');
    expect(read(p.local, 'b.txt')).toBe('my uncommitted edit\n');
    const kinds = (await listBackups(p.local)).map((b) => b.kind);
    expect(kinds).toEqual(['undo', 'undo', 'pull']);
    fsck(p.local);
  });

  it('after a completed merge: back to before the pull, not to the half-merged state', async () => {
    const p = await makePair({ 't.txt': 'one\n', 'keep.txt': 'k\n' });
    commitFiles(p.upstream, { 't.txt': 'theirs\n', 'u.txt': 'from upstream\n' });
    const ours = commitFiles(p.local, { 't.txt': 'ours\n' });
    writeFile(p.local, 'keep.txt', 'local edit\n');
    const before = stateHash(p.local, { excludeRefs: ['refs/remotes/'] });
    expect(((await pull(p)) as PullResult).outcome).toBe('conflicted');
    await resolveConflict(p.local, 't.txt', { merged: 'both\n' });
    const { commit } = await completeMerge(p.local, AUTHOR);
    expect(head(p.local)).toBe(commit);

    const undone = await undoSync(p.local);
    expect(undone.head).toBe(ours);
    expect(stateHash(p.local, { excludeRefs: ['refs/remotes/'] })).toEqual(before);
    expect(read(p.local, 'keep.txt')).toBe('local edit\n');
    expect(fs.existsSync(path.join(p.local, 'u.txt'))).toBe(false);
    expect(fs.existsSync(path.join(p.local, '.git', 'reposync', 'merge.json'))).toBe(false);
    // The merge commit is still reachable from its backup, and git accepts the repo.
    expect(gitCli(p.local, 'for-each-ref', '--format=%(objectname)', 'refs/reposync/backups').length).toBeGreaterThan(0);
    fsck(p.local);
  });

  it('says not_found when there is nothing to undo', async () => {
    const p = await makePair({ 'a.txt': 'a\n' });
    await expect(undoSync(p.local)).rejects.toMatchObject({ code: 'not_found' });
  });
});
