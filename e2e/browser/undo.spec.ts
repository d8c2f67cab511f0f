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

test('undo last sync: after a pull, the previous files and commit come back', async ({ page, host, shot }) => {
  const dir = await cloneOf(server, 'notes', { 'a.txt': 'a\n', 'gone.txt': 'will be deleted remotely\n', 'mine.txt': 'mine\n' });
  server.commitToRepo('notes', { 'a.txt': 'a, remote\n', 'b.txt': 'new remote file\n', 'gone.txt': null }, 'Remote changes');
  writeFile(dir, 'mine.txt', 'mine, edited and not committed\n');
  const files = ['a.txt', 'gone.txt', 'mine.txt', 'b.txt'];
  const snapshot = () => Object.fromEntries(files.map((f) => [f, fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf8') : null]));
  const before = { files: snapshot(), head: (await gitOk(dir, 'rev-parse', 'HEAD')).trim() };
  await openWorkspaceTab(page, host, dir, 'changes');

  const changes = page.getByRole('region', { name: 'Changes' });
  await changes.getByRole('button', { name: 'Pull…' }).click();
  const pull = page.getByRole('dialog', { name: 'Pull “notes”' });
  await pull.getByRole('button', { name: 'Pull', exact: true }).click();
  await expect(pull).toContainText('1 file updated, 1 file created, 1 file deleted');
  await pull.getByRole('button', { name: 'Done' }).click();
  expect(fs.readFileSync(path.join(dir, 'a.txt'), 'utf8')).toBe('a, remote\n');
  expect(fs.existsSync(path.join(dir, 'gone.txt'))).toBe(false);

  await changes.getByRole('button', { name: 'Undo last sync…' }).click();
  const undo = page.getByRole('alertdialog', { name: 'Undo last sync' });
  await expect(undo.getByRole('radio', { name: /Before a pull/ })).toBeChecked();
  await expect(undo).toContainText('This will restore');
  await expect(undo).toContainText(before.head.slice(0, 7));
  await shotBoth(page, shot, 'undo-dialog');
  await undo.getByRole('button', { name: 'Restore backup' }).click();
  await expect(undo).toBeHidden();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('Sync undone');

  expect(snapshot()).toEqual(before.files);
  expect((await gitOk(dir, 'rev-parse', 'HEAD')).trim()).toBe(before.head);
  expect((await gitOk(dir, 'status', '--porcelain')).trim()).toBe('M mine.txt');
  await shotBoth(page, shot, 'after-undo');
});

test('undo with nothing to undo says so', async ({ page, host }) => {
  const dir = await cloneOf(server, 'fresh', { 'a.txt': 'a\n' });
  await openWorkspaceTab(page, host, dir, 'changes');
  await page.getByRole('region', { name: 'Changes' }).getByRole('button', { name: 'Undo last sync…' }).click();
  const undo = page.getByRole('alertdialog', { name: 'Undo last sync' });
  await expect(undo).toContainText('There is nothing to undo yet');
  await expect(undo.getByRole('button', { name: 'Restore backup' })).toBeDisabled();
});
