// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fakeEngine, memoryStorage, storeFor } from '../test-support/fake-engine';
import { fail } from '../test-support/fake-transport';
import { status, workspace } from '../test-support/fixtures';
import { connectEngine } from './connect-engine';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('workspaces slice', () => {
  it('loads the list, selects the first workspace and reads its status', async () => {
    const { transport } = fakeEngine({
      workspaces: [workspace('a'), workspace('b')],
      statuses: { a: status('a', { state: 'changes', files: [{ path: 'x', kind: 'modified', staged: false }] }) },
    });
    const { store } = storeFor(transport);
    await store.getState().loadWorkspaces();
    const s = store.getState();
    expect(s.listState).toBe('ready');
    expect(s.workspaces.map((w) => w.id)).toEqual(['a', 'b']);
    expect(s.selectedId).toBe('a');
    expect(s.statuses.a?.status?.files).toHaveLength(1);
    expect(transport.callsTo('workspaces.status')).toEqual([{ workspaceId: 'a' }]);
  });

  it('keeps the selection across reloads and reads status on select', async () => {
    const { transport } = fakeEngine({ workspaces: [workspace('a'), workspace('b')] });
    const { store } = storeFor(transport);
    await store.getState().loadWorkspaces();
    store.getState().selectWorkspace('b');
    await settle();
    await store.getState().loadWorkspaces();
    expect(store.getState().selectedId).toBe('b');
    expect(store.getState().statuses.b?.status?.workspaceId).toBe('b');
  });

  it('adds a workspace: selects it, confirms with a toast and reads its status', async () => {
    const { transport } = fakeEngine();
    const { store } = storeFor(transport);
    await store.getState().loadWorkspaces();
    const outcome = await store.getState().addWorkspace({ path: '/repos/site', group: 'Work' });
    await settle();
    expect(outcome.ok).toBe(true);
    const s = store.getState();
    expect(s.selectedId).toBe('site');
    expect(s.workspaces[0]?.group).toBe('Work');
    expect(s.toasts.map((t) => t.title)).toEqual(['Workspace added']);
    expect(s.statuses.site?.status).not.toBeNull();
  });

  it('returns add failures to the form instead of toasting them', async () => {
    const { transport } = fakeEngine();
    const { store } = storeFor(transport);
    const outcome = await store.getState().addWorkspace({ path: '/tmp/not-a-repo' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'not_found', details: { path: '/tmp/not-a-repo' } } });
    expect(store.getState().toasts).toEqual([]);
    expect(store.getState().workspaces).toEqual([]);
  });

  it('removes a workspace, selects its neighbour and says the folder stays', async () => {
    const { transport } = fakeEngine({ workspaces: [workspace('a'), workspace('b'), workspace('c')] });
    const { store } = storeFor(transport);
    await store.getState().loadWorkspaces();
    store.getState().selectWorkspace('b');
    expect(await store.getState().removeWorkspace('b')).toBe(true);
    const s = store.getState();
    expect(s.workspaces.map((w) => w.id)).toEqual(['a', 'c']);
    expect(s.selectedId).toBe('c');
    expect(s.statuses.b).toBeUndefined();
    expect(s.toasts.at(-1)?.message).toMatch(/folder and files were left untouched/);
  });

  it('treats "already removed" as removed, and other failures as an error toast', async () => {
    const { transport } = fakeEngine({ workspaces: [workspace('a'), workspace('b')] });
    const { store } = storeFor(transport);
    await store.getState().loadWorkspaces();
    transport.handle('workspaces.remove', ({ workspaceId }) =>
      workspaceId === 'a' ? fail('not_found', 'gone', { workspaceId }) : fail('busy', 'A pull is running.'),
    );
    expect(await store.getState().removeWorkspace('a')).toBe(true);
    expect(await store.getState().removeWorkspace('b')).toBe(false);
    const s = store.getState();
    expect(s.workspaces.map((w) => w.id)).toEqual(['b']);
    expect(s.toasts.at(-1)).toMatchObject({ tone: 'error', title: 'Workspace is busy' });
    expect(s.toasts.at(-1)?.message).toMatch(/^A pull is running\. Wait for/);
  });

  it('keeps the newest status when answers arrive out of order', async () => {
    const { transport } = fakeEngine({ workspaces: [workspace('a')] });
    const { store } = storeFor(transport);
    const answers: ((files: number) => void)[] = [];
    transport.handle(
      'workspaces.status',
      () =>
        new Promise((resolve) =>
          answers.push((n) =>
            resolve(status('a', { files: Array.from({ length: n }, (_, i) => ({ path: `f${i}`, kind: 'added' as const, staged: true })) })),
          ),
        ),
    );
    const first = store.getState().refreshStatus('a');
    const second = store.getState().refreshStatus('a');
    answers[1]?.(2);
    await second;
    answers[0]?.(5);
    await first;
    expect(store.getState().statuses.a).toMatchObject({ loading: false });
    expect(store.getState().statuses.a?.status?.files).toHaveLength(2);
  });

  it('records a status error on the workspace and drops a workspace the engine no longer knows', async () => {
    const { transport, workspaces } = fakeEngine({ workspaces: [workspace('a'), workspace('b')] });
    const { store } = storeFor(transport);
    await store.getState().loadWorkspaces();
    transport.handle('workspaces.status', () => fail('unsupported', 'uses a .git file'));
    await store.getState().refreshStatus('a');
    expect(store.getState().statuses.a?.error?.code).toBe('unsupported');
    workspaces.splice(0, 1);
    transport.handle('workspaces.status', ({ workspaceId }) => fail('not_found', 'gone', { workspaceId }));
    await store.getState().refreshStatus('a');
    expect(store.getState().workspaces.map((w) => w.id)).toEqual(['b']);
  });
});

