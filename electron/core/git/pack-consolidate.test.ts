import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, gitCli, tempDir } from '../../../test/support/repo';
import { openObjectStore } from './fast';
import { allObjectsFromCli, copyRepo, generatedRepo } from './fast/test-fixtures';
import { consolidatePacks } from './pack-consolidate';

afterAll(cleanupTempDirs);

const packsOf = (dir: string): string[] => fs.readdirSync(path.join(dir, '.git/objects/pack')).filter((f) => f.endsWith('.pack')).sort();
const objectList = (dir: string): string => gitCli(dir, 'cat-file', '--batch-all-objects', '--batch-check');

/**
 * A repository as months of fetches leave it: one big delta-compressed pack, then a pack per
 * round of new commits, and packs holding copies of objects other packs have too.
 */
function manyPacks(): string {
  const dir = copyRepo(generatedRepo({ commits: 400, files: 60, seed: 3, mergeEvery: 12, unicode: true, edgeCases: true }));
  gitCli(dir, 'repack', '-adf', '-q', '--depth=20', '--window=10');
  gitCli(dir, 'checkout', '-q', '-f', 'main');
  for (let n = 0; n < 12; n++) {
    fs.writeFileSync(path.join(dir, `round-${n % 4}.txt`), `round ${n}\n`.repeat(200 + n));
    gitCli(dir, 'add', '-A');
    gitCli(dir, 'commit', '-q', '-m', `round ${n}`);
    gitCli(dir, 'repack', '-q', '-d');
  }
  for (const skip of [0, 1000, 2000]) {
    const list = gitCli(dir, 'rev-list', '--objects', '--all').split('\n').filter(Boolean).slice(skip, skip + 1500).map((l) => l.slice(0, 40));
    execGit(dir, ['pack-objects', '-q', path.join(dir, '.git/objects/pack/pack')], `${list.join('\n')}\n`);
  }
  // A new object stored as a delta on an old one that another pack also has: after the merge its
  // delta must point at that other copy.
  const [size, x] = gitCli(dir, 'ls-tree', '-r', '-l', 'HEAD').split('\n').filter(Boolean)
    .map((l) => l.split(/\s+/)).map((f) => [Number(f[3]), f[2]!] as const).sort((a, b) => b[0] - a[0])[0]!;
  const text = gitCli(dir, 'cat-file', 'blob', x);
  fs.writeFileSync(path.join(dir, 'y.txt'), text.slice(0, Math.floor(size * 0.9)));
  const y = gitCli(dir, 'hash-object', '-w', 'y.txt').trim();
  fs.rmSync(path.join(dir, 'y.txt'));
  execGit(dir, ['pack-objects', '-q', path.join(dir, '.git/objects/pack/pack')], `${x}\n${y}\n`);
  fs.rmSync(path.join(dir, '.git/objects', y.slice(0, 2), y.slice(2)));
  deltaOnDuplicate = { x, y };
  return dir;
}

let deltaOnDuplicate = { x: '', y: '' };

function execGit(dir: string, args: string[], input: string): void {
  execFileSync('git', args, { cwd: dir, input, stdio: ['pipe', 'ignore', 'pipe'] });
}

