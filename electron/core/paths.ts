import os from 'node:os';
import path from 'node:path';

/**
 * Where Reposync keeps its settings, caches and (in the host/CLI) its vault.
 * REPOSYNC_HOME wins; otherwise the OS app-data folder, the same one Electron's
 * `app.getPath('userData')` gives for productName "Reposync", so every mode shares one store.
 */
export function defaultHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.REPOSYNC_HOME) return path.resolve(env.REPOSYNC_HOME);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Reposync');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Reposync');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Reposync');
}
