// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { MergeConflicts } from '../../../shared/contract';
import type { Operation } from '../../../shared/domain';
import { fakeEngine, storeFor } from '../test-support/fake-engine';
import { fail } from '../test-support/fake-transport';
import { workspace } from '../test-support/fixtures';
import { pullSummary } from './sync-slice';

function op(id: string, patch: Partial<Operation>): Operation {
  return {
    id,
    kind: 'push',
    workspaceId: 'w',
    title: 'Push w',
    status: 'succeeded',
    phase: '',
    loaded: 0,
    total: null,
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:00:01.000Z',
    error: null,
    ...patch,
  };
}

/** A fake engine whose operations finish at once; `operations.get` tells how they ended. */
function engine() {
  const fake = fakeEngine({ workspaces: [workspace('w')] });
  const ops = new Map<string, Operation>();
  let n = 0;
  const startOp = (o: Partial<Operation>) => {
    const id = `op${++n}`;
    ops.set(id, op(id, o));
    return { operationId: id };
  };
  fake.transport.handle('operations.get', ({ operationId }) => ops.get(operationId) ?? fail('not_found', 'no such operation'));
  return { ...fake, ops, startOp };
}

const conflictData: MergeConflicts = {
  merging: true,
  branch: 'main',
  oursOid: 'a'.repeat(40),
  theirsOid: 'b'.repeat(40),
  baseOid: 'c'.repeat(40),
  paths: [{ path: 'a.txt', kind: 'both_modified', binary: false, tooLarge: false, base: 'x\n', ours: 'm\n', theirs: 't\n', resolution: null }],
};

