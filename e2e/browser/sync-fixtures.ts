import path from 'node:path';
import type { Page } from '@playwright/test';
import { invoke, type RunningHost } from '../support/host';
import { tempDir } from '../../test/support/repo';
import { gitOk, type GitServer } from '../../test/support/git-server';


/** A git CLI clone of a new repository on the server (async: the server runs in this process). */
export async function cloneOf(server: GitServer, name: string, files: Record<string, string>): Promise<string> {
  server.createBareRepo(name, { files });
  const dir = path.join(tempDir('reposync-e2e-sync-'), name);
  await gitOk(path.dirname(dir), 'clone', '-q', server.repoUrl(name), dir);
  return dir;
}

export const AUTHOR = { name: 'Ada Lovelace', email: 'ada@example.com' };

/** Adds the folder as a workspace (with an author, unless told not to) and opens one of its tabs. */
export async function openWorkspaceTab(page: Page, host: RunningHost, dir: string, tab: 'changes' | 'conflicts', options: { author?: boolean } = {}): Promise<string> {
  const ws = await invoke<{ id: string }>(host, 'workspaces.add', { path: dir });
  if (options.author !== false) await invoke(host, 'workspaces.update', { workspaceId: ws.id, author: AUTHOR });
  await page.goto(host.url);
  await page.goto(`${host.origin}/#/workspaces/${ws.id}/${tab}`);
  return ws.id;
}

/** Screenshots in both themes (the app follows the system theme by default). */
export async function shotBoth(page: Page, shot: (name: string) => Promise<void>, name: string): Promise<void> {
  // Buttons fade their colours over 0.12 s: wait for the switch to settle before each picture.
  const settle = () => page.waitForTimeout(300);
  await page.emulateMedia({ colorScheme: 'light' });
  await settle();
  await shot(`${name}-light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await settle();
  await shot(`${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
  await settle();
}
