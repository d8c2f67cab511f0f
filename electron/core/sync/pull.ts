import type { Workspace } from '../../../shared/domain';
import type { PullOptions, PullPreview, PullRequest, PullResult } from '../../../shared/contract/merge';
import { ReposyncError } from '../errors';
import { applyCheckout } from '../git/checkout';
import { assertRepoFolder, fs, git, run } from '../git/git';
import { resolveIdentity } from '../git/identity';
import { signatureNow, writeCommit } from '../git/object-write';
import { appendReflog, deleteRef, writeRef } from '../git/ref-write';
import { readRefOid } from '../git/refs';
import { applyToTree, readCommitInfo } from '../git/trees';
import type { OperationContext } from '../operations';
import { runGitTask, warmGitWorker } from '../workers/pool';
import type { CoreServices } from '../services';
import { createBackup, recoverInterrupted, rollBack, type Backup } from './backup';
import { clearPending, writePending } from './backup-journal';
import { fetchWorkspace } from './fetch';
import { materializePlan } from './merge-apply';
import { mergeBaseForMerge } from './merge-base-virtual';
import { commitLocalChanges } from './merge-local-commit';
import { readMergeState, unresolvedPaths, writeMergeState } from './merge-state';
import { planMerge, type MergePlan } from './merge-trees';

/** Brings the remote branch into `refs/remotes/origin/<branch>` (the network engineer's fetch). */
export type Fetcher = (services: CoreServices, ws: Workspace, ctx: OperationContext) => Promise<{ remoteOid: string | null; updated: boolean }>;

export type PullCallOptions = Omit<PullRequest, 'workspaceId'>;

function normalise(o: PullCallOptions): Omit<PullOptions, 'workspaceId'> {
  const useTheirs = o.useTheirs ?? [];
  const useOurs = o.useOurs ?? [];
  const both = useTheirs.filter((p) => useOurs.includes(p));
  if (both.length) throw new ReposyncError('invalid_input', 'A path cannot be in both useTheirs and useOurs.', { field: 'useTheirs', paths: both.slice(0, 50) });
  return { strategy: o.strategy ?? 'merge', dryRun: o.dryRun ?? false, useTheirs, useOurs, localChanges: o.localChanges ?? 'refuse' };
}

/** Which branch to pull into: the workspace's, and the folder must be on it. */
export async function pullBranch(ws: Workspace): Promise<string> {
  const current = await run('read branch', async () => (await git.currentBranch({ fs, dir: ws.path, fullname: false })) ?? null);
  if (!current) throw new ReposyncError('unsupported', 'The folder is not on a branch (detached HEAD); switch to a branch first.', {});
  if (ws.branch && ws.branch !== current) {
    throw new ReposyncError('invalid_input', `The folder is on branch "${current}" but this workspace syncs "${ws.branch}".`, { branch: current, expected: ws.branch });
  }
  return current;
}

interface Setup {
  dir: string;
  branch: string;
  ours: string | null;
  theirs: string;
  base: string | null;
  plan: MergePlan;
  fastForward: boolean;
  /** A fast-forward where no path keeps ours: the merged tree is theirs, nothing to compute. */
  takesTheirs: boolean;
}

async function prepare(dir: string, branch: string, ours: string | null, theirs: string, o: Omit<PullOptions, 'workspaceId'>): Promise<Setup | 'up_to_date'> {
  if (ours === theirs) return 'up_to_date';
  const base = ours ? await mergeBaseForMerge(dir, ours, theirs) : null;
  if (ours && !base) throw new ReposyncError('unsupported', 'The local and the remote branch share no history; Reposync will not merge unrelated histories.', { branch });
  if (base === theirs) return 'up_to_date';
  const fastForward = !ours || base === ours;
  if (o.strategy === 'ff-only' && !fastForward) throw new ReposyncError('non_fast_forward', 'Both sides have new commits; a merge is needed but the strategy is ff-only. Nothing was changed.', { branch });
  const tree = async (c: string | null) => (c ? (await readCommitInfo(dir, c)).tree : null);
  const plan = await planMerge(dir, { base: await tree(base), ours: await tree(ours), theirs: await tree(theirs) }, o);
  return { dir, branch, ours, theirs, base, plan, fastForward, takesTheirs: fastForward && o.useOurs.length === 0 };
}

