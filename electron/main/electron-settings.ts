import path from 'node:path';
import Store from 'electron-store';
import type { SettingsStore } from '../core/settings-store';
import { createConfSettingsStore, openConfSafely } from './settings-adapter';

/** electron-store in `home`, as config.json: the same file the host and the CLI read and write. */
export function openElectronSettings(home: string): SettingsStore {
  const store = openConfSafely(
    () => new Store<Record<string, unknown>>({ cwd: home, name: 'config', clearInvalidConfig: false }),
    path.join(home, 'config.json'),
  );
  return createConfSettingsStore(store);
}
