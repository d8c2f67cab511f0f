import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, gitCli, makeRepo, tempDir, writeFile } from '../../../test/support/repo';
import { startGitServer, type GitServer } from '../../../test/support/git-server';
import { BulkPullResult, type BulkPullItem } from '../../../shared/contract/bulk';
import type { Operation, Workspace } from '../../../shared/domain';
import { dispatch, type Handlers } from '../dispatch';
import { ReposyncError } from '../errors';
import { bulkHandlers } from '../handlers/bulk';
import { operationHandlers } from '../handlers/operations';
import { createServices, type CoreServices } from '../services';
import { createMemorySettingsStore } from '../settings-store';
import { fetchWorkspace } from './fetch';
import { AUTHOR, fsck, porcelain } from './merge-fixtures';
import { writeMergeState } from './merge-state';
import type { Fetcher } from './pull';

/** sync.bulkPull over a real smart-HTTP server: per-workspace outcomes, the concurrency bound, cancel. */
let server: GitServer;

beforeAll(async () => {
  server = await startGitServer();
  server.createBareRepo('mono', { files: { 'README.md': '# mono\n', 'app/main.txt': 'app\n', 'docs/readme.md': 'docs\n' } });
  server.createBareRepo('quiet', { files: { 'a.txt': 'a\n' } });
});
afterAll(async () => {
  await server?.close();
  cleanupTempDirs();
});

function newServices(): CoreServices {
  return createServices({ home: tempDir('reposync-home-'), mode: 'host', version: '0.0.0', store: createMemorySettingsStore() });
}

/** A clone made from the bare folder (no HTTP, so no deadlock with the in-process server) whose origin is the HTTP URL. */
function cloneOf(repo: string, name: string): string {
  const dir = path.join(tempDir('reposync-bulk-'), name);
  gitCli(path.dirname(dir), 'clone', '-q', server.repoDir(repo), dir);
  gitCli(dir, 'remote', 'set-url', 'origin', server.repoUrl(repo));
  return dir;
}

async function addWs(services: CoreServices, dir: string, extra: { name: string; group?: string; pathPrefix?: string }): Promise<Workspace> {
  return services.workspaces.add({ path: dir, author: AUTHOR, ...extra });
}

function wire(services: CoreServices, fetcher: Fetcher = fetchWorkspace) {
  const handlers = { ...bulkHandlers(services, fetcher), ...operationHandlers(services) } as unknown as Handlers;
  return async <T>(channel: string, input: object): Promise<T> => {
    const res = await dispatch(handlers, channel, input, 'test');
    if (!res.ok) throw new ReposyncError(res.error.code, res.error.message, res.error.details);
    return res.value as T;
  };
}

async function finished(services: CoreServices, operationId: string): Promise<Operation> {
  await services.operations.idle();
  return services.operations.get(operationId);
}

const head = (dir: string) => gitCli(dir, 'rev-parse', 'HEAD').trim();
const byName = (r: BulkPullResult) => Object.fromEntries(r.results.map((i) => [i.name, i])) as Record<string, BulkPullItem>;

