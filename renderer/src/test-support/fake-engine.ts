import { createClient } from '../../../shared/client';
import type { AppInfo } from '../../../shared/contract';
import type { Workspace, WorkspaceStatus } from '../../../shared/domain';
import { createAppStore } from '../store/create-app-store';
import type { KeyValueStorage } from '../store/types';
import { FakeTransport, fail } from './fake-transport';
import { appInfo, status, workspace } from './fixtures';

export interface FakeEngineOptions {
  workspaces?: Workspace[];
  statuses?: Record<string, WorkspaceStatus>;
  info?: AppInfo;
}

/**
 * An in-memory stand-in for the engine behind the transport: enough of app.* and workspaces.*
 * for the UI's flows. Folders under /repos/ count as Git repositories.
 */
export function fakeEngine(options: FakeEngineOptions = {}) {
  const transport = new FakeTransport();
  const workspaces = [...(options.workspaces ?? [])];
  const statuses = { ...options.statuses };
  transport
    .handle('app.info', () => options.info ?? appInfo())
    .handle('app.pickFolder', () => ({ path: '/repos/picked' }))
    .handle('workspaces.list', () => [...workspaces])
    .handle('connections.list', () => [])
    .handle('operations.list', () => [])
    .handle('workspaces.status', ({ workspaceId }) => {
      if (!workspaces.some((w) => w.id === workspaceId)) fail('not_found', 'No workspace has that id.', { workspaceId });
      return statuses[workspaceId] ?? status(workspaceId);
    })
    .handle('workspaces.add', (input) => {
      if (!input.path.startsWith('/repos/')) {
        fail('not_found', `${input.path} is not a Git repository (it has no .git folder).`, { path: input.path });
      }
      const id = input.path.slice('/repos/'.length) || 'root';
      const added = workspace(id, { path: input.path, name: input.name ?? id, group: input.group ?? null });
      workspaces.push(added);
      return added;
    })
    .handle('workspaces.remove', ({ workspaceId }) => {
      const index = workspaces.findIndex((w) => w.id === workspaceId);
      if (index < 0) fail('not_found', 'No workspace has that id.', { workspaceId });
      workspaces.splice(index, 1);
      return { removed: true as const };
    });
  return { transport, workspaces, statuses };
}

export function memoryStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return { get: (k) => map.get(k) ?? null, set: (k, v) => void map.set(k, v) };
}

export function storeFor(transport: FakeTransport, settings: KeyValueStorage = memoryStorage()) {
  const client = createClient(transport);
  return { client, store: createAppStore({ client, settings }) };
}
