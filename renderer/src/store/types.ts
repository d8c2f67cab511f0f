import type { StateCreator } from 'zustand/vanilla';
import type { Client } from '../../../shared/client';
import type { AppSlice } from './app-slice';
import type { ToastsSlice } from './toasts-slice';
import type { WorkspacesSlice } from './workspaces-slice';
import type { SyncSlice } from './sync-slice';
import type { NavigationSlice } from './navigation-slice';
import type { OperationsSlice } from './operations-slice';
import type { ConnectionsSlice } from './connections-slice';
import type { HistorySlice } from './history-slice';

/** The whole UI state: one store joined from small typed slices. */
export type AppState = AppSlice & WorkspacesSlice & ToastsSlice & SyncSlice & NavigationSlice & OperationsSlice & ConnectionsSlice & HistorySlice;

/** What the slices need from outside: the engine client and where the theme is kept. */
export interface StoreDeps {
  client: Client;
  settings: KeyValueStorage;
}

export interface KeyValueStorage {
  get(key: string): string | null;
  set(key: string, value: string): void;
}

export type SliceCreator<T> = (deps: StoreDeps) => StateCreator<AppState, [], [], T>;
