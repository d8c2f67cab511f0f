import type { Connection, ConnectionTestResult, Input, RemoteTestResult, RepoPage } from '../../../shared/contract';
import type { Workspace } from '../../../shared/domain';
import type { ErrorPayload } from '../../../shared/errors';
import { toErrorPayload } from '../lib/error-text';
import type { SliceCreator } from './types';

/** A form's call: the value, or the error for the form to place beside the right field. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

export interface ConnectionsSlice {
  connections: Connection[];
  connectionsState: 'idle' | 'loading' | 'ready' | 'error';
  loadConnections(): Promise<void>;
  createConnection(input: Input<'connections.create'>): Promise<Outcome<Connection>>;
  updateConnection(input: Input<'connections.update'>): Promise<Outcome<Connection>>;
  testConnection(id: string): Promise<Outcome<ConnectionTestResult>>;
  /** Workspaces that used it are forgotten by the engine (their folders stay); the list is re-read. */
  deleteConnection(id: string): Promise<boolean>;
  listRepos(input: Input<'providers.listRepos'>): Promise<Outcome<RepoPage>>;
  testRemote(input: Input<'workspaces.test'>): Promise<Outcome<RemoteTestResult>>;
  /** A workspace's remote-side settings (branch, prefix, author, connection, name, group). */
  updateWorkspace(input: Input<'workspaces.update'>): Promise<Outcome<Workspace>>;
}

export const createConnectionsSlice: SliceCreator<ConnectionsSlice> = ({ client }) => (set, get) => {
  async function attempt<T>(work: () => Promise<T>): Promise<Outcome<T>> {
    try {
      return { ok: true, value: await work() };
    } catch (err) {
      return { ok: false, error: toErrorPayload(err) };
    }
  }

  const upsert = (connection: Connection): void =>
    set((s) => ({
      connections: s.connections.some((c) => c.id === connection.id)
        ? s.connections.map((c) => (c.id === connection.id ? connection : c))
        : [...s.connections, connection],
    }));

  return {
    connections: [],
    connectionsState: 'idle',

    async loadConnections() {
      set((s) => ({ connectionsState: s.connectionsState === 'ready' ? 'ready' : 'loading' }));
      try {
        set({ connections: await client.invoke('connections.list', {}), connectionsState: 'ready' });
      } catch (err) {
        set((s) => ({ connectionsState: s.connectionsState === 'ready' ? 'ready' : 'error' }));
        if (get().connection === 'open') get().reportError(err);
      }
    },

    async createConnection(input) {
      const outcome = await attempt(() => client.invoke('connections.create', input));
      if (outcome.ok) {
        upsert(outcome.value);
        get().pushToast({ tone: 'success', title: 'Connection saved', message: `“${outcome.value.label}” is ready to use.` });
      }
      return outcome;
    },

    async updateConnection(input) {
      const outcome = await attempt(() => client.invoke('connections.update', input));
      if (outcome.ok) {
        upsert(outcome.value);
        get().pushToast({ tone: 'success', title: 'Connection updated', message: `“${outcome.value.label}” was saved.` });
      }
      return outcome;
    },

    async testConnection(id) {
      const outcome = await attempt(() => client.invoke('connections.test', { id }));
      // A test also refreshes what the engine knows (expiry, rate limit).
      if (outcome.ok) void get().loadConnections();
      return outcome;
    },

    async deleteConnection(id) {
      const label = get().connections.find((c) => c.id === id)?.label ?? 'The connection';
      try {
        const { removedWorkspaceIds } = await client.invoke('connections.delete', { id, confirm: true });
        set((s) => ({ connections: s.connections.filter((c) => c.id !== id) }));
        if (removedWorkspaceIds.length > 0) void get().loadWorkspaces();
        const forgotten = removedWorkspaceIds.length;
        get().pushToast({
          tone: 'success',
          title: 'Connection deleted',
          message:
            forgotten > 0
              ? `“${label}” and its token were erased; ${forgotten} workspace${forgotten === 1 ? ' was' : 's were'} forgotten (the folders stay).`
              : `“${label}” and its token were erased.`,
        });
        return true;
      } catch (err) {
        get().reportError(err);
        return false;
      }
    },

    listRepos: (input) => attempt(() => client.invoke('providers.listRepos', input)),
    testRemote: (input) => attempt(() => client.invoke('workspaces.test', input)),

    async updateWorkspace(input) {
      const outcome = await attempt(() => client.invoke('workspaces.update', input));
      if (outcome.ok) {
        const updated = outcome.value;
        set((s) => ({ workspaces: s.workspaces.map((w) => (w.id === updated.id ? updated : w)) }));
        get().pushToast({ tone: 'success', title: 'Settings saved', message: `“${updated.name}” was updated.` });
      }
      return outcome;
    },
  };
};
