import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core';
import type { Workspace } from '../../shared/domain';
import { finished, newCore, ok, runOp } from '../support/core-harness';
import { startGitServer, type GitServer } from '../support/git-server';
import { cleanupTempDirs, gitCli, tempDir, writeFile } from '../support/repo';
import { assertFsck, noise, readState, recordFigures, runSeed, seededRandom } from './repo-state';

/**
 * Disk full and read-only folders, on a real size-limited tmpfs (root in a sandbox may mount one).
 * Each write failure must give a clear error (disk full / not writable, never a bare stack),
 * leave nothing half-written, and a retry once space is back (or the folder writable) succeeds.
 */
const SEED = runSeed(20261122);
const rand = seededRandom(SEED);
const figures = { seed: SEED, faults: 0, errors: [] as string[], retriesSucceeded: 0 };

function tryMount(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const remount = (dir: string, opts: string) => execFileSync('mount', ['-o', `remount,${opts}`, dir], { stdio: 'ignore' });

const probe = tempDir('reposync-mount-probe-');
const canMount = tryMount(probe, '64k');
if (canMount) execFileSync('umount', [probe]);
else console.log('[reliability] disk-faults: skipped — `mount -t tmpfs` is not permitted here (needs root in a sandbox)');

let server: GitServer;
let core: Core;
const mounts: string[] = [];

function mountTmpfs(size: string): string {
  const dir = tempDir('reposync-tmpfs-');
  if (!tryMount(dir, size)) throw new Error('mount failed');
  mounts.push(dir);
  return dir;
}

function bigFiles(prefix: string, count: number, bytes: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) files[`${prefix}/blob-${i}.txt`] = noise(rand, bytes);
  return files;
}

/** Fill the filesystem until fewer than `leave` bytes are free. */
function fill(dir: string, leave: number): string {
  const file = path.join(dir, 'filler.bin');
  const free = fs.statfsSync(dir).bavail * fs.statfsSync(dir).bsize;
  fs.writeFileSync(file, Buffer.alloc(Math.max(0, free - leave)));
  return file;
}

function expectClear(error: { code: string; message: string; details: Record<string, unknown> } | null | undefined, errno: string): void {
  expect(error, 'the operation must fail').toBeTruthy();
  figures.faults++;
  figures.errors.push(`${error!.code}:${String(error!.details.errno ?? '')}`);
  expect(error!.details.errno, JSON.stringify(error)).toBe(errno);
  expect(error!.message).not.toMatch(/\n\s+at /);
  if (errno === 'ENOSPC') expect(error!.message).toMatch(/disk is full/i);
  else expect(error!.code).toBe('forbidden');
}

beforeAll(async () => {
  server = await startGitServer();
  core = newCore();
  server.createBareRepo('big', { files: { 'README.md': '# big\n', ...bigFiles('data', 20, 60_000) } });
  server.createBareRepo('small', { files: { 'README.md': '# small\n' } });
});
afterAll(async () => {
  for (const dir of mounts) execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
  if (canMount) recordFigures('disk-faults', figures);
  await server.close();
  cleanupTempDirs();
});

/** The error of an operation, whether the call itself refused (lock) or the operation failed. */
async function failure(channel: string, input: unknown): Promise<{ code: string; message: string; details: Record<string, unknown> } | null> {
  const res = await core.call(channel, input, 'test');
  if (!res.ok) return res.error;
  return (await finished(core, (res.value as { operationId: string }).operationId)).error ?? null;
}

async function workspaceIn(parent: string, name: string): Promise<Workspace> {
  const dir = path.join(parent, name);
  gitCli(parent, 'clone', '-q', server.repoDir(name), dir);
  gitCli(dir, 'remote', 'set-url', 'origin', server.repoUrl(name));
  gitCli(dir, 'config', 'user.name', 'Local User');
  gitCli(dir, 'config', 'user.email', 'local@example.test');
  return ok<Workspace>(core.call('workspaces.add', { path: dir }, 'test'));
}

