import { z } from 'zod';
import { channel } from './types';

export const AppInfo = z.object({
  name: z.literal('Reposync'),
  version: z.string(),
  mode: z.enum(['electron', 'host']),
  home: z.string(),
  platform: z.string(),
  /** Where secrets are kept: the OS keychain in Electron, an encrypted file in the host/CLI. */
  vaultKind: z.enum(['os_keychain', 'encrypted_file']),
  /** The host has no native folder picker; the UI shows a path field there instead. */
  canPickFolder: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfo>;

/** App-wide preferences kept in the settings file (per-workspace ones live on the workspace). */
export const AppSettings = z.object({
  /**
   * Linux without a keyring: Electron's safeStorage falls back to `basic_text`, a fixed key anyone can
   * read. Reposync refuses to store tokens that way unless the user opts in here.
   */
  allowWeakStorage: z.boolean(),
});
export type AppSettings = z.infer<typeof AppSettings>;

export const appChannels = {
  'app.info': channel(z.object({}).strict(), AppInfo, 'Version, mode and data folder of the running app'),
  'app.pickFolder': channel(
    z.object({ title: z.string().max(200).optional() }).strict(),
    z.object({ path: z.string().nullable() }),
    'Ask the user for a folder with the native dialog (Electron only)',
  ),
  'app.settings': channel(z.object({}).strict(), AppSettings, 'App-wide preferences'),
  'app.updateSettings': channel(AppSettings.partial().strict(), AppSettings, 'Change app-wide preferences'),
};