describe('sync.bulkPull', () => {
  it('pulls a group and reports each workspace: updated, up-to-date, metadata-only, busy, dirty, no remote, disabled, merging', async () => {
    const services = newServices();
    const call = wire(services);
    const group = 'fleet';
    const quiet = await addWs(services, cloneOf('quiet', 'quiet'), { name: 'quiet', group });
    const docs = await addWs(services, cloneOf('mono', 'docs'), { name: 'docs', group, pathPrefix: 'docs' });
    const app = await addWs(services, cloneOf('mono', 'app'), { name: 'app', group, pathPrefix: 'app' });
    const busy = await addWs(services, cloneOf('mono', 'busy'), { name: 'busy', group });
    const dirty = await addWs(services, cloneOf('mono', 'dirty'), { name: 'dirty', group });
    const local = await addWs(services, makeRepo({ 'x.txt': 'x\n' }), { name: 'local-only', group });
    const off = await addWs(services, cloneOf('mono', 'off'), { name: 'off', group });
    services.workspaces.patch(off.id, { disabled: true });
    const merging = await addWs(services, cloneOf('quiet', 'merging'), { name: 'merging', group });
    writeMergeState(merging.path, {
      version: 1, theirsOid: head(merging.path), oursOid: head(merging.path), baseOid: null, branch: 'main', backupRef: 'refs/reposync/backups/x',
      message: 'Merge\n', createdAt: new Date().toISOString(), paths: [{ path: 'a.txt', kind: 'both_modified', binary: false }],
    });
    await addWs(services, cloneOf('quiet', 'elsewhere'), { name: 'not-in-group', group: 'other' });

    const before = { busy: head(busy.path), dirty: head(dirty.path), off: head(off.path) };
    const tip = server.commitToRepo('mono', { 'docs/readme.md': 'docs v2\n', 'docs/new.md': 'new\n', 'README.md': '# mono v2\n' }, 'docs and readme');
    writeFile(dirty.path, 'docs/readme.md', 'my unsaved edit\n');
    // Another writer holds `busy` for the whole bulk pull.
    let release!: () => void;
    const holder = services.operations.start({ kind: 'fetch', title: 'hold', workspaceId: busy.id, lockDir: busy.path }, () => new Promise<void>((r) => (release = r)));

    const { operationId } = await call<{ operationId: string }>('sync.bulkPull', { group });
    const op = await waitFor(services, operationId, () => release());
    await holder.done;
    expect(op).toMatchObject({ kind: 'bulk_pull', status: 'succeeded', workspaceId: null, loaded: 8, total: 8 });
    const result = BulkPullResult.parse(op.result);
    expect(result.results.map((r) => r.name)).toEqual(['quiet', 'docs', 'app', 'busy', 'dirty', 'local-only', 'off', 'merging']);
    const r = byName(result);

    expect(r.quiet).toMatchObject({ outcome: 'up-to-date', created: [], updated: [], deleted: [], ignored: [] });
    expect(r.docs).toMatchObject({ outcome: 'updated', created: ['docs/new.md'], updated: ['docs/readme.md'], deleted: [], ignored: ['README.md'], commit: tip });
    expect(r.app).toMatchObject({ outcome: 'metadata-only', created: [], updated: [], deleted: [], commit: tip });
    expect(r.app!.ignored).toEqual(['README.md', 'docs/new.md', 'docs/readme.md']);
    expect(r.busy).toMatchObject({ outcome: 'skipped', reason: 'busy', operationId: null });
    expect(r.dirty).toMatchObject({ outcome: 'error', reason: 'dirty_worktree', error: { code: 'dirty_worktree', details: { files: ['docs/readme.md'] } } });
    expect(r['local-only']).toMatchObject({ outcome: 'skipped', reason: 'no_remote' });
    expect(r.off).toMatchObject({ outcome: 'skipped', reason: 'disabled' });
    expect(r.merging).toMatchObject({ outcome: 'skipped', reason: 'merging' });
    expect(result.errorMsgs).toHaveLength(1);
    expect(result.errorMsgs[0]).toMatch(/^dirty: Local changes would be overwritten/);

    // Native git agrees: pulled folders sit on the remote tip, clean; the others did not move.
    for (const ws of [docs, app]) {
      expect(head(ws.path)).toBe(tip);
      expect(porcelain(ws.path)).toEqual([]);
      fsck(ws.path);
    }
    expect(fs.readFileSync(path.join(docs.path, 'docs/new.md'), 'utf8')).toBe('new\n');
    expect(head(busy.path)).toBe(before.busy);
    expect(head(off.path)).toBe(before.off);
    expect(head(dirty.path)).toBe(before.dirty);
    expect(fs.readFileSync(path.join(dirty.path, 'docs/readme.md'), 'utf8')).toBe('my unsaved edit\n');
    // Each pulled workspace has its own `pull` operation; the skipped ones have none.
    expect(services.operations.list({ workspaceId: docs.id }).map((o) => [o.kind, o.status])).toEqual([['pull', 'succeeded']]);
    expect(r.docs!.operationId).toBe(services.operations.list({ workspaceId: docs.id })[0]!.id);
    expect(services.operations.list({ workspaceId: off.id })).toEqual([]);
    expect(services.workspaces.get(local.id).disabled).toBeUndefined();
  });

  it('never runs more pulls at once than the concurrency asks', async () => {
    const services = newServices();
    let active = 0;
    let peak = 0;
    let calls = 0;
    const counting: Fetcher = async (s, ws, ctx) => {
      calls++;
      peak = Math.max(peak, ++active);
      try {
        // Hold the slot a little so that pulls started together overlap.
        await new Promise((r) => setTimeout(r, 40));
        return await fetchWorkspace(s, ws, ctx);
      } finally {
        active--;
      }
    };
    const call = wire(services, counting);
    const list: Workspace[] = [];
    for (let i = 0; i < 5; i++) list.push(await addWs(services, cloneOf('quiet', `q${i}`), { name: `q${i}` }));
    const tip = server.commitToRepo('quiet', { 'b.txt': 'b\n' }, 'more');

    const { operationId } = await call<{ operationId: string }>('sync.bulkPull', { workspaceIds: list.map((w) => w.id), concurrency: 2 });
    const op = await finished(services, operationId);
    expect(op.status).toBe('succeeded');
    expect(BulkPullResult.parse(op.result).results.map((r) => r.outcome)).toEqual(Array(5).fill('updated'));
    expect(calls).toBe(5);
    expect(peak).toBe(2);
    for (const ws of list) expect(head(ws.path)).toBe(tip);
  });

  it('refuses bad requests before starting anything', async () => {
    const services = newServices();
    const call = wire(services);
    const ws = await addWs(services, cloneOf('quiet', 'solo'), { name: 'solo', group: 'g' });
    await expect(call('sync.bulkPull', { group: 'g', workspaceIds: [ws.id] })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(call('sync.bulkPull', {})).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(call('sync.bulkPull', { group: 'g', concurrency: 9 })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(call('sync.bulkPull', { group: 'nobody' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(call('sync.bulkPull', { workspaceIds: ['nope'] })).rejects.toMatchObject({ code: 'not_found' });
    expect(services.operations.list()).toEqual([]);
  });

  it('cancel stops scheduling, cancels the running pull and leaves every folder as it was', async () => {
    const services = newServices();
    let calls = 0;
    let started!: () => void;
    const firstStarted = new Promise<void>((r) => (started = r));
    const stuck: Fetcher = async (_s, _ws, ctx) => {
      calls++;
      started();
      await new Promise((r) => ctx.signal.addEventListener('abort', r, { once: true }));
      throw new ReposyncError('cancelled', 'The operation was cancelled.');
    };
    const call = wire(services, stuck);
    const list: Workspace[] = [];
    for (let i = 0; i < 3; i++) list.push(await addWs(services, cloneOf('quiet', `c${i}`), { name: `c${i}`, group: 'c' }));
    server.commitToRepo('quiet', { 'c.txt': 'c\n' }, 'yet more');
    const heads = list.map((w) => head(w.path));

    const { operationId } = await call<{ operationId: string }>('sync.bulkPull', { group: 'c', concurrency: 1 });
    await firstStarted;
    const cancelled = await call<Operation>('operations.cancel', { operationId });
    expect(cancelled).toMatchObject({ kind: 'bulk_pull', status: 'cancelled', error: { code: 'cancelled' } });
    await services.operations.idle();
    expect(calls).toBe(1);
    expect(services.operations.list({ workspaceId: list[0]!.id }).map((o) => [o.kind, o.status])).toEqual([['pull', 'cancelled']]);
    expect(services.operations.list({ workspaceId: list[1]!.id })).toEqual([]);
    expect(list.map((w) => head(w.path))).toEqual(heads);
    for (const w of list) {
      expect(porcelain(w.path)).toEqual([]);
      expect(fs.existsSync(path.join(w.path, '.git', 'reposync', 'lock'))).toBe(false);
    }

    // The locks were released: a new bulk pull (with the real fetch) goes through.
    const again = await finished(services, (await wire(services)<{ operationId: string }>('sync.bulkPull', { group: 'c' })).operationId);
    expect(BulkPullResult.parse(again.result).results.map((r) => r.outcome)).toEqual(['updated', 'updated', 'updated']);
  });
});

/** Wait for an operation while a side task (releasing a lock) runs once the bulk pull has got past it. */
async function waitFor(services: CoreServices, operationId: string, whenDone: () => void): Promise<Operation> {
  for (;;) {
    const op = services.operations.get(operationId);
    if (op.status !== 'running') {
      whenDone();
      return op;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}
