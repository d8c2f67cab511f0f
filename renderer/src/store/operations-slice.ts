import { BulkPullResult, CloneResult, PullResult, type Input } from '../../../shared/contract';
import type { Operation } from '../../../shared/domain';
import type { ErrorPayload } from '../../../shared/errors';
import { describeError, toErrorPayload } from '../lib/error-text';
import type { Outcome } from './connections-slice';
import type { ToastAction } from './toasts-slice';
import type { AppState, SliceCreator } from './types';

export const AUTO_FETCH_MINUTES = [0, 1, 5, 15, 30] as const;
const AUTO_FETCH_KEY = 'reposync.autoFetch';
/** How often the auto-fetch timer looks at the clock; each workspace keeps its own interval. */
const AUTO_FETCH_TICK_MS = 15_000;

export function isActive(op: Operation): boolean {
  return op.status === 'running' || op.status === 'queued';
}

/** The running (or queued) operation of a workspace, if any. */
export function activeOperationFor(operations: Record<string, Operation>, workspaceId: string): Operation | undefined {
  return Object.values(operations).find((op) => op.workspaceId === workspaceId && isActive(op));
}

/** 0..1, or undefined while the total is unknown (an indeterminate bar). */
export function operationFraction(op: Operation): number | undefined {
  return op.total ? Math.min(1, op.loaded / op.total) : undefined;
}

export interface AutoFetchState {
  at: string;
  error: string | null;
}

export interface WatchOptions {
  /** No toasts (auto-fetch): the outcome is only recorded. */
  quiet?: boolean;
  /** Open the cloned workspace when the clone succeeds. */
  openWhenDone?: boolean;
}

export interface OperationsSlice {
  operationsState: 'idle' | 'ready' | 'error';
  autoFetch: Record<string, number>;
  autoFetchLast: Record<string, AutoFetchState>;
  loadOperations(): Promise<void>;
  cancelOperation(operationId: string): Promise<void>;
  /** `sync.pull` with the default strategy; the result (or the fix for an error) arrives as a toast. */
  pullWorkspace(workspaceId: string): Promise<string | null>;
  fetchWorkspace(workspaceId: string, options?: WatchOptions): Promise<string | null>;
  /** `sync.bulkPull` of one group; a summary toast when it ends. */
  pullGroup(group: string): Promise<string | null>;
  startClone(input: Input<'workspaces.clone'>): Promise<Outcome<string>>;
  /** Report an operation's end as a toast (with the action that fixes a failure). */
  watchOperation(operationId: string, options?: WatchOptions): void;
  /** An error toast with the action that fixes it, when there is one. */
  reportOperationError(error: unknown, workspaceId: string | null): void;
  /** The one step that fixes an error ("Re-enter token", "Pull first", …), when there is one. */
  operationFix(error: unknown, workspaceId: string | null): ToastAction | undefined;
  setAutoFetch(workspaceId: string, minutes: number): void;
  /** One tick of the auto-fetch timer (exposed for tests); `startAutoFetch` runs it on an interval. */
  runAutoFetch(now?: number): void;
  startAutoFetch(): () => void;
}

