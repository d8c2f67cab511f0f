import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs } from '../../../../test/support/repo';
import { changedPaths } from './changed-paths';
import { openObjectStore, type ObjectStore } from './object-store';
import { walkPathHistory } from './path-history';
import { resolveRef } from './refs';
import { git, copyRepo, generatedRepo, logOids, namesFromCli } from './test-fixtures';
import { walkCommits } from './walk';

let dir: string;
let store: ObjectStore;
const oidOf = (ref: string): string => resolveRef(path.join(dir, '.git'), ref)!;
const walk = (refs: string[], options = {}): string[] => [...walkCommits(store, refs.map(oidOf), options)].map((c) => c.oid);

beforeAll(() => {
  dir = copyRepo(generatedRepo());
  git(dir, 'repack', '-adf', '-q');
  store = openObjectStore(path.join(dir, '.git'));
}, 120_000);
afterAll(() => {
  store.close();
  cleanupTempDirs();
});

describe('walkCommits follows git log default order', () => {
  it('has merges, equal commit times and clock skew to get right', () => {
    const times = git(dir, 'log', '--format=%ct %P', 'main').split('\n').filter(Boolean);
    const stamps = times.map((l) => Number(l.split(' ')[0]));
    expect(times.filter((l) => l.split(' ').length > 2).length).toBeGreaterThan(50);
    expect(new Set(stamps).size).toBeLessThan(stamps.length - 100);
    expect(stamps.some((t, i) => i > 0 && t > stamps[i - 1]!)).toBe(true);
  });

  it('from one branch', () => {
    expect(walk(['main'])).toEqual(logOids(dir, 'main'));
  });

  it('from several starting points, including a tag and an older commit', () => {
    const old = oidOf('main');
    const mid = logOids(dir, 'main')[1234]!;
    expect(walk(['topic', 'light', mid, 'main'])).toEqual(logOids(dir, 'topic', 'light', mid, old));
  });

  it('with --first-parent', () => {
    expect(walk(['main'], { firstParent: true })).toEqual(logOids(dir, '--first-parent', 'main'));
  });

  it('stops early when only the first page is taken', () => {
    const page: string[] = [];
    for (const c of walkCommits(store, [oidOf('main')])) {
      page.push(c.oid);
      if (page.length === 100) break;
    }
    expect(page).toEqual(logOids(dir, '-n', '100', 'main'));
  });

  it('refuses a start that is not a commit', () => {
    const tree = git(dir, 'rev-parse', 'main^{tree}').trim();
    expect(() => walk([tree])).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => walk(['0'.repeat(40)])).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});

describe('changedPaths', () => {
  it('equals git log --name-only --no-renames (merges: vs first parent) for every commit', () => {
    const expected = namesFromCli(dir, 'main');
    let checked = 0;
    let merges = 0;
    for (const c of walkCommits(store, [oidOf('main')])) {
      const want = expected.get(c.oid) ?? [];
      expect(changedPaths(store, c), c.oid).toEqual(want);
      if (c.parents.length > 1) merges++;
      checked++;
    }
    expect(checked).toBe(expected.size);
    expect(merges).toBeGreaterThan(50);
  });

  it('covers renames, unicode names, a file that becomes a folder, symlinks, gitlinks and mode changes', () => {
    const all = [...namesFromCli(dir, 'main').values()].flat();
    expect(all.some((p) => /日本|é|😀/.test(p))).toBe(true);
    const head = oidOf('main');
    expect(changedPaths(store, head)).toEqual(['vendor/sub']);
    expect(changedPaths(store, git(dir, 'rev-parse', 'main~1').trim())).toEqual(['thing', 'thing.c', 'thing/inside.txt']);
    expect(changedPaths(store, git(dir, 'rev-parse', 'main~3').trim())).toHaveLength(2);
  });

  it('lists every file of a root commit', () => {
    const root = git(dir, 'rev-list', '--max-parents=0', 'main').trim();
    const files = git(dir, '-c', 'core.quotepath=off', 'ls-tree', '-r', '-z', '--name-only', root).split('\0').filter(Boolean);
    expect(changedPaths(store, root)).toEqual(files);
  });
});

describe('walkPathHistory matches git log -- <path>', () => {
  it('for files, folders, a renamed-away file and a path that never existed', () => {
    const files = git(dir, '-c', 'core.quotepath=off', 'ls-tree', '-r', '-z', '--name-only', 'main').split('\0').filter(Boolean);
    const deleted = git(dir, '-c', 'core.quotepath=off', 'log', '--diff-filter=D', '--no-renames', '--name-only', '-z', '--format=', 'main').split('\0').map((p) => p.replace(/^\n/, '')).filter(Boolean);
    const paths = [files[0]!, files[7]!, files[files.length - 1]!, files.find((p) => /[^\x00-\x7f]/.test(p))!, deleted[0]!, 'core', 'alpha/beta', 'thing', 'no/such/path'];
    for (const p of paths) {
      const got = [...walkPathHistory(store, [oidOf('main')], p)].map((c) => c.oid);
      expect(got, p).toEqual(logOids(dir, 'main', '--', p));
    }
  });
});
