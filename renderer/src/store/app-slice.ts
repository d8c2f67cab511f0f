import type { AppInfo } from '../../../shared/contract';
import type { ConnectionState } from '../transport/connection';
import type { SliceCreator } from './types';

export type Theme = 'system' | 'light' | 'dark';
export const THEMES: Theme[] = ['system', 'light', 'dark'];
const THEME_KEY = 'reposync.theme';

export interface AppSlice {
  info: AppInfo | null;
  connection: ConnectionState;
  theme: Theme;
  loadAppInfo(): Promise<void>;
  setConnection(state: ConnectionState): void;
  setTheme(theme: Theme): void;
  /** The native folder dialog (Electron); null when cancelled or unavailable. */
  pickFolder(): Promise<string | null>;
}

function readTheme(value: string | null): Theme {
  return THEMES.includes(value as Theme) ? (value as Theme) : 'system';
}

export const createAppSlice: SliceCreator<AppSlice> = ({ client, settings }) => (set, get) => ({
  info: null,
  connection: 'connecting',
  theme: readTheme(settings.get(THEME_KEY)),
  async loadAppInfo() {
    try {
      set({ info: await client.invoke('app.info', {}) });
    } catch (err) {
      // While the socket is down the connection indicator already says so.
      if (get().connection === 'open') get().reportError(err);
    }
  },
  setConnection(connection) {
    set({ connection });
  },
  setTheme(theme) {
    settings.set(THEME_KEY, theme);
    set({ theme });
  },
  async pickFolder() {
    try {
      const { path } = await client.invoke('app.pickFolder', { title: 'Choose the folder of a Git repository' });
      return path;
    } catch (err) {
      get().reportError(err);
      return null;
    }
  },
});
