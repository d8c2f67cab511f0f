// Electron main: lifecycle and wiring only. Every decision (window prefs, protocol paths,
// sender trust, navigation, links, permissions, menu) is a pure function in this folder.
import path from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, protocol, safeStorage, session, shell, type IpcMainInvokeEvent, type Session, type WebContents } from 'electron';
import { createCore } from '../core';
import { createLogger } from '../core/log';
import { SafeStorageVault } from '../core/vault/safe-storage-vault';
import { VERSION } from '../core/version';
import { APP_ENTRY_URL, APP_SCHEME, isAppUrl } from './app-origin';
import { APP_SCHEME_PRIVILEGES, handleAppRequest } from './app-protocol';
import { pickFolder } from './dialogs';
import { openElectronSettings } from './electron-settings';
import { hostsOfRemotes } from './external-links';
import { resolveHome } from './home';
import { forwardEvents, registerContract } from './ipc-adapter';
import { buildMenuTemplate } from './menu-template';
import { decideWindowOpen, isAllowedNavigation } from './navigation';
import { isPermissionAllowed } from './permissions';
import { isTrustedSender } from './sender';
import { buildWindowOptions } from './window-options';

const isDev = !app.isPackaged;
const rendererDir = path.resolve(__dirname, '..', 'renderer');
const preloadPath = path.resolve(__dirname, '..', 'preload', 'index.cjs');

// Before anything reads userData: the data folder (and thus the single-instance lock) is ours.
const home = resolveHome(process.env, app.getPath('appData'));
app.setPath('userData', home);
app.enableSandbox();
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

/** webContents ids of our own windows: the only ones that may call the engine or get events. */
const ownContents = new Map<number, WebContents>();

function hardenSession(target: Session): void {
  target.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionAllowed(permission, details.requestingUrl)),
  );
  target.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin));
  target.setDevicePermissionHandler(() => false);
}

function isTrustedEvent(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || !ownContents.has(event.sender.id)) return false;
  return isTrustedSender({ url: frame.url, isMainFrame: frame.parent === null });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(buildWindowOptions(preloadPath, { devTools: isDev }));
  const id = win.webContents.id;
  ownContents.set(id, win.webContents);
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => ownContents.delete(id));
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

function start(): void {
  const log = createLogger(undefined, !isDev);
  const store = openElectronSettings(home);
  // Tokens are sealed by the OS keychain; on Linux without one the vault refuses unless the user opted in.
  const vault = new SafeStorageVault(safeStorage, {
    file: path.join(home, 'secrets.json'),
    allowWeakStorage: () => store.read().allowWeakStorage,
  });
  const core = createCore({ home, mode: 'electron', version: VERSION, store, vault, pickFolder, log });
  const externalHosts = () => hostsOfRemotes(store.read().workspaces.map((w) => w.remoteUrl));

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => {
      if (!isAllowedNavigation(event.url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => {
      if (!isAllowedNavigation(event.url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (decideWindowOpen(url, externalHosts()).openExternally) {
        shell.openExternal(url).catch((err: unknown) => log.warn('could not open link', { err }));
      }
      return { action: 'deny' };
    });
  });
  app.on('session-created', hardenSession);

  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (!win) return void createWindow();
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });

  registerContract(ipcMain, core, { isTrusted: isTrustedEvent });
  forwardEvents(core.services.events, () =>
    [...ownContents.values()].filter((contents) => !contents.isDestroyed() && isAppUrl(contents.getURL())),
  );

  void app.whenReady().then(() => {
    hardenSession(session.defaultSession);
    protocol.handle(APP_SCHEME, (request) => handleAppRequest(request, rendererDir));
    app.setAboutPanelOptions({ applicationName: 'Reposync', applicationVersion: VERSION });
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(buildMenuTemplate({ platform: process.platform, isDev, onAbout: () => app.showAboutPanel() })),
    );
    createWindow();
  });
}

if (app.requestSingleInstanceLock()) start();
else app.quit();
