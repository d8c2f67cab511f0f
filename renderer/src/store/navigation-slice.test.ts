// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fakeEngine, storeFor } from '../test-support/fake-engine';
import { workspace } from '../test-support/fixtures';
import { formatHash, parseHash, type Route } from './navigation-slice';

describe('route ↔ hash', () => {
  const routes: Route[] = [
    { page: 'workspaces' },
    { page: 'connections' },
    { page: 'operations' },
    { page: 'settings' },
    { page: 'workspace', workspaceId: 'site', tab: 'overview' },
    { page: 'workspace', workspaceId: 'a_b-1', tab: 'history' },
    { page: 'workspace', workspaceId: 'x', tab: 'conflicts' },
  ];
  it.each(routes)('round-trips %o', (route) => {
    expect(parseHash(formatHash(route))).toEqual(route);
  });

  it('keeps the dashboard hash-free and falls back to it for anything unknown', () => {
    expect(formatHash({ page: 'workspaces' })).toBe('');
    expect(parseHash('')).toEqual({ page: 'workspaces' });
    expect(parseHash('#/nope')).toEqual({ page: 'workspaces' });
    expect(parseHash('#/workspaces')).toEqual({ page: 'workspaces' });
    expect(parseHash('#/workspaces/site/bogus')).toEqual({ page: 'workspace', workspaceId: 'site', tab: 'overview' });
    expect(parseHash('#/workspaces/site/history')).toEqual({ page: 'workspace', workspaceId: 'site', tab: 'history' });
  });
});

describe('navigation slice', () => {
  it('opening a workspace selects it, so its status is read', async () => {
    const { transport } = fakeEngine({ workspaces: [workspace('a'), workspace('b')] });
    const { store } = storeFor(transport);
    await store.getState().loadWorkspaces();
    store.getState().openWorkspace('b', 'changes');
    expect(store.getState().route).toEqual({ page: 'workspace', workspaceId: 'b', tab: 'changes' });
    expect(store.getState().selectedId).toBe('b');
    expect(transport.callsTo('workspaces.status')).toContainEqual({ workspaceId: 'b' });
  });

  it('"Re-enter token" lands on Connections with that connection to edit', () => {
    const { store } = storeFor(fakeEngine().transport);
    store.getState().editConnection('c1');
    expect(store.getState().route).toEqual({ page: 'connections', editId: 'c1' });
  });
});
