import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir } from '../../../../test/support/repo';
import { acquireLockFile } from '../../workspace-lock';
import { git, makeHistory } from '../test-fixture';
import { HistoryIndex } from './reader';
import { historyWorkerScript, runIndexBuild } from './run-build';

afterAll(cleanupTempDirs);

const lines = (s: string): string[] => s.split('\n').filter(Boolean);

describe('one history index build per file across processes', () => {
  it('waits while another builder holds the file, then finds the index complete', async () => {
    const { dir } = makeHistory(21, 30);
    const file = path.join(tempDir('reposync-idx-'), 'index.bin');
    // Another builder (here: a lock taken by hand, as the other process's would be).
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const release = acquireLockFile(`${file}.lock`, 'history index build', { busy: () => 'busy', starting: 'starting' });
    const started = Date.now();
    let done = false;
    const build = runIndexBuild({ gitdir: path.join(dir, '.git'), file, inThread: true }).then((r) => ((done = true), r));
    await new Promise((r) => setTimeout(r, 600));
    expect(done).toBe(false);
    expect(fs.existsSync(file)).toBe(false);
    release();
    const result = await build;
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    expect(result.kind).not.toBe('unchanged');
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
    const index = HistoryIndex.open(file);
    expect(index.size).toBe(lines(git(dir, ['rev-list', '--all'])).length);
    index.close();
  });

  it('takes over a lock its owner left behind: a dead process, or a previous run with the same pid', async () => {
    const { dir } = makeHistory(22, 20);
    for (const owner of [{ pid: 2 ** 22 + 1 }, { pid: process.pid, token: 'an-earlier-run' }]) {
      const file = path.join(tempDir('reposync-idx-'), 'index.bin');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(`${file}.lock`, JSON.stringify({ ...owner, operation: 'history index build', since: new Date().toISOString() }));
      await runIndexBuild({ gitdir: path.join(dir, '.git'), file, inThread: true });
      expect(fs.existsSync(`${file}.lock`)).toBe(false);
      expect(fs.existsSync(file)).toBe(true);
    }
  });

  it('stops waiting when cancelled', async () => {
    const { dir } = makeHistory(23, 10);
    const file = path.join(tempDir('reposync-idx-'), 'index.bin');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const release = acquireLockFile(`${file}.lock`, 'history index build', { busy: () => 'busy', starting: 'starting' });
    const abort = new AbortController();
    const build = runIndexBuild({ gitdir: path.join(dir, '.git'), file, inThread: true, signal: abort.signal });
    setTimeout(() => abort.abort(), 300);
    expect(await build).toMatchObject({ kind: 'cancelled', added: 0 });
    expect(fs.existsSync(file)).toBe(false);
    release();
  });
});

describe('the bundled worker', () => {
  it('is found beside every bundle, and outside app.asar in a packaged app', () => {
    const saved = process.env.REPOSYNC_HISTORY_WORKER;
    delete process.env.REPOSYNC_HISTORY_WORKER;
    try {
      const root = tempDir();
      const put = (rel: string): string => {
        const file = path.join(root, rel);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, '');
        return file;
      };
      const plain = put('plain/dist/workers/history-index.mjs');
      expect(historyWorkerScript(put('plain/dist/host/index.mjs'))).toBe(plain);
      expect(historyWorkerScript(put('plain/dist/cli/chunks/history.mjs'))).toBe(plain);
      expect(historyWorkerScript(put('none/dist/host/index.mjs'))).toBeNull();
      // Electron's fs sees into the archive, a Worker does not: the unpacked copy is the one to start.
      put('app.asar/dist/workers/history-index.mjs');
      const unpacked = put('app.asar.unpacked/dist/workers/history-index.mjs');
      expect(historyWorkerScript(path.join(root, 'app.asar/dist/main/index.js'))).toBe(unpacked);
    } finally {
      if (saved !== undefined) process.env.REPOSYNC_HISTORY_WORKER = saved;
    }
  });
});
