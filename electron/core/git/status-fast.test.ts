import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileChange } from '../../../shared/domain';
import { gitChanges } from '../../../test/support/git-status';
import { cleanupTempDirs, gitCli, makeRepo, tempDir, writeFile } from '../../../test/support/repo';
import { readChanges, readChangesIso } from './status';
import { fastStatus, forgetStatusCache } from './status-fast';
import { resetStatusFs } from './status-fs';

afterAll(cleanupTempDirs);

function busyRepo(): string {
  const dir = makeRepo({
    'README.md': '# hello\n',
    'src/app.ts': 'export const a = 1;\n',
    'src/gone.ts': 'bye\n',
    'src/staged.ts': 'one\n',
    'src/reverted.ts': 'one\n',
    'src/unstaged-rm.ts': 'x\n',
    'bin/run.sh': 'echo hi\n',
    'ünïcödé/naïve café.txt': 'crème\n',
    'with space/a b.txt': 'spaced\n',
    '.gitignore': '*.log\nbuild/\n',
    'sub/.gitignore': '!keep.log\n',
  });
  fs.symlinkSync('src/app.ts', path.join(dir, 'link'));
  gitCli(dir, 'add', 'link');
  gitCli(dir, 'commit', '-q', '-m', 'link');
  writeFile(dir, 'src/app.ts', 'export const a = 2;\n');
  fs.rmSync(path.join(dir, 'src/gone.ts'));
  writeFile(dir, 'src/staged.ts', 'two\n');
  gitCli(dir, 'add', 'src/staged.ts');
  writeFile(dir, 'src/reverted.ts', 'two\n');
  gitCli(dir, 'add', 'src/reverted.ts');
  writeFile(dir, 'src/reverted.ts', 'one\n');
  gitCli(dir, 'rm', '-q', '--cached', 'src/unstaged-rm.ts');
  writeFile(dir, 'new/added.txt', 'added\n');
  gitCli(dir, 'add', 'new/added.txt');
  writeFile(dir, 'new/added-then-gone.txt', 'x\n');
  gitCli(dir, 'add', 'new/added-then-gone.txt');
  fs.rmSync(path.join(dir, 'new/added-then-gone.txt'));
  writeFile(dir, 'ünïcödé/nouveau été.txt', 'neu\n');
  writeFile(dir, 'with space/c d.txt', 'new\n');
  writeFile(dir, 'debug.log', 'ignored\n');
  writeFile(dir, 'sub/keep.log', 'kept\n');
  writeFile(dir, 'build/out.js', 'ignored\n');
  fs.rmSync(path.join(dir, 'link'));
  fs.symlinkSync('README.md', path.join(dir, 'link'));
  fs.mkdirSync(path.join(dir, 'empty-folder'));
  return dir;
}

