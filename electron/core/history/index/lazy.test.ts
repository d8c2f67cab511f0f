import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir, writeFile } from '../../../../test/support/repo';
import { FastSource } from '../fast-source';
import { ObjectCache } from '../object-cache';
import { git, makeHistory } from '../test-fixture';
import { buildIndex } from './builder';
import { HistoryIndex, IndexDamaged, readerTuning } from './reader';
import { IndexWalk } from './walk';

// HistoryIndex.open: the readers' form, which reads a block of the file only when asked for one
// of its commits. Every answer must equal what the whole-file form (load) and git give.

afterAll(cleanupTempDirs);

const lines = (s: string): string[] => s.split('\n').filter(Boolean);
const gitdirOf = (dir: string): string => path.join(dir, '.git');

function commit(dir: string, file: string, text: string, time: number): void {
  writeFile(dir, file, text);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', `edit ${file} ${text}`], { time });
}

/** A history indexed in several blocks: a first build, then three appends (new commits, a branch). */
function multiBlock(seed: number): { dir: string; file: string } {
  const { dir } = makeHistory(seed, 30);
  const file = path.join(tempDir('reposync-lazy-'), 'index.bin');
  buildIndex({ gitdir: gitdirOf(dir), file });
  for (let round = 0; round < 3; round++) {
    commit(dir, `round/${round}.txt`, 'one', 1_900_000_000 + round * 100);
    commit(dir, 'ünï/日本語.txt', `round ${round}`, 1_900_000_050 + round * 100);
    if (round === 1) git(dir, ['branch', `side${round}`, 'HEAD~1']);
    buildIndex({ gitdir: gitdirOf(dir), file });
  }
  return { dir, file };
}

/** [start, end) of each block in the file (frame included). */
function frames(file: Buffer): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let pos = 0; pos + 16 <= file.length; ) {
    const end = pos + 12 + file.readUInt32LE(pos + 8) + 4;
    out.push([pos, end]);
    pos = end;
  }
  return out;
}

function log(index: HistoryIndex, oid: string): string[] {
  const walk = new IndexWalk(index, index.idOf(oid)!, null, () => false);
  const out: string[] = [];
  for (let s = walk.next(); s; s = walk.next()) out.push(index.oid(s.id));
  return out;
}

