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
  // Coming back to the app after editing files elsewhere: re-read the statuses on screen, as
  // desktop Git tools do on focus (the engine watches no folders). At most once per 2 s.
  let lastFocusRefresh = 0;
  const onFocus = (): void => {
    if (document.visibilityState === 'hidden' || Date.now() - lastFocusRefresh < 2000) return;
    lastFocusRefresh = Date.now();
    for (const id of Object.keys(state().statuses)) void state().refreshStatus(id);
  };
  window.addEventListener('focus', onFocus);
  document.addEventListener('visibilitychange', onFocus);
  offs.push(() => window.removeEventListener('focus', onFocus), () => document.removeEventListener('visibilitychange', onFocus));
  function reload(): void {
    void state().loadAppInfo();
    void state().loadWorkspaces();
  }
  state().setConnection(transport.connectionState());
  reload();
  return () => offs.forEach((off) => off());
}