describe('engine events and connection', () => {
  it('applies workspace.changed and operation.updated pushed by the engine', async () => {
    const { transport, workspaces } = fakeEngine({ workspaces: [workspace('a')] });
    const { store, client } = storeFor(transport);
    connectEngine(store, client, transport);
    await settle();
    workspaces.push(workspace('b'));
    transport.emit('workspace.changed', { workspaceId: 'b', reason: 'added' });
    await settle();
    expect(store.getState().workspaces.map((w) => w.id)).toEqual(['a', 'b']);

    transport.emit('workspace.changed', { workspaceId: 'a', reason: 'removed' });
    expect(store.getState().workspaces.map((w) => w.id)).toEqual(['b']);
    expect(store.getState().selectedId).toBe('b');
    await settle();

    const before = transport.callsTo('workspaces.status').length;
    transport.emit('operation.updated', {
      id: 'op1', kind: 'pull', workspaceId: 'b', title: 'Pull b', status: 'succeeded', phase: 'done',
      loaded: 1, total: 1, startedAt: '2025-01-01T00:00:00Z', finishedAt: '2025-01-01T00:00:01Z', error: null,
    });
    await settle();
    expect(store.getState().operations.op1?.status).toBe('succeeded');
    expect(transport.callsTo('workspaces.status').length).toBe(before + 1);
  });

  it('re-reads the statuses on screen when the window gets focus again, at most every 2 s', async () => {
    const { transport } = fakeEngine({ workspaces: [workspace('a'), workspace('b')] });
    const { store, client } = storeFor(transport);
    const off = connectEngine(store, client, transport);
    await settle();
    store.getState().selectWorkspace('b');
    await settle();
    const before = transport.callsTo('workspaces.status').length;
    window.dispatchEvent(new Event('focus'));
    await settle();
    expect(transport.callsTo('workspaces.status').slice(before)).toEqual([{ workspaceId: 'a' }, { workspaceId: 'b' }]);
    window.dispatchEvent(new Event('focus'));
    await settle();
    expect(transport.callsTo('workspaces.status').length).toBe(before + 2);
    off();
  });

  it('shows the connection state and reloads everything after a reconnect', async () => {
    const { transport, workspaces } = fakeEngine({ workspaces: [workspace('a')] });
    const { store, client } = storeFor(transport);
    connectEngine(store, client, transport);
    await settle();
    const listsBefore = transport.callsTo('workspaces.list').length;
    transport.setConnection('reconnecting');
    expect(store.getState().connection).toBe('reconnecting');
    workspaces.push(workspace('b'));
    transport.setConnection('open');
    await settle();
    expect(store.getState().connection).toBe('open');
    expect(transport.callsTo('workspaces.list').length).toBe(listsBefore + 1);
    expect(store.getState().workspaces).toHaveLength(2);
  });

  it('does not toast background load failures while the socket is down', async () => {
    const { transport } = fakeEngine();
    transport.handle('workspaces.list', () => fail('network', 'lost'));
    const { store } = storeFor(transport);
    store.getState().setConnection('reconnecting');
    await store.getState().loadWorkspaces();
    expect(store.getState().toasts).toEqual([]);
    expect(store.getState().listState).toBe('error');
  });
});

describe('app and toasts slices', () => {
  it('loads app info and remembers the theme', async () => {
    const settings = memoryStorage();
    const { transport } = fakeEngine();
    const { store } = storeFor(transport, settings);
    await store.getState().loadAppInfo();
    expect(store.getState().info?.mode).toBe('host');
    expect(store.getState().theme).toBe('system');
    store.getState().setTheme('dark');
    expect(storeFor(transport, settings).store.getState().theme).toBe('dark');
  });

  it('words errors by code and caps the number of toasts', () => {
    const { store } = storeFor(fakeEngine().transport);
    store.getState().reportError({ code: 'not_found', message: '/x is not a Git repository.', details: {}, requestId: 'r' });
    expect(store.getState().toasts[0]).toMatchObject({ tone: 'error', title: 'Not found', message: '/x is not a Git repository.' });
    store.getState().reportError(new Error('boom'));
    expect(store.getState().toasts[1]?.title).toBe('Something went wrong');
    for (let i = 0; i < 10; i++) store.getState().pushToast({ tone: 'info', title: `t${i}`, message: '' });
    expect(store.getState().toasts.map((t) => t.title)).toEqual(['t6', 't7', 't8', 't9']);
    store.getState().dismissToast(store.getState().toasts[0]!.id);
    expect(store.getState().toasts).toHaveLength(3);
  });
});
