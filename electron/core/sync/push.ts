import path from 'node:path';
import type { Author, Workspace } from '../../../shared/domain';
import type { ErrorPayload } from '../../../shared/errors';
import { ReposyncError, toErrorPayload, toReposyncError } from '../errors';
import { countAheadBehind } from '../git/ahead-behind';
import { commitChanges, currentBranchRef, readConfiguredAuthor } from '../git/commit-paths';
import { assertRepoFolder } from '../git/git';
import { assertBranchName, resolveRefOrNull, trackingRef } from '../git/refs';
import { fetchBranch, pushBranch } from '../git/remote';
import { readChanges } from '../git/status';
import type { OperationContext } from '../operations';
import type { CoreServices } from '../services';
import { syncBranch } from './fetch';
import { pushToReviewBranch } from './push-review';
import { openSession } from './remote-session';

export interface PushInput {
  /** Repo-relative (or absolute, inside the workspace) files or folders to commit; default: every change under the prefix. */
  paths?: string[];
  message: string;
  author?: Author;
  /** Push to this branch on the remote instead of the workspace's (created when missing). Another branch than the checked-out one gets the commit on the remote only: no local branch, HEAD or index moves. */
  branch?: string;
  /** Open a pull/merge request after pushing to `branch`; absent → none is opened. */
  pullRequest?: PullRequestOptions;
}

export interface PullRequestOptions {
  /** Default: the commit message's first line. */
  title?: string;
  body?: string;
  /** The branch the request merges into; default: the workspace's branch. */
  base?: string;
}

export interface PushResult {
  /** The commit made from the selected changes; null when only earlier commits were pushed. */
  commit: string | null;
  pushedTo: string;
  pullRequestUrl: string | null;
  /** Why the requested pull request was not opened (the push itself succeeded); absent when none was asked for. */
  pullRequestError?: ErrorPayload | null;
}

/**
 * Commit the selected changes and push the branch. Nothing is ever lost: a push the server refuses
 * leaves the new commit on the local branch, so the user can pull and push again. Changes pushed to
 * another branch than the checked-out one (a review branch) are committed there only, on the
 * remote: nothing local moves (see push-review.ts).
 */
