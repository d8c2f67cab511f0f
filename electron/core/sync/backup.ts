import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../fs-atomic';
import { ReposyncError, toReposyncError } from '../errors';
import { applyCheckout, type WorktreeChange } from '../git/checkout';
import { fs, git, run } from '../git/git';
import { readIndexBytes, writeIndexBytes } from '../git/index-file';
import { signatureNow, writeBlob, writeCommit, writeTree } from '../git/object-write';
import { deleteRef, listRefNames, writeHeadToBranch, writeRef } from '../git/ref-write';
import { readRefOid } from '../git/refs';
import { MODE_FILE, readBlob, readCommitInfo, readFlatTree, readTreeItems, resolveRefOid } from '../git/trees';
import { readWorkingFiles } from '../git/status';
import { runGitTask } from '../workers/pool';
import { clearMergeState, MergeState, readMergeStateFile, writeMergeState } from './merge-state';
import { clearPending, interruptedApplyTarget, readPending, writePending } from './backup-journal';
import { narrowRestoreChanges } from './backup-narrow';

/**
 * Backups: before anything rewrites the working tree, the local state becomes a commit under
 * `refs/reposync/backups/<time>` — its tree is the working tree (tracked files plus untracked,
 * non-ignored ones), its first parent the old HEAD, its second parent a commit holding the exact
 * bytes of `.git/index`. HEAD, the index and the files are not touched. Git keeps everything a
 * ref reaches, so `git gc` never prunes a backup.
 *
 * A pull's backup is narrow (`touched`): its tree is HEAD's with the paths the merge writes or deletes
 * as they were (absent ones removed), and the second parent's tree also lists those paths
 * (`touched`, NUL-separated). The pull changes no other working file, so restoring it puts back
 * exactly those paths (plus index, merge state, HEAD) and leaves every other file as it is then.
 */
export const BACKUP_PREFIX = 'refs/reposync/backups';
const KEEP = 100;

export const BackupKind = z.enum(['pull', 'complete', 'abort', 'undo', 'commit']);
export type BackupKind = z.infer<typeof BackupKind>;

const BackupMeta = z.object({
  kind: BackupKind,
  branch: z.string().nullable(),
  previousHead: z.string().nullable(),
  createdAt: z.string(),
  hasIndex: z.boolean(),
  mergeState: MergeState.nullable(),
  /** Narrow: the tree holds only these paths (listed in the second parent); absent in older backups. */
  touched: z.boolean().optional(),
});
type BackupMeta = z.infer<typeof BackupMeta>;

export interface Backup extends BackupMeta {
  /** The ref's last part, e.g. `2025-01-31T10-00-00.123Z`. */
  id: string;
  ref: string;
  commit: string;
}

async function currentBranch(dir: string): Promise<string | null> {
  return run('read branch', async () => (await git.currentBranch({ fs, dir, fullname: false })) ?? null);
}

async function freeRefName(dir: string, when: Date): Promise<string> {
  // ':' is not allowed in ref names; the rest of the ISO time sorts the same way.
  const stamp = when.toISOString().replace(/:/g, '-');
  for (let n = 0; ; n++) {
    const ref = `${BACKUP_PREFIX}/${stamp}${n ? `-${n}` : ''}`;
    if (!readRefOid(dir, ref)) return ref;
  }
}

/** A narrow snapshot (snapshot-tree.ts `narrowSnapshot`): the only paths the operation writes or deletes, HEAD's tree with them as they are. */
export interface NarrowSnapshot {
  paths: string[];
  tree: string;
  /** The HEAD the tree was made from; the backup checks it is still HEAD. */
  head: string | null;
}

/**
 * `narrow`: a pull that refuses local changes in its way passes the snapshot its blocked-path
 * check made; the backup is narrow, see above. Without it the snapshot is the whole working tree,
 * computed on the Git worker thread (snapshot-tree.ts): scan, hashing and object writes were
 * ~100 ms of main-thread work on a 1,500-file tree.
 */
