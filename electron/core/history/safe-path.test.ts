import { describe, expect, it } from 'vitest';
import { checkRef, toRepoPath } from './safe-path';

describe('toRepoPath', () => {
  it('accepts repository-relative paths and drops a trailing slash', () => {
    expect(toRepoPath('src/a.txt')).toBe('src/a.txt');
    expect(toRepoPath('src/')).toBe('src');
    expect(toRepoPath('ünï/日本語 file.txt')).toBe('ünï/日本語 file.txt');
    expect(toRepoPath('.github/workflows/ci.yml')).toBe('.github/workflows/ci.yml');
    expect(toRepoPath('a/.gitignore')).toBe('a/.gitignore');
  });

  it('refuses anything that could leave the repository or reach .git', () => {
    for (const p of ['', '/', '../x', 'a/../../b', './a', 'a//b', '/etc/passwd', 'C:/Windows', 'a\\b', '.git', '.git/config', 'x/.GIT/HEAD', '.git.', 'GIT~1/config', 'a\u0000b', 'a\nb']) {
      expect(() => toRepoPath(p), JSON.stringify(p)).toThrow(expect.objectContaining({ code: 'unsafe_path' }));
    }
  });
});

describe('checkRef', () => {
  it('accepts branch, tag, remote and commit names', () => {
    for (const r of ['HEAD', 'main', 'feature/x-1', 'refs/tags/v1.0', 'origin/main', 'a'.repeat(40)]) expect(checkRef(r)).toBe(r);
  });

  it('refuses names git would refuse', () => {
    for (const r of ['a..b', '-x', 'a b', 'a~1', 'a^', 'a:b', 'a?', 'a*', 'a[', 'a\\b', 'x.lock', '.hidden', 'a/', '/a', 'a//b', '@', 'a@{1}', 'end.']) {
      expect(() => checkRef(r), r).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    }
  });
});

describe('toRepoPath and the engine-wide .git rule', () => {
  it('refuses NTFS stream and HFS+ spellings of .git like checkout does', () => {
    for (const p of ['.git::$INDEX_ALLOCATION/x', '.git:stream', '.g\u200cit/config', 'a/GIT~1/x']) {
      expect(() => toRepoPath(p), p).toThrow(expect.objectContaining({ code: 'unsafe_path' }));
    }
  });
});