describe('history index read on demand', () => {
  it('answers exactly as the whole file and git do, path names decoded one by one', () => {
    const { dir, file } = multiBlock(21);
    expect(frames(fs.readFileSync(file)).length).toBeGreaterThanOrEqual(4);
    const lazy = HistoryIndex.open(file);
    const whole = HistoryIndex.load(file);
    expect(lazy.complete).toBe(true);
    expect(lazy.size).toBe(whole.size);
    expect(lazy.tips).toEqual(whole.tips);
    expect(lazy.validEnd).toBe(whole.validEnd);
    const head = git(dir, ['rev-parse', 'HEAD']).trim();
    expect(log(lazy, head)).toEqual(lines(git(dir, ['log', '--format=%H'])));
    const byCommit = new Map<string, string[]>();
    let current = '';
    for (const l of lines(git(dir, ['log', '--all', '--no-merges', '--name-only', '--no-renames', '--format=@%H']))) {
      if (l.startsWith('@')) byCommit.set((current = l.slice(1)), []);
      else byCommit.get(current)!.push(l);
    }
    for (const [oid, paths] of byCommit) expect(lazy.record(lazy.idOf(oid)!).paths.map((p) => lazy.pathName(p)), oid).toEqual(paths);
    for (let id = 0; id < whole.size; id++) {
      expect(lazy.record(id)).toEqual(whole.record(id));
      expect(lazy.record(id).paths.map((p) => lazy.pathName(p))).toEqual(whole.record(id).paths.map((p) => whole.paths[p]));
    }
    expect(lazy.paths).toEqual(whole.paths);
    lazy.close();
    // The hash table over every block (a long walk) gives the same order.
    const saved = readerTuning.scanBytesPerCommit;
    try {
      readerTuning.scanBytesPerCommit = 0;
      const hashed = HistoryIndex.open(file);
      expect(log(hashed, head)).toEqual(lines(git(dir, ['log', '--format=%H'])));
      hashed.close();
    } finally {
      readerTuning.scanBytesPerCommit = saved;
    }
  });

  it('reads only the blocks a first page needs', () => {
    const { dir, file } = multiBlock(22);
    const blocks = frames(fs.readFileSync(file)).length;
    const index = HistoryIndex.open(file);
    const head = git(dir, ['rev-parse', 'HEAD']).trim();
    // The newest commits are in the last block, appended after the first build.
    const walk = new IndexWalk(index, index.idOf(head)!, null, () => false);
    for (let s = walk.next(), n = 0; s && n < 2; s = walk.next(), n++) index.record(s.id);
    expect(index.blocksRead).toBeLessThan(blocks);
    index.close();
  });

  it('drops a torn tail on opening as the whole-file load does', () => {
    const { file } = multiBlock(23);
    const full = fs.readFileSync(file);
    const last = frames(full).pop()!;
    for (const cut of [last[0] + 5, last[0] + Math.floor((last[1] - last[0]) / 2), full.length - 1]) {
      fs.writeFileSync(file, full.subarray(0, cut));
      const lazy = HistoryIndex.open(file);
      const whole = HistoryIndex.load(file);
      expect([lazy.validEnd, lazy.size, lazy.complete]).toEqual([whole.validEnd, whole.size, whole.complete]);
      expect(lazy.validEnd).toBe(last[0]);
      lazy.close();
    }
    // A flipped byte in the last block: its checksum is checked on opening.
    const flipped = Buffer.from(full);
    flipped[last[1] - 10] = flipped[last[1] - 10]! ^ 0xff;
    fs.writeFileSync(file, flipped);
    expect(HistoryIndex.open(file).validEnd).toBe(last[0]);
  });

  it('a block damaged after opening fails its checksum when read; pages fall back, then the index is repaired', async () => {
    const { dir } = makeHistory(24, 30);
    const cacheRoot = tempDir('reposync-cache-');
    const source = new FastSource(new ObjectCache(dir), { cacheRoot, inThread: true, waitForIndex: true });
    await source.refresh();
    for (let round = 0; round < 3; round++) {
      commit(dir, `r${round}.txt`, 'x', 1_900_000_000 + round);
      await source.refresh();
    }
    const file = fs.readdirSync(cacheRoot).map((d) => path.join(cacheRoot, d, 'index.bin'))[0]!;
    const [, second] = frames(fs.readFileSync(file));
    const fd = fs.openSync(file, 'r+');
    const at = second![1] - 10;
    const byte = Buffer.alloc(1);
    fs.readSync(fd, byte, 0, 1, at);
    fs.writeSync(fd, Buffer.from([byte[0]! ^ 0xff]), 0, 1, at);
    fs.closeSync(fd);
    expect(() => {
      const index = HistoryIndex.open(file);
      for (let id = 0; id < index.size; id++) index.record(id);
    }).toThrow(IndexDamaged);
    const all = async (): Promise<string[]> => {
      const out: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await source.page({ ref: 'HEAD', cursor, limit: 7, path: null, search: null });
        out.push(...page.commits.map((c) => c.oid));
        cursor = page.nextCursor;
      } while (cursor);
      return out;
    };
    const expected = lines(git(dir, ['log', '--format=%H']));
    expect(await all()).toEqual(expected);
    // The damaged index was dropped; the next pages rebuilt its blocks from the valid prefix.
    expect(await all()).toEqual(expected);
    const repaired = HistoryIndex.load(file);
    expect(repaired.complete).toBe(true);
    expect(repaired.size).toBe(lines(git(dir, ['rev-list', '--all'])).length);
    expect(log(repaired, git(dir, ['rev-parse', 'HEAD']).trim())).toEqual(expected);
  });

  it('a closed source (evicted by the history service) lets go of the index file and still answers', async () => {
    const { dir } = makeHistory(25, 20);
    const cacheRoot = tempDir('reposync-cache-');
    const source = new FastSource(new ObjectCache(dir), { cacheRoot, inThread: true, waitForIndex: true });
    await source.refresh();
    const file = fs.realpathSync(fs.readdirSync(cacheRoot).map((d) => path.join(cacheRoot, d, 'index.bin'))[0]!);
    const holders = (): number => (fs.existsSync('/proc/self/fd') ? fs.readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return fs.readlinkSync(`/proc/self/fd/${fd}`) === file;
      } catch {
        return false;
      }
    }).length : 0);
    const query = { ref: 'HEAD', cursor: null, limit: 5, path: null, search: null };
    expect((await source.page(query)).commits.map((c) => c.oid)).toEqual(lines(git(dir, ['log', '-n', '5', '--format=%H'])));
    if (fs.existsSync('/proc/self/fd')) expect(holders()).toBe(1);
    source.close();
    expect(holders()).toBe(0);
    expect((await source.page(query)).commits.map((c) => c.oid)).toEqual(lines(git(dir, ['log', '-n', '5', '--format=%H'])));
    expect(holders()).toBe(0);
  });
});
