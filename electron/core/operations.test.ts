import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Operation } from '../../shared/domain';
import { cleanupTempDirs, makeRepo } from '../../test/support/repo';
import { ReposyncError } from './errors';
import { EventBus } from './events';
import { OperationManager } from './operations';
import { acquireLock, readLock } from './workspace-lock';

afterAll(cleanupTempDirs);

const lockPath = (dir: string) => path.join(dir, '.git', 'reposync', 'lock');

/** A promise plus the function that settles it, to hold work open until the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

/** The pid of a process that has already exited (a crashed writer). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}

describe('OperationManager', () => {
  it('runs work, reports progress and the result, and frees the workspace afterwards', async () => {
    const bus = new EventBus();
    const seen: Operation[] = [];
    bus.subscribe((name, payload) => name === 'operation.updated' && seen.push(payload as Operation));
    const ops = new OperationManager(bus);
    const dir = makeRepo();
    const { operationId, done } = ops.start({ kind: 'fetch', title: 'Fetch', workspaceId: 'w1', lockDir: dir }, async (ctx) => {
      ctx.progress('receiving', 5, 10);
      expect(readLock(dir)).toMatchObject({ pid: process.pid, operation: 'fetch' });
      return { ok: 1 };
    });
    await expect(done).resolves.toEqual({ ok: 1 });
    expect(ops.get(operationId)).toMatchObject({ status: 'succeeded', result: { ok: 1 }, finishedAt: expect.any(String) });
    expect(seen.map((o) => o.phase)).toContain('receiving');
    expect(seen.at(-1)?.status).toBe('succeeded');
    expect(fs.existsSync(lockPath(dir))).toBe(false);
    expect(ops.activeFor('w1')).toBeNull();
  });

  it('refuses a second writer on the same workspace with busy, but not on another', async () => {
    const ops = new OperationManager(new EventBus());
    const dir = makeRepo();
    const g = gate();
    const first = ops.start({ kind: 'push', title: 'Push', workspaceId: 'w1', lockDir: dir }, () => g.opened);
    let caught: unknown;
    try {
      ops.start({ kind: 'pull', title: 'Pull', workspaceId: 'w1', lockDir: dir }, async () => undefined);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ReposyncError);
    expect(caught).toMatchObject({ code: 'busy', details: { operationId: first.operationId } });
    expect((caught as Error).message).toContain('Push');
    expect(ops.activeFor('w1')).toBe(first.operationId);
    const other = ops.start({ kind: 'push', title: 'Other', workspaceId: 'w2', lockDir: makeRepo() }, async () => 'fine');
    await expect(other.done).resolves.toBe('fine');
    g.open();
    await first.done;
    const again = ops.start({ kind: 'pull', title: 'Pull', workspaceId: 'w1', lockDir: dir }, async () => 'next');
    await expect(again.done).resolves.toBe('next');
  });

  it('cancels: the signal fires, the operation ends as cancelled and the lock is released', async () => {
    const ops = new OperationManager(new EventBus());
    const dir = makeRepo();
    const { operationId, done } = ops.start({ kind: 'clone', title: 'Clone', lockDir: dir }, (ctx) =>
      new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('stopped')))),
    );
    const op = await ops.cancel(operationId);
    expect(op).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
    await expect(done).rejects.toMatchObject({ code: 'cancelled' });
    expect(fs.existsSync(lockPath(dir))).toBe(false);
    // Work that ignores the signal and finishes anyway is still reported as cancelled.
    const stubborn = ops.start({ kind: 'fetch', title: 'Fetch' }, async (ctx) => {
      await new Promise((r) => ctx.signal.addEventListener('abort', r));
      return 'done anyway';
    });
    expect((await ops.cancel(stubborn.operationId)).status).toBe('cancelled');
    await expect(ops.cancel('no-such-op')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('turns thrown errors into failed operations with a code from the closed list', async () => {
    const ops = new OperationManager(new EventBus());
    const { operationId, done } = ops.start({ kind: 'push', title: 'Push' }, async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    });
    await expect(done).rejects.toMatchObject({ code: 'network' });
    expect(ops.get(operationId)).toMatchObject({ status: 'failed', error: { code: 'network' } });
    expect(() => ops.get('missing')).toThrow(ReposyncError);
  });
});

describe('workspace lock file', () => {
  it('refuses while another live process holds it', async () => {
    const dir = makeRepo();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      fs.mkdirSync(path.dirname(lockPath(dir)), { recursive: true });
      fs.writeFileSync(lockPath(dir), JSON.stringify({ pid: holder.pid, operation: 'pull', since: '2020-01-01T00:00:00Z' }));
      expect(() => acquireLock(dir, 'push')).toThrow(expect.objectContaining({ code: 'busy', details: expect.objectContaining({ pid: holder.pid, operation: 'pull' }) }));
      const ops = new OperationManager(new EventBus());
      expect(() => ops.start({ kind: 'push', title: 'Push', lockDir: dir }, async () => undefined)).toThrow(expect.objectContaining({ code: 'busy' }));
    } finally {
      holder.kill();
      await new Promise((r) => holder.on('exit', r));
    }
    // Its owner is gone now: the lock is stale and taken over.
    const release = acquireLock(dir, 'push');
    expect(readLock(dir)).toMatchObject({ pid: process.pid, operation: 'push' });
    release();
    release();
    expect(fs.existsSync(lockPath(dir))).toBe(false);
  });

  it('takes over a lock left by a dead process and one left half-written', async () => {
    const dir = makeRepo();
    fs.mkdirSync(path.dirname(lockPath(dir)), { recursive: true });
    fs.writeFileSync(lockPath(dir), JSON.stringify({ pid: await deadPid(), operation: 'pull', since: '2020-01-01T00:00:00Z' }));
    const ops = new OperationManager(new EventBus());
    const { done } = ops.start({ kind: 'push', title: 'Push', lockDir: dir }, async () => readLock(dir));
    expect(await done).toMatchObject({ pid: process.pid, operation: 'push' });
    fs.writeFileSync(lockPath(dir), '{"pid": 12');
    const release = acquireLock(dir, 'fetch');
    expect(readLock(dir)?.operation).toBe('fetch');
    release();
  });
});
