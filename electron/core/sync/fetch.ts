import type { Workspace } from '../../../shared/domain';
import { ReposyncError, toReposyncError } from '../errors';
import { assertRepoFolder, dropCache } from '../git/git';
import { assertBranchName } from '../git/refs';
import { findGitDir } from '../git/fast';
import { fetchBranch } from '../git/remote';
import { currentBranchName } from '../git/repo-config';
import type { OperationContext } from '../operations';
import type { CoreServices } from '../services';
import { runGitTask } from '../workers/pool';
import { openSession } from './remote-session';

export interface FetchResult {
  /** The remote branch tip now in `refs/remotes/origin/<branch>`; null when the remote is empty. */
  remoteOid: string | null;
  updated: boolean;
}

/** The branch a workspace syncs: its configured one, else whatever is checked out. */
export async function syncBranch(ws: Workspace): Promise<string> {
  const branch = ws.branch ?? (await currentBranchName(ws.path));
  if (!branch) {
    throw new ReposyncError('invalid_input', 'The workspace has no branch set and HEAD is detached; choose a branch for it.', {
      field: 'branch',
      workspaceId: ws.id,
    });
  }
  assertBranchName(branch);
  return branch;
}

/**
 * Bring `ws.branch` from the remote into `refs/remotes/origin/<branch>`. The working tree, the index
 * and every local branch stay exactly as they were; pull merges from the tracking ref afterwards.
 */
export async function fetchWorkspace(
  services: Pick<CoreServices, 'credentials' | 'options'> & { log?: CoreServices['log'] },
  ws: Workspace,
  ctx: Pick<OperationContext, 'signal' | 'progress'>,
): Promise<FetchResult> {
  assertRepoFolder(ws.path);
  const branch = await syncBranch(ws);
  const session = await openSession(services, ws, ctx);
  ctx.progress('fetching', 0, null);
  const result = await fetchBranch(session, ws.path, branch);
  await tidyObjects(services, ws, result.updated);
  return result;
}

/**
 * git's `gc --auto` after a fetch, on the Git worker under this workspace's one-writer lock: past
 * PACK_LIMIT packs the small ones are merged (each fetch that brings commits keeps a pack), and
 * past LOOSE_LIMIT loose objects (Reposync's own commits, trees and files) they are packed.
 * Housekeeping: a failure is logged, the fetch itself succeeded and every object is still there.
 */
async function tidyObjects(services: { log?: CoreServices['log'] }, ws: Workspace, fetched: boolean): Promise<void> {
  try {
    const { merged, loose } = await runGitTask('tidyObjects', { gitdir: findGitDir(ws.path), packs: fetched }, { key: ws.path });
    // isomorphic-git keeps the parsed indexes of the packs that just went: let them go.
    if ((merged?.merged ?? 0) > 0) dropCache(ws.path);
    if (loose.skipped > 0) services.log?.warn('loose objects that cannot be read or do not match their names were left unpacked', { workspaceId: ws.id, skipped: loose.skipped });
  } catch (err) {
    services.log?.warn('tidying objects after a fetch failed', { workspaceId: ws.id, error: toReposyncError(err).message });
  }
}
