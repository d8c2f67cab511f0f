import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, gitCli, makeRepo, writeFile } from '../../../test/support/repo';
import { openObjectStore } from './fast';
import { generatedRepo } from './fast/test-fixtures';
import { mergeBases } from './merge-base';
import path from 'node:path';

afterAll(() => cleanupTempDirs());

const cliBases = (dir: string, a: string, b: string): string[] => {
  try {
    return gitCli(dir, 'merge-base', '--all', a, b).trim().split('\n').filter(Boolean).sort();
  } catch {
    return []; // exit 1: no common ancestor
  }
};

describe('mergeBases', () => {
  it('agrees with git merge-base --all on a generated history with merges', () => {
    const dir = generatedRepo({ commits: 600, files: 60, seed: 7, mergeEvery: 9 });
    const all = gitCli(dir, 'rev-list', '--all').trim().split('\n');
    const check = (): void => {
      const store = openObjectStore(path.join(dir, '.git'));
      try {
        let pairs = 0;
        for (let i = 0; i < all.length; i += 37) {
          for (let j = 5; j < all.length; j += 53) {
            expect(mergeBases(store, all[i]!, all[j]!).sort(), `${all[i]} ${all[j]}`).toEqual(cliBases(dir, all[i]!, all[j]!));
            pairs++;
          }
        }
        expect(pairs).toBeGreaterThan(100);
      } finally {
        store.close();
      }
    };
    check();
    // The same with the links taken from a commit-graph.
    gitCli(dir, 'commit-graph', 'write', '--reachable');
    check();
  });

  it('finds both bases of a criss-cross merge, and none for unrelated histories', () => {
    const dir = makeRepo({ 'a.txt': 'a\n' });
    const commit = (file: string, msg: string) => {
      writeFile(dir, file, `${msg}\n`);
      gitCli(dir, 'add', '-A');
      gitCli(dir, 'commit', '-q', '-m', msg);
    };
    gitCli(dir, 'checkout', '-q', '-b', 'side');
    commit('s.txt', 's1');
    gitCli(dir, 'checkout', '-q', 'main');
    commit('m.txt', 'm1');
    const m1 = gitCli(dir, 'rev-parse', 'HEAD').trim();
    const s1 = gitCli(dir, 'rev-parse', 'side').trim();
    gitCli(dir, 'merge', '-q', '--no-edit', 'side');
    commit('m.txt', 'm2');
    gitCli(dir, 'checkout', '-q', 'side');
    gitCli(dir, 'merge', '-q', '--no-edit', m1);
    commit('s.txt', 's2');
    gitCli(dir, 'checkout', '-q', '--orphan', 'other');
    commit('o.txt', 'o1');
    const store = openObjectStore(path.join(dir, '.git'));
    try {
      expect(mergeBases(store, gitCli(dir, 'rev-parse', 'main').trim(), gitCli(dir, 'rev-parse', 'side').trim()).sort()).toEqual([m1, s1].sort());
      expect(mergeBases(store, gitCli(dir, 'rev-parse', 'main').trim(), gitCli(dir, 'rev-parse', 'other').trim())).toEqual([]);
      expect(mergeBases(store, m1, m1)).toEqual([m1]);
    } finally {
      store.close();
    }
  });
});