describe.skipIf(!canMount)('disk full and read-only folders (tmpfs)', () => {
  it('clone onto a full disk: clear error, no half-made folder, retry after space frees succeeds', async () => {
    const disk = mountTmpfs('512k');
    const folder = path.join(disk, 'big');
    expectClear(await failure('workspaces.clone', { url: server.repoUrl('big'), folder }), 'ENOSPC');
    expect(fs.readdirSync(disk)).toEqual([]);
    remount(disk, 'size=16m');
    const retry = await runOp(core, 'workspaces.clone', { url: server.repoUrl('big'), folder });
    expect(retry.status, JSON.stringify(retry.error)).toBe('succeeded');
    figures.retriesSucceeded++;
    assertFsck(folder);
    expect(gitCli(folder, 'status', '--porcelain')).toBe('');
  });

  it('pull with the disk filling during fetch, then during checkout: nothing half-written, local edits kept, retry succeeds', async () => {
    const disk = mountTmpfs('8m');
    const ws = await workspaceIn(disk, 'small');
    writeFile(ws.path, 'README.md', '# small, edited locally\n');
    writeFile(ws.path, 'mine.txt', 'untracked local work\n');
    const incoming = server.commitToRepo('small', bigFiles('incoming', 12, 60_000), 'big change');
    const before = readState(ws.path);

    let filler = fill(disk, 64 * 1024);
    expectClear(await failure('sync.pull', { workspaceId: ws.id }), 'ENOSPC');
    expect(readState(ws.path)).toEqual(before);
    fs.rmSync(filler);
    assertFsck(ws.path);

    // The objects arrive; then the disk fills, so the backup / checkout is what runs out of space.
    expect((await runOp(core, 'sync.fetch', { workspaceId: ws.id })).status).toBe('succeeded');
    const fetched = readState(ws.path);
    filler = fill(disk, 96 * 1024);
    expectClear(await failure('sync.pull', { workspaceId: ws.id }), 'ENOSPC');
    fs.rmSync(filler);
    // The next start repairs whatever the rollback itself could not write on the full disk.
    await core.services.operations.start({ kind: 'test', title: 'next start', lockDir: ws.path }, async () => undefined).done;
    const now = readState(ws.path);
    expect({ ...now, refs: '' }).toEqual({ ...fetched, refs: '' });
    expect(fs.readFileSync(path.join(ws.path, 'mine.txt'), 'utf8')).toBe('untracked local work\n');
    assertFsck(ws.path);

    const retry = await runOp(core, 'sync.pull', { workspaceId: ws.id });
    expect(retry.status, JSON.stringify(retry.error)).toBe('succeeded');
    figures.retriesSucceeded++;
    expect(gitCli(ws.path, 'rev-parse', 'HEAD').trim()).toBe(incoming);
    expect(fs.readFileSync(path.join(ws.path, 'README.md'), 'utf8')).toBe('# small, edited locally\n');
    assertFsck(ws.path);
  });

  it('a read-only folder: pull and push fail as forbidden, nothing changes, retry once writable succeeds', async () => {
    const disk = mountTmpfs('8m');
    server.createBareRepo('ro', { files: { 'README.md': '# ro\n' } });
    const ws = await workspaceIn(disk, 'ro');
    const incoming = server.commitToRepo('ro', { 'remote.txt': 'from the remote\n' }, 'remote change');
    writeFile(ws.path, 'local.txt', 'local work\n');
    const before = readState(ws.path);
    remount(disk, 'ro');
    try {
      expectClear(await failure('sync.pull', { workspaceId: ws.id }), 'EROFS');
      expectClear(await failure('sync.push', { workspaceId: ws.id, message: 'local work' }), 'EROFS');
    } finally {
      remount(disk, 'rw');
    }
    expect(readState(ws.path)).toEqual(before);
    assertFsck(ws.path);
    const retry = await runOp(core, 'sync.pull', { workspaceId: ws.id });
    expect(retry.status, JSON.stringify(retry.error)).toBe('succeeded');
    figures.retriesSucceeded++;
    expect(gitCli(ws.path, 'rev-parse', 'HEAD').trim()).toBe(incoming);
    expect(fs.readFileSync(path.join(ws.path, 'local.txt'), 'utf8')).toBe('local work\n');
  });
});
