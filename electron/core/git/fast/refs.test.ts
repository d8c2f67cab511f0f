import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir } from '../../../../test/support/repo';
import { findGitDir } from './git-dir';
import { openObjectStore } from './object-store';
import { listRefs, peel, readRef, resolveRef } from './refs';
import { copyRepo, generatedRepo, git } from './test-fixtures';

let dir: string;
let gitdir: string;
const rev = (r: string): string => git(dir, 'rev-parse', r).trim();

beforeAll(() => {
  dir = copyRepo(generatedRepo({ commits: 200, files: 50, seed: 3, mergeEvery: 10, edgeCases: true }));
  gitdir = path.join(dir, '.git');
  git(dir, 'branch', 'feature/x', 'main~3');
  git(dir, 'update-ref', 'refs/remotes/origin/main', 'main~1');
  git(dir, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
}, 60_000);
afterAll(cleanupTempDirs);

describe('resolveRef / readRef', () => {
  const names = ['HEAD', 'main', 'refs/heads/main', 'topic', 'feature/x', 'v1.0', 'light', 'refs/tags/v1.0', 'origin/main', 'origin'];

  it('agree with git rev-parse for loose refs', () => {
    for (const n of names) expect(resolveRef(gitdir, n), n).toBe(rev(n));
  });

  it('agree with git rev-parse after git pack-refs --all, and give peeled tags', () => {
    const packedDir = copyRepo(dir);
    git(packedDir, 'pack-refs', '--all');
    expect(fs.existsSync(path.join(packedDir, '.git/refs/heads/main'))).toBe(false);
    for (const n of names) expect(resolveRef(path.join(packedDir, '.git'), n), n).toBe(rev(n));
    const tag = readRef(path.join(packedDir, '.git'), 'v1.0')!;
    expect(tag).toMatchObject({ name: 'refs/tags/v1.0', oid: rev('v1.0'), peeled: rev('v1.0^{}') });
    // A loose ref written after packing wins over the packed one.
    git(packedDir, 'update-ref', 'refs/heads/main', 'main~2');
    expect(resolveRef(path.join(packedDir, '.git'), 'main')).toBe(git(packedDir, 'rev-parse', 'main').trim());
    expect(listRefs(path.join(packedDir, '.git'))).toEqual(forEachRef(packedDir));
  });

  it('follow HEAD symrefs, detached HEADs and unborn branches', () => {
    expect(readRef(gitdir, 'HEAD')).toMatchObject({ name: 'refs/heads/main', symrefs: ['HEAD'] });
    const detached = copyRepo(dir);
    git(detached, 'checkout', '-q', '--detach', 'main~4');
    expect(readRef(path.join(detached, '.git'), 'HEAD')).toMatchObject({ name: 'HEAD', oid: git(detached, 'rev-parse', 'main~4').trim(), symrefs: [] });
    const empty = tempDir('reposync-fast-empty-');
    git(empty, 'init', '-q', '-b', 'trunk');
    expect(resolveRef(path.join(empty, '.git'), 'HEAD')).toBeNull();
    expect(resolveRef(gitdir, 'no-such-branch')).toBeNull();
  });

  it('reads refs of a linked worktree through its commondir', () => {
    const wt = path.join(tempDir('reposync-fast-wt-'), 'wt');
    git(dir, 'worktree', 'add', '-q', wt, 'topic');
    const wtGitdir = findGitDir(wt);
    expect(resolveRef(wtGitdir, 'HEAD')).toBe(rev('topic'));
    expect(resolveRef(wtGitdir, 'main')).toBe(rev('main'));
    const store = openObjectStore(wtGitdir);
    expect(store.read(rev('main'))!.type).toBe('commit');
    store.close();
  });

  it('refuses names that could escape the git directory', () => {
    for (const bad of ['../config', 'refs/heads/../../x', '/etc/passwd', 'a\\b', 'x:y', '', 'refs/heads/.hidden', 'main.lock']) {
      expect(() => resolveRef(gitdir, bad), bad).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    }
  });

  it('peels annotated tags to their commit', () => {
    const store = openObjectStore(gitdir);
    expect(peel(store, rev('v1.0'))).toEqual({ oid: rev('v1.0^{}'), type: 'commit' });
    expect(peel(store, rev('main'))).toEqual({ oid: rev('main'), type: 'commit' });
    store.close();
  });

  it('lists refs like git for-each-ref', () => {
    expect(listRefs(gitdir)).toEqual(forEachRef(dir));
    expect([...listRefs(gitdir, 'refs/heads/').keys()]).toEqual(['refs/heads/feature/x', 'refs/heads/main', 'refs/heads/topic']);
  });
});

function forEachRef(repo: string): Map<string, string> {
  const lines = git(repo, 'for-each-ref', '--format=%(refname) %(objectname) %(symref)').split('\n').filter(Boolean);
  // Symbolic refs (origin/HEAD) are skipped by listRefs: they name another ref, not an object.
  return new Map(lines.filter((l) => !l.split(' ')[2]).map((l) => l.split(' ').slice(0, 2) as [string, string]));
}