export async function push(
  services: Pick<CoreServices, 'credentials' | 'options' | 'workspaces' | 'openPullRequest' | 'log'>,
  ws: Workspace,
  input: PushInput,
  ctx: Pick<OperationContext, 'signal' | 'progress'>,
): Promise<PushResult> {
  assertRepoFolder(ws.path);
  const session = await openSession(services, ws, ctx);
  const localRef = await currentBranchRef(ws.path);
  const localBranch = localRef.replace(/^refs\/heads\//, '');
  const base = ws.branch ?? (await syncBranch(ws));
  if (!input.branch && base !== localBranch) {
    // Pushing the checked-out branch onto another one would publish commits the user never meant for it.
    throw new ReposyncError(
      'invalid_input',
      `This workspace syncs "${base}" but "${localBranch}" is checked out; switch back to "${base}" or choose the branch to push to.`,
      { field: 'branch', checkedOut: localBranch, branch: base },
    );
  }
  const target = input.branch ?? base;
  assertBranchName(target);
  if (input.pullRequest?.base) assertBranchName(input.pullRequest.base);
  if (!input.message.trim()) throw new ReposyncError('invalid_input', 'A commit message is required.', { field: 'message' });

  ctx.progress('committing', 0, null);
  const selection = selectedPaths(ws, input.paths);
  const changes = (await readChanges(ws.path, ws.pathPrefix)).filter((c) => selection === null || selection.some((p) => within(c.path, p)));
  let commit: string | null = null;
  if (changes.length > 0) {
    const author = input.author ?? ws.author ?? (await readConfiguredAuthor(ws.path));
    if (!author) {
      throw new ReposyncError('invalid_input', 'Who is committing? Set an author (name and e-mail) for this workspace.', { field: 'author' });
    }
    if (target !== localBranch) {
      // Another branch (a review branch): committing on the checked-out one would leave it ahead of
      // its remote with an unreviewed commit that a later plain push would publish.
      commit = await pushToReviewBranch(session, { dir: ws.path, target, changes, message: input.message, author }, ctx);
      return finishPush(services, ws, input, ctx, { commit, target, base });
    }
    commit = await commitChanges(ws.path, changes, input.message, author);
  }
  const head = await resolveRefOrNull(ws.path, 'HEAD');
  if (!commit && (!head || head === (await resolveRefOrNull(ws.path, trackingRef(target))))) {
    throw new ReposyncError('invalid_input', 'Nothing to push: no changes to commit and no commits the remote does not have.', {});
  }
  if (ctx.signal.aborted) throw new ReposyncError('cancelled', 'The push was cancelled; your commit is kept locally.', { commit });

  ctx.progress('pushing', 0, null);
  try {
    await pushBranch(session, { dir: ws.path, localBranch, remoteBranch: target });
  } catch (err) {
    const e = toReposyncError(err);
    if (e.code !== 'non_fast_forward') {
      if (commit) e.details.commit = commit;
      throw e;
    }
    throw await explainRejection(session, ws.path, target, commit, head);
  }
  return finishPush(services, ws, input, ctx, { commit, target, base });
}

/** After a successful push: note the sync and open the pull request when one was asked for. */
async function finishPush(
  services: Pick<CoreServices, 'workspaces' | 'openPullRequest' | 'log'>,
  ws: Workspace,
  input: PushInput,
  ctx: Pick<OperationContext, 'progress'>,
  { commit, target, base }: { commit: string | null; target: string; base: string },
): Promise<PushResult> {
  services.workspaces.patch(ws.id, { lastSyncAt: new Date().toISOString() });

  let pullRequestUrl: string | null = null;
  let pullRequestError: ErrorPayload | null = null;
  const prBase = input.pullRequest?.base ?? base;
  if (input.pullRequest && target !== prBase && !services.openPullRequest) pullRequestError = toErrorPayload(noPullRequests(ws));
  if (input.pullRequest && target !== prBase && services.openPullRequest) {
    ctx.progress('opening pull request', 0, null);
    const title = input.pullRequest.title?.trim() || input.message.trim().split('\n', 1)[0]!;
    try {
      pullRequestUrl = await services.openPullRequest(ws, { head: target, base: prBase, title, body: input.pullRequest.body ?? '' });
      if (pullRequestUrl === null) throw noPullRequests(ws);
    } catch (err) {
      // The push itself succeeded; a provider hiccup must not report it as failed. The user can open the PR by hand.
      services.log.warn('pull request not opened after push', { workspaceId: ws.id, branch: target, err });
      pullRequestError = toErrorPayload(err);
    }
  }
  return { commit, pushedTo: target, pullRequestUrl, ...(input.pullRequest ? { pullRequestError } : {}) };
}

function noPullRequests(ws: Workspace): ReposyncError {
  return new ReposyncError(
    'unsupported',
    `No pull request was opened: workspace "${ws.name}" has no GitHub, GitLab or Gitea connection. The branch is pushed; open the request on the website, or add a connection.`,
    { workspaceId: ws.id },
  );
}

/** After a non-fast-forward refusal, learn how far apart the two sides are (fetching what the remote has). */
async function explainRejection(
  session: Awaited<ReturnType<typeof openSession>>,
  dir: string,
  branch: string,
  commit: string | null,
  head: string | null,
): Promise<ReposyncError> {
  let ahead = 0;
  let behind = 0;
  try {
    const { remoteOid } = await fetchBranch(session, dir, branch);
    if (head && remoteOid) ({ ahead, behind } = await countAheadBehind(dir, head, remoteOid));
  } catch {
    // The counts are a courtesy; the refusal is what matters.
  }
  return new ReposyncError(
    'non_fast_forward',
    `The remote branch "${branch}" has ${behind || 'new'} commit${behind === 1 ? '' : 's'} you do not have yet. Your commit is kept locally: pull, then push again.`,
    { ahead, behind, commit, branch },
  );
}

/** Check and normalise the requested paths: inside the repository, inside the prefix, never .git. */
export function selectedPaths(ws: Workspace, paths: string[] | undefined): string[] | null {
  if (!paths || paths.length === 0) return null;
  return paths.map((raw) => {
    let p = raw.replace(/\\/g, '/');
    if (path.isAbsolute(raw)) {
      const rel = path.relative(ws.path, raw);
      if (rel.startsWith('..') || path.isAbsolute(rel)) throw unsafe(raw, 'is outside the repository');
      p = rel.split(path.sep).join('/');
    }
    p = path.posix.normalize(p).replace(/\/+$/, '');
    if (p === '.') p = '';
    if (p === '..' || p.startsWith('../') || p.startsWith('/')) throw unsafe(raw, 'is outside the repository');
    if (p.split('/').some((seg) => seg.toLowerCase() === '.git')) throw unsafe(raw, 'is inside .git');
    if (ws.pathPrefix && !within(p, ws.pathPrefix)) throw unsafe(raw, `is outside the workspace's folder "${ws.pathPrefix}"`);
    return p;
  });
}

function within(file: string, folder: string): boolean {
  return folder === '' || file === folder || file.startsWith(`${folder}/`);
}

function unsafe(raw: string, why: string): ReposyncError {
  return new ReposyncError('unsafe_path', `${raw.slice(0, 300)} ${why}; only files inside the workspace can be pushed.`, { field: 'paths', path: raw.slice(0, 300) });
}
