import type { Handlers } from '../dispatch';
import { ReposyncError, toErrorPayload } from '../errors';
import { assertRepoFolder } from '../git/git';
import { resolveIdentity } from '../git/identity';
import type { CoreServices } from '../services';
import { acquireLock } from '../workspace-lock';
import { listBackups } from '../sync/backup';
import { listConflicts, resolveConflict } from '../sync/conflicts';
import { abortMerge, completeMerge } from '../sync/merge-complete';
import { fetchWorkspace } from '../sync/fetch';
import { pushMergedBranch } from '../sync/merge-push';
import { pullWorkspace, type Fetcher } from '../sync/pull';
import { undoSync } from '../sync/undo';

type MergeHandlers = Pick<
  Handlers,
  'sync.pull' | 'sync.conflicts' | 'sync.resolve' | 'sync.completeMerge' | 'sync.abortMerge' | 'sync.undo' | 'sync.backups'
>;

/** Pushes the workspace's branch after a completed merge. */
export type Pusher = typeof pushMergedBranch;

/**
 * The merge half of sync. `sync.pull` is long work (it fetches) and returns an OperationRef;
 * complete/abort/undo run as operations too (so they take the workspace's writer lock and show in
 * `operations.list`) but answer with their result directly, as they are local and short.
 */
export function mergeHandlers(services: CoreServices, fetcher: Fetcher | null = fetchWorkspace, pusher: Pusher | null = pushMergedBranch): MergeHandlers {
  const { workspaces, operations, events } = services;
  const repo = (workspaceId: string) => {
    const ws = workspaces.get(workspaceId);
    assertRepoFolder(ws.path);
    return ws;
  };
  const changed = (workspaceId: string) => events.emit('workspace.changed', { workspaceId, reason: 'updated' });

  return {
    'sync.pull': async (input) => {
      const ws = repo(input.workspaceId);
      if (!fetcher) throw new ReposyncError('unsupported', 'Fetching is not available in this build, so Reposync cannot pull.', {});
      const title = input.dryRun ? `Check ${ws.name} for remote changes` : `Pull ${ws.name}`;
      const { operationId } = operations.start({ kind: 'pull', title, workspaceId: ws.id, lockDir: ws.path }, (ctx) => pullWorkspace(services, ws, input, ctx, fetcher));
      return { operationId };
    },
    'sync.conflicts': async ({ workspaceId }) => listConflicts(repo(workspaceId).path),
    'sync.resolve': async ({ workspaceId, path, resolution }) => {
      const ws = repo(workspaceId);
      const release = acquireLock(ws.path, 'resolve');
      try {
        const unresolved = await resolveConflict(ws.path, path, resolution);
        changed(workspaceId);
        return { unresolved };
      } finally {
        release();
      }
    },
    'sync.completeMerge': async ({ workspaceId, message, push }) => {
      const ws = repo(workspaceId);
      if (push && !pusher) throw new ReposyncError('unsupported', 'Pushing is not available in this build; complete without push.', {});
      const who = await resolveIdentity(ws.path, ws.author);
      const title = push ? `Complete the merge in ${ws.name} and push` : `Complete the merge in ${ws.name}`;
      const { done } = operations.start({ kind: 'merge', title, workspaceId, lockDir: ws.path }, async (ctx) => {
        const result = await completeMerge(ws.path, who, message);
        if (!push || !pusher) return { ...result, pushed: false, pushError: null };
        // The merge is committed whatever the network does; a failed push is reported, not thrown.
        try {
          await pusher(services, ws, ctx);
          return { ...result, pushed: true, pushError: null };
        } catch (err) {
          const e = toErrorPayload(err);
          return { ...result, pushed: false, pushError: { code: e.code, message: e.message } };
        }
      });
      const result = await done;
      events.emit('workspace.changed', { workspaceId, reason: result.pushed ? 'synced' : 'updated' });
      return result;
    },
    'sync.abortMerge': async ({ workspaceId }) => {
      const ws = repo(workspaceId);
      const { done } = operations.start({ kind: 'merge', title: `Abort the merge in ${ws.name}`, workspaceId, lockDir: ws.path }, () => abortMerge(ws.path));
      const result = await done;
      changed(workspaceId);
      return result;
    },
    'sync.undo': async ({ workspaceId, backupId }) => {
      const ws = repo(workspaceId);
      const { done } = operations.start({ kind: 'undo', title: `Undo the last sync of ${ws.name}`, workspaceId, lockDir: ws.path }, () => undoSync(ws.path, backupId));
      const result = await done;
      changed(workspaceId);
      return result;
    },
    'sync.backups': async ({ workspaceId }) =>
      (await listBackups(repo(workspaceId).path)).map((b) => ({
        id: b.id, ref: b.ref, commit: b.commit, kind: b.kind, branch: b.branch, previousHead: b.previousHead, createdAt: b.createdAt, inMerge: !!b.mergeState,
      })),
  };
}
