// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from './App';
import { connectEngine } from './store/connect-engine';
import { StoreProvider } from './store/store-context';
import { fakeEngine, storeFor, type FakeEngineOptions } from './test-support/fake-engine';
import { fail } from './test-support/fake-transport';
import { appInfo, status, workspace } from './test-support/fixtures';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

/** `hash` opens the app where a reload would: `#/workspaces/site/overview`. */
async function renderApp(options: FakeEngineOptions = {}, hash = '') {
  window.history.replaceState(null, '', `/${hash}`);
  const engine = fakeEngine(options);
  const { store, client } = storeFor(engine.transport);
  connectEngine(store, client, engine.transport);
  render(
    <StoreProvider store={store}>
      <App showConnection />
    </StoreProvider>,
  );
  return { ...engine, store };
}

async function openAddDialog() {
  await screen.findByRole('heading', { name: 'Add your first workspace' });
  fireEvent.click(screen.getByRole('button', { name: 'Add workspace' }));
  return screen.getByRole('dialog', { name: 'Add workspace' });
}

function submit(dialog: HTMLElement) {
  fireEvent.click(within(dialog).getByRole('button', { name: 'Add workspace' }));
}

describe('first run', () => {
  it('teaches the first step and hides the page behind the add dialog', async () => {
    await renderApp();
    expect(await screen.findByRole('heading', { name: 'Add your first workspace' })).toBeTruthy();
    expect(screen.getByRole('status', { name: 'Connection' }).textContent).toBe('Connected');
    const opener = screen.getByRole('button', { name: 'Add workspace' });
    opener.focus();
    const dialog = await openAddDialog();
    expect(document.activeElement).toBe(within(dialog).getByRole('textbox', { name: 'Folder' }));
    // The rest of the page is out of reach: only the dialog's own "Add workspace" is found.
    expect(screen.getAllByRole('button', { name: 'Add workspace' })).toHaveLength(1);
    expect(within(dialog).queryByRole('button', { name: /Browse/ })).toBeNull();
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('keeps Tab inside the dialog', async () => {
    await renderApp();
    const dialog = await openAddDialog();
    const first = within(dialog).getByRole('radio', { name: /Add an existing folder/ });
    const submitButton = within(dialog).getByRole('button', { name: 'Add workspace' });
    submitButton.focus();
    fireEvent.keyDown(submitButton, { key: 'Tab' });
    expect(document.activeElement).toBe(first);
    fireEvent.keyDown(first, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(submitButton);
  });

  it('offers Browse… where the app can pick folders', async () => {
    await renderApp({ info: appInfo({ canPickFolder: true, mode: 'electron' }) });
    await screen.findByRole('heading', { name: 'Add your first workspace' });
    const dialog = await openAddDialog();
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Browse…' }));
    const folder = within(dialog).getByRole<HTMLInputElement>('textbox', { name: 'Folder' });
    await screen.findByDisplayValue('/repos/picked');
    expect(folder.value).toBe('/repos/picked');
  });
});

describe('add workspace dialog', () => {
  it('asks for a folder before calling the engine', async () => {
    const { transport } = await renderApp();
    const dialog = await openAddDialog();
    submit(dialog);
    const folder = within(dialog).getByRole('textbox', { name: 'Folder' });
    expect(folder.getAttribute('aria-invalid')).toBe('true');
    expect(folder.getAttribute('aria-describedby')).toContain(within(dialog).getByText(/Enter the folder/).id);
    expect(transport.callsTo('workspaces.add')).toEqual([]);
  });

  it('shows "not a repository" next to the folder field', async () => {
    await renderApp();
    const dialog = await openAddDialog();
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Folder' }), { target: { value: '/tmp/plain' } });
    submit(dialog);
    expect(await within(dialog).findByText('/tmp/plain is not a Git repository (it has no .git folder).')).toBeTruthy();
    expect(within(dialog).getByRole('textbox', { name: 'Folder' }).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('status', { name: 'Notifications' }).textContent).toBe('');
  });

  it('puts invalid_input errors next to the field the engine names', async () => {
    const { transport } = await renderApp();
    transport.handle('workspaces.add', () =>
      fail('unsafe_path', 'The path prefix must stay inside the repository.', { field: 'pathPrefix' }),
    );
    const dialog = await openAddDialog();
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Folder' }), { target: { value: '/repos/a' } });
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Path prefix/ }), { target: { value: '../x' } });
    submit(dialog);
    await within(dialog).findByText('The path prefix must stay inside the repository.');
    const prefix = within(dialog).getByRole('textbox', { name: /Path prefix/ });
    expect(prefix.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(prefix);
    expect(within(dialog).getByRole('textbox', { name: 'Folder' }).getAttribute('aria-invalid')).toBeNull();
  });

  it('shows errors without a field as an alert in the dialog', async () => {
    const { transport } = await renderApp();
    transport.handle('workspaces.add', () => fail('internal', 'disk on fire'));
    const dialog = await openAddDialog();
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Folder' }), { target: { value: '/repos/a' } });
    submit(dialog);
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Something went wrong');
    expect(alert.textContent).toContain('disk on fire');
  });

  it('adds the workspace with the optional fields and shows its detail', async () => {
    const { transport } = await renderApp();
    const dialog = await openAddDialog();
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Folder' }), { target: { value: ' /repos/site ' } });
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Name/ }), { target: { value: 'My site' } });
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Group/ }), { target: { value: 'Work' } });
    submit(dialog);
    expect(await screen.findByRole('heading', { name: 'My site', level: 2 })).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(transport.callsTo('workspaces.add')).toEqual([{ path: '/repos/site', name: 'My site', group: 'Work' }]);
    expect(screen.getByRole('navigation', { name: 'Workspaces' }).textContent).toContain('Work');
    expect(await screen.findByText('Workspace added')).toBeTruthy();
  });
});

