import type { PullRequestRef } from '../../../shared/contract/connections';
import type { Workspace } from '../../../shared/domain';
import { ReposyncError } from '../errors';
import type { CoreServices } from '../services';

export interface PullRequestFields {
  head: string;
  base: string;
  title: string;
  body?: string;
}

/**
 * Opens a pull/merge request for a workspace's branch on its connection's provider, or returns the
 * one already open for the same head and base. Called by push after the branch is on the server.
 */
export async function openPullRequest(services: Pick<CoreServices, 'connections'>, ws: Workspace, fields: PullRequestFields): Promise<PullRequestRef> {
  if (!ws.connectionId) {
    throw new ReposyncError('invalid_input', `Workspace "${ws.name}" has no connection; add one to open pull requests.`, { workspaceId: ws.id });
  }
  if (!ws.remoteUrl) {
    throw new ReposyncError('invalid_input', `Workspace "${ws.name}" has no remote repository.`, { workspaceId: ws.id });
  }
  return services.connections.openPullRequest({
    connectionId: ws.connectionId,
    repoUrl: ws.remoteUrl,
    head: fields.head,
    base: fields.base,
    title: fields.title,
    body: fields.body ?? '',
  });
}

/**
 * The `CoreServices.openPullRequest` seam push calls after pushing to another branch: the request's
 * web URL, or null when the workspace has no connection or its provider has no pull requests (generic).
 * Provider failures (auth, rate limit) are thrown as ReposyncError; the push itself has already succeeded.
 */
export function pullRequestOpener(connections: CoreServices['connections']) {
  return async (ws: Workspace, fields: PullRequestFields): Promise<string | null> => {
    if (!ws.connectionId || !ws.remoteUrl) return null;
    if (connections.get(ws.connectionId).provider === 'generic') return null;
    return (await openPullRequest({ connections }, ws, fields)).url;
  };
}
