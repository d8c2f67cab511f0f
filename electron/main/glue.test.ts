import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReposyncBridge } from '../../shared/bridge';
import { BRIDGE_EVENT_CHANNEL } from '../../shared/bridge';
import { CHANNELS } from '../../shared/contract';
import { cleanupTempDirs, makeRepo, tempDir } from '../../test/support/repo';
import { buildCsp } from '../core/csp';
import { createFakeElectron, FakeWebContents } from './fake-electron';

// Runs the real main and preload bundles (built as scripts/build.mjs does) against a stand-in
// for the `electron` module: the wiring in index.ts is exercised even where Electron cannot run.
const root = path.resolve(__dirname, '..', '..');
const require = createRequire(import.meta.url);
const GLOBAL_KEY = '__reposyncFakeElectron';

let work: string;
let home: string;
let fake: ReturnType<typeof createFakeElectron>;
let bridge: ReposyncBridge;
const savedHome = process.env.REPOSYNC_HOME;

async function bundle(entry: string, out: string): Promise<void> {
  await build({
    entryPoints: [path.join(root, entry)],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
    external: ['electron', 'bufferutil', 'utf-8-validate'],
  });
}

beforeAll(async () => {
  work = tempDir('reposync-glue-');
  home = path.join(work, 'home with spaces');
  const dist = path.join(work, 'dist');
  await bundle('electron/main/index.ts', path.join(dist, 'main', 'index.cjs'));
  await bundle('electron/preload/index.ts', path.join(dist, 'preload', 'index.cjs'));
  fs.mkdirSync(path.join(dist, 'renderer'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'renderer', 'index.html'), '<!doctype html><title>Reposync</title>');
  // The bundles' import of electron resolves here, to the stand-in.
  fs.mkdirSync(path.join(work, 'node_modules', 'electron'), { recursive: true });
  fs.writeFileSync(path.join(work, 'node_modules', 'electron', 'index.js'), `module.exports = globalThis.${GLOBAL_KEY};\n`);

  fake = createFakeElectron({ appData: path.join(work, 'appData') });
  (globalThis as Record<string, unknown>)[GLOBAL_KEY] = fake.electron;
  process.env.REPOSYNC_HOME = home;
  require(path.join(dist, 'main', 'index.cjs'));
  await new Promise((resolve) => setImmediate(resolve));

  const win = fake.state.windows[0];
  const argv = process.argv;
  process.argv = [...argv, ...(win?.options.webPreferences?.additionalArguments ?? [])];
  try {
    require(path.join(dist, 'preload', 'index.cjs'));
  } finally {
    process.argv = argv;
  }
  bridge = fake.state.exposed.get('reposync') as ReposyncBridge;
});

afterAll(() => {
  if (savedHome === undefined) delete process.env.REPOSYNC_HOME;
  else process.env.REPOSYNC_HOME = savedHome;
  delete (globalThis as Record<string, unknown>)[GLOBAL_KEY];
  cleanupTempDirs();
});

const navEvent = (url: string) => {
  const event = { url, prevented: false, preventDefault: () => (event.prevented = true) };
  return event;
};

