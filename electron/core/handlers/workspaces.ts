import type { Handlers } from '../dispatch';
import type { CoreServices } from '../services';
import { readChanges, readHead } from '../git/status';
import { assertRepoFolder } from '../git/git';
import { readMergeState, unresolvedPaths } from '../sync/merge-state';
import { deriveSyncState, readAheadBehind } from '../sync/sync-state';

type WorkspaceHandlers = Pick<Handlers, 'workspaces.list' | 'workspaces.get' | 'workspaces.add' | 'workspaces.remove' | 'workspaces.status'>;

export function workspaceHandlers({ workspaces, events, operations }: CoreServices): WorkspaceHandlers {
  return {
    'workspaces.list': async () => workspaces.list(),
    'workspaces.get': async ({ workspaceId }) => workspaces.get(workspaceId),
    'workspaces.add': async (input) => {
      const added = await workspaces.add(input);
      events.emit('workspace.changed', { workspaceId: added.id, reason: 'added' });
      return added;
    },
    'workspaces.remove': async ({ workspaceId }) => {
      workspaces.remove(workspaceId);
      events.emit('workspace.changed', { workspaceId, reason: 'removed' });
      return { removed: true as const };
    },
    'workspaces.status': async ({ workspaceId }) => {
      const ws = workspaces.get(workspaceId);
      assertRepoFolder(ws.path);
      const [head, files, merge] = await Promise.all([readHead(ws.path), readChanges(ws.path, ws.pathPrefix), readMergeState(ws.path)]);
      // An unfinished merge (see sync/merge-state.ts): its unresolved paths are the conflicts.
      const conflicts = unresolvedPaths(merge);
      for (const f of files) if (conflicts.includes(f.path)) f.kind = 'conflicted';
      const { ahead, behind } = await readAheadBehind(ws, head.branch);
      return {
        workspaceId,
        branch: head.branch,
        detached: head.detached,
        head: head.head,
        files,
        state: deriveSyncState({ hasRemote: Boolean(ws.remoteUrl), conflicted: Boolean(merge), changedFiles: files.length, ahead, behind }),
        ahead,
        behind,
        lastSyncAt: ws.lastSyncAt,
        activeOperationId: operations.activeFor(workspaceId),
        conflicts,
      };
    },
  };
}
