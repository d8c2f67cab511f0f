// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileDiff } from '../../../../shared/contract';
import type { Operation } from '../../../../shared/domain';
import { StoreProvider } from '../../store/store-context';
import { fakeEngine, storeFor } from '../../test-support/fake-engine';
import { status, workspace } from '../../test-support/fixtures';
import { ChangesView } from './changes-view';
import { pushBlocker, suggestBranch } from './commit-box';

afterEach(cleanup);

const files = [
  { path: 'src/app.js', kind: 'modified' as const, staged: false },
  { path: 'src/keep.js', kind: 'modified' as const, staged: false },
  { path: 'notes.txt', kind: 'untracked' as const, staged: false },
];

const diffOf = (path: string): FileDiff => ({
  path,
  status: 'modified',
  binary: false,
  tooLarge: false,
  additions: 1,
  deletions: 1,
  hunks: [{ oldStart: 1, oldLines: 1, newStart: 1, newLines: 1, lines: [{ kind: 'del', text: 'old line', oldNo: 1 }, { kind: 'add', text: 'new line', newNo: 1 }] }],
});

function operation(id: string, patch: Partial<Operation>): Operation {
  return { id, kind: 'push', workspaceId: 'w', title: 'Push', status: 'succeeded', phase: '', loaded: 0, total: null, startedAt: '', finishedAt: '', error: null, ...patch };
}

async function renderChanges(pushOutcome: Partial<Operation>, author: { name: string; email: string } | null = null, extra: Parameters<typeof workspace>[1] = {}) {
  const ws = workspace('w', { author, ...extra });
  const engine = fakeEngine({ workspaces: [ws], statuses: { w: status('w', { state: 'changes', files }) } });
  const op = operation('op1', pushOutcome);
  engine.transport
    .handle('changes.diff', ({ path }) => diffOf(path))
    .handle('sync.push', () => ({ operationId: 'op1' }))
    .handle('operations.get', () => op)
    .handle('workspaces.update', () => ({ ...ws, author: { name: 'Ada', email: 'ada@example.com' } }));
  const { store } = storeFor(engine.transport);
  await store.getState().loadWorkspaces();
  render(
    <StoreProvider store={store}>
      <ChangesView workspace={ws} />
    </StoreProvider>,
  );
  return { ...engine, store };
}

describe('ChangesView', () => {
  it('pushes exactly the checked files with subject and description', async () => {
    const { transport } = await renderChanges({ result: { commit: 'abc1234', pushedTo: 'main', pullRequestUrl: null } }, { name: 'Ada', email: 'ada@example.com' });
    const region = screen.getByRole('region', { name: 'Changes' });
    await within(region).findByRole('region', { name: 'Diff of src/app.js' });
    const push = within(region).getByRole('button', { name: 'Push 3 files' }) as HTMLButtonElement;
    expect(push.disabled).toBe(true);
    expect(within(region).getByText('Write a summary of your changes.')).toBeTruthy();

    fireEvent.click(within(region).getByRole('checkbox', { name: 'Include src/keep.js' }));
    expect(within(region).getByRole('checkbox', { name: 'Select all files' }).getAttribute('aria-checked')).toBe('mixed');
    fireEvent.change(within(region).getByRole('textbox', { name: 'Summary' }), { target: { value: 'Fix the app' } });
    fireEvent.change(within(region).getByRole('textbox', { name: 'Description' }), { target: { value: 'Longer words.' } });
    const ready = within(region).getByRole('button', { name: 'Push 2 files' }) as HTMLButtonElement;
    expect(ready.disabled).toBe(false);
    await act(async () => fireEvent.click(ready));
    expect(transport.callsTo('sync.push')).toEqual([{ workspaceId: 'w', message: 'Fix the app\n\nLonger words.', paths: ['src/app.js', 'notes.txt'] }]);
  });

  it('select all / none toggles every file', async () => {
    await renderChanges({});
    const region = screen.getByRole('region', { name: 'Changes' });
    const all = within(region).getByRole('checkbox', { name: 'Select all files' });
    fireEvent.click(all);
    expect(within(region).getAllByRole('checkbox', { name: /^Include / }).every((c) => !(c as HTMLInputElement).checked)).toBe(true);
    expect(within(region).getByText('Select at least one file to push.')).toBeTruthy();
    fireEvent.click(all);
    expect(within(region).getAllByRole('checkbox', { name: /^Include / }).every((c) => (c as HTMLInputElement).checked)).toBe(true);
  });

  it('sends a missing author with the push, and explains a refused push with Pull first', async () => {
    const error = { code: 'non_fast_forward', message: 'refused', details: { ahead: 1, behind: 3 }, requestId: 'r' };
    const { transport } = await renderChanges({ status: 'failed', error });
    const region = screen.getByRole('region', { name: 'Changes' });
    fireEvent.change(within(region).getByRole('textbox', { name: 'Summary' }), { target: { value: 'Edit' } });
    fireEvent.change(within(region).getByRole('textbox', { name: 'Author name' }), { target: { value: 'Ada' } });
    fireEvent.change(within(region).getByRole('textbox', { name: 'Author e-mail' }), { target: { value: 'not an address' } });
    expect(within(region).getByText('Enter your name and e-mail address.')).toBeTruthy();
    fireEvent.change(within(region).getByRole('textbox', { name: 'Author e-mail' }), { target: { value: 'ada@example.com' } });
    await act(async () => fireEvent.click(within(region).getByRole('button', { name: 'Push 3 files' })));
    expect(transport.callsTo('sync.push')[0]).toMatchObject({ author: { name: 'Ada', email: 'ada@example.com' } });
    const alert = await within(region).findByRole('alert');
    expect(alert.textContent).toContain('3 commits ahead of you');
    fireEvent.click(within(alert).getByRole('button', { name: 'Pull first' }));
    expect(screen.getByRole('dialog', { name: 'Pull “w”' })).toBeTruthy();
  });

  it('explains a push refused on a review branch without offering Pull first (no local commit was made)', async () => {
    const error = { code: 'non_fast_forward', message: 'refused', details: { branch: 'review/x', reviewBranch: true }, requestId: 'r' };
    await renderChanges({ status: 'failed', error }, { name: 'Ada', email: 'ada@example.com' });
    const region = screen.getByRole('region', { name: 'Changes' });
    fireEvent.change(within(region).getByRole('textbox', { name: 'Summary' }), { target: { value: 'Edit' } });
    await act(async () => fireEvent.click(within(region).getByRole('button', { name: 'Push 3 files' })));
    const alert = await within(region).findByRole('alert');
    expect(alert.textContent).toContain('Someone else pushed to “review/x” meanwhile.');
    expect(alert.textContent).toContain('your changes are still listed');
    expect(within(alert).queryByRole('button', { name: 'Pull first' })).toBeNull();
  });
});

