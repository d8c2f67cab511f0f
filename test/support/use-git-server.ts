import { afterAll, beforeAll } from 'vitest';
import { type GitServer, startGitServer } from './git-server';
import { cleanupTempDirs } from './repo';

/**
 * The loopback Git server of a test file: started before its tests, closed after them (and the
 * temp folders removed). The object is filled in when the server starts, getters included, so a
 * test file can hold it in a const. Vitest only: the Playwright specs start servers themselves.
 */
export function useGitServer(): GitServer {
  const server = {} as GitServer;
  beforeAll(async () => {
    Object.defineProperties(server, Object.getOwnPropertyDescriptors(await startGitServer()));
  });
  afterAll(async () => {
    await server.close?.();
    cleanupTempDirs();
  });
  return server;
}