export async function createBackup(dir: string, kind: BackupKind, narrow?: NarrowSnapshot): Promise<Backup> {
  const when = new Date();
  const previousHead = readRefOid(dir, 'HEAD');
  if (narrow && narrow.head !== previousHead) throw new ReposyncError('internal', 'HEAD moved while the sync was being prepared; nothing was changed.', { head: previousHead });
  const touched = narrow?.paths;
  const tree$ = narrow ? Promise.resolve(narrow.tree) : runGitTask('snapshot', { dir }, { key: dir });
  tree$.catch(() => undefined);
  const branch = await currentBranch(dir);
  const indexBytes = readIndexBytes(dir);
  const tree = await tree$;
  const who = signatureNow('Reposync', 'reposync@localhost', when);
  const parents = previousHead ? [previousHead] : [];
  const aux = [
    ...(indexBytes ? [{ name: 'index', mode: MODE_FILE, oid: writeBlob(dir, indexBytes) }] : []),
    ...(touched ? [{ name: 'touched', mode: MODE_FILE, oid: writeBlob(dir, Buffer.from(touched.join('\0'), 'utf8')) }] : []),
  ];
  if (aux.length) {
    const message = touched ? 'Reposync backup: .git/index and the paths the sync changes\n' : 'Reposync backup: .git/index\n';
    parents.push(writeCommit(dir, { tree: writeTree(dir, aux), parents: [], author: who, committer: who, message }));
  }
  const meta: BackupMeta = {
    kind, branch, previousHead, createdAt: when.toISOString(), hasIndex: !!indexBytes, mergeState: readMergeStateFile(dir), ...(touched ? { touched: true } : {}),
  };
  const commit = writeCommit(dir, { tree, parents, author: who, committer: who, message: `Reposync backup before ${kind}\n\n${JSON.stringify(meta)}\n` });
  const ref = await freeRefName(dir, when);
  writeRef(dir, ref, commit);
  await pruneBackups(dir);
  return { ...meta, id: ref.slice(BACKUP_PREFIX.length + 1), ref, commit };
}

async function readBackup(dir: string, ref: string): Promise<Backup | null> {
  const commit = await resolveRefOid(dir, ref);
  if (!commit) return null;
  const info = await readCommitInfo(dir, commit);
  const json = info.message.slice(info.message.indexOf('\n\n') + 2);
  try {
    const meta = BackupMeta.safeParse(JSON.parse(json));
    return meta.success ? { ...meta.data, id: ref.slice(BACKUP_PREFIX.length + 1), ref, commit } : null;
  } catch {
    return null;
  }
}

/** Every backup of the repo, newest first. */
export async function listBackups(dir: string): Promise<Backup[]> {
  const refs = (await listRefNames(dir, BACKUP_PREFIX)).sort().reverse();
  const out: Backup[] = [];
  for (const ref of refs) {
    const b = await readBackup(dir, ref);
    if (b) out.push(b);
  }
  return out;
}

export async function findBackup(dir: string, id: string): Promise<Backup> {
  if (!/^[0-9A-Za-z.-]+$/.test(id)) throw new ReposyncError('invalid_input', 'That is not a backup id.', { backupId: id });
  const b = await readBackup(dir, `${BACKUP_PREFIX}/${id}`);
  if (!b) throw new ReposyncError('not_found', 'No backup has that id.', { backupId: id });
  return b;
}

async function pruneBackups(dir: string): Promise<void> {
  const refs = (await listRefNames(dir, BACKUP_PREFIX)).sort();
  const pinned = readMergeStateFile(dir)?.backupRef;
  for (const ref of refs.slice(0, Math.max(0, refs.length - KEEP))) if (ref !== pinned) await deleteRef(dir, ref);
}

/** A file of the backup's second parent: `index` (the bytes of .git/index) or `touched`. */
async function auxFile(dir: string, backup: Backup, name: 'index' | 'touched'): Promise<Buffer> {
  const lost = () => new ReposyncError('internal', `The backup has lost its copy of ${name === 'index' ? 'the index' : 'the paths it covers'}.`, { backup: backup.id });
  const info = await readCommitInfo(dir, backup.commit);
  const auxCommit = info.parents[backup.previousHead ? 1 : 0];
  if (!auxCommit) throw lost();
  const item = (await readTreeItems(dir, (await readCommitInfo(dir, auxCommit)).tree)).find((i) => i.name === name);
  if (!item) throw lost();
  return Buffer.from(await readBlob(dir, item.oid));
}