async function finish(s: Setup, backup: Backup, who: { name: string; email: string }, strategy: PullOptions['strategy']): Promise<PullResult> {
  const { dir, branch, ours, theirs, plan } = s;
  const m = materializePlan(dir, plan);
  const summary = { created: plan.created, updated: plan.updated, deleted: plan.deleted, conflicting: plan.conflicting, backupId: backup.id };
  const sig = signatureNow(who.name, who.email);
  const message = `Merge remote-tracking branch 'origin/${branch}'\n`;
  if (m.conflicts.length > 0) {
    if (!ours) throw new ReposyncError('internal', 'A conflict without a local commit cannot happen.', {});
    writePending(dir, { kind: 'apply', backupRef: backup.ref, branch, targetHead: null });
    await applyCheckout(dir, m.worktree, m.index);
    writeMergeState(dir, {
      version: 1, theirsOid: theirs, oursOid: ours, baseOid: s.base, branch, backupRef: backup.ref, message,
      createdAt: new Date().toISOString(), paths: m.conflicts,
    });
    clearPending(dir);
    return { outcome: 'conflicted', ...summary, commit: ours };
  }
  let head = theirs;
  // In a fast-forward every path the plan touches takes theirs (unless kept by useOurs), so the
  // merged tree is theirs: rebuilding it only to compare ids cost a tree write per changed folder.
  const newTree = s.takesTheirs ? null : await applyToTree(dir, ours ? (await readCommitInfo(dir, ours)).tree : null, m.tree);
  if (newTree !== null && !(s.fastForward && newTree === (await readCommitInfo(dir, theirs)).tree)) {
    if (strategy === 'ff-only') throw new ReposyncError('non_fast_forward', 'Keeping local versions (useOurs) needs a merge commit, but the strategy is ff-only.', { branch });
    head = writeCommit(dir, { tree: newTree, parents: ours ? [ours, theirs] : [theirs], author: sig, committer: sig, message });
  }
  writePending(dir, { kind: 'apply', backupRef: backup.ref, branch, targetHead: head });
  await applyCheckout(dir, m.worktree, m.index);
  // The ref moves last: a failure before this leaves the old branch (and the backup restores files).
  writeRef(dir, `refs/heads/${branch}`, head);
  clearPending(dir);
  appendReflog(dir, [`refs/heads/${branch}`, 'HEAD'], ours, head, sig, head === theirs ? `pull: Fast-forward` : `pull: Merge made by Reposync`);
  return { outcome: head === theirs ? 'fast_forward' : 'merged', ...summary, commit: head };
}

/**
 * Pull = fetch + three-way merge + checkout, with a backup first. Used by `sync.pull`, the bulk
 * pull and the CLI. A dry run fetches (updating only `refs/remotes/origin/<branch>`, as
 * `git fetch` does) and changes nothing else.
 */
