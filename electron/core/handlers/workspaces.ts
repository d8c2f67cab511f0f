import type { Handlers } from '../dispatch';
import type { CoreServices } from '../services';
import { readChanges, readHead } from '../git/status';
import { assertRepoFolder } from '../git/git';

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
      const [head, files] = await Promise.all([readHead(ws.path), readChanges(ws.path, ws.pathPrefix)]);
      return {
        workspaceId,
        branch: head.branch,
        detached: head.detached,
        head: head.head,
        files,
        state: files.length > 0 ? 'changes' : ws.remoteUrl ? 'in_sync' : 'no_remote',
        ahead: 0,
        behind: 0,
        lastSyncAt: ws.lastSyncAt,
        activeOperationId: operations.activeFor(workspaceId),
        conflicts: files.filter((f) => f.kind === 'conflicted').map((f) => f.path),
      };
    },
  };
}
