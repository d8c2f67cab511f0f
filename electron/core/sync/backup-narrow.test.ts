import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs } from '../../../test/support/repo';
import type { PullResult } from '../../../shared/contract/merge';
import { backupTouchedPaths, listBackups, recoverInterrupted } from './backup';
import { writePending } from './backup-journal';
import { commitFiles, fsck, gitCli, makePair, porcelain, pull, read, stateHash, writeFile } from './merge-fixtures';
import { undoSync } from './undo';

afterAll(cleanupTempDirs);

const head = (dir: string) => gitCli(dir, 'rev-parse', 'HEAD').trim();
const indexBytes = (dir: string) => fs.readFileSync(path.join(dir, '.git', 'index'));

/**
 * A pull that refuses local changes in its way backs up only the paths it writes or deletes
 * (backup.ts): these tests hold undo and the kill recovery to that, byte for byte, with git as
 * the judge of the repository.
 */
describe("a pull's narrow backup", () => {
  it('undo puts back every path the pull touched (local content included) and leaves every other file as it is now', async () => {
    const p = await makePair({ 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n', 'keep.txt': 'k\n', 'deep/old.txt': 'o\n' });
    const theirs = commitFiles(p.upstream, {
      'a.txt': 'a2\n', 'b.txt': null, 'c.txt': 'c2\n', 'same.txt': 'same\n', 'new/n.txt': 'n\n', 'deep/old.txt': null,
    });
    // Local state the pull accepts: an untracked file already holding the incoming content, a
    // local edit that already is the result, an edit and an untracked file it does not touch.
    writeFile(p.local, 'same.txt', 'same\n');
    writeFile(p.local, 'c.txt', 'c2\n');
    writeFile(p.local, 'keep.txt', 'my edit\n');
    writeFile(p.local, 'mine.txt', 'untracked\n');
    const oldHead = head(p.local);
    const oldIndex = indexBytes(p.local);
    const before = stateHash(p.local, { excludeRefs: ['refs/remotes/'] });

    expect(((await pull(p)) as PullResult).outcome).toBe('fast_forward');
    expect(head(p.local)).toBe(theirs);
    const [backup] = await listBackups(p.local);
    expect(backup).toMatchObject({ kind: 'pull', touched: true, previousHead: oldHead });
    expect((await backupTouchedPaths(p.local, backup!)).sort()).toEqual(['a.txt', 'b.txt', 'c.txt', 'deep/old.txt', 'new/n.txt', 'same.txt']);
    // Its tree is HEAD's with the touched paths as they were on disk.
    expect(gitCli(p.local, 'show', `${backup!.ref}:c.txt`)).toBe('c2\n');
    expect(gitCli(p.local, 'show', `${backup!.ref}:same.txt`)).toBe('same\n');
    expect(gitCli(p.local, 'show', `${backup!.ref}:a.txt`)).toBe('a\n');
    fsck(p.local);

    // Undo right after the pull: exactly the state before it.
    await undoSync(p.local);
    expect(stateHash(p.local, { excludeRefs: ['refs/remotes/'] })).toEqual(before);
    expect(indexBytes(p.local).equals(oldIndex)).toBe(true);

    // Redo, then work on: an edit to a touched file and to an untouched one, a new file.
    await undoSync(p.local);
    expect(head(p.local)).toBe(theirs);
    writeFile(p.local, 'a.txt', 'edited after the pull\n');
    writeFile(p.local, 'keep.txt', 'edited again after the pull\n');
    writeFile(p.local, 'later.txt', 'made after the pull\n');
    const undone = await undoSync(p.local, backup!.id);
    expect(undone.head).toBe(oldHead);
    expect(indexBytes(p.local).equals(oldIndex)).toBe(true);
    // Touched paths: byte for byte as before the pull, local content included.
    expect(read(p.local, 'a.txt')).toBe('a\n');
    expect(read(p.local, 'b.txt')).toBe('b\n');
    expect(read(p.local, 'c.txt')).toBe('c2\n');
    expect(read(p.local, 'same.txt')).toBe('same\n');
    expect(read(p.local, 'deep/old.txt')).toBe('o\n');
    expect(fs.existsSync(path.join(p.local, 'new'))).toBe(false);
    // Untouched paths: as they are now.
    expect(read(p.local, 'keep.txt')).toBe('edited again after the pull\n');
    expect(read(p.local, 'later.txt')).toBe('made after the pull\n');
    expect(read(p.local, 'mine.txt')).toBe('untracked\n');
    // The edit to the touched file that undo replaced is in undo's own (full) backup.
    const own = (await listBackups(p.local)).find((b) => b.id === undone.backupId)!;
    expect(own.touched).toBeUndefined();
    expect(gitCli(p.local, 'show', `${own.ref}:a.txt`)).toBe('edited after the pull\n');
    expect(porcelain(p.local)).toEqual([' M c.txt', ' M keep.txt', '?? later.txt', '?? mine.txt', '?? same.txt']);
    fsck(p.local);
  });

  it('a clean pull writes no tree for its backup: the snapshot is HEAD\'s own tree', async () => {
    const p = await makePair({ 'a.txt': 'a\n', 'sub/b.txt': 'b\n' });
    commitFiles(p.upstream, { 'sub/b.txt': 'b2\n', 'sub/c.txt': 'c\n' });
    const oldTree = gitCli(p.local, 'rev-parse', 'HEAD^{tree}').trim();
    await pull(p);
    const [backup] = await listBackups(p.local);
    expect(gitCli(p.local, 'rev-parse', `${backup!.ref}^{tree}`).trim()).toBe(oldTree);
    fsck(p.local);
  });

  it('undoing an older pull also takes back what later pulls changed, but never a local edit', async () => {
    const p = await makePair({ 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n' });
    const first = head(p.local);
    commitFiles(p.upstream, { 'a.txt': 'a2\n' });
    await pull(p);
    const [older] = await listBackups(p.local);
    commitFiles(p.upstream, { 'b.txt': 'b2\n', 'c.txt': 'c2\n', 'd.txt': 'd\n' });
    await pull(p);
    writeFile(p.local, 'c.txt', 'my edit\n');
    await undoSync(p.local, older!.id);
    expect(head(p.local)).toBe(first);
    expect(read(p.local, 'a.txt')).toBe('a\n');
    expect(read(p.local, 'b.txt')).toBe('b\n');
    expect(fs.existsSync(path.join(p.local, 'd.txt'))).toBe(false);
    expect(read(p.local, 'c.txt')).toBe('my edit\n');
    expect(porcelain(p.local)).toEqual([' M c.txt']);
    fsck(p.local);
  });

  it('a pull killed inside its checkout is rolled back exactly, temp files and the folders they made included', async () => {
    const p = await makePair({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    const theirs = commitFiles(p.upstream, { 'a.txt': 'a2\n', 'b.txt': null, 'new/deeper/n.txt': 'n\n', 'new/m.txt': 'm\n' });
    writeFile(p.local, 'mine.txt', 'untracked\n');
    const oldHead = head(p.local);
    const before = stateHash(p.local, { excludeRefs: ['refs/remotes/'] });
    await pull(p);
    const [backup] = await listBackups(p.local);
    // What a kill before the branch moved leaves: files (partly) written, temp files of renames
    // that never came, one in a folder made for a file not written yet, the journal.
    gitCli(p.local, 'update-ref', 'refs/heads/main', oldHead);
    fs.rmSync(path.join(p.local, 'new', 'm.txt'));
    writeFile(p.local, 'new/deeper/n.txt', 'n');
    writeFile(p.local, '.reposync-0123456789ab-7.tmp', 'a2');
    fs.rmSync(path.join(p.local, 'new', 'deeper', 'n.txt'));
    writeFile(p.local, 'new/deeper/.reposync-0123456789ab-9.tmp', 'n');
    writePending(p.local, { kind: 'apply', backupRef: backup!.ref, branch: 'main', targetHead: theirs });

    expect(await recoverInterrupted(p.local)).toBe('rolled_back');
    expect(stateHash(p.local, { excludeRefs: ['refs/remotes/'] })).toEqual(before);
    expect(await pull(p)).toMatchObject({ outcome: 'fast_forward', commit: theirs });
    expect(porcelain(p.local)).toEqual(['?? mine.txt']);
    fsck(p.local);
  });
});
