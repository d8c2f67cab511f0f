// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../../../shared/contract';
import { App } from '../../App';
import { connectEngine } from '../../store/connect-engine';
import { StoreProvider } from '../../store/store-context';
import { fakeEngine, storeFor } from '../../test-support/fake-engine';
import { fail } from '../../test-support/fake-transport';
import { workspace } from '../../test-support/fixtures';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

function connection(id: string, patch: Partial<Connection> = {}): Connection {
  return {
    id,
    provider: 'generic',
    authKind: 'token',
    label: `Conn ${id}`,
    baseUrl: 'https://git.example.com/team/site.git',
    username: 'ada',
    appId: null,
    installationId: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    expiresAt: null,
    ...patch,
  };
}

function renderConnections(connections: Connection[] = [], workspaces = [workspace('a')]) {
  window.history.replaceState(null, '', '/#/connections');
  const engine = fakeEngine({ workspaces });
  const saved = [...connections];
  engine.transport.handle('connections.list', () => [...saved]);
  const { store, client } = storeFor(engine.transport);
  connectEngine(store, client, engine.transport);
  render(
    <StoreProvider store={store}>
      <App showConnection />
    </StoreProvider>,
  );
  return { ...engine, saved, store };
}

describe('connections page', () => {
  it('shows where tokens live, honestly', async () => {
    renderConnections();
    const region = await screen.findByRole('region', { name: 'Connections' });
    expect(await within(region).findByText('Encrypted file (weaker than an OS keychain)')).toBeTruthy();
    expect(within(region).getByText('No connections yet')).toBeTruthy();
  });

  it('puts a refused token under the token field, clears it and saves nothing', async () => {
    const { transport, saved } = renderConnections();
    transport.handle('connections.create', () => fail('auth_failed', 'The Git server refused the credentials.'));
    fireEvent.click(await screen.findByRole('button', { name: 'Add connection' }));
    const dialog = screen.getByRole('dialog', { name: 'Add connection' });
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Plain HTTPS Git' }));
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Repository URL' }), { target: { value: 'https://git.example.com/x.git' } });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'User name' }), { target: { value: 'ada' } });
    const token = within(dialog).getByLabelText('Token') as HTMLInputElement;
    expect(token.type).toBe('password');
    fireEvent.change(token, { target: { value: 'wrong' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save connection' }));
    const message = await within(dialog).findByText('The Git server refused the credentials.');
    expect(token.getAttribute('aria-describedby')).toContain(message.id);
    expect(token.getAttribute('aria-invalid')).toBe('true');
    expect(token.value).toBe('');
    expect(transport.callsTo('connections.create')).toEqual([
      { provider: 'generic', username: 'ada', token: 'wrong', repoUrl: 'https://git.example.com/x.git', label: undefined },
    ]);
    expect(saved).toEqual([]);
  });

  it('puts invalid_input next to the field the engine names', async () => {
    const { transport } = renderConnections();
    transport.handle('connections.create', () => fail('invalid_input', 'Invalid baseUrl: must start with https://.', { field: 'baseUrl' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Add connection' }));
    const dialog = screen.getByRole('dialog', { name: 'Add connection' });
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Gitea' }));
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Server URL' }), { target: { value: 'ftp://x' } });
    fireEvent.change(within(dialog).getByLabelText('Token'), { target: { value: 't' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save connection' }));
    await within(dialog).findByText('Invalid baseUrl: must start with https://.');
    expect(within(dialog).getByRole('textbox', { name: 'Server URL' }).getAttribute('aria-invalid')).toBe('true');
  });

  it('warns before a token expires and offers to re-enter an expired one', async () => {
    const soon = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString();
    const past = new Date(Date.now() - 2 * 24 * 3600 * 1000 - 1000).toISOString();
    renderConnections([connection('a', { expiresAt: soon }), connection('b', { expiresAt: past, rateLimit: { limit: 5000, remaining: 4990, resetAt: null } })]);
    const list = await screen.findByRole('list', { name: 'Connections' });
    const a = within(list).getByRole('listitem', { name: 'Conn a' });
    expect(within(a).getByText(/Token expires in 3 days/).className).toContain('tone-text-warn');
    const b = within(list).getByRole('listitem', { name: 'Conn b' });
    expect(within(b).getByText(/Token expired 2 days ago/).className).toContain('tone-text-danger');
    expect(b.textContent).toContain('4,990 of 5,000 requests left');
    fireEvent.click(within(b).getByRole('button', { name: 'Re-enter token' }));
    const edit = screen.getByRole('dialog', { name: 'Edit “Conn b”' });
    expect(document.activeElement).toBe(within(edit).getByLabelText(/New token/));
  });

  it('names the workspaces a delete will forget, and says their folders stay', async () => {
    const { transport, saved } = renderConnections([connection('c1')], [workspace('site', { connectionId: 'c1' }), workspace('other')]);
    transport.handle('connections.delete', ({ id }) => {
      saved.splice(0, saved.length);
      return { deleted: true as const, removedWorkspaceIds: id === 'c1' ? ['site'] : [] };
    });
    const list = await screen.findByRole('list', { name: 'Connections' });
    fireEvent.click(within(list).getByRole('button', { name: 'Delete Conn c1' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Delete “Conn c1”?' });
    const forgotten = within(confirm).getByRole('list', { name: 'Workspaces that will be forgotten' });
    expect(within(forgotten).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['site /home/me/site']);
    expect(confirm.textContent).toContain('folders and files stay on disk');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Confirm delete' }));
    expect(await screen.findByText('No connections yet')).toBeTruthy();
    expect(transport.callsTo('connections.delete')).toEqual([{ id: 'c1', confirm: true }]);
  });
});
