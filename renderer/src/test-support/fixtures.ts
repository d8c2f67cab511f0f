import type { Workspace, WorkspaceStatus } from '../../../shared/domain';
import type { AppInfo } from '../../../shared/contract';

export function workspace(id: string, patch: Partial<Workspace> = {}): Workspace {
  return {
    id,
    name: id,
    path: `/home/me/${id}`,
    remoteUrl: `https://example.com/${id}.git`,
    branch: 'main',
    pathPrefix: '',
    author: null,
    connectionId: null,
    group: null,
    environments: [],
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    lastSyncAt: null,
    ...patch,
  };
}

export function status(workspaceId: string, patch: Partial<WorkspaceStatus> = {}): WorkspaceStatus {
  return {
    workspaceId,
    branch: 'main',
    detached: false,
    head: {
      oid: 'abcdef0123456789abcdef0123456789abcdef01',
      subject: 'First commit',
      authorName: 'Ada',
      authorEmail: 'ada@example.com',
      date: '2025-01-01T00:00:00.000Z',
    },
    files: [],
    state: 'in_sync',
    ahead: 0,
    behind: 0,
    lastSyncAt: null,
    activeOperationId: null,
    conflicts: [],
    ...patch,
  };
}

export function appInfo(patch: Partial<AppInfo> = {}): AppInfo {
  return {
    name: 'Reposync',
    version: '0.1.0',
    mode: 'host',
    home: '/home/me/.reposync',
    platform: 'linux',
    vaultKind: 'encrypted_file',
    canPickFolder: false,
    ...patch,
  };
}
