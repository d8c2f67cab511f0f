import { createStore, type StoreApi } from 'zustand/vanilla';
import { createAppSlice } from './app-slice';
import { createToastsSlice } from './toasts-slice';
import { createWorkspacesSlice } from './workspaces-slice';
import { createNavigationSlice } from './navigation-slice';
import { createOperationsSlice } from './operations-slice';
import { createConnectionsSlice } from './connections-slice';
import { createHistorySlice } from './history-slice';
import { createSyncSlice } from './sync-slice';
import type { AppState, KeyValueStorage, StoreDeps } from './types';

export type AppStore = StoreApi<AppState>;

/** One store for the whole window; a factory (not a module singleton) so tests get fresh ones. */
export function createAppStore(deps: StoreDeps): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createAppSlice(deps)(...a),
    ...createWorkspacesSlice(deps)(...a),
    ...createToastsSlice(deps)(...a),
    ...createSyncSlice(deps)(...a),
    ...createNavigationSlice(deps)(...a),
    ...createOperationsSlice(deps)(...a),
    ...createConnectionsSlice(deps)(...a),
    ...createHistorySlice(deps)(...a),
  }));
}

/** localStorage when the page may use it; a plain map otherwise (private mode, tests). */
export function browserStorage(): KeyValueStorage {
  const memory = new Map<string, string>();
  return {
    get(key) {
      try {
        return window.localStorage.getItem(key);
      } catch {
        return memory.get(key) ?? null;
      }
    },
    set(key, value) {
      try {
        window.localStorage.setItem(key, value);
      } catch {
        memory.set(key, value);
      }
    },
  };
}
