import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '../support/fixtures';
import { cleanupTempDirs, writeFile } from '../../test/support/repo';
import { gitOk, startGitServer, type GitServer } from '../../test/support/git-server';
import { invoke } from '../support/host';
import { cloneOf, openWorkspaceTab, shotBoth } from './sync-fixtures';

test.afterAll(cleanupTempDirs);

let server: GitServer;
test.beforeEach(async () => {
  server = await startGitServer();
});
test.afterEach(async () => {
  await server.close();
});

test('push: only the checked files are committed and pushed; the rest stays uncommitted', async ({ page, host, shot }) => {
  const dir = await cloneOf(server, 'site', { 'README.md': '# Site\n', 'src/app.js': 'let a = 1;\nlet b = 2;\nlet c = 3;\n', 'src/keep.js': 'keep\n', 'docs/old.md': 'old\n' });
  writeFile(dir, 'src/app.js', 'let a = 1;\nlet b = 20;\nlet c = 3;\nlet d = 4;\n');
  writeFile(dir, 'src/keep.js', 'keep, but not now\n');
  writeFile(dir, 'notes/new file ü.txt', 'hello\n');
  fs.rmSync(path.join(dir, 'docs/old.md'));
  await openWorkspaceTab(page, host, dir, 'changes', { author: false });

  const changes = page.getByRole('region', { name: 'Changes' });
  const list = changes.getByRole('list', { name: 'Files to push' });
  await expect(list.getByRole('listitem')).toHaveCount(4);
  const push = changes.getByRole('button', { name: /^Push \d+ files?$/ });
  // Nothing to describe yet: Push explains why it is disabled.
  await expect(push).toBeDisabled();
  await expect(changes.getByText('Write a summary of your changes.')).toBeVisible();

  await list.getByRole('button', { name: /src\/app\.js/ }).click();
  const diff = changes.getByRole('region', { name: 'Diff of src/app.js' });
  await expect(diff).toContainText('let b = 20;');
  await expect(diff).toContainText('let d = 4;');
  await changes.getByRole('checkbox', { name: 'Include src/keep.js' }).uncheck();
  await expect(changes.getByRole('checkbox', { name: 'Select all files' })).toHaveAttribute('aria-checked', 'mixed');
  await changes.getByRole('textbox', { name: 'Summary' }).fill('Raise b and add d');
  await changes.getByRole('textbox', { name: 'Description' }).fill('Also drop the old doc and add a note.');
  await changes.getByRole('textbox', { name: 'Author name' }).fill('Ada Lovelace');
  await changes.getByRole('textbox', { name: 'Author e-mail' }).fill('ada@example.com');
  await expect(push).toHaveText('Push 3 files');
  await expect(push).toBeEnabled();
  await shotBoth(page, shot, 'changes');

  // Split layout of the same diff.
  await changes.getByRole('button', { name: 'Split' }).click();
  await expect(changes.getByRole('button', { name: 'Split' })).toHaveAttribute('aria-pressed', 'true');
  await shot('changes-split');
  await changes.getByRole('button', { name: 'Unified' }).click();

  await push.click();
  const toasts = page.getByRole('status', { name: 'Notifications' });
  await expect(toasts).toContainText('Pushed to main');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('checkbox', { name: 'Include src/keep.js' })).not.toBeChecked();
  await shot('changes-after-push');

  // The bare repository got exactly the three chosen files, with the message and author given.
  const bare = server.repoDir('site');
  const stat = await gitOk(bare, 'log', '-1', '--name-status', '--format=%an <%ae>%n%s%n%b');
  expect(stat).toContain('Ada Lovelace <ada@example.com>');
  expect(stat).toContain('Raise b and add d');
  expect(stat).toContain('Also drop the old doc and add a note.');
  const names = (await gitOk(bare, '-c', 'core.quotepath=off', 'log', '-1', '--name-status', '--format=')).trim().split('\n').sort();
  expect(names).toEqual(['A\tnotes/new file ü.txt', 'D\tdocs/old.md', 'M\tsrc/app.js']);
  expect(await gitOk(bare, 'show', 'HEAD:src/app.js')).toBe('let a = 1;\nlet b = 20;\nlet c = 3;\nlet d = 4;\n');
  // The unchecked change is still only on disk.
  expect((await gitOk(dir, 'status', '--porcelain')).trim()).toBe('M src/keep.js');
  expect(fs.readFileSync(path.join(dir, 'src/keep.js'), 'utf8')).toBe('keep, but not now\n');
  // The author was remembered for the workspace.
  await expect(changes.getByText('Committing as')).toContainText('Ada Lovelace');
});

