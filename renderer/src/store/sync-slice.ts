import type { Backup, FileAt, FileDiff, Input, MergeConflicts, Output, PromoteResult, PromotionRecord, PullPreview, PullResult, PushResult, WorkingFile } from '../../../shared/contract';
import {
  PromoteResult as PromoteResultSchema,
  PullPreview as PullPreviewSchema,
  PullResult as PullResultSchema,
  PushResult as PushResultSchema,
} from '../../../shared/contract';
import type { Author, Workspace } from '../../../shared/domain';
import type { Operation } from '../../../shared/domain';
import type { ErrorPayload } from '../../../shared/errors';
import { toErrorPayload } from '../lib/error-text';
import type { SliceCreator } from './types';

import type { Outcome } from './connections-slice';

export type { Outcome };

export interface ConflictsEntry {
  data: MergeConflicts | null;
  loading: boolean;
  error: ErrorPayload | null;
}

/** Which sync action of a workspace is running now, and its operation (for progress). */
export interface SyncActivity {
  action: 'push' | 'preview' | 'pull' | 'complete' | 'abort' | 'undo' | 'resolve' | 'promote';
  operationId: string | null;
}

export interface SyncSlice {
  syncActivity: Record<string, SyncActivity | undefined>;
  conflicts: Record<string, ConflictsEntry | undefined>;
  /** The Result text being edited per workspace and path; kept while the user moves between files. */
  mergeDrafts: Record<string, Record<string, string> | undefined>;
  pushChanges(input: Input<'sync.push'>): Promise<Outcome<PushResult>>;
  previewPull(input: Omit<Input<'sync.pull'>, 'dryRun'>): Promise<Outcome<PullPreview>>;
  pullChanges(input: Omit<Input<'sync.pull'>, 'dryRun'>): Promise<Outcome<PullResult>>;
  loadConflicts(workspaceId: string): Promise<void>;
  setMergeDraft(workspaceId: string, path: string, text: string | null): void;
  resolveConflict(input: Input<'sync.resolve'>): Promise<Outcome<Output<'sync.resolve'>>>;
  completeMerge(input: Input<'sync.completeMerge'>): Promise<Outcome<Output<'sync.completeMerge'>>>;
  abortMerge(workspaceId: string): Promise<Outcome<Output<'sync.abortMerge'>>>;
  loadBackups(workspaceId: string): Promise<Outcome<Backup[]>>;
  undoSync(input: Input<'sync.undo'>): Promise<Outcome<Output<'sync.undo'>>>;
  promote(input: Input<'sync.promote'>): Promise<Outcome<PromoteResult>>;
  loadPromotions(input: Input<'sync.promotions'>): Promise<Outcome<PromotionRecord[]>>;
  readWorkingDiff(input: Input<'changes.diff'>): Promise<Outcome<FileDiff>>;
  readWorkingFile(input: Input<'changes.fileAt'>): Promise<Outcome<WorkingFile>>;
  readCommittedFile(input: Input<'history.fileAt'>): Promise<Outcome<FileAt>>;
  /** Remembers who commits in this workspace (asked for when the workspace has no author yet). */
  saveAuthor(workspaceId: string, author: Author): Promise<Outcome<Workspace>>;
  /** Resolves when the operation has ended (events first; a slow poll covers a lost socket). */
  waitForOperation(operationId: string): Promise<Operation>;
}

const TERMINAL = new Set<Operation['status']>(['succeeded', 'failed', 'cancelled']);
const POLL_MS = 2000;

interface ResultSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