describe('workspace detail', () => {
  const files = [
    { path: 'README.md', kind: 'modified' as const, staged: false },
    { path: 'src/new.ts', kind: 'added' as const, staged: true },
    { path: 'notes.txt', kind: 'untracked' as const, staged: false },
  ];

  it('shows the head commit, a status badge and each changed file with its kind in words', async () => {
    await renderApp(
      {
        workspaces: [workspace('site', { name: 'Site' })],
        statuses: { site: status('site', { state: 'changes', files }) },
      },
      '#/workspaces/site/overview',
    );
    const list = await screen.findByRole('list', { name: 'Changed files' });
    const items = within(list).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual(['ModifiedREADME.md', 'Addedsrc/new.ts', 'Untrackednotes.txt']);
    expect(screen.getByText('3 changes')).toBeTruthy();
    expect(screen.getByText('First commit')).toBeTruthy();
    expect(screen.getByText('abcdef0')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Site' }).getAttribute('aria-current')).toBe('true');
  });

  it('refreshes on demand', async () => {
    const { transport, statuses } = await renderApp({ workspaces: [workspace('site')] }, '#/workspaces/site');
    await screen.findByText('No changes. The folder matches the last commit.');
    statuses.site = status('site', { state: 'changes', files });
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await screen.findByRole('list', { name: 'Changed files' });
    expect(transport.callsTo('workspaces.status')).toHaveLength(2);
  });

  it('removes only after confirmation, saying the folder stays', async () => {
    const { transport } = await renderApp({ workspaces: [workspace('site', { path: '/home/me/site' })] }, '#/workspaces/site/overview');
    fireEvent.click(await screen.findByRole('button', { name: 'Remove workspace…' }));
    let dialog = screen.getByRole('alertdialog', { name: /Remove “site”/ });
    expect(dialog.textContent).toContain('/home/me/site');
    expect(dialog.textContent).toContain('stay untouched');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(transport.callsTo('workspaces.remove')).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Remove workspace…' }));
    dialog = screen.getByRole('alertdialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm remove' }));
    expect(await screen.findByRole('heading', { name: 'Add your first workspace' })).toBeTruthy();
    expect(transport.callsTo('workspaces.remove')).toEqual([{ workspaceId: 'site' }]);
    expect(screen.getByText('Workspace removed')).toBeTruthy();
    expect(document.activeElement?.tagName).toBe('MAIN');
  });

  it('shows "Reconnecting…" while the socket is down', async () => {
    const { transport } = await renderApp({ workspaces: [workspace('site')] }, '#/workspaces/site/overview');
    await screen.findByRole('heading', { name: 'site', level: 2 });
    act(() => transport.setConnection('reconnecting'));
    expect(screen.getByRole('status', { name: 'Connection' }).textContent).toBe('Reconnecting…');
  });
});