describe('pull request on push', () => {
  it('sends the new branch with the pull request title and description, and shows the link', async () => {
    const url = 'https://github.example/acme/site/pull/7';
    const { transport } = await renderChanges(
      { result: { commit: 'abc1234', pushedTo: 'reposync/fix-it', pullRequestUrl: url, pullRequestError: null } },
      { name: 'Ada', email: 'ada@example.com' },
      { connectionId: 'c1', remoteUrl: 'https://github.example/acme/site.git', branch: 'main' },
    );
    const region = screen.getByRole('region', { name: 'Changes' });
    fireEvent.change(within(region).getByRole('textbox', { name: 'Summary' }), { target: { value: 'Fix it' } });
    fireEvent.click(within(region).getByRole('checkbox', { name: 'Open a pull request' }));
    expect((within(region).getByRole('textbox', { name: 'New branch name' }) as HTMLInputElement).value).toBe('reposync/fix-it');
    fireEvent.change(within(region).getByRole('textbox', { name: 'Pull request title' }), { target: { value: 'Fix it properly' } });
    fireEvent.change(within(region).getByRole('textbox', { name: 'Pull request description' }), { target: { value: 'Why:\n- because' } });
    await act(async () => fireEvent.click(within(region).getByRole('button', { name: 'Push to reposync/fix-it' })));
    expect(transport.callsTo('sync.push')[0]).toMatchObject({
      branch: 'reposync/fix-it',
      pullRequest: { title: 'Fix it properly', body: 'Why:\n- because' },
    });
    expect((await within(region).findByRole('link', { name: url })).getAttribute('href')).toBe(url);
  });

  it('leaves the title to the engine when empty, and says when the request could not be opened', async () => {
    const prError = { code: 'rate_limited', message: 'Slow down.', details: {}, requestId: 'r' };
    const { transport } = await renderChanges(
      { result: { commit: 'abc1234', pushedTo: 'reposync/x', pullRequestUrl: null, pullRequestError: prError } },
      { name: 'Ada', email: 'ada@example.com' },
      { connectionId: 'c1', remoteUrl: 'https://github.example/acme/site.git', branch: 'main' },
    );
    const region = screen.getByRole('region', { name: 'Changes' });
    fireEvent.change(within(region).getByRole('textbox', { name: 'Summary' }), { target: { value: 'X' } });
    fireEvent.click(within(region).getByRole('checkbox', { name: 'Open a pull request' }));
    await act(async () => fireEvent.click(within(region).getByRole('button', { name: 'Push to reposync/x' })));
    expect(transport.callsTo('sync.push')[0]).toMatchObject({ branch: 'reposync/x', pullRequest: {} });
    expect((await within(region).findByRole('alert')).textContent).toContain('the pull request was not opened');
  });
});

describe('commit box rules', () => {
  it('names the first thing that blocks a push', () => {
    const ok = { selectedCount: 1, subject: 'x', busy: false, authorOk: true, branchOk: true };
    expect(pushBlocker(ok)).toBeNull();
    expect(pushBlocker({ ...ok, busy: true })).toMatch(/running/);
    expect(pushBlocker({ ...ok, selectedCount: 0 })).toMatch(/Select/);
    expect(pushBlocker({ ...ok, subject: '  ' })).toMatch(/summary/);
    expect(pushBlocker({ ...ok, branchOk: false })).toMatch(/branch/);
  });
  it('suggests a branch name from the summary', () => {
    expect(suggestBranch('Fix the Header: café & more!')).toBe('reposync/fix-the-header-cafe-more');
    expect(suggestBranch('')).toBe('reposync/changes');
  });
});
