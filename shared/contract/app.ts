import { z } from 'zod';
import { channel } from './types';

export const AppInfo = z.object({
  name: z.literal('Reposync'),
  version: z.string(),
  mode: z.enum(['electron', 'host']),
  home: z.string(),
  platform: z.string(),
  /** Where secrets are kept: the OS keychain in Electron, an encrypted file in the host/CLI. */
  vaultKind: z.enum(['os_keychain', 'encrypted_file', 'none']),
  /** The host has no native folder picker; the UI shows a path field there instead. */
  canPickFolder: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appChannels = {
  'app.info': channel(z.object({}).strict(), AppInfo, 'Version, mode and data folder of the running app'),
  'app.pickFolder': channel(
    z.object({ title: z.string().max(200).optional() }).strict(),
    z.object({ path: z.string().nullable() }),
    'Ask the user for a folder with the native dialog (Electron only)',
  ),
};
