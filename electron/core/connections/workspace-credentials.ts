import type { CredentialProvider } from '../credentials';
import type { ConnectionService } from './connection-service';

/**
 * The app's CredentialProvider: a workspace's (or clone target's) `connectionId` resolved through the
 * vault. No connection → null (anonymous). A connection for another host than the remote is refused
 * with `forbidden`, not silently skipped, so the user learns why the push was not authenticated.
 */
export function connectionCredentialProvider(connections: ConnectionService): CredentialProvider {
  return {
    async forWorkspace(ws) {
      if (!ws.connectionId) return null;
      return connections.gitCredentials(ws.connectionId, ws.remoteUrl);
    },
    async forRemote(target) {
      if (!target.connectionId) return null;
      return connections.gitCredentials(target.connectionId, target.url);
    },
  };
}