describe('sync slice', () => {
  it('pushes the chosen paths, follows the operation and toasts the result', async () => {
    const { transport, startOp } = engine();
    transport.handle('sync.push', () => startOp({ result: { commit: 'abcdef1234', pushedTo: 'main', pullRequestUrl: null } }));
    const { store } = storeFor(transport);
    const outcome = await store.getState().pushChanges({ workspaceId: 'w', paths: ['a.txt'], message: 'Fix' });
    expect(outcome).toEqual({ ok: true, value: { commit: 'abcdef1234', pushedTo: 'main', pullRequestUrl: null } });
    expect(transport.callsTo('sync.push')).toEqual([{ workspaceId: 'w', paths: ['a.txt'], message: 'Fix' }]);
    expect(store.getState().toasts.map((t) => t.title)).toEqual(['Pushed to main']);
    expect(store.getState().syncActivity.w).toBeUndefined();
  });

  it('returns a refused push as data with ahead/behind, without a toast', async () => {
    const { transport, startOp } = engine();
    const error = { code: 'non_fast_forward', message: 'The remote has 2 new commits.', details: { ahead: 1, behind: 2 }, requestId: 'r' };
    transport.handle('sync.push', () => startOp({ status: 'failed', error }));
    const { store } = storeFor(transport);
    const outcome = await store.getState().pushChanges({ workspaceId: 'w', message: 'Fix' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'non_fast_forward', details: { ahead: 1, behind: 2 } } });
    expect(store.getState().toasts).toEqual([]);
  });

  it('waits for the operation.updated event when the operation is still running', async () => {
    const { transport, ops, startOp } = engine();
    transport.handle('sync.pull', () => startOp({ kind: 'pull', status: 'running', finishedAt: null }));
    const { store } = storeFor(transport);
    const pending = store.getState().previewPull({ workspaceId: 'w', strategy: 'merge' });
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().syncActivity.w).toEqual({ action: 'preview', operationId: 'op1' });
    const preview = { dryRun: true, created: ['n.txt'], updated: [], deleted: [], conflicting: ['a.txt'], fastForward: false, upToDate: false, blockedBy: [] };
    const done = op('op1', { kind: 'pull', result: preview });
    ops.set('op1', done);
    store.getState().applyOperationUpdated(done);
    expect(await pending).toEqual({ ok: true, value: preview });
    expect(transport.callsTo('sync.pull')).toEqual([{ workspaceId: 'w', strategy: 'merge', dryRun: true }]);
  });

  it('loads conflicts after a conflicted pull, records resolutions and keeps drafts', async () => {
    const { transport, startOp } = engine();
    transport
      .handle('sync.pull', () => startOp({ kind: 'pull', result: { outcome: 'conflicted', created: [], updated: [], deleted: [], conflicting: ['a.txt'], commit: null, backupId: 'b1' } }))
      .handle('sync.conflicts', () => conflictData)
      .handle('sync.resolve', () => ({ unresolved: [] }));
    const { store } = storeFor(transport);
    const pulled = await store.getState().pullChanges({ workspaceId: 'w', useTheirs: ['b.txt'] });
    expect(pulled).toMatchObject({ ok: true, value: { outcome: 'conflicted' } });
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().conflicts.w?.data?.paths.map((p) => p.path)).toEqual(['a.txt']);
    store.getState().setMergeDraft('w', 'a.txt', 'draft\n');
    expect(store.getState().mergeDrafts.w).toEqual({ 'a.txt': 'draft\n' });
    const resolved = await store.getState().resolveConflict({ workspaceId: 'w', path: 'a.txt', resolution: { merged: 'm\nt\n' } });
    expect(resolved.ok).toBe(true);
    expect(store.getState().conflicts.w?.data?.paths[0]?.resolution).toEqual({ merged: 'm\nt\n' });
    expect(transport.callsTo('sync.resolve')).toEqual([{ workspaceId: 'w', path: 'a.txt', resolution: { merged: 'm\nt\n' } }]);
  });

  it('completes and aborts merges, reloading the conflicts afterwards', async () => {
    const { transport } = engine();
    let merging = true;
    transport
      .handle('sync.conflicts', () => (merging ? conflictData : { ...conflictData, merging: false, paths: [] }))
      .handle('sync.completeMerge', () => {
        merging = false;
        return { commit: 'c'.repeat(40), pushed: false, pushError: { code: 'network', message: 'offline' }, backupId: 'b2' };
      })
      .handle('sync.abortMerge', () => fail('invalid_input', 'This workspace has no unfinished merge.'));
    const { store } = storeFor(transport);
    await store.getState().loadConflicts('w');
    const completed = await store.getState().completeMerge({ workspaceId: 'w', push: true });
    expect(completed).toMatchObject({ ok: true, value: { pushed: false } });
    expect(store.getState().toasts.map((t) => t.title)).toEqual(['Merged, but not pushed']);
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().conflicts.w?.data?.merging).toBe(false);
    const aborted = await store.getState().abortMerge('w');
    expect(aborted).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('lists backups and undoes one', async () => {
    const { transport } = engine();
    const backup = { id: 'b1', ref: 'refs/reposync/backups/b1', commit: 'd'.repeat(40), kind: 'pull' as const, branch: 'main', previousHead: 'e'.repeat(40), createdAt: '2025-01-01T00:00:00.000Z', inMerge: false };
    transport.handle('sync.backups', () => [backup]).handle('sync.undo', () => ({ restoredFrom: 'b1', head: backup.previousHead, branch: 'main', backupId: 'b3' }));
    const { store } = storeFor(transport);
    expect(await store.getState().loadBackups('w')).toEqual({ ok: true, value: [backup] });
    expect(await store.getState().undoSync({ workspaceId: 'w', backupId: 'b1' })).toMatchObject({ ok: true, value: { restoredFrom: 'b1' } });
    expect(store.getState().toasts.map((t) => t.title)).toEqual(['Sync undone']);
  });

  it('summarises pulls in words', () => {
    expect(pullSummary({ outcome: 'up_to_date', created: [], updated: [], deleted: [] })).toMatch(/up to date/);
    expect(pullSummary({ outcome: 'merged', created: ['a'], updated: ['b', 'c'], deleted: [] })).toBe('Merged the remote changes: 2 files updated, 1 file created.');
  });
});
