import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs } from '../../../test/support/repo';
import { mergeBases } from '../git/merge-base';
import { sharedStore } from '../git/shared-store';
import { fsck, gitCli, makePair, parents, pull, read, writeFile } from './merge-fixtures';
import { mergeBaseForMerge } from './merge-base-virtual';
import { planMerge } from './merge-trees';

afterAll(cleanupTempDirs);

/** A commit with a fixed committer time: which merge base is "newest" must not depend on the clock. */
function commitAt(dir: string, time: number, files: Record<string, string>, message: string): string {
  for (const [rel, text] of Object.entries(files)) writeFile(dir, rel, text);
  gitCli(dir, 'add', '-A');
  at(dir, time, 'commit', '-q', '-m', message);
  return gitCli(dir, 'rev-parse', 'HEAD').trim();
}

function at(dir: string, time: number, ...args: string[]): string {
  const date = `${1_700_000_000 + time} +0000`;
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.test', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.test' },
  });
}

/**
 * The textbook criss-cross: main changes f (A1), side changes g (B1), each side merges the other
 * (A2, B2), then main changes f again (A3). Merging A3 into B2 has two best bases, A1 and B1; B1
 * is the newer, and against it alone f looks changed on both sides.
 */
async function crissCross() {
  const p = await makePair({ 'f.txt': 'a\n', 'g.txt': '1\n' });
  const up = p.upstream;
  const root = gitCli(up, 'rev-parse', 'HEAD').trim();
  const a1 = commitAt(up, 100, { 'f.txt': 'b\n' }, 'A1: f = b');
  gitCli(up, 'checkout', '-q', '-b', 'side', root);
  const b1 = commitAt(up, 200, { 'g.txt': '2\n' }, 'B1: g = 2');
  at(up, 300, 'merge', '-q', '--no-ff', '-m', 'B2: merge A1', a1);
  const b2 = gitCli(up, 'rev-parse', 'HEAD').trim();
  gitCli(up, 'checkout', '-q', 'main');
  at(up, 300, 'merge', '-q', '--no-ff', '-m', 'A2: merge B1', b1);
  const a3 = commitAt(up, 400, { 'f.txt': 'c\n' }, 'A3: f = c');
  // The folder holds B2 (it pulled side's history); the remote branch is at A3.
  gitCli(p.local, 'fetch', '-q', 'origin');
  gitCli(p.local, 'reset', '-q', '--hard', 'origin/side');
  return { p, a1, b1, b2, a3 };
}

/** The files `git merge-tree --write-tree` reports in conflict (it exits 1 then). */
function gitMergeTreeConflicts(dir: string, ours: string, theirs: string): string[] {
  try {
    execFileSync('git', ['merge-tree', '--write-tree', '--name-only', ours, theirs], { cwd: dir, encoding: 'utf8' });
    return [];
  } catch (err) {
    const out = String((err as { stdout?: string }).stdout ?? '');
    return [...new Set(out.split('\n\n')[0]!.split('\n').slice(1).filter(Boolean))];
  }
}

describe('merging after a criss-cross', () => {
  it('has two merge bases, and the newest alone would give a false conflict', async () => {
    const { p, a1, b1, b2, a3 } = await crissCross();
    expect(mergeBases(sharedStore(p.local), b2, a3).sort()).toEqual([a1, b1].sort());
    expect(mergeBases(sharedStore(p.local), b2, a3)[0]).toBe(b1);
    const tree = (rev: string) => gitCli(p.local, 'rev-parse', `${rev}^{tree}`).trim();
    const naive = await planMerge(p.local, { base: tree(b1), ours: tree(b2), theirs: tree(a3) }, { useOurs: [], useTheirs: [] });
    expect(naive.conflicting).toEqual(['f.txt']);
  });

  it('merges against a virtual base as git does: clean, the same tree as git merge-tree', async () => {
    const { p, b2, a3 } = await crissCross();
    const base = (await mergeBaseForMerge(p.local, b2, a3))!;
    expect(parents(p.local, base).sort()).toEqual(mergeBases(sharedStore(p.local), b2, a3).sort());
    expect(gitCli(p.local, 'show', `${base}:f.txt`)).toBe('b\n');

    const result = await pull(p);
    expect(result).toMatchObject({ outcome: 'merged', conflicting: [] });
    expect(read(p.local, 'f.txt')).toBe('c\n');
    expect(read(p.local, 'g.txt')).toBe('2\n');
    expect(parents(p.local)).toEqual([b2, a3]);
    const gitTree = gitCli(p.local, 'merge-tree', '--write-tree', b2, a3).split('\n')[0];
    expect(gitCli(p.local, 'rev-parse', 'HEAD^{tree}').trim()).toBe(gitTree);
    // The virtual base is left unreachable (dangling, as after an amend), never broken.
    expect(fsck(p.local).split('\n').filter((l) => l && !l.startsWith('dangling commit'))).toEqual([]);
  });

  it('keeps conflict markers in the virtual base where the bases themselves conflict, as git does', async () => {
    const p = await makePair({ 'f.txt': 'one\ntwo\nthree\n' });
    const up = p.upstream;
    const root = gitCli(up, 'rev-parse', 'HEAD').trim();
    const a1 = commitAt(up, 100, { 'f.txt': 'one\nTWO-a\nthree\n' }, 'A1');
    gitCli(up, 'checkout', '-q', '-b', 'side', root);
    const b1 = commitAt(up, 200, { 'f.txt': 'one\nTWO-b\nthree\n' }, 'B1');
    at(up, 300, 'merge', '-q', '-X', 'ours', '-m', 'B2', a1);
    const b2 = gitCli(up, 'rev-parse', 'HEAD').trim();
    gitCli(up, 'checkout', '-q', 'main');
    at(up, 300, 'merge', '-q', '-X', 'ours', '-m', 'A2', b1);
    const a3 = commitAt(up, 400, { 'g.txt': 'new\n' }, 'A3');
    gitCli(p.local, 'fetch', '-q', 'origin');
    const base = (await mergeBaseForMerge(p.local, b2, a3))!;
    expect(gitCli(p.local, 'show', `${base}:f.txt`)).toMatch(/^one\n<<<<<<< ours\nTWO-a\n\|\|\|\|\|\|\| base\ntwo\n=======\nTWO-b\n>>>>>>> theirs\nthree\n$/);
    // Each side resolved f its own way, so f still conflicts, as git merge-tree also says; g merges in.
    gitCli(p.local, 'reset', '-q', '--hard', 'origin/side');
    const result = await pull(p);
    expect(result).toMatchObject({ outcome: 'conflicted', conflicting: ['f.txt'] });
    expect(read(p.local, 'g.txt')).toBe('new\n');
    expect(gitMergeTreeConflicts(p.local, b2, a3)).toEqual(['f.txt']);
  });
});
