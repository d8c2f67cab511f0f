// Type-only import: erased at build time, so this file stays loadable in plain Node and in tests.
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { encodeBridgeNames } from '../../shared/bridge';
import { CHANNELS, EVENT_NAMES } from '../../shared/contract';

export const WINDOW_BACKGROUND = '#1e1f22';

/**
 * The renderer gets no Node, no remote content and no way out of its sandbox; it talks to the
 * engine only through the preload's `window.reposync`. See Electron's security checklist.
 */
export interface WindowOptions {
  devTools?: boolean;
}

export function buildWebPreferences(preloadPath: string, options: WindowOptions = {}): WebPreferences {
  return {
    preload: preloadPath,
    // What the preload may forward; see `decodeBridgeNames`.
    additionalArguments: encodeBridgeNames({ channels: CHANNELS, events: EVENT_NAMES }),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools: options.devTools ?? false,
  };
}

/** The main window: hidden until its first paint (`ready-to-show`) so it never flashes white. */
export function buildWindowOptions(preloadPath: string, options: WindowOptions = {}): BrowserWindowConstructorOptions {
  return {
    title: 'Reposync',
    width: 1200,
    height: 800,
    minWidth: 760,
    minHeight: 520,
    show: false,
    backgroundColor: WINDOW_BACKGROUND,
    autoHideMenuBar: false,
    webPreferences: buildWebPreferences(preloadPath, options),
  };
}