describe('consolidatePacks', () => {
  it('leaves a folder with few packs alone', () => {
    const dir = copyRepo(generatedRepo({ commits: 30, files: 10, seed: 1, mergeEvery: 10 }));
    const before = packsOf(dir);
    expect(consolidatePacks(path.join(dir, '.git'))).toEqual({ merged: 0, objects: 0, pack: null });
    expect(packsOf(dir)).toEqual(before);
  });

  it('merges many packs into one that git verifies, with every object and nothing else', () => {
    const dir = manyPacks();
    const { x, y } = deltaOnDuplicate;
    const small = packsOf(dir).find((p) => gitCli(dir, 'verify-pack', '-v', path.join('.git/objects/pack', p.replace(/\.pack$/, '.idx'))).includes(`${y} `))!;
    expect(gitCli(dir, 'verify-pack', '-v', path.join('.git/objects/pack', small.replace(/\.pack$/, '.idx')))).toMatch(new RegExp(`^${y}\\s+blob.*${x}$`, 'm'));
    const before = objectList(dir);
    const packs = packsOf(dir).length;
    expect(packs).toBeGreaterThanOrEqual(16);
    const result = consolidatePacks(path.join(dir, '.git'), 8);
    expect(result.merged).toBe(packs);
    expect(packsOf(dir)).toEqual([`${result.pack}.pack`]);
    expect(fs.readdirSync(path.join(dir, '.git/objects/pack')).filter((f) => f.startsWith('tmp_'))).toEqual([]);
    gitCli(dir, 'verify-pack', path.join('.git/objects/pack', `${result.pack}.idx`));
    expect(gitCli(dir, 'fsck', '--full', '--strict', '--no-dangling')).toBe('');
    expect(objectList(dir)).toBe(before);
    expect(result.objects).toBe(before.split('\n').filter(Boolean).length);
    // Deltas were kept, not expanded: the new pack is no bigger than the old ones together.
    const kinds = gitCli(dir, 'verify-pack', '-v', path.join('.git/objects/pack', `${result.pack}.idx`));
    expect(kinds.split('\n').filter((l) => /^[0-9a-f]{40}\s+\w+\s+\d+\s+\d+\s+\d+\s+\d+\s+[0-9a-f]{40}/.test(l)).length).toBeGreaterThan(100);
    const store = openObjectStore(path.join(dir, '.git'));
    try {
      for (const o of allObjectsFromCli(dir)) expect(store.read(o.oid)?.data.equals(o.data), o.oid).toBe(true);
    } finally {
      store.close();
    }
  });

  it('keeps a clone\'s big pack and merges only the small fetched ones; old temp files of a killed merge go', () => {
    const dir = copyRepo(generatedRepo({ commits: 300, files: 40, seed: 5, mergeEvery: 10 }));
    gitCli(dir, 'repack', '-adf', '-q');
    gitCli(dir, 'checkout', '-q', '-f', 'main');
    const [big] = packsOf(dir);
    for (let n = 0; n < 10; n++) {
      fs.writeFileSync(path.join(dir, 'fetched.txt'), `fetch ${n}\n`);
      gitCli(dir, 'add', '-A');
      gitCli(dir, 'commit', '-q', '-m', `fetch ${n}`);
      gitCli(dir, 'repack', '-q', '-d');
    }
    const stale = path.join(dir, '.git/objects/pack/tmp_pack_reposync_1_1.pack');
    fs.writeFileSync(stale, 'half written');
    fs.utimesSync(stale, new Date(Date.now() - 7_200_000), new Date(Date.now() - 7_200_000));
    const before = objectList(dir);
    const result = consolidatePacks(path.join(dir, '.git'), 8);
    expect(result.merged).toBe(10);
    expect(packsOf(dir).sort()).toEqual([big!, `${result.pack}.pack`].sort());
    expect(fs.existsSync(stale)).toBe(false);
    expect(objectList(dir)).toBe(before);
    expect(gitCli(dir, 'fsck', '--full', '--strict', '--no-dangling')).toBe('');
  });

  it('keeps packs marked .keep and skips repositories with a multi-pack-index', () => {
    const dir = manyPacks();
    const [kept] = packsOf(dir);
    fs.writeFileSync(path.join(dir, '.git/objects/pack', kept!.replace(/\.pack$/, '.keep')), '');
    const result = consolidatePacks(path.join(dir, '.git'), 8);
    expect(packsOf(dir).sort()).toEqual([kept!, `${result.pack}.pack`].sort());
    expect(gitCli(dir, 'fsck', '--full', '--strict', '--no-dangling')).toBe('');

    const other = manyPacks();
    gitCli(other, 'multi-pack-index', 'write');
    const before = packsOf(other);
    expect(consolidatePacks(path.join(other, '.git'), 8).merged).toBe(0);
    expect(packsOf(other)).toEqual(before);
  });
});
