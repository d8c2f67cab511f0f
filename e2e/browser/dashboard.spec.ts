import path from 'node:path';
import { test, expect, openApp } from '../support/fixtures';
import { invoke, type RunningHost } from '../support/host';
import { cleanupTempDirs, tempDir, writeFile } from '../../test/support/repo';
import { gitOk, startGitServer, type GitServer } from '../../test/support/git-server';

test.afterAll(cleanupTempDirs);

let server: GitServer;
test.beforeEach(async () => {
  server = await startGitServer();
});
test.afterEach(async () => {
  await server.close();
});


/** A clone of a fresh repository on the server, made by the git CLI (async: the server is in this process). */
async function cloneOf(name: string): Promise<string> {
  server.createBareRepo(name, { files: { 'README.md': `# ${name}\n`, 'src/index.txt': 'one\n' } });
  const dir = path.join(tempDir('reposync-e2e-dash-'), name);
  await gitOk(path.dirname(dir), 'clone', '-q', server.repoUrl(name), dir);
  return dir;
}

test('dashboard: workspaces in two groups with status, group filter, pull and push', async ({ page, host, shot }) => {
  const site = await cloneOf('site');
  const docs = await cloneOf('docs');
  const api = await cloneOf('api');
  const notes = await cloneOf('notes');
  // docs: one local change; api: one commit behind its remote; notes: no group.
  writeFile(docs, 'README.md', '# docs, edited\n');
  const newOid = server.commitToRepo('api', { 'CHANGELOG.md': 'v2\n' }, 'Add changelog');
  await gitOk(api, 'fetch', '-q');

  const ids: Record<string, string> = {};
  for (const [dir, group] of [[site, 'Work'], [docs, 'Work'], [api, 'Clients'], [notes, null]] as const) {
    // api has no author yet: its pull shows the "Set author" fix below.
    const author = dir === api ? {} : { author: { name: 'Ada Lovelace', email: 'ada@example.com' } };
    const ws = await invoke<{ id: string }>(host, 'workspaces.add', { path: dir, ...author, ...(group ? { group } : {}) });
    ids[path.basename(dir)] = ws.id;
  }

  await openApp(page, host);
  const dashboard = page.getByRole('region', { name: 'Workspaces' });
  await expect(dashboard.getByRole('heading', { name: 'Workspaces', level: 2 })).toBeVisible();
  const row = (name: string) => dashboard.getByRole('listitem').filter({ has: page.getByRole('button', { name, exact: true }) });
  await expect(row('site')).toContainText('In sync');
  await expect(row('docs')).toContainText('1 change');
  await expect(row('api')).toContainText('Behind 1');
  await expect(row('notes')).toContainText('In sync');
  await expect(dashboard.getByRole('heading', { name: 'Work', level: 3 })).toBeVisible();
  await expect(dashboard.getByRole('heading', { name: 'Clients', level: 3 })).toBeVisible();
  await expect(row('site')).toContainText('main');
  await shot('dashboard-light');
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(13, 17, 23)');
  await shot('dashboard-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(255, 255, 255)');

  // The group filter shows one group only.
  const filter = dashboard.getByRole('combobox', { name: 'Group' });
  await filter.selectOption({ label: 'Work' });
  await expect(dashboard.getByRole('listitem')).toHaveCount(2);
  await expect(row('api')).toHaveCount(0);
  await shot('dashboard-filtered');
  // One bulk pull for the whole group (sync.bulkPull), summed up in one toast.
  const workNew = server.commitToRepo('site', { 'news.md': 'hello\n' }, 'Add news');
  await dashboard.getByRole('button', { name: 'Pull all in group' }).click();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(/finished/);
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('1 updated');
  expect((await gitOk(site, 'log', '-1', '--format=%H')).trim()).toBe(workNew);
  await expect(row('site')).toContainText('In sync');
  await shot('dashboard-group-pulled');
  await page.getByRole('status', { name: 'Notifications' }).getByRole('button', { name: 'Dismiss' }).first().click();
  await filter.selectOption({ label: 'No group' });
  await expect(dashboard.getByRole('listitem')).toHaveCount(1);
  await expect(row('notes')).toBeVisible();
  await filter.selectOption({ label: 'All groups' });
  await expect(dashboard.getByRole('listitem')).toHaveCount(4);

  // A pull needs an author for a possible merge commit: the error toast offers the fix.
  const toasts = page.getByRole('status', { name: 'Notifications' });
  await dashboard.getByRole('button', { name: 'Pull api' }).click();
  await expect(toasts).toContainText('has no author');
  await shot('pull-needs-author');
  await toasts.getByRole('button', { name: 'Set author' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings of “api”' });
  await expect(settings.getByRole('textbox', { name: 'Author name' })).toBeFocused();
  await settings.getByRole('textbox', { name: 'Author name' }).fill('Ada Lovelace');
  await settings.getByRole('textbox', { name: 'Author e-mail' }).fill('ada@example.com');
  await shot('workspace-settings');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings).toBeHidden();
  await toasts.getByRole('button', { name: 'Dismiss' }).first().click();

  // Pull brings the remote's commit into the folder; the badge follows.
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Workspaces' }).click();
  await dashboard.getByRole('button', { name: 'Pull api' }).click();
  await expect(toasts).toContainText('Pulled');
  await expect(row('api')).toContainText('In sync');
  await expect(row('api')).toContainText(/Synced/);
  expect((await gitOk(api, 'log', '-1', '--format=%H')).trim()).toBe(newOid);
  expect((await gitOk(api, 'status', '--porcelain')).trim()).toBe('');
  await shot('dashboard-after-pull');

  // Push opens the workspace's Changes tab; the address keeps the place across a reload.
  await dashboard.getByRole('button', { name: 'Push docs' }).click();
  await expect(page).toHaveURL(new RegExp(`#/workspaces/${ids.docs}/changes$`));
  await expect(page.getByRole('tab', { name: 'Changes' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('tab', { name: 'Changes' }).press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'History' })).toBeFocused();
  await expect(page).toHaveURL(new RegExp(`#/workspaces/${ids.docs}/history$`));
  await page.reload();
  await expect(page.getByRole('heading', { name: 'docs', level: 2 })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'History' })).toHaveAttribute('aria-selected', 'true');
  await shot('workspace-history-tab');
  await page.goBack();
  await expect(page.getByRole('tab', { name: 'Changes' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Workspaces' }).click();
  await expect(page).toHaveURL(host.origin + '/');
  await expect(dashboard).toBeVisible();

  // Settings: automatic fetch per workspace, kept across a reload (this window's own timer).
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Settings' }).click();
  const settingsPage = page.getByRole('region', { name: 'Settings' });
  await settingsPage.getByRole('combobox', { name: 'Fetch docs automatically' }).selectOption({ label: 'Every 5 minutes' });
  await expect(settingsPage.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'System' })).toBeChecked();
  await expect(settingsPage).toContainText('weaker than an OS keychain');
  await page.reload();
  await expect(settingsPage.getByRole('combobox', { name: 'Fetch docs automatically' })).toHaveValue('5');
  await shot('settings-light');
  await settingsPage.getByRole('radio', { name: 'Dark' }).check();
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(13, 17, 23)');
  await shot('settings-dark');
});

test('the first run teaches the first steps', async ({ page, host, shot }) => {
  await openApp(page, host);
  await expect(page.getByRole('heading', { name: 'Add your first workspace' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add a connection' })).toBeVisible();
  await shot('empty-light');
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(13, 17, 23)');
  await shot('empty-dark');
});
