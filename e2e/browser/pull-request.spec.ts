// The whole connection flow in the UI: add a GitHub Enterprise connection, clone a repository picked
// from its list (through a Git server that only lets the token in), change a file, push it to a new
// branch with a pull request — checked against the stand-in's request log and the bare repository.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, openApp } from '../support/fixtures';
import { cleanupTempDirs, tempDir, writeFile } from '../../test/support/repo';
import { gitOk, startGitServer, type GitServer } from '../../test/support/git-server';
import { startGitHubStandIn, type GitHubStandIn } from '../../test/support/providers/github';

test.afterAll(cleanupTempDirs);

const TOKEN = 'ghp_e2ePullRequestToken00000000000000001';

/**
 * The stand-in names its own address in `clone_url`; a GitHub Enterprise server's clone URLs point
 * at its Git endpoint. This proxy in front of it rewrites them to the Git server (same host, other port).
 */
async function cloneUrlProxy(target: GitHubStandIn, git: GitServer): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'accept-encoding'].includes(k))) as Record<string, string>;
    const upstream = await fetch(`${target.url}${req.url}`, { method: req.method, headers, body: chunks.length > 0 ? Buffer.concat(chunks) : undefined });
    let body = Buffer.from(await upstream.arrayBuffer());
    if (/\/user\/repos$/.test(new URL(req.url ?? '/', 'http://x').pathname) && upstream.ok) {
      const repos = JSON.parse(body.toString('utf8')) as Array<{ full_name: string; clone_url: string }>;
      body = Buffer.from(JSON.stringify(repos.map((r) => ({ ...r, clone_url: git.repoUrl(r.full_name) }))));
    }
    const out: Record<string, string> = {};
    upstream.headers.forEach((v, k) => {
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(k)) out[k] = v;
    });
    res.writeHead(upstream.status, { ...out, 'content-length': String(body.length) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function inBothThemes(page: Page, shot: (name: string) => Promise<void>, name: string): Promise<void> {
  await shot(name);
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(13, 17, 23)');
  await page.waitForTimeout(200); // colour transitions settle
  await shot(`${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(255, 255, 255)');
}

let git: GitServer;
let gh: GitHubStandIn;
let proxy: { url: string; close(): Promise<void> };

test.beforeEach(async () => {
  git = await startGitServer({ auth: { token: TOKEN } });
  git.createBareRepo('acme/widgets', { files: { 'README.md': '# Widgets\n', 'src/widget.txt': 'v1\n' }, branch: 'trunk' });
  gh = await startGitHubStandIn({
    tokens: { [TOKEN]: { login: 'ada' } },
    repos: [
      { owner: 'acme', name: 'widgets', defaultBranch: 'trunk', description: 'Widgets for everyone', updatedAt: '2026-11-01T00:00:00Z', private: true },
      { owner: 'acme', name: 'gadgets', description: 'Not this one', updatedAt: '2025-01-01T00:00:00Z' },
    ],
  });
  proxy = await cloneUrlProxy(gh, git);
});
test.afterEach(async () => {
  await Promise.all([proxy.close(), gh.close(), git.close()]);
});

test('connect to GitHub Enterprise, clone a picked repository, push to a new branch and open a pull request', async ({ page, host, shot }) => {
  const folder = path.join(tempDir('reposync-e2e-pr-'), 'widgets');
  await openApp(page, host);

  // 1. The connection, through the Connections page.
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Connections' }).click();
  const region = page.getByRole('region', { name: 'Connections' });
  await region.getByRole('button', { name: 'Add connection' }).click();
  const add = page.getByRole('dialog', { name: 'Add connection' });
  await add.getByRole('radio', { name: 'GitHub Enterprise' }).check();
  await add.getByRole('textbox', { name: 'API URL' }).fill(`${proxy.url}/api/v3`);
  await add.getByLabel('Token', { exact: true }).fill(TOKEN);
  await add.getByRole('textbox', { name: /Label/ }).fill('Acme GitHub');
  await add.getByRole('button', { name: 'Save connection' }).click();
  await expect(add).toBeHidden();
  await expect(region.getByRole('list', { name: 'Connections' }).getByRole('listitem', { name: 'Acme GitHub' })).toContainText('ada');

  // 2. Setup → clone → pick the repository from the connection's list.
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Workspaces' }).click();
  await page.getByRole('button', { name: 'Add workspace' }).click();
  const setup = page.getByRole('dialog', { name: 'Add workspace' });
  await setup.getByRole('radio', { name: /Clone from a repository/ }).check();
  await setup.getByRole('combobox', { name: 'Connection' }).selectOption({ label: 'Acme GitHub — GitHub Enterprise, ada' });
  const repos = setup.getByRole('list', { name: 'Repositories' });
  await expect(repos.getByRole('button')).toHaveCount(2);
  const widgets = repos.getByRole('button', { name: /acme\/widgets/ });
  await widgets.click();
  await expect(widgets).toHaveAttribute('aria-pressed', 'true');
  await expect(setup.getByRole('textbox', { name: 'Repository URL' })).toHaveValue(git.repoUrl('acme/widgets'));
  await expect(setup.getByRole('textbox', { name: 'Branch' }).or(setup.getByRole('combobox', { name: /Branch/ }))).toHaveValue('trunk');
  await setup.getByRole('textbox', { name: 'Folder' }).fill(folder);
  await setup.getByRole('textbox', { name: 'Author name' }).fill('Ada Lovelace');
  await setup.getByRole('textbox', { name: 'Author e-mail' }).fill('ada@example.com');
  await inBothThemes(page, shot, 'repo-picker');

  git.faults.delayMs = 500; // slow enough to see the progress
  await setup.getByRole('button', { name: 'Clone', exact: true }).click();
  await expect(setup.getByRole('status', { name: 'Clone progress' })).toBeVisible();
  await shot('clone-progress');
  git.faults.delayMs = 0;
  await expect(setup).toBeHidden({ timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'widgets', level: 2 })).toBeVisible();
  expect(fs.readFileSync(path.join(folder, 'src/widget.txt'), 'utf8')).toBe('v1\n');

  // 3. Change a file, push it to a new branch with a pull request.
  writeFile(folder, 'src/widget.txt', 'v2\n');
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await page.getByRole('tab', { name: /Changes/ }).click();
  const changes = page.getByRole('region', { name: 'Changes' });
  await expect(changes.getByRole('list', { name: 'Files to push' }).getByRole('listitem')).toHaveCount(1, { timeout: 15_000 });
  await changes.getByRole('textbox', { name: 'Summary' }).fill('Widget v2');
  await changes.getByRole('checkbox', { name: 'Open a pull request' }).check();
  await changes.getByRole('textbox', { name: 'New branch name' }).fill('feature/widget-v2');
  await changes.getByRole('textbox', { name: 'Pull request title' }).fill('Ship widget v2');
  await changes.getByRole('textbox', { name: 'Pull request description' }).fill('Bumps the widget.\n\n- tested by hand');
  await inBothThemes(page, shot, 'pull-request-form');
  await changes.getByRole('button', { name: 'Push to feature/widget-v2' }).click();

  const pr = `${gh.url}/acme/widgets/pull/1`;
  const result = changes.getByRole('status').filter({ hasText: 'Pull request opened' });
  await expect(result).toBeVisible({ timeout: 30_000 });
  await expect(result.getByRole('link', { name: pr })).toHaveAttribute('href', pr);
  await inBothThemes(page, shot, 'pull-request-result');

  // The provider got exactly what was typed; the branch holds the commit; trunk is untouched.
  const posts = gh.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/repos/acme/widgets/pulls')).map((r) => r.body);
  expect(posts).toEqual([{ head: 'feature/widget-v2', base: 'trunk', title: 'Ship widget v2', body: 'Bumps the widget.\n\n- tested by hand' }]);
  const bare = git.repoDir('acme/widgets');
  expect((await gitOk(bare, 'log', '-1', '--format=%s%n%an <%ae>', 'feature/widget-v2')).trim()).toBe('Widget v2\nAda Lovelace <ada@example.com>');
  expect(await gitOk(bare, 'show', 'feature/widget-v2:src/widget.txt')).toBe('v2\n');
  expect(await gitOk(bare, 'show', 'trunk:src/widget.txt')).toBe('v1\n');
  // The workspace's own branch did not move: nothing offers to push the reviewed commit onto trunk,
  // and the change stays listed until the request is merged and pulled.
  expect((await gitOk(folder, 'rev-parse', 'HEAD')).trim()).toBe((await gitOk(bare, 'rev-parse', 'trunk')).trim());
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect(changes.getByRole('list', { name: 'Files to push' }).getByRole('listitem')).toHaveCount(1, { timeout: 15_000 });
  await expect(changes.getByRole('button', { name: /^Push \d+ commits?$/ })).toHaveCount(0);
  // The token never reached the page.
  await expect(page.locator('body')).not.toContainText(TOKEN);
});
