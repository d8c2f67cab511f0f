import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, gitCli, makeRepo, writeFile } from '../../../test/support/repo';
import { snapshotWorkingTree, writeSnapshotTree } from './snapshot-tree';
import { scanWorkingFiles } from './status-scan';

afterAll(cleanupTempDirs);

const looseCount = (dir: string): number => Number(/^count: (\d+)/m.exec(gitCli(dir, 'count-objects', '-v'))![1]);

describe('writeSnapshotTree', () => {
  it('gives HEAD\'s tree for a clean packed repo without writing any object', () => {
    const dir = makeRepo({ 'a.txt': 'a\n', 'd/e/f.txt': 'f\n', 'd/g.txt': 'g\n', 'ü x/y.txt': 'y\n' });
    gitCli(dir, 'gc', '-q');
    expect(looseCount(dir)).toBe(0);
    expect(writeSnapshotTree(dir, scanWorkingFiles(dir))).toBe(gitCli(dir, 'rev-parse', 'HEAD^{tree}').trim());
    expect(looseCount(dir)).toBe(0);
  });

  it('writes the changed trees, as git write-tree would name them', () => {
    const dir = makeRepo({ 'a.txt': 'a\n', 'd/e/f.txt': 'f\n', 'd/g.txt': 'g\n' });
    gitCli(dir, 'gc', '-q');
    writeFile(dir, 'd/e/f.txt', 'changed\n');
    writeFile(dir, 'n/new.txt', 'new\n');
    fs.rmSync(path.join(dir, 'a.txt'));
    for (const f of ['d/e/f.txt', 'n/new.txt']) gitCli(dir, 'hash-object', '-w', f);
    const tree = writeSnapshotTree(dir, scanWorkingFiles(dir));
    gitCli(dir, 'add', '-A');
    expect(tree).toBe(gitCli(dir, 'write-tree').trim());
    gitCli(dir, 'fsck', '--full', '--no-dangling');
  });

  it('snapshotWorkingTree stores the missing blobs itself (the worker task of a backup) and leaves the index alone', () => {
    const dir = makeRepo({ 'a.txt': 'a\n', 'd/e/f.txt': 'f\n', 'ignored.log': 'x\n', '.gitignore': '*.log\n' });
    writeFile(dir, 'd/e/f.txt', 'edited, never hashed by git\n');
    writeFile(dir, 'u/untracked.txt', 'untracked\n');
    writeFile(dir, 'more.log', 'ignored\n');
    const index = fs.readFileSync(path.join(dir, '.git', 'index'));
    const tree = snapshotWorkingTree(dir);
    expect(fs.readFileSync(path.join(dir, '.git', 'index')).equals(index)).toBe(true);
    // Complete before git adds anything: every blob and tree of the snapshot is already stored.
    gitCli(dir, 'ls-tree', '-r', tree);
    for (const f of ['d/e/f.txt', 'u/untracked.txt']) gitCli(dir, 'cat-file', '-e', gitCli(dir, 'hash-object', f).trim());
    gitCli(dir, 'add', '-A');
    expect(tree).toBe(gitCli(dir, 'write-tree').trim());
    gitCli(dir, 'fsck', '--full', '--no-dangling');
  });

  it('takes the index\'s cache-tree for a clean working tree, writing nothing, and never when a file differs', () => {
    const dir = makeRepo({ 'a.txt': 'a\n', 'run.sh': 'echo\n', 'd/e/f.txt': 'f\n' });
    const indexHasTree = () => fs.readFileSync(path.join(dir, '.git', 'index')).includes('TREE');
    expect(indexHasTree()).toBe(true); // git commit left a valid cache-tree
    const before = looseCount(dir);
    expect(snapshotWorkingTree(dir)).toBe(gitCli(dir, 'rev-parse', 'HEAD^{tree}').trim());
    expect(looseCount(dir)).toBe(before);

    // Same content, new mode: the cache-tree is still valid but no longer the working tree.
    fs.chmodSync(path.join(dir, 'run.sh'), 0o755);
    const exec = snapshotWorkingTree(dir);
    fs.rmSync(path.join(dir, 'd', 'e', 'f.txt'));
    const deleted = snapshotWorkingTree(dir);
    expect(indexHasTree()).toBe(true);
    gitCli(dir, 'add', '-A');
    expect(deleted).toBe(gitCli(dir, 'write-tree').trim());
    expect(exec).not.toBe(gitCli(dir, 'rev-parse', 'HEAD^{tree}').trim());
    expect(gitCli(dir, 'ls-tree', exec, 'run.sh')).toMatch(/^100755 /);
  });
});
