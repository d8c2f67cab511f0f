import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';

// The real app, driven through Playwright's _electron. Needs an Electron binary: where none can
// be had (no download possible), every test skips with the reason on one line.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const mainBundle = path.join(root, 'dist', 'main', 'index.cjs');
const binary = findElectronBinary();

/** `window.reposync` as the page sees it (shared/bridge.ts); typed loosely for page.evaluate. */
type PageBridge = {
  invoke(channel: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
  on(event: string, listener: (...args: unknown[]) => void): () => void;
};
type PageGlobals = { reposync: PageBridge; require?: unknown; process?: unknown; module?: unknown; Buffer?: unknown };

/** Build whatever part the app needs that is missing (a fresh checkout has no dist/). */
function ensureBuilt(): void {
  const parts = [
    ['main', mainBundle],
    ['preload', path.join(root, 'dist', 'preload', 'index.cjs')],
    ['renderer', path.join(root, 'dist', 'renderer', 'index.html')],
  ].filter(([, file]) => !fs.existsSync(file as string));
  if (parts.length === 0) return;
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), ...parts.map(([name]) => name as string)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, REPOSYNC_QUIET_BUILD: '1' },
  });
}

/** A real Git repository made with the git CLI, to add as a workspace. */
function makeRepo(parent: string): string {
  const dir = path.join(parent, 'répo ünïcode');
  fs.mkdirSync(dir, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: 'pipe' });
  git('init', '-q', '-b', 'develop');
  fs.writeFileSync(path.join(dir, 'README.md'), '# hello\n');
  git('add', '.');
  git('-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', 'first');
  return dir;
}

test.describe('Reposync in Electron', () => {
  test.skip(!binary.found, `Electron binary not available on this machine: ${binary.found ? '' : binary.reason}`);

  let app: ElectronApplication;
  let page: Page;
  let home: string;

  test.beforeAll(async () => {
    ensureBuilt();
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'reposync-electron-'));
    if (!binary.found) return;
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
    // Chromium refuses to start as root with its OS sandbox on; the renderer sandbox
    // (webPreferences.sandbox) is separate and stays on.
    const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    app = await _electron.launch({
      executablePath: binary.path,
      args: [...rootArgs, mainBundle],
      env: { ...env, REPOSYNC_HOME: home },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  test('opens one window titled Reposync on app://reposync', async () => {
    await expect(page).toHaveTitle('Reposync');
    expect(page.url()).toMatch(/^app:\/\/reposync\//);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });

  test('runs the renderer isolated and without Node', async () => {
    const globals = await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      return {
        bridge: typeof g.reposync,
        keys: Object.keys(g.reposync).sort(),
        require: typeof g.require,
        process: typeof g.process,
        module: typeof g.module,
        buffer: typeof g.Buffer,
      };
    });
    expect(globals).toEqual({ bridge: 'object', keys: ['invoke', 'on'], require: 'undefined', process: 'undefined', module: 'undefined', buffer: 'undefined' });
  });

  test('answers app.info through the bridge in electron mode', async () => {
    const info = await page.evaluate(() => (globalThis as unknown as PageGlobals).reposync.invoke('app.info', {}));
    expect(info).toMatchObject({ ok: true, value: { name: 'Reposync', mode: 'electron', home, canPickFolder: true } });
  });

  test('refuses names outside the contract', async () => {
    const result = await page.evaluate(async () => {
      const bridge = (globalThis as unknown as PageGlobals).reposync;
      const invoked = await bridge.invoke('fs.readFile', { path: '/etc/passwd' });
      let onError = '';
      try {
        bridge.on('reposync:event', () => {});
      } catch (err) {
        onError = String(err);
      }
      return { code: invoked.error?.code, onError };
    });
    expect(result.code).toBe('invalid_input');
    expect(result.onError).toMatch(/Unknown Reposync event/);
  });

  test('pushes engine events to the page, payload only', async () => {
    const repo = makeRepo(home);
    const event = await page.evaluate(async (folder) => {
      const bridge = (globalThis as unknown as PageGlobals).reposync;
      const received = new Promise<unknown[]>((resolve) => {
        const off = bridge.on('workspace.changed', (...args) => {
          off();
          resolve(args);
        });
      });
      await bridge.invoke('workspaces.add', { path: folder });
      return received;
    }, repo);
    expect(event).toHaveLength(1);
    expect(event[0]).toMatchObject({ reason: 'added' });
  });

  test('opens no new windows', async () => {
    const opened = await page.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/') === null);
    expect(opened).toBe(true);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });
});