async function backupIndexBytes(dir: string, backup: Backup): Promise<Buffer | null> {
  return backup.hasIndex ? auxFile(dir, backup, 'index') : null;
}

/** The paths a narrow backup covers. */
export async function backupTouchedPaths(dir: string, backup: Backup): Promise<string[]> {
  const text = (await auxFile(dir, backup, 'touched')).toString('utf8');
  return text ? text.split('\0') : [];
}

/** The working-file changes that make the folder what a full backup saw: files that appeared since are removed, ignored ones left alone. */
async function fullRestoreChanges(dir: string, tree: string): Promise<WorktreeChange[]> {
  const [wanted, current] = await Promise.all([readFlatTree(dir, tree), readWorkingFiles(dir)]);
  const changes: WorktreeChange[] = [];
  for (const p of current.keys()) if (!wanted.has(p)) changes.push({ path: p, kind: 'delete' });
  for (const [p, f] of wanted) {
    const now = current.get(p);
    if (!now || now.oid !== f.oid || now.mode !== f.mode) changes.push({ path: p, kind: 'write', oid: f.oid, mode: f.mode });
  }
  return changes;
}

/**
 * Put the repo back as the backup saw it: the working files it covers (every one, or a pull's
 * touched paths, see narrowRestoreChanges), the index byte for byte, the merge state, then the
 * branch and HEAD last.
 */
export async function restoreBackup(dir: string, backup: Backup): Promise<void> {
  writePending(dir, { kind: 'restore', restoreRef: backup.ref });
  const info = await readCommitInfo(dir, backup.commit);
  const [changes, indexBytes] = await Promise.all([
    backup.touched ? backupTouchedPaths(dir, backup).then((touched) => narrowRestoreChanges(dir, backup.previousHead, info.tree, touched)) : fullRestoreChanges(dir, info.tree),
    backupIndexBytes(dir, backup),
  ]);
  // A backup holds the bytes that were on disk: written back as they are, never converted.
  await applyCheckout(dir, changes, new Map(), { raw: true });
  writeIndexBytes(dir, indexBytes);
  if (backup.mergeState) writeMergeState(dir, backup.mergeState);
  else clearMergeState(dir);
  if (backup.branch) {
    const ref = `refs/heads/${backup.branch}`;
    if (backup.previousHead) writeRef(dir, ref, backup.previousHead);
    else if (await resolveRefOid(dir, ref)) await deleteRef(dir, ref);
    writeHeadToBranch(dir, backup.branch);
  } else if (backup.previousHead) {
    writeFileAtomic(path.join(dir, '.git', 'HEAD'), `${backup.previousHead}\n`);
  }
  clearPending(dir);
}

/** Put everything back from the backup; the error says so when even that failed. */
export async function rollBack(dir: string, backup: Backup, cause: unknown): Promise<ReposyncError> {
  const e = toReposyncError(cause);
  try {
    await restoreBackup(dir, backup);
  } catch (again) {
    e.details.rollbackFailed = true;
    e.details.backupId = backup.id;
    e.details.rollbackError = String((again as Error)?.message ?? again).slice(0, 300);
  }
  return e;
}

/**
 * Repair what a killed process left (see backup-journal.ts). Call it holding the workspace lock,
 * before any other write. Returns what was done, for the log.
 */
export async function recoverInterrupted(dir: string): Promise<'none' | 'rolled_back' | 'restore_finished'> {
  const pending = readPending(dir);
  if (!pending) return 'none';
  const ref = pending.kind === 'restore' ? pending.restoreRef : await interruptedApplyTarget(dir, pending);
  if (ref) {
    const backup = await readBackup(dir, ref);
    if (!backup) throw new ReposyncError('internal', 'An interrupted sync left its backup missing; check the folder with git.', { backupRef: ref });
    await restoreBackup(dir, backup);
  } else if (pending.kind === 'apply' && pending.targetHead) {
    // The branch already moved (a completed merge killed just after): the merge state it was
    // about to remove describes a merge that is now committed.
    const state = readMergeStateFile(dir);
    if (state && state.oursOid !== pending.targetHead) clearMergeState(dir);
  }
  clearPending(dir);
  return !ref ? 'none' : pending.kind === 'restore' ? 'restore_finished' : 'rolled_back';
}
