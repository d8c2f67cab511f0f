// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { Operation } from '../../../shared/domain';
import { fakeEngine, memoryStorage, storeFor } from '../test-support/fake-engine';
import { fail } from '../test-support/fake-transport';
import { workspace } from '../test-support/fixtures';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function op(id: string, patch: Partial<Operation>): Operation {
  return {
    id,
    kind: 'pull',
    workspaceId: 'a',
    title: 'Pull a',
    status: 'running',
    phase: '',
    loaded: 0,
    total: null,
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: null,
    error: null,
    ...patch,
  };
}

async function setup() {
  const engine = fakeEngine({ workspaces: [workspace('a', { connectionId: 'c1' }), workspace('b')] });
  engine.transport.handle('sync.pull', () => ({ operationId: 'op1' }));
  const { store } = storeFor(engine.transport);
  await store.getState().loadWorkspaces();
  return { ...engine, store };
}

describe('operations slice', () => {
  it('reports a finished pull once, in words', async () => {
    const { store, transport } = await setup();
    await store.getState().pullWorkspace('a');
    expect(transport.callsTo('sync.pull')).toEqual([{ workspaceId: 'a' }]);
    store.getState().applyOperationUpdated(op('op1', { phase: 'merging', loaded: 1, total: 2 }));
    expect(store.getState().toasts).toEqual([]);
    const result = { outcome: 'fast_forward', created: ['n.txt'], updated: ['a.txt', 'b.txt'], deleted: [], conflicting: [], commit: 'abc', backupId: 'b1' };
    store.getState().applyOperationUpdated(op('op1', { status: 'succeeded', result }));
    store.getState().applyOperationUpdated(op('op1', { status: 'succeeded', result }));
    expect(store.getState().toasts.map((t) => [t.title, t.message])).toEqual([['Pulled', '“a”: 2 files updated, 1 added.']]);
  });

  it('a conflicted pull offers "Resolve conflicts", which opens the Conflicts tab', async () => {
    const { store } = await setup();
    await store.getState().pullWorkspace('a');
    const result = { outcome: 'conflicted', created: [], updated: [], deleted: [], conflicting: ['x.txt'], commit: 'abc', backupId: 'b1' };
    store.getState().applyOperationUpdated(op('op1', { status: 'succeeded', result }));
    const toast = store.getState().toasts.at(-1);
    expect(toast?.action?.label).toBe('Resolve conflicts');
    toast?.action?.run();
    expect(store.getState().route).toEqual({ page: 'workspace', workspaceId: 'a', tab: 'conflicts' });
  });

  it.each([
    ['auth_failed', 'Re-enter token', { page: 'connections', editId: 'c1' }],
    ['dirty_worktree', 'Review changes', { page: 'workspace', workspaceId: 'a', tab: 'changes' }],
    ['busy', 'Show operations', { page: 'operations' }],
  ] as const)('a failed operation with %s offers "%s"', async (code, label, route) => {
    const { store } = await setup();
    await store.getState().pullWorkspace('a');
    store.getState().applyOperationUpdated(op('op1', { status: 'failed', error: { code, message: 'nope', details: {}, requestId: 'r' } }));
    const toast = store.getState().toasts.at(-1);
    expect(toast).toMatchObject({ tone: 'error', action: { label } });
    toast?.action?.run();
    expect(store.getState().route).toEqual(route);
  });

  it('"Pull first" after a refused push starts a pull; a refused start is toasted too', async () => {
    const { store, transport } = await setup();
    store.getState().reportOperationError({ code: 'non_fast_forward', message: 'remote moved', details: {}, requestId: 'r' }, 'a');
    store.getState().toasts.at(-1)?.action?.run();
    await settle();
    expect(transport.callsTo('sync.pull')).toEqual([{ workspaceId: 'a' }]);
    transport.handle('sync.pull', () => fail('busy', 'A fetch is running.'));
    expect(await store.getState().pullWorkspace('b')).toBeNull();
    expect(store.getState().toasts.at(-1)).toMatchObject({ title: 'Workspace is busy', action: { label: 'Show operations' } });
  });

  it('a missing author offers "Set author", which opens the workspace settings', async () => {
    const { store } = await setup();
    store.getState().reportOperationError({ code: 'invalid_input', message: 'no author', details: { field: 'author' }, requestId: 'r' }, 'b');
    const toast = store.getState().toasts.at(-1);
    expect(toast).toMatchObject({ title: 'Author needed', action: { label: 'Set author' } });
    toast?.action?.run();
    expect(store.getState().settingsFor).toBe('b');
    expect(store.getState().route).toEqual({ page: 'workspace', workspaceId: 'b', tab: 'overview' });
  });

  it('a finished clone adds the workspace and opens it', async () => {
    const { store, transport } = await setup();
    transport.handle('workspaces.clone', () => ({ operationId: 'c' }));
    const outcome = await store.getState().startClone({ url: 'https://example.com/x.git', folder: '/repos/x' });
    expect(outcome).toEqual({ ok: true, value: 'c' });
    const cloned = workspace('x', { path: '/repos/x' });
    store.getState().applyOperationUpdated(op('c', { kind: 'clone', workspaceId: null, status: 'succeeded', result: { workspace: cloned, head: 'abc' } }));
    expect(store.getState().workspaces.map((w) => w.id)).toContain('x');
    expect(store.getState().route).toEqual({ page: 'workspace', workspaceId: 'x', tab: 'overview' });
    expect(store.getState().toasts.at(-1)?.title).toBe('Repository cloned');
  });
});

