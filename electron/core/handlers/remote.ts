import type { Handlers } from '../dispatch';
import type { CoreServices } from '../services';
import { assertRepoFolder } from '../git/git';
import { pointOrigin } from '../workspaces';
import { checkCloneTarget, clone, reserveCloneTarget } from '../sync/clone';
import { fetchWorkspace } from '../sync/fetch';
import { push } from '../sync/push';
import { testRemote } from '../sync/remote-test';
import { checkRemoteUrl } from '../git/remote-url';

type RemoteHandlers = Pick<Handlers, 'workspaces.update' | 'workspaces.test' | 'workspaces.clone' | 'sync.fetch' | 'sync.push'>;

function isRepoFolder(dir: string): boolean {
  try {
    assertRepoFolder(dir);
    return true;
  } catch {
    return false;
  }
}

/** Network work: long calls return an OperationRef at once; their results arrive on the operation. */
export function remoteHandlers(services: CoreServices): RemoteHandlers {
  const { workspaces, events, operations } = services;
  return {
    'workspaces.update': async ({ workspaceId, ...change }) => {
      const before = workspaces.get(workspaceId);
      const updated = workspaces.update(workspaceId, change);
      if (updated.remoteUrl && updated.remoteUrl !== before.remoteUrl && isRepoFolder(updated.path)) {
        try {
          await pointOrigin(updated.path, updated.remoteUrl);
        } catch (err) {
          // The folder refused the new address (read-only, say): keep settings and folder agreeing.
          workspaces.patch(workspaceId, { remoteUrl: before.remoteUrl });
          throw err;
        }
      }
      events.emit('workspace.changed', { workspaceId, reason: 'updated' });
      return updated;
    },

    'workspaces.test': async (input) =>
      testRemote(services, 'workspaceId' in input ? workspaces.get(input.workspaceId) : { url: input.url, connectionId: input.connectionId ?? null }),

    'workspaces.clone': async (input) => {
      // Refuse a bad address or a non-empty folder now, as a plain error, rather than as a failed operation.
      checkRemoteUrl(input.url);
      const target = checkCloneTarget(input.folder);
      const release = reserveCloneTarget(target);
      try {
        const { operationId } = operations.start({ kind: 'clone', title: `Clone ${checkRemoteUrl(input.url).url}`, workspaceId: null }, async (ctx) => {
          try {
            const cloned = await clone(services, { ...input, folder: target, connectionId: input.connectionId ?? null }, ctx);
            const workspace = await workspaces.add({
              path: cloned.path,
              name: input.name,
              remoteUrl: cloned.remoteUrl,
              branch: cloned.branch ?? undefined,
              pathPrefix: input.pathPrefix,
              author: input.author,
              group: input.group,
              environments: input.environments,
              connectionId: input.connectionId,
            });
            events.emit('workspace.changed', { workspaceId: workspace.id, reason: 'added' });
            return { workspace, head: cloned.head };
          } finally {
            release();
          }
        });
        return { operationId };
      } catch (err) {
        release();
        throw err;
      }
    },

    'sync.fetch': async ({ workspaceId }) => {
      const ws = workspaces.get(workspaceId);
      assertRepoFolder(ws.path);
      const { operationId } = operations.start({ kind: 'fetch', title: `Fetch ${ws.name}`, workspaceId, lockDir: ws.path }, async (ctx) => {
        const result = await fetchWorkspace(services, ws, ctx);
        events.emit('workspace.changed', { workspaceId, reason: 'synced' });
        return result;
      });
      return { operationId };
    },

    'sync.push': async ({ workspaceId, ...input }) => {
      const ws = workspaces.get(workspaceId);
      assertRepoFolder(ws.path);
      const { operationId } = operations.start({ kind: 'push', title: `Push ${ws.name}`, workspaceId, lockDir: ws.path }, async (ctx) => {
        try {
          return await push(services, ws, input, ctx);
        } finally {
          // Even a refused push may have made a commit and moved the tracking ref: the UI should re-read.
          events.emit('workspace.changed', { workspaceId, reason: 'synced' });
        }
      });
      return { operationId };
    },
  };
}
