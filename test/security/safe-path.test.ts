import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertSafeRepoPath, ensureSafeParents } from '../../electron/core/git/safe-path';
import { toRepoPath } from '../../electron/core/history/safe-path';
import { cleanupTempDirs, tempDir } from '../support/repo';

/** The two path gates (checkout writes, history reads) agree on every hostile spelling. */
afterAll(cleanupTempDirs);

const HOSTILE = [
  '..', '../x', 'a/../../x', './x', 'a//b', '/etc/passwd', 'C:/x', 'c:x', 'a\\..\\b', 'a\0b',
  '.git', '.git/config', '.GIT/hooks/x', 'sub/.Git/config', '.git ', '.git.', '.git. . ', 'git~1', 'GIT~1/config', 'git~2',
  '.git::$INDEX_ALLOCATION', '.git:stream', '.g\u200cit', '\ufeff.git', '.gi\u200dt/config', '.git\u202e',
];
const FINE = ['README.md', 'a/b/c.txt', '.github/workflows/ci.yml', '.gitignore', '.gitattributes', 'git~x', 'x.git', 'docs/ünïcode.md', '...', '.git-blame-ignore-revs'];

describe('assertSafeRepoPath (checkout)', () => {
  it.each(HOSTILE)('refuses %j with unsafe_path', (p) => {
    expect(() => assertSafeRepoPath(p)).toThrow(expect.objectContaining({ code: 'unsafe_path' }));
  });
  it.each(FINE)('accepts %j', (p) => expect(() => assertSafeRepoPath(p)).not.toThrow());
});

describe('toRepoPath (history)', () => {
  it.each(HOSTILE.filter((p) => !p.endsWith(' ') && !/[\u200c-\u200f\u202a-\u202e\ufeff]/.test(p) && !p.includes(':$') && p !== '.git:stream' && p !== 'git~2'))('refuses %j', (p) => {
    expect(() => toRepoPath(p)).toThrow(expect.objectContaining({ code: 'unsafe_path' }));
  });
});

describe('ensureSafeParents', () => {
  it('never makes a folder through a symlink that points outside', () => {
    const root = tempDir();
    const outside = tempDir();
    fs.symlinkSync(outside, path.join(root, 'out'));
    expect(() => ensureSafeParents(root, 'out/inner/x.txt')).toThrow(expect.objectContaining({ code: 'unsafe_path' }));
    expect(fs.readdirSync(outside)).toEqual([]);
  });
});
