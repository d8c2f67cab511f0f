import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { gitChanges } from '../../../test/support/git-status';
import { cleanupTempDirs, gitCli, makeRepo, writeFile } from '../../../test/support/repo';
import { fastStatus, forgetStatusCache } from './status-fast';
import { scanWorkingFiles } from './status-scan';

afterAll(cleanupTempDirs);
beforeEach(() => forgetStatusCache());

const crlf = (s: string): string => s.replace(/\n/g, '\r\n');

/**
 * Ours first: git status refreshes the index's stat data, which would hide what we must hash.
 * Twice: as the files are (a size other than the index's is a change for git, content unread),
 * then after `git add -u` recorded their sizes and their times moved (so both hash the
 * converted content). Returns the paths of the second pass.
 */
function expectSameAsGit(dir: string, rels: string[], ...addArgs: string[]): string[] {
  const first = fastStatus(dir).changes;
  expect(first).toEqual(gitChanges(dir));
  gitCli(dir, ...addArgs, 'add', '-u');
  touchAll(dir, rels);
  forgetStatusCache();
  const second = fastStatus(dir).changes;
  expect(second).toEqual(gitChanges(dir));
  return second.map((c) => c.path);
}

/** Moves every working file's times back, so each is stat-dirty against the index and gets hashed. */
function touchAll(dir: string, rels: string[]): void {
  const past = new Date(Date.now() - 60_000);
  for (const rel of rels) fs.utimesSync(path.join(dir, rel), past, past);
}

describe('status with line-ending rules (the walk hashes converted content, as git does)', () => {
  it('* text=auto: CRLF copies of LF blobs are clean; edits, binary and lone-CR files are not', () => {
    const files = { '.gitattributes': '* text=auto\n', 'same.txt': 'a\nb\n', 'edit.txt': 'a\nb\n', 'bin.dat': 'x\0y\n', 'lone.txt': 'a\nb\n', 'mixed.txt': 'a\nb\n' };
    const dir = makeRepo(files);
    writeFile(dir, 'same.txt', crlf('a\nb\n'));
    writeFile(dir, 'edit.txt', crlf('a\nc\n'));
    writeFile(dir, 'bin.dat', crlf('x\0y\n'));
    writeFile(dir, 'lone.txt', 'a\rb\n');
    writeFile(dir, 'mixed.txt', 'a\r\nb\n');
    expect(expectSameAsGit(dir, Object.keys(files))).toEqual(['bin.dat', 'edit.txt', 'lone.txt']);
  });

  it('eol=crlf, -text and binary files, and a blob that already holds CRLF under text=auto', () => {
    const dir = makeRepo({ 'kept.txt': crlf('one\ntwo\n'), 'changed.txt': crlf('one\ntwo\n') });
    // Committed with CRLF before any rule: git keeps CRLF for them ("safer autocrlf").
    writeFile(dir, '.gitattributes', '* text=auto\n*.bat eol=crlf\n*.raw -text\n*.png binary\n');
    writeFile(dir, 'run.bat', 'echo\n');
    writeFile(dir, 'data.raw', 'r\n');
    writeFile(dir, 'img.png', 'p\n');
    gitCli(dir, 'add', '-A');
    gitCli(dir, 'commit', '-q', '-m', 'rules');
    writeFile(dir, 'run.bat', 'echo\r\n');
    writeFile(dir, 'data.raw', 'r\r\n');
    writeFile(dir, 'img.png', 'p\r\n');
    writeFile(dir, 'changed.txt', 'one\ntwo\n'); // LF now, where the blob has CRLF: a change
    expect(expectSameAsGit(dir, ['kept.txt', 'changed.txt', 'run.bat', 'data.raw', 'img.png'])).toEqual(['changed.txt', 'data.raw', 'img.png']);
  });

  it('core.autocrlf=true and input without any attributes file', () => {
    for (const setting of ['true', 'input']) {
      const dir = makeRepo({ 'a.txt': 'a\nb\n', 'b.txt': 'a\nb\n', 'c.bin': 'a\0\n' });
      gitCli(dir, 'config', 'core.autocrlf', setting);
      writeFile(dir, 'a.txt', crlf('a\nb\n'));
      writeFile(dir, 'b.txt', crlf('a\nB\n'));
      writeFile(dir, 'c.bin', crlf('a\0\n'));
      expect(expectSameAsGit(dir, ['a.txt', 'b.txt', 'c.bin'])).toEqual(['b.txt', 'c.bin']);
    }
  });

  it('rules in a sub-folder and info/attributes; hashes again when the rules change', () => {
    const dir = makeRepo({ 'sub/a.txt': 'a\n', 'b.txt': 'b\n' });
    writeFile(dir, 'sub/a.txt', 'a\r\n');
    writeFile(dir, 'b.txt', 'b\r\n');
    // Staged as LF (the blobs HEAD has) with the CRLF files' sizes; no rule in the repository.
    expect(expectSameAsGit(dir, ['sub/a.txt', 'b.txt'], '-c', 'core.autocrlf=input')).toEqual(['b.txt', 'sub/a.txt']);
    // The same files, stat data unchanged, hashed again under new rules (git hashes them again too).
    writeFile(dir, 'sub/.gitattributes', '*.txt text\n');
    expect(fastStatus(dir).changes.map((c) => c.path)).toEqual(['b.txt', 'sub/.gitattributes']);
    writeFile(dir, '.git/info/attributes', 'b.txt text\n');
    expect(fastStatus(dir).changes.map((c) => c.path)).toEqual(['sub/.gitattributes']);
    expect(fastStatus(dir).changes).toEqual(gitChanges(dir));
  });

  it('a backup scan keeps the bytes on disk: CRLF files get the id of their CRLF bytes', () => {
    const dir = makeRepo({ '.gitattributes': '* text=auto\n', 'a.txt': 'a\n', 'b.txt': 'b\n' });
    writeFile(dir, 'a.txt', 'a\r\n');
    expect(expectSameAsGit(dir, ['a.txt'])).toEqual([]);
    const scanned = scanWorkingFiles(dir);
    expect(scanned.get('a.txt')?.oid).toBe(gitCli(dir, 'hash-object', '--no-filters', 'a.txt').trim());
    expect(scanned.get('b.txt')?.oid).toBe(gitCli(dir, 'rev-parse', 'HEAD:b.txt').trim());
    // Remembered by stat data (old enough to trust), then seen again once the file changes.
    touchAll(dir, ['a.txt']);
    expect(scanWorkingFiles(dir).get('a.txt')?.oid).toBe(scanned.get('a.txt')?.oid);
    writeFile(dir, 'a.txt', 'a\r\nb\r\n');
    touchAll(dir, ['a.txt']);
    expect(scanWorkingFiles(dir).get('a.txt')?.oid).toBe(gitCli(dir, 'hash-object', '--no-filters', 'a.txt').trim());
  });
});
