import type { Workspace } from '../../../shared/domain';
import { pushBranch } from '../git/remote';
import type { OperationContext } from '../operations';
import type { CoreServices } from '../services';
import { pullBranch } from './pull';
import { openSession } from './remote-session';

/**
 * Push the branch after `sync.completeMerge({ push: true })`. Deliberately not `sync/push.ts`'s
 * `push()`, which first commits every pending change: after a merge only the merge itself (and
 * the commits before it) may leave the machine, never unrelated local edits.
 */
export async function pushMergedBranch(services: CoreServices, ws: Workspace, ctx: Pick<OperationContext, 'signal' | 'progress'>): Promise<void> {
  const branch = await pullBranch(ws);
  const session = await openSession(services, ws, ctx);
  ctx.progress('pushing', 0, null);
  await pushBranch(session, { dir: ws.path, localBranch: branch, remoteBranch: branch });
}