describe('auto-fetch', () => {
  it('fetches each workspace on its own interval, skips busy ones and keeps the setting', async () => {
    const settings = memoryStorage();
    const engine = fakeEngine({ workspaces: [workspace('a'), workspace('b')] });
    let n = 0;
    engine.transport.handle('sync.fetch', () => ({ operationId: `f${++n}` }));
    const { store } = storeFor(engine.transport, settings);
    await store.getState().loadWorkspaces();
    store.getState().setConnection('open');
    store.getState().setAutoFetch('a', 5);
    store.getState().setAutoFetch('b', 1);
    expect(JSON.parse(settings.get('reposync.autoFetch') ?? '{}')).toEqual({ a: 5, b: 1 });

    const t0 = Date.now();
    store.getState().runAutoFetch(t0 + 30_000);
    expect(engine.transport.callsTo('sync.fetch')).toEqual([]);
    store.getState().runAutoFetch(t0 + 61_000);
    expect(engine.transport.callsTo('sync.fetch')).toEqual([{ workspaceId: 'b' }]);
    // b is now busy with that fetch: the next due tick skips it.
    await settle();
    store.getState().applyOperationUpdated({ id: 'f1', kind: 'fetch', workspaceId: 'b', title: 'Fetch b', status: 'running', phase: '', loaded: 0, total: null, startedAt: '', finishedAt: null, error: null });
    store.getState().runAutoFetch(t0 + 5 * 61_000);
    expect(engine.transport.callsTo('sync.fetch')).toEqual([{ workspaceId: 'b' }, { workspaceId: 'a' }]);
    // Quiet: an automatic fetch that fails is recorded, not toasted.
    store.getState().applyOperationUpdated({ id: 'f1', kind: 'fetch', workspaceId: 'b', title: 'Fetch b', status: 'failed', phase: '', loaded: 0, total: null, startedAt: '', finishedAt: '2025-01-01T00:00:00.000Z', error: { code: 'network', message: 'offline', details: {}, requestId: 'r' } });
    expect(store.getState().toasts).toEqual([]);
    expect(store.getState().autoFetchLast.b).toEqual({ at: '2025-01-01T00:00:00.000Z', error: 'offline' });

    store.getState().setAutoFetch('a', 0);
    const again = storeFor(engine.transport, settings).store;
    expect(again.getState().autoFetch).toEqual({ b: 1 });
  });
});
