import type { FileChange } from '../../../shared/domain';
import { ReposyncError, toReposyncError } from '../errors';
import { commitOnto, type CommitAuthor } from '../git/commit-paths';
import { resolveRefOrNull, setRef, trackingRef } from '../git/refs';
import { fetchBranch, pushBranch, type RemoteSession } from '../git/remote';
import type { OperationContext } from '../operations';
import { recordPushed, reviewBase, reviewMerger } from './review-merge';

export interface ReviewPush {
  dir: string;
  /** The branch on the remote to add the commit to (created from HEAD when missing). */
  target: string;
  changes: FileChange[];
  message: string;
  author: CommitAuthor;
}

/**
 * Publish the selected working-tree changes as one commit on another branch (a review / pull-request
 * branch) without touching anything local but `refs/remotes/origin/<target>`: HEAD, the index, the
 * working files and every local branch stay as they were, so the workspace's own branch never gets
 * an unreviewed commit to push. The commit goes on top of the branch's remote tip, so repeated
 * pushes to one review branch accumulate, and files others changed there meanwhile are merged, not
 * overwritten (review-merge.ts); a new branch starts from HEAD. Returns the new commit.
 */
export async function pushToReviewBranch(
  session: RemoteSession,
  job: ReviewPush,
  ctx: Pick<OperationContext, 'signal' | 'progress'>,
): Promise<string> {
  const { dir, target } = job;
  ctx.progress('fetching', 0, null);
  const head = await resolveRefOrNull(dir, 'HEAD');
  const tip = await remoteTip(session, dir, target);
  const parent = tip ?? head;
  const base = await reviewBase(dir, target, tip, head);

  ctx.progress('committing', 0, null);
  const merger = base && tip ? reviewMerger(dir, target, base, tip) : undefined;
  const commit = await commitOnto(dir, job.changes, parent, job.message, job.author, merger);
  if (!commit) {
    throw new ReposyncError('invalid_input', `Nothing to push: the branch "${target}" already has these changes.`, { branch: target });
  }
  if (ctx.signal.aborted) throw new ReposyncError('cancelled', 'The push was cancelled; nothing was changed.', {});

  ctx.progress('pushing', 0, null);
  try {
    // A commit id, not a local branch: no local branch is created or moved for the review branch.
    await pushBranch(session, { dir, localBranch: commit, remoteBranch: target });
  } catch (err) {
    const e = toReposyncError(err);
    if (e.code === 'non_fast_forward') {
      throw new ReposyncError(
        'non_fast_forward',
        `Someone else pushed to "${target}" while you were pushing. Nothing was changed here: your changes are still local; push again to add them on top.`,
        // `reviewBranch` tells the UI that no local commit exists, so "pull first" is not the fix.
        { branch: target, reviewBranch: true, reason: e.details.reason ?? null },
      );
    }
    throw e;
  }
  await setRef(dir, trackingRef(target), commit);
  await recordPushed(dir, target, commit);
  return commit;
}

/** The branch's commit on the remote (fetched), or null when the remote has no such branch. */
async function remoteTip(session: RemoteSession, dir: string, branch: string): Promise<string | null> {
  try {
    return (await fetchBranch(session, dir, branch)).remoteOid;
  } catch (err) {
    const e = toReposyncError(err);
    if (e.code === 'not_found' && e.details.branch === branch) return null;
    throw e;
  }
}
