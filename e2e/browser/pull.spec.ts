import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '../support/fixtures';
import { cleanupTempDirs, writeFile } from '../../test/support/repo';
import { gitOk, startGitServer, type GitServer } from '../../test/support/git-server';
import { cloneOf, openWorkspaceTab, shotBoth } from './sync-fixtures';

test.afterAll(cleanupTempDirs);

let server: GitServer;
test.beforeEach(async () => {
  server = await startGitServer();
});
test.afterEach(async () => {
  await server.close();
});

const lines = (...l: string[]) => l.map((x) => `${x}\n`).join('');

test('pull: preview first (files untouched), per-file choice, commit local changes first, then pull', async ({ page, host, shot }) => {
  const dir = await cloneOf(server, 'shop', {
    'a.txt': lines('a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'),
    'b.txt': lines('b1', 'b2'),
    'old.txt': lines('old'),
  });
  server.commitToRepo('shop', { 'a.txt': lines('a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8 remote'), 'b.txt': lines('b1', 'b2 remote'), 'new.txt': lines('new'), 'old.txt': null }, 'Remote work');
  // Local, uncommitted: a.txt changed far from the remote's change; b.txt changed too.
  writeFile(dir, 'a.txt', lines('a1 local', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'));
  writeFile(dir, 'b.txt', lines('b1', 'b2 mine'));
  const headBefore = (await gitOk(dir, 'rev-parse', 'HEAD')).trim();
  await openWorkspaceTab(page, host, dir, 'changes');

  await page.getByRole('region', { name: 'Changes' }).getByRole('button', { name: 'Pull…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Pull “shop”' });
  await expect(dialog.getByRole('radio', { name: /^Merge/ })).toBeChecked();
  await dialog.getByRole('button', { name: 'Preview' }).click();
  const preview = dialog.getByRole('region', { name: 'Preview' });
  await expect(preview.getByRole('list', { name: 'Updated' })).toContainText('a.txt');
  await expect(preview.getByRole('list', { name: 'Updated' })).toContainText('b.txt');
  await expect(preview.getByRole('list', { name: 'New' })).toContainText('new.txt');
  await expect(preview.getByRole('list', { name: 'Deleted' })).toContainText('old.txt');
  // The local edits are in the way: listed, with the option that fixes it.
  await expect(dialog).toContainText('You have uncommitted changes in files the pull would change');
  await expect(dialog.getByRole('button', { name: 'Pull', exact: true })).toBeDisabled();
  // The dry run left everything as it was.
  expect((await gitOk(dir, 'rev-parse', 'HEAD')).trim()).toBe(headBefore);
  expect(fs.existsSync(path.join(dir, 'new.txt'))).toBe(false);
  expect(fs.readFileSync(path.join(dir, 'b.txt'), 'utf8')).toBe(lines('b1', 'b2 mine'));

  await dialog.getByRole('combobox', { name: 'Choice for b.txt' }).selectOption({ label: 'Keep mine' });
  await dialog.getByRole('checkbox', { name: 'Commit my local changes first' }).check();
  await shotBoth(page, shot, 'pull-preview');
  await dialog.getByRole('button', { name: 'Pull', exact: true }).click();
  await expect(dialog).toContainText('Merged the remote changes');
  await shotBoth(page, shot, 'pull-done');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();

  // Remote changes arrived, the local ones were kept (b.txt by choice), and nothing is left uncommitted.
  expect(fs.readFileSync(path.join(dir, 'a.txt'), 'utf8')).toBe(lines('a1 local', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8 remote'));
  expect(fs.readFileSync(path.join(dir, 'b.txt'), 'utf8')).toBe(lines('b1', 'b2 mine'));
  expect(fs.readFileSync(path.join(dir, 'new.txt'), 'utf8')).toBe(lines('new'));
  expect(fs.existsSync(path.join(dir, 'old.txt'))).toBe(false);
  expect((await gitOk(dir, 'status', '--porcelain')).trim()).toBe('');
  const parents = (await gitOk(dir, 'log', '-1', '--format=%P')).trim().split(' ');
  expect(parents).toHaveLength(2);
  expect(await gitOk(dir, 'show', 'HEAD:b.txt')).toBe(lines('b1', 'b2 mine'));
});

test('pull: fast-forward only refuses a merge and offers Merge instead', async ({ page, host }) => {
  const dir = await cloneOf(server, 'ff', { 'a.txt': lines('a'), 'b.txt': lines('b') });
  server.commitToRepo('ff', { 'b.txt': lines('b remote') }, 'Remote');
  writeFile(dir, 'a.txt', lines('a local'));
  await gitOk(dir, '-c', 'user.name=Me', '-c', 'user.email=me@example.com', 'commit', '-qam', 'Local');
  const head = (await gitOk(dir, 'rev-parse', 'HEAD')).trim();
  await openWorkspaceTab(page, host, dir, 'changes');

  await page.getByRole('region', { name: 'Changes' }).getByRole('button', { name: 'Pull…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Pull “ff”' });
  await dialog.getByRole('radio', { name: /^Fast-forward only/ }).check();
  await dialog.getByRole('button', { name: 'Pull', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText('ff-only');
  expect((await gitOk(dir, 'rev-parse', 'HEAD')).trim()).toBe(head);
  await dialog.getByRole('button', { name: 'Use Merge instead' }).click();
  await expect(dialog.getByRole('radio', { name: /^Merge/ })).toBeChecked();
  await dialog.getByRole('button', { name: 'Pull', exact: true }).click();
  await expect(dialog).toContainText('Merged the remote changes');
  expect(fs.readFileSync(path.join(dir, 'b.txt'), 'utf8')).toBe(lines('b remote'));
});
