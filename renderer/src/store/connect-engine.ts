import type { Client } from '../../../shared/client';
import type { UiTransport } from '../transport/connection';
import type { AppStore } from './create-app-store';

/**
 * Feeds engine events and the connection state into the store, outside React, and loads the
 * first data. After a reconnect everything is reloaded: events sent while the socket was down
 * are lost, so the store cannot know what changed. Returns a function that undoes the wiring.
 */
export function connectEngine(store: AppStore, client: Client, transport: UiTransport): () => void {
  const state = store.getState;
  // Calls made before the first open are queued by the transport; only a lost socket needs a reload.
  let lost = false;
  const offs = [
    client.on('workspace.changed', (payload) => state().applyWorkspaceChanged(payload)),
    client.on('operation.updated', (payload) => state().applyOperationUpdated(payload)),
    transport.onConnectionChange((connection) => {
      state().setConnection(connection);
      if (connection === 'reconnecting') lost = true;
      if (connection === 'open' && lost) {
        lost = false;
        reload();
      }
    }),
  ];
  function reload(): void {
    void state().loadAppInfo();
    void state().loadWorkspaces();
  }
  state().setConnection(transport.connectionState());
  reload();
  return () => offs.forEach((off) => off());
}
