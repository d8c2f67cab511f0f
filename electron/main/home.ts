import path from 'node:path';

/**
 * The data folder: REPOSYNC_HOME when set (tests, portable setups), else `<appData>/Reposync`.
 * Named explicitly rather than taken from `app.getPath('userData')`, which follows package.json's
 * name in unpackaged runs ("reposync"): the host and the CLI use "Reposync" (core/paths.ts), and
 * all three must share one config.json.
 */
export function resolveHome(env: NodeJS.ProcessEnv, appDataDir: string): string {
  // Same rule as core/paths.ts `defaultHome`, so every mode agrees on the folder.
  return env.REPOSYNC_HOME ? path.resolve(env.REPOSYNC_HOME) : path.join(appDataDir, 'Reposync');
}