describe('main process glue', () => {
  it('prepares the app before ready: data folder, lock, sandbox, scheme', () => {
    expect(fake.state.paths.get('userData')).toBe(home);
    expect(fake.state.lockRequestedAfterSetPath).toBe(true);
    expect(fake.state.sandboxEnabled).toBe(true);
    expect(fake.state.privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
  });

  it('opens one hardened window on app://reposync, shown only when ready', () => {
    expect(fake.state.windows).toHaveLength(1);
    const win = fake.state.windows[0]!;
    expect(win.options).toMatchObject({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } });
    expect(win.webContents.getURL()).toBe('app://reposync/index.html');
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
  });

  it('serves the renderer on app:// with the CSP', async () => {
    const handler = fake.state.protocolHandlers.get('app');
    const res = await handler!(new Request('app://reposync/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(buildCsp());
    // Request (like Chromium) folds the dot segments before the handler sees the URL: what is
    // left is an in-app route, so the answer is index.html, never the file outside.
    const escaped = await handler!(new Request('app://reposync/%2e%2e/%2e%2e/etc/passwd'));
    expect(await escaped.text()).toBe('<!doctype html><title>Reposync</title>');
    expect((await handler!(new Request('app://reposync/%2e%2e/secret.js'))).status).toBe(404);
  });

  it('registers one IPC handler per contract channel', () => {
    expect([...fake.state.ipcHandlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('blocks navigation away, foreign windows and webviews; forge links go to the browser', () => {
    const contents = fake.state.windows[0]!.webContents;
    for (const name of ['will-navigate', 'will-redirect']) {
      const away = navEvent('https://example.com/');
      contents.emit(name, away);
      expect(away.prevented, name).toBe(true);
      const inside = navEvent('app://reposync/index.html');
      contents.emit(name, inside);
      expect(inside.prevented, name).toBe(false);
    }
    const webview = navEvent('');
    contents.emit('will-attach-webview', webview);
    expect(webview.prevented).toBe(true);
    expect(contents.windowOpenHandler!({ url: 'https://github.com/octo/repo' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(fake.state.openedExternally).toEqual(['https://github.com/octo/repo']);
  });

  it('denies web permissions', () => {
    const answers: boolean[] = [];
    fake.state.permissionRequest!({}, 'media', (granted: boolean) => answers.push(granted), { requestingUrl: 'app://reposync/' });
    expect(answers).toEqual([false]);
    expect(fake.state.permissionCheck!({}, 'geolocation', 'app://reposync')).toBe(false);
    expect(fake.state.devicePermission!({})).toBe(false);
  });

  it('sets a menu with the Edit roles', () => {
    expect(JSON.stringify(fake.state.menuTemplate)).toContain('"role":"paste"');
  });
});

describe('preload bridge wired to main', () => {
  it('exposes invoke and on only', () => {
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
  });

  it('answers app.info in electron mode with the REPOSYNC_HOME folder', async () => {
    expect(await bridge.invoke('app.info', {})).toMatchObject({ ok: true, value: { mode: 'electron', home, canPickFolder: true } });
  });

  it('adds a workspace, stores it with electron-store and pushes the event', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' }, 'develop');
    const events: unknown[][] = [];
    const off = bridge.on('workspace.changed', (...args: unknown[]) => events.push(args));
    const added = await bridge.invoke('workspaces.add', { path: repo });
    off();
    expect(added.ok).toBe(true);
    expect(events).toEqual([[{ workspaceId: (added as { value: { id: string } }).value.id, reason: 'added' }]]);
    const saved = JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8')) as { workspaces: Array<{ path: string }> };
    expect(saved.workspaces.map((w) => w.path)).toEqual([(added as { value: { path: string } }).value.path]);
  });

  it('refuses sub-frames and windows that are not ours', async () => {
    const win = fake.state.windows[0]!;
    const fromSubFrame = await fake.invokeFrom(win, { url: 'app://reposync/index.html', parent: {} })('app.info', {});
    expect(fromSubFrame).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const stranger = { ...win, webContents: new FakeWebContents() } as unknown as typeof win;
    const fromStranger = await fake.invokeFrom(stranger, { url: 'app://reposync/index.html', parent: null })('app.info', {});
    expect(fromStranger).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('sends events only to windows still showing our page', async () => {
    const contents = fake.state.windows[0]!.webContents;
    const before = contents.sent.length;
    contents.url = 'https://example.com/';
    await bridge.invoke('workspaces.add', { path: makeRepo() });
    expect(contents.sent.length).toBe(before);
    contents.url = 'app://reposync/index.html';
    expect(contents.sent.every(([channel]) => channel === BRIDGE_EVENT_CHANNEL)).toBe(true);
  });
});
