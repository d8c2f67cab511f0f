import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { FileChange } from '../../../shared/domain';
import { gitChanges } from '../../../test/support/git-status';
import { cleanupTempDirs, gitCli, makeRepo, tempDir, writeFile } from '../../../test/support/repo';
import { commitChanges, commitOnto } from './commit-paths';
import { dropCache } from './git';
import { forgetStatusCache } from './status-fast';

afterAll(cleanupTempDirs);
beforeEach(() => forgetStatusCache());

const author = { name: 'Test Author', email: 'author@example.test' };
const crlf = (s: string): string => s.replace(/\n/g, '\r\n');

/** A copy of the repository (same index, same stat data as far as git cares: it refreshes). */
function copyRepo(dir: string): string {
  const copy = path.join(tempDir(), 'copy');
  fs.cpSync(dir, copy, { recursive: true });
  return copy;
}

const lsFiles = (dir: string): string => gitCli(dir, 'ls-files', '-s');

/**
 * Each case: committed files, then the edits on disk (CRLF mostly); ours commits them with
 * commitChanges, git stages them with `git add` in a copy: the index entries and the commit's
 * tree must be git's, the repository must pass fsck, and status must then be clean.
 */
const cases: Array<{ name: string; config?: Record<string, string>; files: Record<string, string>; edits: Record<string, string> }> = [
  {
    name: '* text=auto with eol=crlf, -text and binary files',
    files: { '.gitattributes': '* text=auto\n*.bat eol=crlf\n*.raw -text\n*.png binary\n', 'a.txt': 'a\n', 'run.bat': 'echo\n', 'd.raw': 'r\n', 'i.png': 'p\n', 'n.dat': 'x\n' },
    edits: { 'a.txt': crlf('a\nb\n'), 'run.bat': crlf('echo\nmore\n'), 'd.raw': crlf('r\ns\n'), 'i.png': crlf('p\nq\n'), 'n.dat': 'x\0\r\n', 'new.txt': crlf('new\n'), 'lone.txt': 'a\rb\r\n' },
  },
  {
    name: 'a blob that already has CRLF under text=auto keeps CRLF',
    files: { 'w.txt': crlf('one\ntwo\n') },
    edits: { '.gitattributes': '* text=auto\n', 'w.txt': crlf('one\ntwo\nthree\n') },
  },
  { name: 'core.autocrlf=true', config: { 'core.autocrlf': 'true' }, files: { 'a.txt': 'a\n', 'b.bin': 'b\n' }, edits: { 'a.txt': crlf('a\nb\n'), 'b.bin': '\0\r\n' } },
  { name: 'core.autocrlf=input and a text attribute', config: { 'core.autocrlf': 'input' }, files: { '.gitattributes': 'sub/* text\n', 'a.txt': 'a\n' }, edits: { 'a.txt': crlf('a\nb\n'), 'sub/s.txt': 'x\r\ny\rz\r\n' } },
];

describe('commitChanges stores what git add stores (line endings converted)', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const dir = makeRepo(c.files);
      for (const [k, v] of Object.entries(c.config ?? {})) gitCli(dir, 'config', k, v);
      for (const [rel, content] of Object.entries(c.edits)) writeFile(dir, rel, content);
      const copy = copyRepo(dir);
      gitCli(copy, 'add', '--', ...Object.keys(c.edits));
      const changes: FileChange[] = Object.keys(c.edits).map((p) => ({ path: p, kind: p in c.files ? 'modified' : 'untracked', staged: false }));
      const commit = await commitChanges(dir, changes, 'edits', author);
      dropCache(dir);
      expect(commit).toBeTruthy();
      expect(lsFiles(dir)).toBe(lsFiles(copy));
      expect(gitCli(dir, 'rev-parse', 'HEAD^{tree}').trim()).toBe(gitCli(copy, 'write-tree').trim());
      gitCli(dir, 'fsck', '--full', '--strict');
      expect(gitChanges(dir)).toEqual([]);
    });
  }

  it('commitOnto (a review branch\'s commit) stores the same blobs', async () => {
    const c = cases[0]!;
    const dir = makeRepo(c.files);
    for (const [rel, content] of Object.entries(c.edits)) writeFile(dir, rel, content);
    const copy = copyRepo(dir);
    gitCli(copy, 'add', '--', ...Object.keys(c.edits));
    const head = gitCli(dir, 'rev-parse', 'HEAD').trim();
    const changes: FileChange[] = Object.keys(c.edits).map((p) => ({ path: p, kind: 'modified', staged: false }));
    const commit = await commitOnto(dir, changes, head, 'edits', author);
    expect(gitCli(dir, 'rev-parse', `${commit}^{tree}`).trim()).toBe(gitCli(copy, 'write-tree').trim());
    gitCli(dir, 'fsck', '--full', '--strict');
  });
});
