import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, gitCli, makeRepo, tempDir, writeFile } from '../../../test/support/repo';
import { fastStatus } from '../git/status-fast';
import { findBlockedPaths } from '../sync/merge-dirty';
import { planMerge } from '../sync/merge-trees';
import { materializePlan } from '../sync/merge-apply';
import { GitWorkerPool, findWorkerFile } from './pool';

const here = path.dirname(fileURLToPath(import.meta.url));
let workerFile = '';
let pool: GitWorkerPool;

beforeAll(async () => {
  // The worker bundled as scripts/build.mjs bundles it (ESM with a require banner), into a temp dir
  // so parallel builds of dist/ are not disturbed.
  workerFile = path.join(tempDir(), 'workers', 'git-worker.mjs');
  await build({
    entryPoints: [path.join(here, 'git-worker.ts')],
    outfile: workerFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __rsCreateRequire } from 'node:module'; const require = __rsCreateRequire(import.meta.url);" },
  });
  pool = new GitWorkerPool(workerFile, 1);
}, 60_000);

afterAll(async () => {
  await pool?.close();
  cleanupTempDirs();
});

describe('GitWorkerPool', () => {
  it('runs status on the worker thread with the in-thread result', async () => {
    const dir = makeRepo({ 'a.txt': 'a\n', 'd/b.txt': 'b\n' });
    writeFile(dir, 'a.txt', 'changed\n');
    writeFile(dir, 'new.txt', 'new\n');
    const viaWorker = await pool.run('status', { dir, prefix: '' }, { key: dir });
    expect(viaWorker.changes).toEqual(fastStatus(dir).changes);
    expect(viaWorker.changes.map((c) => c.kind)).toEqual(['modified', 'untracked']);
  });

  it('brings errors back as ReposyncErrors with their code', async () => {
    await expect(pool.run('status', { dir: tempDir(), prefix: '' })).rejects.toMatchObject({ name: 'ReposyncError', code: 'not_found' });
  });

  it('cancels a running task and keeps serving others', async () => {
    const dir = makeRepo({ 'a.txt': 'a\n' });
    for (let i = 0; i < 300; i++) writeFile(dir, `many/f${i}.txt`, `${i}\n`);
    const ac = new AbortController();
    const first = pool.run('status', { dir, prefix: '' }, { signal: ac.signal, key: dir });
    const second = pool.run('status', { dir, prefix: '' }, { key: dir });
    ac.abort();
    await expect(first).rejects.toMatchObject({ code: 'cancelled' });
    expect((await second).changes).toHaveLength(300);
    const aborted = new AbortController();
    aborted.abort();
    await expect(pool.run('status', { dir, prefix: '' }, { signal: aborted.signal })).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('runs a pull\'s blocked-path check and checkout on the worker thread, leaving what git checkout leaves', async () => {
    const dir = makeRepo({ 'a.txt': 'a\n', 'd/b.txt': 'b\n', 'd/c.txt': 'c\n' });
    const ours = gitCli(dir, 'rev-parse', 'HEAD').trim();
    gitCli(dir, 'checkout', '-q', '-b', 'theirs');
    writeFile(dir, 'a.txt', 'a2\n');
    fs.rmSync(path.join(dir, 'd', 'c.txt'));
    writeFile(dir, 'e/f.txt', 'f\n');
    gitCli(dir, 'add', '-A');
    gitCli(dir, 'commit', '-q', '-m', 'theirs');
    const theirs = gitCli(dir, 'rev-parse', 'HEAD').trim();
    gitCli(dir, 'checkout', '-q', 'main');
    const tree = (c: string) => gitCli(dir, 'rev-parse', `${c}^{tree}`).trim();
    const plan = await planMerge(dir, { base: tree(ours), ours: tree(ours), theirs: tree(theirs) }, { useOurs: [], useTheirs: [] });
    expect(plan.updated).toEqual(['a.txt']);

    writeFile(dir, 'a.txt', 'local edit\n');
    const blocked = await pool.run('blockedPaths', { dir, plan }, { key: dir });
    expect(blocked).toEqual(['a.txt']);
    expect(blocked).toEqual(findBlockedPaths(dir, plan));
    gitCli(dir, 'checkout', '--', 'a.txt');
    expect(await pool.run('blockedPaths', { dir, plan }, { key: dir })).toEqual([]);

    const m = materializePlan(dir, plan);
    await pool.run('checkout', { dir, worktree: m.worktree, index: m.index }, { key: dir });
    gitCli(dir, 'update-ref', 'refs/heads/main', theirs);
    expect(gitCli(dir, 'status', '--porcelain')).toBe('');
    expect(gitCli(dir, 'ls-files')).toBe('a.txt\nd/b.txt\ne/f.txt\n');
  });

  it('warms a worker ahead of its first task, and does nothing in-thread', async () => {
    const warm = new GitWorkerPool(workerFile, 1);
    warm.warm('some/dir');
    warm.warm('some/dir'); // already running: no second thread
    const dir = makeRepo({ 'a.txt': 'a\n' });
    expect((await warm.run('status', { dir, prefix: '' }, { key: 'some/dir' })).changes).toEqual([]);
    expect(warm.inThread).toBe(false);
    await warm.close();
    const inThread = new GitWorkerPool(null);
    inThread.warm();
    expect(inThread.inThread).toBe(true);
  });

  it('runs work sent ahead of need only while no task a caller waits on is waiting; overtaken, it is dropped', async () => {
    const dir = makeRepo({ 'a.txt': 'a\n' });
    const fresh = new GitWorkerPool(workerFile, 1);
    try {
      // All sent while the worker is still starting, as a pull sends its index parse and then the fetched pack.
      const done: string[] = [];
      const track = <T>(name: string, p: Promise<T>) => p.then((v) => (done.push(name), v), (err: unknown) => (done.push(`${name} dropped`), err));
      const all = [
        track('ahead 1', fresh.run('primeIndex', { dir }, { key: dir, ahead: true })),
        track('status 1', fresh.run('status', { dir, prefix: '' }, { key: dir })),
        track('ahead 2', fresh.run('primeIndex', { dir }, { key: dir, ahead: true })),
        track('status 2', fresh.run('status', { dir, prefix: '' }, { key: dir })),
      ];
      await Promise.all(all);
      expect(done).toEqual(['status 1', 'status 2', 'ahead 1 dropped', 'ahead 2 dropped']);
      expect(await all[0]).toMatchObject({ code: 'cancelled' });
      // With nothing else waiting, it runs.
      expect(await fresh.run('primeIndex', { dir }, { key: dir, ahead: true })).toBe(1);
    } finally {
      await fresh.close();
    }
  });

  it('falls back to in-thread when the worker cannot start', async () => {
    const dir = makeRepo({ 'a.txt': 'a\n' });
    const broken = new GitWorkerPool(path.join(tempDir(), 'missing-worker.mjs'));
    expect((await broken.run('status', { dir, prefix: '' })).changes).toEqual([]);
    expect(broken.inThread).toBe(true);
    await broken.close();
  });

  it('runs in-thread when no worker bundle exists', async () => {
    const dir = makeRepo({ 'a.txt': 'a\n' });
    const inThread = new GitWorkerPool(null);
    expect(inThread.inThread).toBe(true);
    expect((await inThread.run('status', { dir, prefix: '' })).changes).toEqual([]);
  });

  it('finds dist/workers from every bundle and nothing from the sources', () => {
    const saved = process.env.REPOSYNC_GIT_WORKER;
    delete process.env.REPOSYNC_GIT_WORKER;
    try {
      const dist = path.join(path.dirname(path.dirname(workerFile)), 'dist');
      fs.mkdirSync(path.join(dist, 'workers'), { recursive: true });
      fs.copyFileSync(workerFile, path.join(dist, 'workers', 'git-worker.mjs'));
      const expected = path.join(dist, 'workers', 'git-worker.mjs');
      expect(findWorkerFile(path.join(dist, 'host', 'index.mjs'))).toBe(expected);
      expect(findWorkerFile(path.join(dist, 'main', 'index.cjs'))).toBe(expected);
      expect(findWorkerFile(path.join(dist, 'cli', 'chunks', 'engine-abc.mjs'))).toBe(expected);
      expect(findWorkerFile(path.join(here, 'pool.ts'))).toBeNull();
    } finally {
      if (saved !== undefined) process.env.REPOSYNC_GIT_WORKER = saved;
    }
  });
});

describe('packaged app', () => {
  it('starts the worker from app.asar.unpacked when the archive has an unpacked copy', async () => {
    const { unpackedPath } = await import('./pool');
    const fsMod = await import('node:fs');
    const osMod = await import('node:os');
    const pathMod = await import('node:path');
    const root = fsMod.mkdtempSync(pathMod.join(osMod.tmpdir(), 'reposync-asar-'));
    const inside = pathMod.join(root, 'app.asar', 'dist', 'workers', 'git-worker.mjs');
    const outside = pathMod.join(root, 'app.asar.unpacked', 'dist', 'workers', 'git-worker.mjs');
    expect(unpackedPath(inside)).toBe(inside);
    fsMod.mkdirSync(pathMod.dirname(outside), { recursive: true });
    fsMod.writeFileSync(outside, '');
    expect(unpackedPath(inside)).toBe(outside);
    expect(unpackedPath('/plain/dist/workers/git-worker.mjs')).toBe('/plain/dist/workers/git-worker.mjs');
    fsMod.rmSync(root, { recursive: true, force: true });
  });
});