test('push refused by new remote commits: a clear message and Pull first', async ({ page, host, shot }) => {
  const dir = await cloneOf(server, 'team', { 'a.txt': 'a\n', 'b.txt': 'b\n' });
  server.commitToRepo('team', { 'b.txt': 'b from a colleague\n' }, 'Colleague edits b');
  writeFile(dir, 'a.txt', 'a, mine\n');
  await openWorkspaceTab(page, host, dir, 'changes');

  const changes = page.getByRole('region', { name: 'Changes' });
  await changes.getByRole('textbox', { name: 'Summary' }).fill('Edit a');
  await changes.getByRole('button', { name: 'Push 1 file' }).click();
  const alert = changes.getByRole('alert');
  await expect(alert).toContainText('The remote has new commits.');
  await expect(alert).toContainText('1 commit ahead of you');
  await shotBoth(page, shot, 'push-refused');

  await alert.getByRole('button', { name: 'Pull first' }).click();
  const dialog = page.getByRole('dialog', { name: /^Pull/ });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Pull', exact: true }).click();
  await expect(dialog).toContainText('Merged the remote changes');
  await dialog.getByRole('button', { name: 'Done' }).click();

  // The commit made by the refused push is still here and now goes out.
  await changes.getByRole('button', { name: /^Push \d commits?$/ }).click();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('Pushed to main');
  const bare = server.repoDir('team');
  expect(await gitOk(bare, 'show', 'HEAD:a.txt')).toBe('a, mine\n');
  expect(await gitOk(bare, 'show', 'HEAD:b.txt')).toBe('b from a colleague\n');
  expect((await gitOk(bare, 'log', '-1', '--format=%P')).trim().split(' ')).toHaveLength(2);
});

test('promote: an environment branch moves to the pushed version after a from → to confirmation', async ({ page, host, shot }) => {
  const dir = await cloneOf(server, 'app', { 'index.html': '<h1>v1</h1>\n' });
  await gitOk(server.repoDir('app'), 'branch', 'staging');
  const wsId = await openWorkspaceTab(page, host, dir, 'changes');
  // Environments are a workspace setting; set them as the settings dialog would.
  await invoke(host, 'workspaces.update', { workspaceId: wsId, environments: ['staging', 'production'] });

  writeFile(dir, 'index.html', '<h1>v2</h1>\n');
  const changes = page.getByRole('region', { name: 'Changes' });
  await changes.getByRole('textbox', { name: 'Summary' }).fill('Version 2');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await changes.getByRole('button', { name: 'Push 1 file' }).click();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('Pushed to main');
  const main = (await gitOk(server.repoDir('app'), 'rev-parse', 'main')).trim();

  await changes.getByRole('button', { name: 'Promote…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Promote' });
  await expect(dialog.getByRole('combobox', { name: 'Environment' })).toHaveValue('staging');
  await expect(dialog.getByRole('textbox', { name: 'Version to promote' })).toHaveValue('main');
  await shotBoth(page, shot, 'promote-dialog');
  await dialog.getByRole('button', { name: 'Promote…' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Promote to staging?' });
  await expect(confirm).toContainText('staging');
  await expect(confirm).toContainText('main');
  await shotBoth(page, shot, 'promote-confirm');
  await confirm.getByRole('button', { name: 'Confirm promote' }).click();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('Promoted to staging');
  expect((await gitOk(server.repoDir('app'), 'rev-parse', 'staging')).trim()).toBe(main);
});
