import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { replaceFile } from '../fs-atomic';
import { resolveRefOid } from '../git/trees';
import { readMergeStateFile } from './merge-state';

/**
 * `.git/reposync/pending.json`: written before a sync starts rewriting the working tree, removed
 * once the branch ref has moved. If the process dies in between, the next writer finds it and
 * either rolls the half-applied pull/complete back from its backup or finishes the interrupted
 * restore (abort, undo, rollback) — restoring a backup is idempotent.
 */
const Pending = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('apply'), backupRef: z.string(), branch: z.string(), targetHead: z.string().nullable() }),
  z.object({ kind: z.literal('restore'), restoreRef: z.string() }),
]);
export type Pending = z.infer<typeof Pending>;

function pendingFile(dir: string): string {
  return path.join(dir, '.git', 'reposync', 'pending.json');
}

export function writePending(dir: string, pending: Pending): void {
  replaceFile(pendingFile(dir), JSON.stringify(pending));
}

export function clearPending(dir: string): void {
  fs.rmSync(pendingFile(dir), { force: true });
}

export function readPending(dir: string): Pending | null {
  try {
    const parsed = Pending.safeParse(JSON.parse(fs.readFileSync(pendingFile(dir), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** What an interrupted `apply` needs: nothing if it actually finished, else the backup to restore. */
export async function interruptedApplyTarget(dir: string, p: Extract<Pending, { kind: 'apply' }>): Promise<string | null> {
  if (p.targetHead && (await resolveRefOid(dir, `refs/heads/${p.branch}`)) === p.targetHead) return null;
  if (!p.targetHead && readMergeStateFile(dir)?.backupRef === p.backupRef) return null;
  return p.backupRef;
}
