import fs from 'node:fs';
import path from 'node:path';
import { test, expect, openApp } from '../support/fixtures';
import { gitCli, makeRepo, writeFile, cleanupTempDirs } from '../../test/support/repo';

test.afterAll(cleanupTempDirs);

test('add a workspace, see its changed files, remove it — the folder stays', async ({ page, host, shot }) => {
  const dir = makeRepo({ 'README.md': '# Site\n', 'src/app.js': 'console.log(1)\n', 'docs/old.md': 'old\n' });
  writeFile(dir, 'src/app.js', 'console.log(2)\n');
  fs.rmSync(path.join(dir, 'docs/old.md'));
  writeFile(dir, 'notes.txt', 'todo\n');
  const before = gitCli(dir, 'status', '--porcelain');

  await openApp(page, host);
  await expect(page).toHaveURL(host.origin + '/');
  await expect(page.getByRole('heading', { name: 'Add your first workspace' })).toBeVisible();
  await shot('empty');

  await page.getByRole('button', { name: 'Add workspace' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add workspace' });
  await dialog.getByRole('textbox', { name: 'Folder' }).fill(dir);
  await shot('add-dialog');
  await dialog.getByRole('button', { name: 'Add workspace' }).click();
  await expect(dialog).toBeHidden();

  const name = path.basename(dir);
  await expect(page.getByRole('navigation', { name: 'Workspaces' }).getByRole('button', { name })).toBeVisible();
  const files = page.getByRole('list', { name: 'Changed files' });
  await expect(files.getByRole('listitem')).toHaveCount(3);
  await expect(files.getByRole('listitem').filter({ hasText: 'src/app.js' })).toContainText('Modified');
  await expect(files.getByRole('listitem').filter({ hasText: 'docs/old.md' })).toContainText('Deleted');
  await expect(files.getByRole('listitem').filter({ hasText: 'notes.txt' })).toContainText('Untracked');
  await expect(page.getByText('initial commit')).toBeVisible();
  await shot('detail');

  // A change made outside the app shows up on Refresh.
  writeFile(dir, 'README.md', '# Site, edited\n');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(files.getByRole('listitem')).toHaveCount(4);

  await page.getByRole('button', { name: 'Remove workspace…' }).click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText(name);
  await shot('remove-confirm');
  await confirm.getByRole('button', { name: 'Confirm remove' }).click();
  await expect(page.getByRole('heading', { name: 'Add your first workspace' })).toBeVisible();

  // Reposync forgot the workspace; the folder, its .git and its edits are untouched.
  expect(fs.existsSync(path.join(dir, '.git'))).toBe(true);
  expect(gitCli(dir, 'status', '--porcelain')).not.toBe(before); // README edit above is still there
  expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('# Site, edited\n');
});

test('a folder that is not a repository gets a clear message and nothing is added', async ({ page, host, shot }) => {
  const plain = fs.mkdtempSync(path.join(host.home, 'plain-'));
  await openApp(page, host);
  await page.getByRole('button', { name: 'Add workspace' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add workspace' });
  await dialog.getByRole('textbox', { name: 'Folder' }).fill(plain);
  await dialog.getByRole('button', { name: 'Add workspace' }).click();
  await expect(dialog.getByText(/not a Git repository/)).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: 'Folder' })).toHaveAttribute('aria-invalid', 'true');
  await shot('not-a-repo');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('heading', { name: 'Add your first workspace' })).toBeVisible();
});

test('workspaces persist across a host restart', async ({ page, host }) => {
  const dir = makeRepo();
  await openApp(page, host);
  await page.getByRole('button', { name: 'Add workspace' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add workspace' });
  await dialog.getByRole('textbox', { name: 'Folder' }).fill(dir);
  await dialog.getByRole('button', { name: 'Add workspace' }).click();
  await expect(dialog).toBeHidden();
  await host.stop();

  const { startHost } = await import('../support/host');
  const again = await startHost({ home: host.home });
  try {
    await openApp(page, again);
    await expect(page.getByRole('navigation', { name: 'Workspaces' }).getByRole('button', { name: path.basename(dir) })).toBeVisible();
  } finally {
    await again.stop();
  }
});

test('the host refuses requests without the token and from foreign origins', async ({ host, browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const res = await page.goto(host.origin + '/');
  expect(res?.status()).toBe(401);
  const wrong = await page.goto(host.origin + '/?token=' + 'f'.repeat(64));
  expect(wrong?.status()).toBe(401);
  await context.close();

  const api = await fetch(host.origin + '/api/invoke', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ channel: 'workspaces.list', input: {} }),
  });
  expect(api.status).toBe(401);
  const foreign = await fetch(host.origin + '/api/invoke', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}`, origin: 'http://evil.example' },
    body: JSON.stringify({ channel: 'workspaces.list', input: {} }),
  });
  expect(foreign.status).toBe(403);
  const ok = await fetch(host.origin + '/api/invoke', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}` },
    body: JSON.stringify({ channel: 'workspaces.list', input: {} }),
  });
  expect(await ok.json()).toEqual({ ok: true, value: [] });
});

test('two hosts side by side in one browser stay logged in to each', async ({ page, host, context }) => {
  const { startHost } = await import('../support/host');
  const other = await startHost();
  try {
    await openApp(page, host);
    const second = await context.newPage();
    await openApp(second, other);
    // Cookies are shared across ports; each host's own cookie keeps the first tab working.
    await page.reload();
    await expect(page.getByRole('status', { name: 'Connection' })).toContainText('Connected');
    await second.reload();
    await expect(second.getByRole('status', { name: 'Connection' })).toContainText('Connected');
  } finally {
    await other.stop();
    fs.rmSync(other.home, { recursive: true, force: true });
  }
});
