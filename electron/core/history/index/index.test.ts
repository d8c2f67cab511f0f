import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir, writeFile } from '../../../../test/support/repo';
import { FastSource } from '../fast-source';
import { ObjectCache } from '../object-cache';
import { git, makeHistory } from '../test-fixture';
import { buildIndex } from './builder';
import { HistoryIndex, readerTuning } from './reader';
import { runIndexBuild } from './run-build';
import { IndexWalk } from './walk';

afterAll(cleanupTempDirs);
afterEach(() => {
  delete process.env.REPOSYNC_HISTORY_WORKER;
});

const lines = (s: string): string[] => s.split('\n').filter(Boolean);
const gitdirOf = (dir: string): string => path.join(dir, '.git');

/** The index's walk from `ref` (no path), as oids. */
function indexLog(index: HistoryIndex, oid: string): string[] {
  const walk = new IndexWalk(index, index.idOf(oid)!, null, () => false);
  const out: string[] = [];
  for (let s = walk.next(); s; s = walk.next()) out.push(index.oid(s.id));
  return out;
}

/** Asserts the index holds exactly `git rev-list --all`, ordered like git log, with git's paths. */
function expectMatchesGit(dir: string, file: string): HistoryIndex {
  const index = HistoryIndex.load(file);
  expect(index.complete).toBe(true);
  expect(Array.from({ length: index.size }, (_, i) => index.oid(i)).sort()).toEqual(lines(git(dir, ['rev-list', '--all'])).sort());
  const head = git(dir, ['rev-parse', 'HEAD']).trim();
  expect(indexLog(index, head)).toEqual(lines(git(dir, ['log', '--format=%H'])));
  // Non-merge commits: paths exactly as git log --name-only prints them.
  const byCommit = new Map<string, string[]>();
  let current = '';
  for (const l of lines(git(dir, ['log', '--all', '--no-merges', '--name-only', '--no-renames', '--format=@%H']))) {
    if (l.startsWith('@')) byCommit.set((current = l.slice(1)), []);
    else byCommit.get(current)!.push(l);
  }
  for (const [oid, paths] of byCommit) {
    const rec = index.record(index.idOf(oid)!);
    expect(rec.paths.map((i) => index.paths[i]), oid).toEqual(paths);
  }
  return index;
}

function commit(dir: string, file: string, text: string, time: number): void {
  writeFile(dir, file, text);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', `edit ${file} ${text}`], { time });
}

