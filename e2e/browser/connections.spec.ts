import fs from 'node:fs';
import { test, expect, openApp } from '../support/fixtures';
import { invoke, type RunningHost } from '../support/host';
import { cleanupTempDirs, makeRepo } from '../../test/support/repo';
import { startGitServer, type GitServer } from '../../test/support/git-server';

test.afterAll(cleanupTempDirs);

const TOKEN = 'rs-token-0123456789abcdef';
let server: GitServer;
test.beforeEach(async () => {
  server = await startGitServer({ auth: { username: 'ada', token: TOKEN } });
  server.createBareRepo('team-site');
});
test.afterEach(async () => {
  await server.close();
});


test('a plain HTTPS Git connection: a wrong token is refused under its field, the right one is saved, tested and deleted', async ({ page, host, shot }) => {
  await openApp(page, host);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Connections' }).click();
  await expect(page).toHaveURL(/#\/connections$/);
  const region = page.getByRole('region', { name: 'Connections' });
  await expect(region.getByText('No connections yet')).toBeVisible();
  await expect(region).toContainText('Encrypted file (weaker than an OS keychain)');
  await shot('empty');

  await region.getByRole('button', { name: 'Add connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add connection' });
  await dialog.getByRole('radio', { name: 'Plain HTTPS Git' }).check();
  await dialog.getByRole('textbox', { name: 'Repository URL' }).fill(server.repoUrl('team-site'));
  await dialog.getByRole('textbox', { name: 'User name' }).fill('ada');
  const token = dialog.getByLabel('Token', { exact: true });
  await token.fill('wrong-token');
  await dialog.getByRole('button', { name: 'Save connection' }).click();

  // The refusal sits under the token field; the secret is gone from the page; nothing was saved.
  await expect(token).toHaveAttribute('aria-invalid', 'true');
  const describedBy = (await token.getAttribute('aria-describedby')) ?? '';
  const error = page.locator(`[id="${describedBy.split(' ')[0]}"]`);
  await expect(error).toHaveClass(/field-error/);
  await expect(error).not.toBeEmpty();
  await expect(token).toHaveValue('');
  await expect(token).toHaveAttribute('type', 'password');
  expect(await invoke<unknown[]>(host, 'connections.list', {})).toEqual([]);
  await shot('wrong-token');
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(13, 17, 23)');
  await shot('wrong-token-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(255, 255, 255)');

  await token.fill(TOKEN);
  await dialog.getByRole('textbox', { name: /Label/ }).fill('Team Git');
  await dialog.getByRole('button', { name: 'Save connection' }).click();
  await expect(dialog).toBeHidden();
  const list = region.getByRole('list', { name: 'Connections' });
  const card = list.getByRole('listitem', { name: 'Team Git' });
  await expect(card).toContainText('Plain HTTPS Git');
  await expect(card).toContainText('ada');
  await expect(card).toContainText(server.repoUrl('team-site'));
  // The token never comes back to the page.
  await expect(page.locator('body')).not.toContainText(TOKEN);

  await card.getByRole('button', { name: 'Test Team Git' }).click();
  await expect(card.getByRole('status', { name: 'Test result for Team Git' })).toContainText('Works: signed in as ada');
  await shot('listed-and-tested');
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(13, 17, 23)');
  await shot('listed-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(255, 255, 255)');

  // A workspace that uses it is named in the confirmation, and forgotten; its folder stays.
  const [saved] = await invoke<{ id: string }[]>(host, 'connections.list', {});
  const folder = makeRepo();
  const ws = await invoke<{ id: string; name: string }>(host, 'workspaces.add', { path: folder, name: 'Team site', connectionId: saved!.id });
  await expect(card).toContainText('Used by 1 workspace');
  await card.getByRole('button', { name: 'Delete Team Git' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete “Team Git”?' });
  await expect(confirm.getByRole('list', { name: 'Workspaces that will be forgotten' })).toContainText('Team site');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await shot('delete-confirm');
  await confirm.getByRole('button', { name: 'Confirm delete' }).click();
  await expect(confirm).toBeHidden();
  await expect(region.getByText('No connections yet')).toBeVisible();
  expect(await invoke<unknown[]>(host, 'connections.list', {})).toEqual([]);
  const left = await invoke<{ id: string }[]>(host, 'workspaces.list', {});
  expect(left.map((w) => w.id)).not.toContain(ws.id);
  expect(fs.existsSync(`${folder}/.git`)).toBe(true);
  await expect(page.getByRole('navigation', { name: 'Workspaces' }).getByRole('button', { name: 'Team site' })).toHaveCount(0);
});

test('every provider shows its own fields', async ({ page, host, shot }) => {
  await openApp(page, host);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Connections' }).click();
  await page.getByRole('button', { name: 'Add connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add connection' });
  await expect(dialog.getByLabel('Token', { exact: true })).toBeVisible();
  await dialog.getByRole('radio', { name: 'GitHub Enterprise' }).check();
  await expect(dialog.getByRole('textbox', { name: 'API URL' })).toBeVisible();
  await dialog.getByRole('radio', { name: 'GitHub App' }).check();
  await expect(dialog.getByRole('textbox', { name: 'App ID' })).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: 'Private key' })).toBeVisible();
  await shot('github-app');
  await dialog.getByRole('radio', { name: 'GitLab' }).check();
  await expect(dialog.getByRole('textbox', { name: /Server URL/ })).toBeVisible();
  // A missing required field is caught before anything is sent.
  await dialog.getByRole('radio', { name: 'Gitea' }).check();
  await dialog.getByRole('button', { name: 'Save connection' }).click();
  await expect(dialog.getByRole('textbox', { name: 'Server URL' })).toHaveAttribute('aria-invalid', 'true');
  await shot('gitea-required');
});
