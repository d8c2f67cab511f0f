import path from 'node:path';
import { test, expect, openApp } from '../support/fixtures';
import { invoke, type RunningHost } from '../support/host';
import { cleanupTempDirs, tempDir } from '../../test/support/repo';
import { startGitServer, type GitServer } from '../../test/support/git-server';

test.afterAll(cleanupTempDirs);

let server: GitServer;
test.beforeEach(async () => {
  server = await startGitServer();
  server.createBareRepo('site');
});
test.afterEach(async () => {
  await server.close();
});


async function cloneViaApi(host: RunningHost): Promise<void> {
  const folder = path.join(tempDir('reposync-e2e-ops-'), 'site');
  const { operationId } = await invoke<{ operationId: string }>(host, 'workspaces.clone', { url: server.repoUrl('site'), folder });
  await expect.poll(async () => (await invoke<{ status: string }>(host, 'operations.get', { operationId })).status).toBe('succeeded');
}

test('operations: finished ones with their outcome, a running one with progress and Cancel, a failure with its error', async ({ page, host, shot }) => {
  await cloneViaApi(host);
  await openApp(page, host);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Operations' }).click();
  await expect(page).toHaveURL(/#\/operations$/);
  const region = page.getByRole('region', { name: 'Operations' });
  const recent = region.getByRole('list', { name: 'Recent' });
  const clone = recent.getByRole('listitem').filter({ hasText: /^Clone / });
  await expect(clone).toContainText('Done');
  await expect(clone).toContainText('site');
  await expect(region).toContainText('Nothing is running.');
  await shot('finished');

  // A fetch against a server that hangs: it runs (top bar and page) until cancelled.
  server.faults.hangMs = 60_000;
  await page.getByRole('navigation', { name: 'Workspaces' }).getByRole('button', { name: 'site' }).click();
  const workspace = page.getByRole('article', { name: 'site' });
  await expect(workspace).toBeVisible();
  const [ws] = await invoke<{ id: string }[]>(host, 'workspaces.list', {});
  await invoke(host, 'sync.fetch', { workspaceId: ws!.id });
  await expect(page.getByRole('button', { name: 'Operations: 1 running' })).toBeVisible();
  await expect(workspace.getByRole('status', { name: /^Fetch site/ })).toBeVisible();

  // Pull waits while the workspace is busy; the top bar's indicator leads to the Operations page.
  await expect(workspace.getByRole('button', { name: 'Pull', exact: true })).toHaveAttribute('aria-disabled', 'true');
  await expect(workspace.locator('.badge').filter({ hasText: 'Fetching' })).toBeVisible();
  await shot('workspace-busy');
  await page.getByRole('button', { name: 'Operations: 1 running' }).click();
  const running = region.getByRole('list', { name: 'Running' });
  const fetchRow = running.getByRole('listitem').filter({ hasText: 'Fetch site' });
  await expect(fetchRow).toContainText('Running');
  await expect(fetchRow.getByRole('progressbar', { name: 'Fetch site progress' })).toBeVisible();
  await shot('running');
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(13, 17, 23)');
  await shot('running-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(255, 255, 255)');
  await fetchRow.getByRole('button', { name: 'Cancel Fetch site' }).click();
  await expect(recent.getByRole('listitem').filter({ hasText: 'Fetch site' }).first()).toContainText('Cancelled', { timeout: 15_000 });
  await expect(region).toContainText('Nothing is running.');
  server.faults.hangMs = 0;

  // A failed fetch (the server answers 500) lists its error; the toast says it too.
  server.faults.status500 = true;
  await page.getByRole('navigation', { name: 'Workspaces' }).getByRole('button', { name: 'site' }).click();
  await invoke(host, 'sync.fetch', { workspaceId: ws!.id });
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Operations' }).click();
  const failed = recent.getByRole('listitem').filter({ hasText: 'Failed' });
  await expect(failed).toHaveCount(1, { timeout: 15_000 });
  await expect(failed.locator('.op-error')).not.toBeEmpty();
  await shot('failed');
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(13, 17, 23)');
  await shot('failed-dark');
});