describe('fastStatus', () => {
  it('gives the same rows as git status and as the statusMatrix implementation', async () => {
    const dir = busyRepo();
    const expected = gitChanges(dir);
    expect(expected.length).toBeGreaterThan(8);
    expect(fastStatus(dir).changes).toEqual(expected);
    expect(await readChangesIso(dir)).toEqual(expected);
    expect(await readChanges(dir)).toEqual(expected);
  });

  it('gives the same rows through Node\'s public fs calls as through its fs binding', () => {
    const dir = busyRepo();
    const expected = gitChanges(dir);
    resetStatusFs(false);
    try {
      forgetStatusCache();
      expect(fastStatus(dir).changes).toEqual(expected);
    } finally {
      resetStatusFs();
    }
    forgetStatusCache();
    expect(fastStatus(dir).changes).toEqual(expected);
  });

  it('reports a file added with git add -N as added, not staged, as git does', () => {
    const dir = makeRepo({ 'a.txt': 'a\n' });
    fs.writeFileSync(path.join(dir, 'later.txt'), 'not staged yet\n');
    gitCli(dir, 'add', '-N', 'later.txt');
    expect(fastStatus(dir).changes).toEqual([{ path: 'later.txt', kind: 'added', staged: false }]);
    expect(gitChanges(dir)).toEqual(fastStatus(dir).changes);
  });

  it('reports an executable-bit change as git does', () => {
    const dir = makeRepo({ 'run.sh': 'echo\n' });
    fs.chmodSync(path.join(dir, 'run.sh'), 0o755);
    expect(fastStatus(dir).changes).toEqual([{ path: 'run.sh', kind: 'modified', staged: false }]);
    expect(gitChanges(dir)).toEqual(fastStatus(dir).changes);
    gitCli(dir, 'config', 'core.fileMode', 'false');
    expect(fastStatus(dir).changes).toEqual([]);
  });

  it('sees a tracked file that became a folder as deleted, and the folder\'s files as untracked', () => {
    const dir = makeRepo({ 'thing': 'file\n', 'keep.txt': 'k\n' });
    fs.rmSync(path.join(dir, 'thing'));
    writeFile(dir, 'thing/inside.txt', 'now a folder\n');
    expect(fastStatus(dir).changes).toEqual(gitChanges(dir));
    expect(fastStatus(dir).changes).toEqual([
      { path: 'thing', kind: 'deleted', staged: false },
      { path: 'thing/inside.txt', kind: 'untracked', staged: false },
    ]);
  });

  it('filters by path prefix', async () => {
    const dir = busyRepo();
    for (const prefix of ['src', 'ünïcödé', 'src/app.ts', 'nothing-here']) {
      expect(fastStatus(dir, prefix).changes).toEqual(gitChanges(dir, prefix));
      expect(await readChangesIso(dir, prefix)).toEqual(gitChanges(dir, prefix));
    }
  });

  it('handles an empty repository (unborn HEAD, no index)', async () => {
    const dir = tempDir();
    gitCli(dir, 'init', '-q', '-b', 'main');
    expect(fastStatus(dir).changes).toEqual([]);
    writeFile(dir, 'a.txt', 'a\n');
    writeFile(dir, 'd/b.txt', 'b\n');
    expect(fastStatus(dir).changes).toEqual(gitChanges(dir));
    gitCli(dir, 'add', 'a.txt');
    expect(fastStatus(dir).changes).toEqual(gitChanges(dir));
    expect(await readChangesIso(dir)).toEqual(gitChanges(dir));
  });

  it('reports conflict stages as conflicted', () => {
    const dir = makeRepo({ 'f.txt': 'base\n', 'other.txt': 'o\n' });
    gitCli(dir, 'checkout', '-q', '-b', 'theirs');
    writeFile(dir, 'f.txt', 'theirs\n');
    gitCli(dir, 'commit', '-q', '-am', 'theirs');
    gitCli(dir, 'checkout', '-q', 'main');
    writeFile(dir, 'f.txt', 'ours\n');
    gitCli(dir, 'commit', '-q', '-am', 'ours');
    expect(() => gitCli(dir, 'merge', '-q', 'theirs')).toThrow();
    expect(fastStatus(dir).changes).toEqual([{ path: 'f.txt', kind: 'conflicted', staged: false }]);
    expect(gitChanges(dir)).toEqual(fastStatus(dir).changes);
  });

  it('finds every tracked file whatever its name sorts like (git sorts bytes, lookups compare strings)', () => {
    // '.' and '-' sort before '/', '0' after it; U+E000 and U+FFFD sort after an astral character
    // in UTF-8 but before it in UTF-16, where it is a surrogate pair (U+D800…U+DFFF).
    const names = ['a', 'a.txt', 'a-b/x', 'a/b', 'a/b.txt', 'a/b/c', 'a0', 'ab/c', '😀.txt', '\uE000.txt', '\uFFFD', 'x/😀/y.txt', 'x/\uE000/y.txt', 'x/\uE000.txt', 'x/😀.md', '日本/語.txt'];
    const files = Object.fromEntries(names.filter((n) => n !== 'a' && n !== 'a/b').map((n) => [n, `${n}\n`]));
    const dir = makeRepo(files);
    forgetStatusCache(dir);
    expect(fastStatus(dir).changes).toEqual([]);
    writeFile(dir, 'a.txt', 'edited\n');
    writeFile(dir, 'x/😀/y.txt', 'edited\n');
    writeFile(dir, 'x/\uE000.txt', 'edited too\n');
    fs.rmSync(path.join(dir, '\uE000.txt'));
    fs.rmSync(path.join(dir, 'a0'));
    writeFile(dir, 'a0/now-a-folder.txt', 'new\n');
    fs.rmSync(path.join(dir, 'ab'), { recursive: true });
    writeFile(dir, 'ab', 'a folder became a file\n');
    writeFile(dir, 'a/b/new.txt', 'new\n');
    writeFile(dir, 'x/😀0.txt', 'new\n');
    const changes = fastStatus(dir).changes;
    expect(changes).toEqual(gitChanges(dir));
    expect(changes.map((c) => `${c.kind} ${c.path}`)).toEqual([
      'modified a.txt', 'untracked a/b/new.txt', 'deleted a0', 'untracked a0/now-a-folder.txt', 'untracked ab', 'deleted ab/c',
      'modified x/😀/y.txt', 'untracked x/😀0.txt', 'modified x/\uE000.txt', 'deleted \uE000.txt',
    ]);
  });

  it('leaves assume-unchanged and skip-worktree (sparse checkout) files alone, as git does', async () => {
    const dir = makeRepo({ 'in/a.txt': 'a\n', 'in/b.txt': 'b\n', 'out/c.txt': 'c\n', 'out/deep/d.txt': 'd\n', 'top.txt': 't\n' });
    gitCli(dir, 'sparse-checkout', 'set', '--no-cone', '/in/');
    expect(fs.existsSync(path.join(dir, 'out/c.txt'))).toBe(false); // skip-worktree: not on disk
    gitCli(dir, 'update-index', '--assume-unchanged', 'in/a.txt');
    writeFile(dir, 'in/a.txt', 'edited, but assumed unchanged\n');
    writeFile(dir, 'out/c.txt', 'back on disk, still skip-worktree\n');
    writeFile(dir, 'out/new.txt', 'untracked next to them\n');
    writeFile(dir, 'in/b.txt', 'edited\n');
    forgetStatusCache(dir);
    // In a sparse checkout, a skip-worktree file back on disk is compared again (git 2.37+).
    expect(fastStatus(dir).changes).toEqual([
      { path: 'in/b.txt', kind: 'modified', staged: false },
      { path: 'out/c.txt', kind: 'modified', staged: false },
      { path: 'out/new.txt', kind: 'untracked', staged: false },
    ]);
    expect(fastStatus(dir).changes).toEqual(gitChanges(dir));
    expect(await readChanges(dir)).toEqual(gitChanges(dir));
    fs.rmSync(path.join(dir, 'in/a.txt'));
    fs.rmSync(path.join(dir, 'out/c.txt'));
    expect(fastStatus(dir).changes).toEqual(gitChanges(dir));

    // Marked by hand, outside a sparse checkout: never compared, present or not.
    const plain = makeRepo({ 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n' });
    gitCli(plain, 'update-index', '--assume-unchanged', 'a.txt');
    gitCli(plain, 'update-index', '--skip-worktree', 'b.txt');
    writeFile(plain, 'a.txt', 'edited\n');
    writeFile(plain, 'b.txt', 'edited\n');
    writeFile(plain, 'c.txt', 'edited\n');
    expect(fastStatus(plain).changes).toEqual([{ path: 'c.txt', kind: 'modified', staged: false }]);
    expect(fastStatus(plain).changes).toEqual(gitChanges(plain));
    fs.rmSync(path.join(plain, 'a.txt'));
    fs.rmSync(path.join(plain, 'b.txt'));
    expect(fastStatus(plain).changes).toEqual(gitChanges(plain));
  });

  it('finds tracked and conflicted files inside ignored folders, as git does', () => {
    const dir = makeRepo({ 'build/deep/f.txt': 'base\n', 'build/t.txt': 't\n', 'other.txt': 'o\n' });
    writeFile(dir, '.gitignore', 'build/\n'); // ignored after the fact: tracked files stay tracked
    gitCli(dir, 'add', '.gitignore');
    gitCli(dir, 'commit', '-q', '-m', 'ignore build');
    gitCli(dir, 'checkout', '-q', '-b', 'theirs');
    writeFile(dir, 'build/deep/f.txt', 'theirs\n');
    gitCli(dir, 'commit', '-q', '-am', 'theirs');
    gitCli(dir, 'checkout', '-q', 'main');
    writeFile(dir, 'build/deep/f.txt', 'ours\n');
    gitCli(dir, 'commit', '-q', '-am', 'ours');
    expect(() => gitCli(dir, 'merge', '-q', 'theirs')).toThrow();
    writeFile(dir, 'build/t.txt', 'edited\n');
    writeFile(dir, 'build/deep/ignored.txt', 'x\n');
    expect(fastStatus(dir).changes).toEqual([
      { path: 'build/deep/f.txt', kind: 'conflicted', staged: false },
      { path: 'build/t.txt', kind: 'modified', staged: false },
    ]);
    expect(fastStatus(dir).changes).toEqual(gitChanges(dir));
  });

  it('hashes nothing on a repeated call and still sees a same-size edit made just after a status', () => {
    const dir = makeRepo({ 'a.txt': 'aaaa\n', 'b.txt': 'bbbb\n' });
    forgetStatusCache(dir);
    expect(fastStatus(dir).changes).toEqual([]);
    writeFile(dir, 'a.txt', 'AAAA\n');
    expect(fastStatus(dir).changes).toEqual([{ path: 'a.txt', kind: 'modified', staged: false }]);
    writeFile(dir, 'a.txt', 'aaaa\n'); // same size, same second: stat cannot tell, the hash must
    expect(fastStatus(dir).changes).toEqual([]);
    // Files older than the index and than the cache window are trusted on stat alone.
    const old = new Date(Date.now() - 60_000);
    for (const f of ['a.txt', 'b.txt']) fs.utimesSync(path.join(dir, f), old, old);
    gitCli(dir, 'status', '--porcelain'); // git refreshes the index's stat data
    forgetStatusCache(dir);
    expect(fastStatus(dir).hashed).toBe(0);
    writeFile(dir, 'b.txt', 'changed\n');
    fs.utimesSync(path.join(dir, 'b.txt'), old, old);
    expect(fastStatus(dir)).toEqual({ changes: [{ path: 'b.txt', kind: 'modified', staged: false }], hashed: 1 });
    expect(fastStatus(dir).hashed).toBe(0);
  });

  it('reads index versions 2 and 4 alike (4 compresses paths against the previous one)', () => {
    const dir = busyRepo();
    const expected = gitChanges(dir);
    for (const version of ['4', '2']) {
      gitCli(dir, 'update-index', '--index-version', version);
      forgetStatusCache(dir);
      expect(fastStatus(dir).changes).toEqual(expected);
      for (const prefix of ['src', 'ünïcödé']) expect(fastStatus(dir, prefix).changes).toEqual(gitChanges(dir, prefix));
    }
  });

  it('reads entries whose path is longer than the 12-bit length in the entry flags (0xfff and more)', () => {
    const dir = busyRepo();
    const blob = gitCli(dir, 'hash-object', '-w', 'README.md').trim();
    // No file system takes such a path, but an index may hold it (as if checked out elsewhere).
    const long = `${Array.from({ length: 22 }, (_, i) => `${'d'.repeat(190)}${i}`).join('/')}/file.txt`;
    expect(Buffer.byteLength(long)).toBeGreaterThan(0xfff);
    gitCli(dir, 'update-index', '--add', '--cacheinfo', `100644,${blob},${long}`);
    gitCli(dir, 'update-index', '--add', '--cacheinfo', `100644,${blob},zz-after-the-long-one.txt`);
    forgetStatusCache(dir);
    const rows = fastStatus(dir).changes;
    // git cannot lstat it (ENAMETOOLONG) and leaves the working side out; for us it is not on disk.
    expect(rows.find((r) => r.path === long)).toEqual({ path: long, kind: 'deleted', staged: true });
    expect(rows.filter((r) => r.path !== long)).toEqual(gitChanges(dir).filter((r) => r.path !== long));
    expect(rows.find((r) => r.path === 'zz-after-the-long-one.txt')).toEqual({ path: 'zz-after-the-long-one.txt', kind: 'deleted', staged: true });
  });

  it('trusts the cache-tree only when it is HEAD\'s tree, and sees staged changes otherwise', () => {
    const dir = makeRepo({ 'a/one.txt': '1\n', 'a/b/two.txt': '2\n', 'c.txt': 'c\n' });
    gitCli(dir, 'status', '--porcelain'); // a refreshed index with a valid cache-tree equal to HEAD
    expect(fastStatus(dir).changes).toEqual([]);
    writeFile(dir, 'a/b/two.txt', 'two\n');
    fs.rmSync(path.join(dir, 'c.txt'));
    writeFile(dir, 'a/new.txt', 'n\n');
    expect(fastStatus(dir).changes).toEqual(gitChanges(dir));
    gitCli(dir, 'add', '-A');
    gitCli(dir, 'write-tree'); // the cache-tree is valid again, but now differs from HEAD
    expect(fastStatus(dir).changes).toEqual(gitChanges(dir));
    expect(fastStatus(dir).changes.every((c) => c.staged)).toBe(true);
    gitCli(dir, 'commit', '-q', '-m', 'next');
    expect(fastStatus(dir).changes).toEqual([]);
  });

  it('follows every change of the index between calls (a parsed index is reused only for the same bytes)', () => {
    const dir = makeRepo({ 'a.txt': 'a\n', 'd/b.txt': 'b\n' });
    expect(fastStatus(dir).changes).toEqual([]);
    writeFile(dir, 'd/b.txt', 'B\n');
    expect(fastStatus(dir).changes).toEqual([{ path: 'd/b.txt', kind: 'modified', staged: false }]);
    gitCli(dir, 'add', 'd/b.txt');
    expect(fastStatus(dir).changes).toEqual([{ path: 'd/b.txt', kind: 'modified', staged: true }]);
    expect(fastStatus(dir, 'd').changes).toEqual(gitChanges(dir, 'd'));
    gitCli(dir, 'reset', '-q');
    expect(fastStatus(dir).changes).toEqual([{ path: 'd/b.txt', kind: 'modified', staged: false }]);
    gitCli(dir, 'rm', '-q', '--cached', 'a.txt');
    expect(fastStatus(dir).changes).toEqual(gitChanges(dir));
  });

  it('does not write the index', () => {
    const dir = busyRepo();
    const before = fs.readFileSync(path.join(dir, '.git/index'));
    const mtime = fs.statSync(path.join(dir, '.git/index')).mtimeMs;
    fastStatus(dir);
    expect(fs.readFileSync(path.join(dir, '.git/index'))).toEqual(before);
    expect(fs.statSync(path.join(dir, '.git/index')).mtimeMs).toBe(mtime);
  });

  it('fails with not_found outside a repository', () => {
    expect(() => fastStatus(tempDir())).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});
