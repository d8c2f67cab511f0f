// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Conflict, MergeConflicts } from '../../../../shared/contract';
import { StoreProvider } from '../../store/store-context';
import { fakeEngine, storeFor } from '../../test-support/fake-engine';
import { workspace } from '../../test-support/fixtures';
import { ConflictsView } from './conflicts-view';

afterEach(cleanup);

const text: Conflict = {
  path: 'story.txt',
  kind: 'both_modified',
  binary: false,
  tooLarge: false,
  base: 'a\nbase 1\nb\nbase 2\nc\n',
  ours: 'a\nmine 1\nb\nmine 2\nc\n',
  theirs: 'a\ntheirs 1\nb\ntheirs 2\nc\n',
  resolution: null,
};
const binary: Conflict = { path: 'logo.png', kind: 'both_modified', binary: true, tooLarge: false, base: null, ours: null, theirs: null, resolution: null };

async function renderConflicts(paths: Conflict[]) {
  const ws = workspace('w');
  const engine = fakeEngine({ workspaces: [ws] });
  const data: MergeConflicts = { merging: true, branch: 'main', oursOid: 'a'.repeat(40), theirsOid: 'b'.repeat(40), baseOid: 'c'.repeat(40), paths };
  engine.transport
    .handle('sync.conflicts', () => data)
    .handle('sync.resolve', ({ path, resolution }) => {
      data.paths = data.paths.map((p) => (p.path === path ? { ...p, resolution } : p));
      return { unresolved: data.paths.filter((p) => !p.resolution).map((p) => p.path) };
    })
    .handle('sync.completeMerge', () => ({ commit: 'd'.repeat(40), pushed: true, pushError: null, backupId: 'b' }))
    .handle('sync.abortMerge', () => ({ head: 'a'.repeat(40), backupId: 'b' }));
  const { store } = storeFor(engine.transport);
  render(
    <StoreProvider store={store}>
      <ConflictsView workspace={ws} />
    </StoreProvider>,
  );
  const view = await screen.findByRole('region', { name: 'Conflicts' });
  return { ...engine, store, view };
}

describe('ConflictsView', () => {
  it('accepts theirs for the first conflict and both for the second, then marks the exact text resolved', async () => {
    const { transport, view } = await renderConflicts([text]);
    const tools = await within(view).findByRole('toolbar', { name: 'Merge tools' });
    expect(within(tools).getByRole('status').textContent).toBe('Conflict 1 of 2');
    fireEvent.click(within(tools).getByRole('button', { name: 'Accept theirs' }));
    // The count follows the editor's state, which may settle a render later on a busy machine.
    await waitFor(() => expect(within(tools).getByRole('status').textContent).toBe('Conflict 1 of 1'));
    fireEvent.click(within(tools).getByRole('button', { name: 'Accept both' }));
    await waitFor(() => expect(within(tools).getByRole('status').textContent).toBe('No conflicts left'));
    await act(async () => fireEvent.click(within(view).getByRole('button', { name: 'Mark resolved' })));
    expect(transport.callsTo('sync.resolve')).toEqual([{ workspaceId: 'w', path: 'story.txt', resolution: { merged: 'a\ntheirs 1\nb\nmine 2\ntheirs 2\nc\n' } }]);
    expect(within(view).getByRole('button', { name: /story\.txt/ }).textContent).toContain('Resolved: edited');
  });

  it('asks before marking a result that still has markers, and before completing with them', async () => {
    const { transport, view } = await renderConflicts([text]);
    await within(view).findByRole('toolbar', { name: 'Merge tools' });
    fireEvent.click(within(view).getByRole('button', { name: 'Mark resolved' }));
    const ask = screen.getByRole('alertdialog', { name: 'Conflict markers are left' });
    await act(async () => fireEvent.click(within(ask).getByRole('button', { name: 'Mark resolved anyway' })));
    expect(transport.callsTo('sync.resolve')).toHaveLength(1);
    fireEvent.click(within(view).getByRole('button', { name: 'Complete merge' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Complete with conflict markers?' });
    expect(confirm.textContent).toContain('story.txt');
    expect(transport.callsTo('sync.completeMerge')).toHaveLength(0);
    await act(async () => fireEvent.click(within(confirm).getByRole('button', { name: 'Complete anyway' })));
    expect(transport.callsTo('sync.completeMerge')).toEqual([{ workspaceId: 'w', push: true }]);
  });

  it('offers only whole sides for binary files and keeps Complete disabled until all are resolved', async () => {
    const { transport, view } = await renderConflicts([binary, text]);
    expect(await within(view).findByText(/This is a binary file/)).toBeTruthy();
    const complete = within(view).getByRole('button', { name: 'Complete merge' }) as HTMLButtonElement;
    expect(complete.disabled).toBe(true);
    await act(async () => fireEvent.click(within(view).getByRole('button', { name: 'Use theirs' })));
    expect(transport.callsTo('sync.resolve')).toEqual([{ workspaceId: 'w', path: 'logo.png', resolution: 'theirs' }]);
    // The next unresolved file opens by itself.
    expect(within(view).getByRole('button', { name: /story\.txt/ }).getAttribute('aria-current')).toBe('true');
  });

  it('aborts only after a confirmation that says what comes back', async () => {
    const { transport, view } = await renderConflicts([binary]);
    fireEvent.click(await within(view).findByRole('button', { name: 'Abort merge…' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Abort the merge?' });
    expect(confirm.textContent).toContain('Everything returns to how it was before the pull');
    await act(async () => fireEvent.click(within(confirm).getByRole('button', { name: 'Abort merge' })));
    expect(transport.callsTo('sync.abortMerge')).toEqual([{ workspaceId: 'w' }]);
  });
});
