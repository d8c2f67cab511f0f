import { EventBus } from './events';
import type { Logger } from './log';
import { silentLogger } from './log';
import type { SettingsStore } from './settings-store';
import { createFileSettingsStore } from './settings-store';
import { WorkspaceService } from './workspaces';
import { OperationManager } from './operations';

export interface CoreOptions {
  home: string;
  mode: 'electron' | 'host';
  version: string;
  vaultKind: 'os_keychain' | 'encrypted_file' | 'none';
  /** The native folder dialog; only Electron has one. */
  pickFolder?: (title: string) => Promise<string | null>;
  store?: SettingsStore;
  log?: Logger;
}

/** The engine's parts, built once per process and shared by every handler. */
export interface CoreServices {
  options: CoreOptions;
  store: SettingsStore;
  events: EventBus;
  log: Logger;
  workspaces: WorkspaceService;
  operations: OperationManager;
}

export function createServices(options: CoreOptions): CoreServices {
  const store = options.store ?? createFileSettingsStore(options.home);
  const events = new EventBus();
  return {
    options,
    store,
    events,
    log: options.log ?? silentLogger,
    workspaces: new WorkspaceService(store),
    operations: new OperationManager(events),
  };
}
