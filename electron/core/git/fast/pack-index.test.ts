import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir } from '../../../../test/support/repo';
import { PackIndex, packIndexTuning } from './pack-index';

afterAll(cleanupTempDirs);

/** A pack of `n` small blobs written by git fast-import; returns its .idx path. */
function blobPack(n: number): string {
  const dir = tempDir('reposync-idx-');
  execFileSync('git', ['init', '-q', '--bare', dir]);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const body = `blob ${i}\n`;
    parts.push(`blob\ndata ${Buffer.byteLength(body)}\n${body}\n`);
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: parts.join('') });
  const packDir = path.join(dir, 'objects', 'pack');
  return path.join(packDir, fs.readdirSync(packDir).find((f) => f.endsWith('.idx'))!);
}

/** Every object of the .idx looked up (and a near miss each), checked against git show-index. */
function expectLikeGit(idx: string): void {
  const truth = execFileSync('git', ['show-index'], { input: fs.readFileSync(idx), encoding: 'utf8', maxBuffer: 1 << 26 })
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' '))
    .map(([offset, oid]) => ({ offset: Number(offset), oid: oid! }));
  expect(truth.length).toBe(20_000);
  const all = new Set(truth.map((t) => t.oid));
  const index = PackIndex.open(idx);
  for (const { oid, offset } of truth) {
    const raw = Buffer.from(oid, 'hex');
    const i = index.find(raw);
    expect(i, oid).toBeGreaterThanOrEqual(0);
    expect(index.offsetOf(i)).toBe(offset);
    expect(index.oidAt(i)).toBe(oid);
    raw[19] = raw[19]! ^ 0x01;
    if (!all.has(raw.toString('hex'))) expect(index.find(raw)).toBe(-1);
  }
  index.close();
}

describe('PackIndex lookups', () => {
  // 20k objects put ~80 names under each first byte: the interpolation windows are exercised.
  const idx = blobPack(20_000);
  const saved = { ...packIndexTuning };
  afterEach(() => Object.assign(packIndexTuning, saved));

  it('finds every object and its offset like git show-index, read whole', () => {
    expectLikeGit(idx);
  });

  it('the same read in pages as lookups touch them (as a big repository\'s index is)', () => {
    packIndexTuning.eagerBytes = 0;
    packIndexTuning.pagedLookups = Infinity;
    packIndexTuning.pagedShare = Infinity;
    expectLikeGit(idx);
  });

  it('the same when the rest of the file is read in one go partway through', () => {
    packIndexTuning.eagerBytes = 0;
    packIndexTuning.pagedLookups = 3000;
    packIndexTuning.pagedShare = Infinity;
    expectLikeGit(idx);
  });

  it('the same when the rest is read in one go once a share of the pages has been read', () => {
    packIndexTuning.eagerBytes = 0;
    packIndexTuning.pagedLookups = Infinity;
    packIndexTuning.pagedShare = 1 / 8;
    expectLikeGit(idx);
  });
});
