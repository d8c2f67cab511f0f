import fs from 'node:fs';
import path from 'node:path';
import { test, expect, openApp } from '../support/fixtures';
import { cleanupTempDirs, tempDir } from '../../test/support/repo';
import { gitOk, startGitServer, type GitServer } from '../../test/support/git-server';

test.afterAll(cleanupTempDirs);

let server: GitServer;
test.beforeEach(async () => {
  server = await startGitServer();
  const files: Record<string, string> = { 'README.md': '# Site\n' };
  for (let i = 0; i < 40; i++) files[`pages/page-${i}.md`] = `# Page ${i}\n\n${'Lorem ipsum dolor sit amet. '.repeat(40)}\n`;
  server.createBareRepo('site', { files, branch: 'main' });
  server.commitToRepo('site', { 'CHANGELOG.md': 'v1\n' }, 'Add changelog');
});
test.afterEach(async () => {
  await server.close();
});

test('clone a repository into a new folder with progress; the workspace opens', async ({ page, host, shot }) => {
  const folder = path.join(tempDir('reposync-e2e-clone-'), 'my site');
  await openApp(page, host);
  await page.getByRole('button', { name: 'Add workspace' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add workspace' });
  await dialog.getByRole('radio', { name: /Clone from a repository/ }).check();
  await dialog.getByRole('textbox', { name: 'Repository URL' }).fill(server.repoUrl('site'));
  await dialog.getByRole('button', { name: 'Test', exact: true }).click();
  const result = dialog.getByRole('status', { name: 'Test result' });
  await expect(result).toContainText('Reachable');
  await expect(result).toContainText('main');
  await expect(result).toContainText(/\d+ ms/);
  // With the remote's branches known, the branch field offers them (an input with a list is a combobox).
  await expect(dialog.getByRole('combobox', { name: /Branch/ })).toHaveValue('main');
  await dialog.getByRole('textbox', { name: 'Folder' }).fill(folder);
  await dialog.getByRole('textbox', { name: 'Group' }).fill('Sites');
  await dialog.getByRole('textbox', { name: 'Author name' }).fill('Ada Lovelace');
  await dialog.getByRole('textbox', { name: 'Author e-mail' }).fill('ada@example.com');
  await shot('clone-form');
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(13, 17, 23)');
  await shot('clone-form-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(255, 255, 255)');

  // Slow the server so the progress can be seen.
  server.faults.delayMs = 700;
  await dialog.getByRole('button', { name: 'Clone', exact: true }).click();
  const progress = dialog.getByRole('status', { name: 'Clone progress' });
  await expect(progress).toBeVisible();
  await expect(progress.getByRole('progressbar', { name: 'Cloning' })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel clone' })).toBeVisible();
  await shot('clone-progress');
  server.faults.delayMs = 0;

  // Success opens the new workspace.
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'my site', level: 2 })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Overview' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByText('No changes. The folder matches the last commit.')).toBeVisible();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('Repository cloned');
  await shot('cloned-workspace');

  // Native git agrees: the full history is there and the tree is clean.
  const log = await gitOk(folder, 'log', '--format=%s');
  expect(log.trim().split('\n')).toEqual(['Add changelog', 'initial commit']);
  expect((await gitOk(folder, 'status', '--porcelain')).trim()).toBe('');
  expect((await gitOk(folder, 'rev-parse', '--abbrev-ref', 'HEAD')).trim()).toBe('main');
  expect(fs.readFileSync(path.join(folder, 'pages/page-7.md'), 'utf8')).toContain('# Page 7');
});

test('cancel a clone: it says "cancelled" and leaves no folder behind', async ({ page, host, shot }) => {
  const folder = path.join(tempDir('reposync-e2e-cancel-'), 'never');
  await openApp(page, host);
  await page.getByRole('button', { name: 'Add workspace' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add workspace' });
  await dialog.getByRole('radio', { name: /Clone from a repository/ }).check();
  await dialog.getByRole('textbox', { name: 'Repository URL' }).fill(server.repoUrl('site'));
  await dialog.getByRole('textbox', { name: 'Folder' }).fill(folder);

  // The server accepts the request and then says nothing: the clone waits until cancelled.
  server.faults.hangMs = 60_000;
  await dialog.getByRole('button', { name: 'Clone', exact: true }).click();
  await expect(dialog.getByRole('status', { name: 'Clone progress' })).toBeVisible();
  // The top bar counts it while it runs (behind the modal dialog, so out of the accessibility tree).
  await expect(page.locator('.ops-indicator')).toHaveAttribute('aria-label', 'Operations: 1 running');
  await dialog.getByRole('button', { name: 'Cancel clone' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'Clone cancelled.' })).toBeVisible({ timeout: 15_000 });
  await expect(dialog.getByRole('button', { name: 'Clone', exact: true })).toBeVisible();
  await shot('clone-cancelled');
  server.faults.hangMs = 0;

  expect(fs.existsSync(folder)).toBe(false);
  expect(fs.readdirSync(path.dirname(folder))).toEqual([]);
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Add your first workspace' })).toBeVisible();
});

test('a folder that is not empty is refused under the folder field', async ({ page, host }) => {
  const folder = tempDir('reposync-e2e-full-');
  fs.writeFileSync(path.join(folder, 'keep.txt'), 'mine\n');
  await openApp(page, host);
  await page.getByRole('button', { name: 'Add workspace' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add workspace' });
  await dialog.getByRole('radio', { name: /Clone from a repository/ }).check();
  await dialog.getByRole('textbox', { name: 'Repository URL' }).fill(server.repoUrl('site'));
  await dialog.getByRole('textbox', { name: 'Folder' }).fill(folder);
  await dialog.getByRole('button', { name: 'Clone', exact: true }).click();
  await expect(dialog.getByRole('textbox', { name: 'Folder' })).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByText(/is not empty/)).toBeVisible();
  expect(fs.readdirSync(folder)).toEqual(['keep.txt']);
});
