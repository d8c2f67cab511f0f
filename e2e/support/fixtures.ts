import { test as base, expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { startHost, type RunningHost } from './host';

export const SHOTS = path.resolve(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

/** Each test gets its own host process and data folder, so flows never see each other's workspaces. */
export const test = base.extend<{ host: RunningHost; shot: (name: string) => Promise<void> }>({
  host: async ({}, use) => {
    const host = await startHost();
    await use(host);
    await host.stop();
    fs.rmSync(host.home, { recursive: true, force: true });
  },
  shot: async ({ page }, use, info) => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const prefix = info.titlePath.slice(1).join(' ').replace(/[^a-z0-9]+/gi, '-').toLowerCase().slice(0, 60);
    await use(async (name) => {
      await page.screenshot({ path: path.join(SHOTS, `${prefix}--${name}.png`), fullPage: true });
    });
  },
});

export { expect };

/** Opens the UI the way a user does: the printed URL with its token. */
export async function openApp(page: Page, host: RunningHost): Promise<void> {
  await page.goto(host.url);
  await expect(page.getByRole('status', { name: 'Connection' })).toContainText('Connected');
}