export async function pullWorkspace(
  services: CoreServices,
  ws: Workspace,
  options: PullCallOptions,
  ctx: OperationContext,
  fetcher: Fetcher = fetchWorkspace,
): Promise<PullResult | PullPreview> {
  const o = normalise(options);
  const dir = ws.path;
  assertRepoFolder(dir);
  const recovered = await recoverInterrupted(dir);
  if (recovered !== 'none') services.log.warn('repaired an interrupted sync before pulling', { workspaceId: ws.id, recovered });
  const merging = await readMergeState(dir);
  if (merging) {
    throw new ReposyncError('conflict', 'This workspace has an unfinished merge; resolve and complete it, or abort it, first.', { files: unresolvedPaths(merging) });
  }
  const branch = await pullBranch(ws);
  // The Git worker indexes the fetched pack, snapshots the backup and writes the files: let it
  // load while the fetch waits on the network.
  warmGitWorker(dir);
  // The local-changes check starts by parsing the index (10-20 ms cold): the worker does it now,
  // while the fetch waits on the network, and reuses it if the file is unchanged by then.
  if (o.localChanges === 'refuse' && !o.dryRun) runGitTask('primeIndex', { dir }, { key: dir, ahead: true }).catch(() => undefined);
  ctx.progress('fetching');
  await fetcher(services, { ...ws, branch }, ctx);
  ctx.progress('merging');
  const theirs = readRefOid(dir, `refs/remotes/origin/${branch}`);
  let ours = readRefOid(dir, `refs/heads/${branch}`);
  // The worker is idle while this thread plans the merge: it prepares the guard meanwhile.
  if (theirs && theirs !== ours && o.localChanges === 'refuse' && !o.dryRun) runGitTask('primeGuard', { dir }, { key: dir, ahead: true }).catch(() => undefined);
  const setup = theirs ? await prepare(dir, branch, ours, theirs, o) : 'up_to_date';
  const nothing = { created: [], updated: [], deleted: [], conflicting: [] };
  if (o.dryRun) {
    if (setup === 'up_to_date') return { dryRun: true, ...nothing, fastForward: false, upToDate: true, blockedBy: [] };
    const { created, updated, deleted, conflicting } = setup.plan;
    return { dryRun: true, created, updated, deleted, conflicting, fastForward: setup.fastForward, upToDate: false, blockedBy: await blockedPaths(dir, setup.plan) };
  }
  if (setup === 'up_to_date') {
    markSynced(services, ws);
    return { outcome: 'up_to_date', ...nothing, commit: ours, backupId: null };
  }
  // Refusing local changes in its way, the pull writes and deletes only the plan's paths, each
  // one just checked clean (or already the result): the worker's check also makes the backup's
  // narrow snapshot of them. With localChanges 'commit' the snapshot is what gets committed: the
  // whole working tree, taken by the backup.
  const guard$ = o.localChanges === 'refuse' ? runGitTask('pullGuard', { dir, plan: setup.plan, head: ours }, { key: dir }) : null;
  // Who signs the merge (the git config) is read while the worker checks the files (posted first).
  const who$ = resolveIdentity(dir, ws.author);
  who$.catch(() => undefined); // awaited below, unless the pull is refused first
  const guard = guard$ ? await guard$ : null;
  const blocked = guard ? guard.blocked : await blockedPaths(dir, setup.plan);
  if (blocked.length && o.localChanges === 'refuse') {
    throw new ReposyncError('dirty_worktree', `Local changes would be overwritten by the pull: ${blocked.slice(0, 5).join(', ')}${blocked.length > 5 ? ', …' : ''}. Commit them or pull with localChanges: 'commit'.`, { files: blocked.slice(0, 1000) });
  }
  const who = await who$;
  if (ctx.signal.aborted) throw new ReposyncError('cancelled', 'The pull was cancelled; nothing was changed.', {});

  ctx.progress('backing up');
  const narrow = guard?.tree ? { paths: setup.plan.paths.map((p) => p.path), tree: guard.tree, head: ours } : undefined;
  const backup = await createBackup(dir, 'pull', narrow);
  let touched = false;
  try {
    let s = setup;
    if (o.localChanges === 'commit') {
      const committed = await commitLocalChanges(dir, branch, ours, backup, who);
      if (committed !== ours) {
        touched = true;
        if (o.strategy === 'ff-only') throw new ReposyncError('non_fast_forward', 'Committing local changes makes a merge necessary, but the strategy is ff-only.', { branch });
        ours = committed;
        const again = await prepare(dir, branch, ours, theirs!, o);
        if (again === 'up_to_date') return { outcome: 'up_to_date', ...nothing, commit: ours, backupId: backup.id };
        s = again;
        const still = await blockedPaths(dir, s.plan);
        if (still.length) throw new ReposyncError('dirty_worktree', `Files in the way of the pull: ${still.slice(0, 5).join(', ')}.`, { files: still.slice(0, 1000) });
      }
    }
    ctx.progress('writing files', 0, s.plan.paths.length);
    touched = true;
    const result = await finish(s, backup, who, o.strategy);
    ctx.progress('done', s.plan.paths.length, s.plan.paths.length);
    markSynced(services, ws);
    return result;
  } catch (err) {
    if (touched) throw await rollBack(dir, backup, err);
    // Refused before anything changed: the backup would only be noise.
    await deleteRef(dir, backup.ref).catch(() => undefined);
    throw err;
  }
}

/**
 * findBlockedPaths on the Git worker: it reads the index and hashes every file the merge touches,
 * tens of ms that must not stall the main thread.
 */
function blockedPaths(dir: string, plan: MergePlan): Promise<string[]> {
  return runGitTask('blockedPaths', { dir, plan }, { key: dir });
}

function markSynced(services: CoreServices, ws: Workspace): void {
  try {
    services.workspaces.patch(ws.id, { lastSyncAt: new Date().toISOString() });
    services.events.emit('workspace.changed', { workspaceId: ws.id, reason: 'synced' });
  } catch {
    // A folder pulled by path (CLI) need not be a registered workspace; the timestamp is cosmetic.
  }
}
