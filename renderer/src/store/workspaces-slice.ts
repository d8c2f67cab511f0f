import type { Operation, Workspace, WorkspaceStatus } from '../../../shared/domain';
import type { EventPayload, Input } from '../../../shared/contract';
import type { ErrorPayload } from '../../../shared/errors';
import { toErrorPayload } from '../lib/error-text';
import type { SliceCreator } from './types';

export interface StatusEntry {
  status: WorkspaceStatus | null;
  loading: boolean;
  error: ErrorPayload | null;
}

export type AddOutcome = { ok: true; workspace: Workspace } | { ok: false; error: ErrorPayload };

export interface WorkspacesSlice {
  workspaces: Workspace[];
  listState: 'idle' | 'loading' | 'ready' | 'error';
  selectedId: string | null;
  statuses: Record<string, StatusEntry>;
  operations: Record<string, Operation>;
  loadWorkspaces(): Promise<void>;
  selectWorkspace(id: string | null): void;
  refreshStatus(id: string): Promise<void>;
  /** Field errors are for the form to show; only the caller knows where they belong. */
  addWorkspace(input: Input<'workspaces.add'>): Promise<AddOutcome>;
  removeWorkspace(id: string): Promise<boolean>;
  applyWorkspaceChanged(payload: EventPayload<'workspace.changed'>): void;
  applyOperationUpdated(operation: Operation): void;
}

const TERMINAL = new Set<Operation['status']>(['succeeded', 'failed', 'cancelled']);

export const createWorkspacesSlice: SliceCreator<WorkspacesSlice> = ({ client }) => (set, get) => {
  // The newest request per workspace wins; an older answer arriving late must not overwrite it.
  const latestStatusRequest = new Map<string, number>();
  let statusRequests = 0;

  const patchStatus = (id: string, patch: Partial<StatusEntry>): void =>
    set((s) => {
      const current = s.statuses[id] ?? { status: null, loading: false, error: null };
      return { statuses: { ...s.statuses, [id]: { ...current, ...patch } } };
    });

  /** Drops a workspace from the UI; a newly selected neighbour gets its status read. */
  const forget = (id: string): void => {
    set((s) => {
      const { [id]: _gone, ...statuses } = s.statuses;
      const workspaces = s.workspaces.filter((w) => w.id !== id);
      const index = s.workspaces.findIndex((w) => w.id === id);
      const selectedId =
        s.selectedId === id ? (workspaces[Math.min(index, workspaces.length - 1)]?.id ?? null) : s.selectedId;
      return { workspaces, statuses, selectedId };
    });
    const { selectedId, statuses } = get();
    if (selectedId && !statuses[selectedId]) void get().refreshStatus(selectedId);
  };

  return {
    workspaces: [],
    listState: 'idle',
    selectedId: null,
    statuses: {},
    operations: {},

    async loadWorkspaces() {
      set((s) => ({ listState: s.listState === 'ready' ? 'ready' : 'loading' }));
      try {
        const workspaces = await client.invoke('workspaces.list', {});
        const { selectedId } = get();
        const keep = workspaces.some((w) => w.id === selectedId);
        set({ workspaces, listState: 'ready', selectedId: keep ? selectedId : (workspaces[0]?.id ?? null) });
        const selected = get().selectedId;
        if (selected) await get().refreshStatus(selected);
      } catch (err) {
        set((s) => ({ listState: s.listState === 'ready' ? 'ready' : 'error' }));
        if (get().connection === 'open') get().reportError(err);
      }
    },

    selectWorkspace(id) {
      set({ selectedId: id });
      if (id && !get().statuses[id]?.status) void get().refreshStatus(id);
    },

    async refreshStatus(id) {
      const request = ++statusRequests;
      latestStatusRequest.set(id, request);
      patchStatus(id, { loading: true });
      try {
        const status = await client.invoke('workspaces.status', { workspaceId: id });
        if (latestStatusRequest.get(id) === request) patchStatus(id, { status, loading: false, error: null });
      } catch (err) {
        if (latestStatusRequest.get(id) !== request) return;
        const error = toErrorPayload(err);
        patchStatus(id, { loading: false, error });
        if (error.code === 'not_found' && error.details.workspaceId === id) forget(id);
      }
    },

    async addWorkspace(input) {
      try {
        const workspace = await client.invoke('workspaces.add', input);
        set((s) => ({
          workspaces: s.workspaces.some((w) => w.id === workspace.id) ? s.workspaces : [...s.workspaces, workspace],
          listState: 'ready',
          selectedId: workspace.id,
        }));
        get().pushToast({ tone: 'success', title: 'Workspace added', message: `“${workspace.name}” is ready.` });
        void get().refreshStatus(workspace.id);
        return { ok: true, workspace };
      } catch (err) {
        return { ok: false, error: toErrorPayload(err) };
      }
    },

    async removeWorkspace(id) {
      const name = get().workspaces.find((w) => w.id === id)?.name ?? 'The workspace';
      try {
        await client.invoke('workspaces.remove', { workspaceId: id });
      } catch (err) {
        const error = toErrorPayload(err);
        // Already gone (another window removed it): the outcome the user asked for.
        if (error.code !== 'not_found') {
          get().reportError(error);
          return false;
        }
      }
      forget(id);
      get().pushToast({
        tone: 'success',
        title: 'Workspace removed',
        message: `“${name}” is no longer kept in sync. Its folder and files were left untouched.`,
      });
      return true;
    },

    applyWorkspaceChanged({ workspaceId, reason }) {
      if (reason === 'removed') {
        forget(workspaceId);
        return;
      }
      if (reason === 'added' || reason === 'updated') void get().loadWorkspaces();
      if (reason === 'synced' || (reason === 'updated' && workspaceId !== get().selectedId)) {
        if (get().statuses[workspaceId]) void get().refreshStatus(workspaceId);
      }
    },

    applyOperationUpdated(operation) {
      set((s) => ({ operations: { ...s.operations, [operation.id]: operation } }));
      const id = operation.workspaceId;
      if (id && TERMINAL.has(operation.status) && get().statuses[id]) void get().refreshStatus(id);
    },
  };
};
