import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs } from '../../../test/support/repo';
import { createBackup, listBackups, recoverInterrupted } from './backup';
import { readPending, writePending } from './backup-journal';
import { resolveConflict } from './conflicts';
import { completeMerge } from './merge-complete';
import { readMergeStateFile } from './merge-state';
import { commitFiles, fsck, gitCli, makePair, porcelain, pull, stateHash, writeFile } from './merge-fixtures';

afterAll(cleanupTempDirs);

const head = (dir: string) => gitCli(dir, 'rev-parse', 'HEAD').trim();

describe('backups', () => {
  it('snapshots without touching HEAD, index or files, and git sees a complete commit', async () => {
    const p = await makePair({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    writeFile(p.local, 'a.txt', 'edited\n');
    writeFile(p.local, 'new/untracked.txt', 'u\n');
    writeFile(p.local, '.gitignore', '*.log\n');
    writeFile(p.local, 'debug.log', 'ignored\n');
    fs.symlinkSync('a.txt', path.join(p.local, 'link'));
    const before = stateHash(p.local);
    const b = await createBackup(p.local, 'pull');
    expect(stateHash(p.local)).toEqual(before);
    expect(b).toMatchObject({ kind: 'pull', branch: 'main', previousHead: head(p.local), hasIndex: true, mergeState: null });
    expect(gitCli(p.local, 'ls-tree', '-r', '--name-only', b.ref).split('\n').filter(Boolean).sort()).toEqual(['.gitignore', 'a.txt', 'b.txt', 'link', 'new/untracked.txt']);
    expect(gitCli(p.local, 'show', `${b.ref}:a.txt`)).toBe('edited\n');
    expect(gitCli(p.local, 'cat-file', '-p', `${b.ref}^1`).split('\n')[0]).toMatch(/^tree /);
    expect(gitCli(p.local, 'rev-parse', `${b.ref}^1`).trim()).toBe(head(p.local));
    expect((await listBackups(p.local)).map((x) => x.id)).toEqual([b.id]);
    fsck(p.local);
  });
});

describe('recovery after a killed process', () => {
  it('rolls a half-applied pull back to exactly the state before it', async () => {
    const p = await makePair({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    const theirs = commitFiles(p.upstream, { 'a.txt': 'a2\n', 'c.txt': 'c\n', 'b.txt': null });
    gitCli(p.local, 'fetch', '-q', 'origin');
    writeFile(p.local, 'mine.txt', 'untracked\n');
    const before = stateHash(p.local, { excludeRefs: ['refs/remotes/'] });
    // What a pull does up to its crash: backup, journal, some files written, the ref not moved.
    const backup = await createBackup(p.local, 'pull');
    writePending(p.local, { kind: 'apply', backupRef: backup.ref, branch: 'main', targetHead: theirs });
    writeFile(p.local, 'a.txt', 'a2\n');
    writeFile(p.local, 'c.txt', 'c\n');
    fs.rmSync(path.join(p.local, 'b.txt'));

    expect(await recoverInterrupted(p.local)).toBe('rolled_back');
    expect(stateHash(p.local, { excludeRefs: ['refs/remotes/'] })).toEqual(before);
    expect(readPending(p.local)).toBeNull();
    // The next pull works normally.
    expect(await pull(p)).toMatchObject({ outcome: 'fast_forward', commit: theirs });
    expect(porcelain(p.local)).toEqual(['?? mine.txt']);
  });

  it('keeps a pull that finished (ref moved) and only clears the journal', async () => {
    const p = await makePair({ 'a.txt': 'a\n' });
    commitFiles(p.upstream, { 'a.txt': 'a2\n' });
    await pull(p);
    const backup = (await listBackups(p.local))[0]!;
    writePending(p.local, { kind: 'apply', backupRef: backup.ref, branch: 'main', targetHead: head(p.local) });
    const before = stateHash(p.local);
    expect(await recoverInterrupted(p.local)).toBe('none');
    expect(stateHash(p.local)).toEqual(before);
    expect(readPending(p.local)).toBeNull();
  });

  it('clears the merge state of a completed merge killed after its branch moved', async () => {
    const p = await makePair({ 'c.txt': 'base\n' });
    commitFiles(p.upstream, { 'c.txt': 'theirs\n' });
    commitFiles(p.local, { 'c.txt': 'ours\n' });
    expect(await pull(p)).toMatchObject({ outcome: 'conflicted' });
    const state = ['MERGE_HEAD', 'MERGE_MSG', 'reposync/merge.json'].map((f) => [f, fs.readFileSync(path.join(p.local, '.git', f))] as const);
    await resolveConflict(p.local, 'c.txt', 'ours');
    const done = await completeMerge(p.local, { name: 'T', email: 't@example.test' });
    // As left by a kill between the branch move and the merge state's removal:
    for (const [f, bytes] of state) fs.writeFileSync(path.join(p.local, '.git', f), bytes);
    const backup = (await listBackups(p.local)).find((b) => b.id === done.backupId)!;
    writePending(p.local, { kind: 'apply', backupRef: backup.ref, branch: 'main', targetHead: done.commit });
    expect(await recoverInterrupted(p.local)).toBe('none');
    expect(head(p.local)).toBe(done.commit);
    expect(readMergeStateFile(p.local)).toBeNull();
    expect(fs.existsSync(path.join(p.local, '.git', 'MERGE_HEAD'))).toBe(false);
    expect(porcelain(p.local)).toEqual([]);
    fsck(p.local);
  });

  it('finishes an interrupted restore (abort/undo) instead of leaving it half done', async () => {
    const p = await makePair({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    writeFile(p.local, 'a.txt', 'local edit\n');
    const before = stateHash(p.local);
    const backup = await createBackup(p.local, 'undo');
    writeFile(p.local, 'a.txt', 'something else\n');
    writeFile(p.local, 'stray.txt', 'x\n');
    writePending(p.local, { kind: 'restore', restoreRef: backup.ref });
    expect(await recoverInterrupted(p.local)).toBe('restore_finished');
    expect(stateHash(p.local)).toEqual(before);
  });
});