export const createSyncSlice: SliceCreator<SyncSlice> = ({ client }) => (set, get, api) => {
  const setActivity = (workspaceId: string, activity: SyncActivity | undefined) =>
    set((s) => ({ syncActivity: { ...s.syncActivity, [workspaceId]: activity } }));

  const patchConflicts = (workspaceId: string, patch: Partial<ConflictsEntry>) =>
    set((s) => {
      const current = s.conflicts[workspaceId] ?? { data: null, loading: false, error: null };
      return { conflicts: { ...s.conflicts, [workspaceId]: { ...current, ...patch } } };
    });

  /** Runs a direct call under an activity label; errors come back as data, never thrown. */
  async function direct<T>(workspaceId: string, action: SyncActivity['action'], call: () => Promise<T>): Promise<Outcome<T>> {
    setActivity(workspaceId, { action, operationId: null });
    try {
      return { ok: true, value: await call() };
    } catch (err) {
      return { ok: false, error: toErrorPayload(err) };
    } finally {
      setActivity(workspaceId, undefined);
    }
  }

  /** Starts long work, follows its operation to the end and checks the shape of its result. */
  async function operation<T>(
    workspaceId: string,
    action: SyncActivity['action'],
    start: () => Promise<{ operationId: string }>,
    schema: ResultSchema<T>,
  ): Promise<Outcome<T>> {
    setActivity(workspaceId, { action, operationId: null });
    try {
      const { operationId } = await start();
      setActivity(workspaceId, { action, operationId });
      const op = await get().waitForOperation(operationId);
      if (op.status !== 'succeeded') {
        const error = op.error ?? { code: 'cancelled', message: 'The operation was cancelled.', details: {}, requestId: '' };
        return { ok: false, error: toErrorPayload(error) };
      }
      const parsed = schema.safeParse(op.result);
      if (!parsed.success) return { ok: false, error: toErrorPayload(new Error(`Unexpected result from ${op.kind}.`)) };
      return { ok: true, value: parsed.data };
    } catch (err) {
      return { ok: false, error: toErrorPayload(err) };
    } finally {
      setActivity(workspaceId, undefined);
    }
  }

  /** A plain read: its value or its error as data. */
  async function read<T>(call: () => Promise<T>): Promise<Outcome<T>> {
    try {
      return { ok: true, value: await call() };
    } catch (err) {
      return { ok: false, error: toErrorPayload(err) };
    }
  }

  const refreshAfter = (workspaceId: string) => {
    if (get().statuses[workspaceId]) void get().refreshStatus(workspaceId);
    if (get().conflicts[workspaceId]) void get().loadConflicts(workspaceId);
  };

  return {
    syncActivity: {},
    conflicts: {},
    mergeDrafts: {},

    waitForOperation(operationId) {
      return new Promise<Operation>((resolve) => {
        let done = false;
        const finish = (op: Operation | undefined) => {
          if (done || !op || !TERMINAL.has(op.status)) return;
          done = true;
          unsubscribe();
          clearInterval(timer);
          resolve(op);
        };
        const unsubscribe = api.subscribe((s) => finish(s.operations[operationId]));
        const poll = async () => {
          try {
            const op = await client.invoke('operations.get', { operationId });
            if (TERMINAL.has(op.status)) get().applyOperationUpdated(op);
            finish(op);
          } catch {
            // A lost socket: the next poll (or the event after reconnecting) tells.
          }
        };
        const timer = setInterval(() => void poll(), POLL_MS);
        finish(get().operations[operationId]);
        // Short local work may have ended before its events could arrive.
        if (!done) void poll();
      });
    },

    async pushChanges(input) {
      const outcome = await operation(input.workspaceId, 'push', () => client.invoke('sync.push', input), PushResultSchema);
      if (outcome.ok) {
        const what = outcome.value.commit ? `Committed ${outcome.value.commit.slice(0, 7)} and pushed` : 'Pushed';
        get().pushToast({ tone: 'success', title: `Pushed to ${outcome.value.pushedTo}`, message: `${what} to “${outcome.value.pushedTo}”.` });
      }
      return outcome;
    },

    previewPull(input) {
      return operation(input.workspaceId, 'preview', () => client.invoke('sync.pull', { ...input, dryRun: true }), PullPreviewSchema);
    },

    async pullChanges(input) {
      const outcome = await operation(input.workspaceId, 'pull', () => client.invoke('sync.pull', { ...input, dryRun: false }), PullResultSchema);
      if (outcome.ok) {
        if (outcome.value.outcome === 'conflicted') void get().loadConflicts(input.workspaceId);
        else get().pushToast({ tone: 'success', title: 'Pulled', message: pullSummary(outcome.value) });
      }
      return outcome;
    },

    async loadConflicts(workspaceId) {
      patchConflicts(workspaceId, { loading: true });
      try {
        const data = await client.invoke('sync.conflicts', { workspaceId });
        patchConflicts(workspaceId, { data, loading: false, error: null });
        if (!data.merging) set((s) => ({ mergeDrafts: { ...s.mergeDrafts, [workspaceId]: undefined } }));
      } catch (err) {
        patchConflicts(workspaceId, { loading: false, error: toErrorPayload(err) });
      }
    },

    setMergeDraft(workspaceId, path, text) {
      set((s) => {
        const drafts = { ...s.mergeDrafts[workspaceId] };
        if (text === null) delete drafts[path];
        else drafts[path] = text;
        return { mergeDrafts: { ...s.mergeDrafts, [workspaceId]: drafts } };
      });
    },

    async resolveConflict(input) {
      const outcome = await direct(input.workspaceId, 'resolve', () => client.invoke('sync.resolve', input));
      if (outcome.ok) {
        // The engine keeps the choice; show it without waiting for a reload.
        set((s) => {
          const entry = s.conflicts[input.workspaceId];
          if (!entry?.data) return {};
          const resolution = typeof input.resolution === 'string' ? input.resolution : { merged: input.resolution.merged };
          const paths = entry.data.paths.map((p) => (p.path === input.path ? { ...p, resolution } : p));
          return { conflicts: { ...s.conflicts, [input.workspaceId]: { ...entry, data: { ...entry.data, paths } } } };
        });
      }
      return outcome;
    },

    async completeMerge(input) {
      const outcome = await direct(input.workspaceId, 'complete', () => client.invoke('sync.completeMerge', input));
      if (outcome.ok) {
        const { pushed, pushError } = outcome.value;
        get().pushToast(
          pushError
            ? { tone: 'error', title: 'Merged, but not pushed', message: `The merge is committed locally. ${pushError.message}` }
            : { tone: 'success', title: 'Merge completed', message: pushed ? 'The merge was committed and pushed.' : 'The merge was committed.' },
        );
        refreshAfter(input.workspaceId);
      }
      return outcome;
    },

    async abortMerge(workspaceId) {
      const outcome = await direct(workspaceId, 'abort', () => client.invoke('sync.abortMerge', { workspaceId }));
      if (outcome.ok) {
        get().pushToast({ tone: 'success', title: 'Merge aborted', message: 'Your files are back to how they were before the pull.' });
        refreshAfter(workspaceId);
      }
      return outcome;
    },

    loadBackups: (workspaceId) => read(() => client.invoke('sync.backups', { workspaceId })),
    loadPromotions: (input) => read(() => client.invoke('sync.promotions', input)),
    readWorkingDiff: (input) => read(() => client.invoke('changes.diff', input)),
    readWorkingFile: (input) => read(() => client.invoke('changes.fileAt', input)),
    readCommittedFile: (input) => read(() => client.invoke('history.fileAt', input)),

    async saveAuthor(workspaceId, author) {
      const outcome = await read(() => client.invoke('workspaces.update', { workspaceId, author }));
      if (outcome.ok) set((s) => ({ workspaces: s.workspaces.map((w) => (w.id === workspaceId ? outcome.value : w)) }));
      return outcome;
    },

    async promote(input) {
      const outcome = await operation(input.workspaceId, 'promote', () => client.invoke('sync.promote', input), PromoteResultSchema);
      if (outcome.ok) {
        const r = outcome.value;
        get().pushToast(
          r.mode === 'up_to_date'
            ? { tone: 'info', title: `${r.environment} is up to date`, message: `“${r.environment}” already has every commit of ${input.ref}.` }
            : { tone: 'success', title: `Promoted to ${r.environment}`, message: `“${r.environment}” now points at ${r.to.slice(0, 7)} (${input.ref}).` },
        );
      }
      return outcome;
    },

    async undoSync(input) {
      const outcome = await direct(input.workspaceId, 'undo', () => client.invoke('sync.undo', input));
      if (outcome.ok) {
        get().pushToast({ tone: 'success', title: 'Sync undone', message: 'Your files are back to how they were before that sync.' });
        refreshAfter(input.workspaceId);
      }
      return outcome;
    },
  };
};

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One line for what a pull did, e.g. "2 files updated, 1 created". */
export function pullSummary(result: Pick<PullResult, 'outcome' | 'created' | 'updated' | 'deleted'>): string {
  if (result.outcome === 'up_to_date') return 'Already up to date: the remote had nothing new.';
  const parts = [
    result.updated.length ? `${count(result.updated.length, 'file')} updated` : null,
    result.created.length ? `${count(result.created.length, 'file')} created` : null,
    result.deleted.length ? `${count(result.deleted.length, 'file')} deleted` : null,
  ].filter(Boolean);
  const how = result.outcome === 'merged' ? 'Merged the remote changes' : 'Brought in the remote changes';
  return parts.length ? `${how}: ${parts.join(', ')}.` : `${how}.`;
}
