// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../App';
import { connectEngine } from '../../store/connect-engine';
import { StoreProvider } from '../../store/store-context';
import { fakeEngine, storeFor } from '../../test-support/fake-engine';
import { status, workspace } from '../../test-support/fixtures';
import { workspaceBadge } from './workspace-badge';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

function renderDashboard() {
  window.history.replaceState(null, '', '/');
  const engine = fakeEngine({
    workspaces: [workspace('site', { group: 'Work' }), workspace('docs', { group: 'Work' }), workspace('api', { group: 'Clients' }), workspace('notes')],
    statuses: {
      docs: status('docs', { state: 'changes', files: [{ path: 'a', kind: 'modified', staged: false }, { path: 'b', kind: 'added', staged: true }] }),
      api: status('api', { state: 'remote_ahead', behind: 3 }),
      notes: status('notes', { state: 'conflicted', conflicts: ['x'] }),
    },
  });
  engine.transport.handle('sync.pull', () => ({ operationId: 'p1' }));
  const { store, client } = storeFor(engine.transport);
  connectEngine(store, client, engine.transport);
  render(
    <StoreProvider store={store}>
      <App showConnection />
    </StoreProvider>,
  );
  return { ...engine, store };
}

const row = (region: HTMLElement, name: string) => within(region).getAllByRole('listitem').find((li) => li.querySelector('.ws-row-name')?.textContent === name)!;

describe('dashboard', () => {
  it('lists every workspace with its status, by group, and filters by group', async () => {
    renderDashboard();
    const region = await screen.findByRole('region', { name: 'Workspaces' });
    await within(region).findByText('Behind 3');
    expect(row(region, 'site').textContent).toContain('In sync');
    expect(row(region, 'docs').textContent).toContain('2 changes');
    expect(row(region, 'notes').textContent).toContain('1 conflict');
    expect(row(region, 'site').textContent).toContain('Never synced');
    fireEvent.change(within(region).getByRole('combobox', { name: 'Group' }), { target: { value: 'Clients' } });
    expect(within(region).getAllByRole('listitem')).toHaveLength(1);
    expect(within(region).getByRole('button', { name: 'api' })).toBeTruthy();
  });

  it('Pull starts sync.pull and shows the workspace busy; Push opens its Changes tab', async () => {
    const { transport, store } = renderDashboard();
    const region = await screen.findByRole('region', { name: 'Workspaces' });
    fireEvent.click(await within(region).findByRole('button', { name: 'Pull api' }));
    await Promise.resolve();
    expect(transport.callsTo('sync.pull')).toEqual([{ workspaceId: 'api' }]);
    transport.emit('operation.updated', { id: 'p1', kind: 'pull', workspaceId: 'api', title: 'Pull api', status: 'running', phase: 'receiving', loaded: 1, total: 4, startedAt: '', finishedAt: null, error: null });
    expect(await within(region).findByText('Pulling 25%')).toBeTruthy();
    expect(within(region).getByRole('button', { name: 'Pull api' }).getAttribute('aria-disabled')).toBe('true');
    expect(screen.getByRole('button', { name: 'Operations: 1 running' })).toBeTruthy();
    fireEvent.click(within(region).getByRole('button', { name: 'Push docs' }));
    expect(store.getState().route).toEqual({ page: 'workspace', workspaceId: 'docs', tab: 'changes' });
    expect(window.location.hash).toBe('#/workspaces/docs/changes');
  });
});

describe('workspace tabs', () => {
  it('is a tablist: arrows move and activate, the Conflicts tab counts and stands out in a merge', async () => {
    window.history.replaceState(null, '', '/#/workspaces/notes/overview');
    renderDashboardAt();
    const tabs = await screen.findByRole('tablist', { name: 'Workspace sections' });
    const overview = within(tabs).getByRole('tab', { name: 'Overview' });
    expect(overview.getAttribute('aria-selected')).toBe('true');
    expect(overview.tabIndex).toBe(0);
    const conflicts = await within(tabs).findByRole('tab', { name: 'Conflicts, 1 unresolved' });
    expect(conflicts.className).toContain('tab-alert');
    expect(conflicts.tabIndex).toBe(-1);
    fireEvent.keyDown(overview, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(conflicts);
    expect(conflicts.getAttribute('aria-selected')).toBe('true');
    expect(window.location.hash).toBe('#/workspaces/notes/conflicts');
    fireEvent.keyDown(conflicts, { key: 'Home' });
    expect(within(tabs).getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected')).toBe('true');
    const panel = screen.getByRole('tabpanel');
    expect(panel.getAttribute('aria-labelledby')).toBe(overview.id);
  });
});

function renderDashboardAt() {
  const engine = fakeEngine({ workspaces: [workspace('notes')], statuses: { notes: status('notes', { state: 'conflicted', conflicts: ['x'] }) } });
  const { store, client } = storeFor(engine.transport);
  connectEngine(store, client, engine.transport);
  render(
    <StoreProvider store={store}>
      <App showConnection />
    </StoreProvider>,
  );
}

describe('workspaceBadge', () => {
  it('puts running work first, then errors, then the sync state', () => {
    const entry = { status: status('a', { state: 'local_ahead', ahead: 2 }), loading: false, error: null };
    expect(workspaceBadge(entry, undefined)?.label).toBe('Ahead 2');
    expect(workspaceBadge({ ...entry, status: status('a', { state: 'diverged', ahead: 1, behind: 2 }) }, undefined)?.label).toBe('Ahead 1, behind 2');
    expect(workspaceBadge({ ...entry, error: { code: 'not_found', message: 'gone', details: {}, requestId: '' } }, undefined)).toMatchObject({ label: 'Error', tone: 'danger' });
    const running = { id: 'o', kind: 'fetch' as const, workspaceId: 'a', title: 'Fetch a', status: 'running' as const, phase: '', loaded: 0, total: null, startedAt: '', finishedAt: null, error: null };
    expect(workspaceBadge(entry, running)?.label).toBe('Fetching…');
    expect(workspaceBadge(undefined, undefined)).toBeNull();
  });
});
