import { ReposyncError } from '../errors';
import { createBackup, findBackup, listBackups, recoverInterrupted, restoreBackup, rollBack, type Backup } from './backup';

export interface UndoResult {
  restoredFrom: string;
  head: string | null;
  branch: string | null;
  /** The backup taken just before this undo: undoing again restores it (redo). */
  backupId: string;
}

/**
 * Which backup "undo last sync" means: the newest one, except that after a completed merge it is
 * the backup of the pull that started the merge (the state before the whole sync, not the
 * half-merged one). An explicit id restores exactly that backup.
 */
async function undoTarget(dir: string, backupId?: string): Promise<Backup> {
  if (backupId) return findBackup(dir, backupId);
  const latest = (await listBackups(dir))[0];
  if (!latest) throw new ReposyncError('not_found', 'There is nothing to undo: this workspace has no backups yet.', {});
  if (latest.kind === 'complete' && latest.mergeState) {
    const ref = latest.mergeState.backupRef;
    return findBackup(dir, ref.slice(ref.lastIndexOf('/') + 1));
  }
  return latest;
}

export async function undoSync(dir: string, backupId?: string): Promise<UndoResult> {
  await recoverInterrupted(dir);
  const target = await undoTarget(dir, backupId);
  const own = await createBackup(dir, 'undo');
  try {
    await restoreBackup(dir, target);
  } catch (err) {
    throw await rollBack(dir, own, err);
  }
  return { restoredFrom: target.id, head: target.previousHead, branch: target.branch, backupId: own.id };
}