function readAutoFetch(raw: string | null): Record<string, number> {
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(
      Object.entries(parsed).filter(([, v]) => typeof v === 'number' && (AUTO_FETCH_MINUTES as readonly number[]).includes(v) && v > 0),
    );
  } catch {
    return {};
  }
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export const createOperationsSlice: SliceCreator<OperationsSlice> = ({ client, settings }) => (set, get, api) => {
  const watched = new Map<string, WatchOptions>();
  const lastAutoFetch = new Map<string, number>();

  const nameOf = (workspaceId: string | null): string =>
    get().workspaces.find((w) => w.id === workspaceId)?.name ?? 'the workspace';

  function fixFor(error: ErrorPayload, workspaceId: string | null): ToastAction | undefined {
    const state = get();
    const workspace = state.workspaces.find((w) => w.id === workspaceId);
    // "This workspace has no author": the one setting the user must give before a commit.
    if (error.code === 'invalid_input' && error.details.field === 'author' && workspaceId) {
      return { label: 'Set author', run: () => get().editWorkspaceSettings(workspaceId) };
    }
    switch (error.code) {
      case 'auth_failed': {
        const connectionId = typeof error.details.connectionId === 'string' ? error.details.connectionId : workspace?.connectionId;
        return connectionId
          ? { label: 'Re-enter token', run: () => get().editConnection(connectionId) }
          : { label: 'Open connections', run: () => get().navigate({ page: 'connections' }) };
      }
      case 'non_fast_forward':
        return workspaceId ? { label: 'Pull first', run: () => void get().pullWorkspace(workspaceId) } : undefined;
      case 'dirty_worktree':
        return workspaceId ? { label: 'Review changes', run: () => get().openWorkspace(workspaceId, 'changes') } : undefined;
      case 'conflict':
        return workspaceId ? { label: 'Resolve conflicts', run: () => get().openWorkspace(workspaceId, 'conflicts') } : undefined;
      case 'busy':
        return { label: 'Show operations', run: () => get().navigate({ page: 'operations' }) };
      default:
        return undefined;
    }
  }

  function reportPull(op: Operation): void {
    const parsed = PullResult.safeParse(op.result);
    if (!parsed.success) return; // a dry run (preview) or another caller's shape: theirs to show
    const r = parsed.data;
    const name = nameOf(op.workspaceId);
    if (r.outcome === 'up_to_date') {
      get().pushToast({ tone: 'success', title: 'Already up to date', message: `“${name}” had nothing new to pull.` });
    } else if (r.outcome === 'conflicted') {
      const id = op.workspaceId;
      get().pushToast({
        tone: 'error',
        title: 'Pull needs your decision',
        message: `${plural(r.conflicting.length, 'file')} changed on both sides in “${name}”. Nothing is lost: choose what to keep.`,
        action: id ? { label: 'Resolve conflicts', run: () => get().openWorkspace(id, 'conflicts') } : undefined,
      });
    } else {
      const parts = [
        r.updated.length && `${plural(r.updated.length, 'file')} updated`,
        r.created.length && `${r.created.length} added`,
        r.deleted.length && `${r.deleted.length} removed`,
      ].filter(Boolean);
      get().pushToast({ tone: 'success', title: 'Pulled', message: `“${name}”: ${parts.join(', ') || 'new commits'}.` });
    }
  }

  function reportBulk(op: Operation): void {
    const parsed = BulkPullResult.safeParse(op.result);
    if (!parsed.success) return;
    const { results, errorMsgs } = parsed.data;
    const count = (o: string) => results.filter((r) => r.outcome === o).length;
    const parts = [
      count('updated') && `${count('updated')} updated`,
      count('up-to-date') + count('metadata-only') && `${count('up-to-date') + count('metadata-only')} up to date`,
      count('conflicted') && `${count('conflicted')} with conflicts`,
      count('skipped') && `${count('skipped')} skipped`,
      count('error') && `${count('error')} failed`,
    ].filter(Boolean);
    const firstConflict = results.find((r) => r.outcome === 'conflicted');
    get().pushToast({
      tone: errorMsgs.length > 0 || firstConflict ? 'error' : 'success',
      title: `${op.title} finished`,
      message: [parts.join(', ') || 'Nothing to pull', ...errorMsgs].join('. ') + '.',
      action: firstConflict
        ? { label: 'Resolve conflicts', run: () => get().openWorkspace(firstConflict.workspaceId, 'conflicts') }
        : undefined,
    });
  }

  function reportClone(op: Operation, options: WatchOptions): void {
    const parsed = CloneResult.safeParse(op.result);
    if (!parsed.success) return;
    const { workspace } = parsed.data;
    // The engine's "added" event reloads the list too; adding it now lets the page open at once.
    set((s) => ({ workspaces: s.workspaces.some((w) => w.id === workspace.id) ? s.workspaces : [...s.workspaces, workspace] }));
    get().pushToast({ tone: 'success', title: 'Repository cloned', message: `“${workspace.name}” is ready in ${workspace.path}.` });
    if (options.openWhenDone) get().openWorkspace(workspace.id);
  }

  function finish(op: Operation, options: WatchOptions): void {
    if (options.quiet) {
      if (op.workspaceId) {
        const entry = { at: op.finishedAt ?? new Date().toISOString(), error: op.error ? op.error.message : null };
        set((s) => ({ autoFetchLast: { ...s.autoFetchLast, [op.workspaceId as string]: entry } }));
      }
      return;
    }
    // The user cancelled it; the operations list already says so.
    if (op.status === 'cancelled') return;
    if (op.status === 'failed' && op.error) {
      get().reportOperationError(op.error, op.workspaceId);
      return;
    }
    if (op.kind === 'pull') reportPull(op);
    else if (op.kind === 'clone') reportClone(op, options);
    else if (op.kind === 'bulk_pull') reportBulk(op);
    else if (op.kind === 'fetch') get().pushToast({ tone: 'success', title: 'Fetched', message: `Checked “${nameOf(op.workspaceId)}” for new commits.` });
  }

  // Operations end through `operation.updated` events; report each watched one once, when it ends.
  api.subscribe((state: AppState, prev: AppState) => {
    if (state.operations === prev.operations || watched.size === 0) return;
    for (const [id, options] of watched) {
      const op = state.operations[id];
      if (op && !isActive(op)) {
        watched.delete(id);
        finish(op, options);
      }
    }
  });

  async function start(channel: () => Promise<{ operationId: string }>, workspaceId: string | null, options: WatchOptions = {}) {
    try {
      const { operationId } = await channel();
      get().watchOperation(operationId, options);
      return operationId;
    } catch (err) {
      if (!options.quiet) get().reportOperationError(err, workspaceId);
      return null;
    }
  }

  return {
    operationsState: 'idle',
    autoFetch: readAutoFetch(settings.get(AUTO_FETCH_KEY)),
    autoFetchLast: {},

    async loadOperations() {
      try {
        const list = await client.invoke('operations.list', {});
        set((s) => ({ operations: { ...s.operations, ...Object.fromEntries(list.map((op) => [op.id, op])) }, operationsState: 'ready' }));
      } catch (err) {
        set({ operationsState: 'error' });
        if (get().connection === 'open') get().reportError(err);
      }
    },

    async cancelOperation(operationId) {
      try {
        const op = await client.invoke('operations.cancel', { operationId });
        get().applyOperationUpdated(op);
      } catch (err) {
        get().reportError(err);
      }
    },

    pullWorkspace: (workspaceId) => start(() => client.invoke('sync.pull', { workspaceId }), workspaceId),
    fetchWorkspace: (workspaceId, options) => start(() => client.invoke('sync.fetch', { workspaceId }), workspaceId, options),
    pullGroup: (group) => start(() => client.invoke('sync.bulkPull', { group }), null),

    async startClone(input) {
      try {
        const { operationId } = await client.invoke('workspaces.clone', input);
        get().watchOperation(operationId, { openWhenDone: true });
        return { ok: true, value: operationId };
      } catch (err) {
        return { ok: false, error: toErrorPayload(err) };
      }
    },

    watchOperation(operationId, options = {}) {
      // Fast work can end before the call that started it returns.
      const known = get().operations[operationId];
      if (known && !isActive(known)) finish(known, options);
      else watched.set(operationId, options);
    },

    reportOperationError(error, workspaceId) {
      const payload = toErrorPayload(error);
      const action = fixFor(payload, workspaceId);
      const text = describeError(payload);
      // "Check what you entered" reads oddly when nothing was entered: name the missing setting.
      const title = action?.label === 'Set author' ? 'Author needed' : text.title;
      get().pushToast({ tone: 'error', title, message: text.message, action });
    },

    operationFix: (error, workspaceId) => fixFor(toErrorPayload(error), workspaceId),

    setAutoFetch(workspaceId, minutes) {
      const next = { ...get().autoFetch };
      if (minutes > 0) next[workspaceId] = minutes;
      else delete next[workspaceId];
      settings.set(AUTO_FETCH_KEY, JSON.stringify(next));
      lastAutoFetch.set(workspaceId, Date.now());
      set({ autoFetch: next });
    },

    runAutoFetch(now = Date.now()) {
      const state = get();
      if (state.connection !== 'open') return;
      for (const workspace of state.workspaces) {
        const minutes = state.autoFetch[workspace.id];
        if (!minutes) continue;
        const last = lastAutoFetch.get(workspace.id);
        // The clock starts when the window opens (or the setting changes), not at the epoch.
        if (last === undefined) {
          lastAutoFetch.set(workspace.id, now);
          continue;
        }
        if (now - last < minutes * 60_000) continue;
        // A busy workspace is skipped, not queued: the next tick tries again.
        if (activeOperationFor(state.operations, workspace.id) || state.statuses[workspace.id]?.status?.activeOperationId) continue;
        lastAutoFetch.set(workspace.id, now);
        void get().fetchWorkspace(workspace.id, { quiet: true });
      }
    },

    startAutoFetch() {
      get().runAutoFetch();
      const timer = setInterval(() => get().runAutoFetch(), AUTO_FETCH_TICK_MS);
      return () => clearInterval(timer);
    },
  };
};
