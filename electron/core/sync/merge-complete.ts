import { ReposyncError } from '../errors';
import { applyCheckout, type IndexChange, type WorktreeChange } from '../git/checkout';
import { EolRules, cleanToGit } from '../git/eol';
import { findGitDir } from '../git/fast';
import { readIndex } from '../git/index-file';
import { blobOrNull } from '../git/shared-store';
import type { Identity } from '../git/identity';
import { signatureNow, writeBlob, writeCommit } from '../git/object-write';
import { appendReflog, writeRef } from '../git/ref-write';
import { writeFlatTree, type TreeFile } from '../git/trees';
import { createBackup, findBackup, recoverInterrupted, restoreBackup, rollBack, type Backup } from './backup';
import { clearPending, writePending } from './backup-journal';
import { requireMergeState } from './conflicts';
import { clearMergeState, type MergeState } from './merge-state';

interface Final {
  file: TreeFile | null;
  /** Set when the working file must be rewritten (a recorded resolution). */
  write?: { content?: Uint8Array };
}

/**
 * Each conflicted path's final version: the recorded resolution, or, for a path resolved with
 * the git CLI (`git add` / `git rm`: no stages left in the index), what the index holds.
 */
function finalVersions(dir: string, state: MergeState): Map<string, Final> {
  const index = readIndex(dir);
  const at = (p: string, stage: number) => {
    const e = index.find((x) => x.path === p && x.stage === stage);
    return e ? { oid: e.oid, mode: e.mode } : null;
  };
  const finals = new Map<string, Final>();
  const unresolved: string[] = [];
  let eol: EolRules | undefined;
  for (const p of state.paths) {
    const r = p.resolution;
    if (r === 'ours') finals.set(p.path, { file: at(p.path, 2), write: {} });
    else if (r === 'theirs') finals.set(p.path, { file: at(p.path, 3), write: {} });
    else if (r && typeof r === 'object') {
      // Stored as `git add` would store the resolved file (line endings, eol.ts); written back
      // through the checkout's conversion. Git's safer-autocrlf looks at "ours" during a merge.
      const ours = at(p.path, 2);
      const content = cleanToGit(Buffer.from(r.merged, 'utf8'), (eol ??= new EolRules(dir, findGitDir(dir))).action(p.path), () => blobOrNull(dir, ours?.oid));
      const mode = (at(p.path, 2) ?? at(p.path, 3))?.mode ?? 0o100644;
      finals.set(p.path, { file: { oid: writeBlob(dir, content), mode }, write: { content } });
    } else if (![1, 2, 3].some((s) => at(p.path, s))) finals.set(p.path, { file: at(p.path, 0) });
    else unresolved.push(p.path);
  }
  if (unresolved.length) {
    throw new ReposyncError('conflict', `${unresolved.length} conflicted path(s) still need a resolution: ${unresolved.slice(0, 5).join(', ')}.`, { files: unresolved });
  }
  return finals;
}

/** Commit the resolved merge with parents [ours, theirs]; the branch moves last. */
export async function completeMerge(dir: string, who: Identity, message?: string): Promise<{ commit: string; backupId: string }> {
  await recoverInterrupted(dir);
  const state = await requireMergeState(dir);
  finalVersions(dir, state); // refuse early, before a backup, when something is unresolved
  const backup = await createBackup(dir, 'complete');
  try {
    const finals = finalVersions(dir, state);
    const files = new Map<string, TreeFile>();
    for (const e of readIndex(dir)) if (e.stage === 0 && !finals.has(e.path)) files.set(e.path, { oid: e.oid, mode: e.mode });
    for (const [p, f] of finals) if (f.file) files.set(p, f.file);
    const tree = writeFlatTree(dir, files);
    const sig = signatureNow(who.name, who.email);
    const commit = writeCommit(dir, { tree, parents: [state.oursOid, state.theirsOid], author: sig, committer: sig, message: message ?? state.message });
    const worktree: WorktreeChange[] = [];
    const index = new Map<string, IndexChange>();
    for (const [p, f] of finals) {
      if (f.write) worktree.push(f.file ? { path: p, kind: 'write', oid: f.file.oid, mode: f.file.mode, content: f.write.content } : { path: p, kind: 'delete' });
      index.set(p, f.file ? { kind: 'file', file: f.file } : { kind: 'remove' });
    }
    writePending(dir, { kind: 'apply', backupRef: backup.ref, branch: state.branch, targetHead: commit });
    await applyCheckout(dir, worktree, index);
    writeRef(dir, `refs/heads/${state.branch}`, commit);
    // After the ref moved the state is stale anyway (HEAD is no longer `oursOid`); remove it.
    clearMergeState(dir);
    clearPending(dir);
    appendReflog(dir, [`refs/heads/${state.branch}`, 'HEAD'], state.oursOid, commit, sig, 'commit (merge): Merge made by Reposync');
    return { commit, backupId: backup.id };
  } catch (err) {
    throw await rollBack(dir, backup, err);
  }
}

/** Drop the merge: HEAD, index and every working file exactly as before the pull. */
export async function abortMerge(dir: string): Promise<{ head: string | null; backupId: string }> {
  await recoverInterrupted(dir);
  const state = await requireMergeState(dir);
  const before: Backup = await findBackup(dir, state.backupRef.slice(state.backupRef.lastIndexOf('/') + 1));
  const backup = await createBackup(dir, 'abort');
  try {
    await restoreBackup(dir, before);
  } catch (err) {
    throw await rollBack(dir, backup, err);
  }
  return { head: before.previousHead, backupId: backup.id };
}