describe('history index', () => {
  it('builds exactly what git log sees (merges, equal times, clock skew, unicode paths)', () => {
    const { dir } = makeHistory(4);
    const file = path.join(tempDir('reposync-idx-'), 'index.bin');
    const r = buildIndex({ gitdir: gitdirOf(dir), file });
    expect(r.kind).toBe('appended');
    expectMatchesGit(dir, file);
    // Lookups by column search (short walks) and by the hash table (long ones) give the same answers.
    const saved = readerTuning.scanBytesPerCommit;
    try {
      readerTuning.scanBytesPerCommit = 0;
      expectMatchesGit(dir, file);
    } finally {
      readerTuning.scanBytesPerCommit = saved;
    }
    expect(buildIndex({ gitdir: gitdirOf(dir), file }).kind).toBe('fresh');
  });

  it('appends only the new commits after new commits and a new branch', () => {
    const { dir } = makeHistory(5, 30);
    const file = path.join(tempDir('reposync-idx-'), 'index.bin');
    buildIndex({ gitdir: gitdirOf(dir), file });
    const before = fs.readFileSync(file);
    commit(dir, 'ünï/new.txt', 'one', 1_900_000_000);
    commit(dir, 'a.txt', 'two', 1_900_000_100);
    git(dir, ['branch', 'side', 'HEAD~1']);
    const r = buildIndex({ gitdir: gitdirOf(dir), file });
    expect(r).toMatchObject({ kind: 'appended', added: 2 });
    const after = fs.readFileSync(file);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    expectMatchesGit(dir, file);
  });

  it('rebuilds after history is rewritten (reset and new commits, like a force-push)', () => {
    const { dir } = makeHistory(6, 30);
    const file = path.join(tempDir('reposync-idx-'), 'index.bin');
    buildIndex({ gitdir: gitdirOf(dir), file });
    for (const b of lines(git(dir, ['for-each-ref', '--format=%(refname:short)', 'refs/heads/']))) {
      if (b !== git(dir, ['branch', '--show-current']).trim()) git(dir, ['branch', '-D', b]);
    }
    git(dir, ['reset', '-q', '--hard', 'HEAD~3']);
    commit(dir, 'rewritten.txt', 'new', 1_900_000_000);
    const r = buildIndex({ gitdir: gitdirOf(dir), file });
    expect(r.kind).toBe('rebuilt');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['index.bin']);
    expectMatchesGit(dir, file);
  });

  it('drops a torn tail and a corrupt block, then completes the index', () => {
    const { dir } = makeHistory(7, 30);
    const file = path.join(tempDir('reposync-idx-'), 'index.bin');
    buildIndex({ gitdir: gitdirOf(dir), file });
    const good = fs.readFileSync(file);
    commit(dir, 'b.txt', 'later', 1_900_000_000);
    buildIndex({ gitdir: gitdirOf(dir), file });
    const full = fs.readFileSync(file);
    // A crash halfway through the second append.
    fs.writeFileSync(file, full.subarray(0, good.length + Math.floor((full.length - good.length) / 2)));
    let index = HistoryIndex.load(file);
    expect(index.validEnd).toBe(good.length);
    expect(index.size).toBe(good.length === full.length ? index.size : lines(git(dir, ['rev-list', '--all'])).length - 1);
    // A flipped byte inside the last block: its checksum fails.
    const flipped = Buffer.from(full);
    flipped[full.length - 10] = flipped[full.length - 10]! ^ 0xff;
    fs.writeFileSync(file, flipped);
    index = HistoryIndex.load(file);
    expect(index.validEnd).toBe(good.length);
    expect(buildIndex({ gitdir: gitdirOf(dir), file }).kind).toBe('appended');
    expectMatchesGit(dir, file);
  });

  it('rebuilds a file written in an older format version', () => {
    const { dir } = makeHistory(9, 30);
    const file = path.join(tempDir('reposync-idx-'), 'index.bin');
    buildIndex({ gitdir: gitdirOf(dir), file });
    // Mark every block as version 1 (the checksum covers the payload only, so the blocks stay intact otherwise).
    const old = fs.readFileSync(file);
    for (let pos = 0; pos < old.length; pos += 12 + old.readUInt32LE(pos + 8) + 4) old.writeUInt32LE(1, pos + 4);
    fs.writeFileSync(file, old);
    expect(HistoryIndex.load(file)).toMatchObject({ validEnd: 0, size: 0, complete: false });
    expect(buildIndex({ gitdir: gitdirOf(dir), file })).toMatchObject({ kind: 'appended', added: lines(git(dir, ['rev-list', '--all'])).length });
    expectMatchesGit(dir, file);
  });

  it('stops when cancelled and resumes without losing or duplicating commits', async () => {
    const { dir } = makeHistory(8, 70);
    const file = path.join(tempDir('reposync-idx-'), 'index.bin');
    let polls = 0;
    const r = buildIndex({ gitdir: gitdirOf(dir), file, cancelled: () => ++polls > 25 });
    expect(r.kind).toBe('cancelled');
    const partial = HistoryIndex.load(file);
    expect(partial.complete).toBe(false);
    const ac = new AbortController();
    ac.abort();
    expect((await runIndexBuild({ gitdir: gitdirOf(dir), file, signal: ac.signal, inThread: true })).kind).toBe('cancelled');
    expect((await runIndexBuild({ gitdir: gitdirOf(dir), file, inThread: true })).kind).toBe('appended');
    const index = expectMatchesGit(dir, file);
    expect(new Set(Array.from({ length: index.size }, (_, i) => index.oid(i))).size).toBe(index.size);
  });

  it('serves correct pages to readers while the first build runs', async () => {
    const { dir } = makeHistory(9, 70);
    const source = new FastSource(new ObjectCache(dir), { cacheRoot: tempDir('reposync-cache-'), inThread: true });
    const q = { ref: 'HEAD', cursor: null, limit: 10, path: null, search: null };
    const building = source.refresh();
    const first = await source.page(q);
    const second = await source.page({ ...q, cursor: first.nextCursor });
    await building;
    const log = lines(git(dir, ['log', '--format=%H']));
    expect([...first.commits, ...second.commits].map((c) => c.oid)).toEqual(log.slice(0, 20));
    const again = await source.page(q);
    expect(again).toEqual(first);
    const third = await source.page({ ...q, cursor: second.nextCursor });
    expect(third.commits.map((c) => c.oid)).toEqual(log.slice(20, 30));
  });

  it('pages, file history and search from the fast reader alone equal git log (no index)', async () => {
    const { dir, paths } = makeHistory(11, 60);
    // The cache root is a file, so the index can never be written: every page comes from the walker.
    const blocked = path.join(tempDir('reposync-cache-'), 'not-a-folder');
    fs.writeFileSync(blocked, '');
    const source = new FastSource(new ObjectCache(dir), { cacheRoot: blocked, inThread: true });
    const all = async (query: { path: string | null; search: string | null }, limit: number): Promise<string[]> => {
      const out: string[] = [];
      let cursor: string | null = null;
      for (let guard = 0; guard < 1000; guard++) {
        const page = await source.page({ ref: 'HEAD', cursor, limit, ...query });
        out.push(...page.commits.map((c) => c.oid));
        if (!page.nextCursor) return out;
        cursor = page.nextCursor;
      }
      throw new Error('pages never ended');
    };
    expect(await all({ path: null, search: null }, 7)).toEqual(lines(git(dir, ['log', '--format=%H'])));
    for (const p of paths) expect(await all({ path: p, search: null }, 3), p).toEqual(lines(git(dir, ['log', '--format=%H', '--', p])));
    // With a commit-graph (as after `git gc`), file history takes the commits' links from it.
    git(dir, ['commit-graph', 'write', '--reachable']);
    for (const p of paths) expect(await all({ path: p, search: null }, 3), p).toEqual(lines(git(dir, ['log', '--format=%H', '--', p])));
    const q = 'a';
    const grep = new Set([...lines(git(dir, ['log', '-i', '-F', `--grep=${q}`, '--format=%H'])), ...lines(git(dir, ['log', '-i', '-F', `--author=${q}`, '--format=%H']))]);
    expect(await all({ path: null, search: q }, 4)).toEqual(lines(git(dir, ['log', '--format=%H'])).filter((o) => grep.has(o)));
  });

  it('reuses the persisted index in a later session without rebuilding', async () => {
    const { dir } = makeHistory(12, 30);
    const cacheRoot = tempDir('reposync-cache-');
    await new FastSource(new ObjectCache(dir), { cacheRoot, inThread: true }).refresh();
    const file = fs.readdirSync(cacheRoot).map((d) => path.join(cacheRoot, d, 'index.bin'))[0]!;
    const before = fs.statSync(file);
    const later = new FastSource(new ObjectCache(dir), { cacheRoot, inThread: true, waitForIndex: true });
    const page = await later.page({ ref: 'HEAD', cursor: null, limit: 5, path: null, search: null });
    expect(page.commits.map((c) => c.oid)).toEqual(lines(git(dir, ['log', '-n', '5', '--format=%H'])));
    expect(fs.statSync(file).mtimeMs).toBe(before.mtimeMs);
    expect(fs.statSync(file).size).toBe(before.size);
  });

  it('builds in a worker thread from the bundled entry', async () => {
    const out = path.join(tempDir('reposync-worker-'), 'history-index.mjs');
    await build({ entryPoints: [path.join(__dirname, 'worker.ts')], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'silent' });
    process.env.REPOSYNC_HISTORY_WORKER = out;
    const { dir } = makeHistory(10, 40);
    const file = path.join(tempDir('reposync-idx-'), 'index.bin');
    expect((await runIndexBuild({ gitdir: gitdirOf(dir), file })).kind).toBe('appended');
    expectMatchesGit(dir, file);
    const ac = new AbortController();
    commit(dir, 'c.txt', 'x', 1_900_000_000);
    const p = runIndexBuild({ gitdir: gitdirOf(dir), file, signal: ac.signal });
    ac.abort();
    expect(['appended', 'cancelled']).toContain((await p).kind);
  });
});
