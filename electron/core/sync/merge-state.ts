import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../fs-atomic';
import { resolveRefOid } from '../git/trees';
import { ConflictKind, Resolution } from '../../../shared/contract/merge';

/**
 * An unfinished merge, kept in `.git/reposync/merge.json` (isomorphic-git has no MERGE_HEAD of its
 * own). Written atomically, so it survives a crash or a restart. MERGE_HEAD and MERGE_MSG are
 * written too, so the git CLI also sees the merge (`git status`, `git commit`).
 */
export { Resolution };

export const MergeStatePath = z.object({
  path: z.string(),
  kind: ConflictKind,
  binary: z.boolean(),
  resolution: Resolution.optional(),
});
export type MergeStatePath = z.infer<typeof MergeStatePath>;

export const MergeState = z.object({
  version: z.literal(1),
  theirsOid: z.string(),
  oursOid: z.string(),
  baseOid: z.string().nullable(),
  branch: z.string(),
  backupRef: z.string(),
  message: z.string(),
  createdAt: z.string(),
  paths: z.array(MergeStatePath),
});
export type MergeState = z.infer<typeof MergeState>;

export function mergeStateFile(dir: string): string {
  return path.join(dir, '.git', 'reposync', 'merge.json');
}

/** The raw state (or null), without checking it still matches HEAD. */
export function readMergeStateFile(dir: string): MergeState | null {
  let text: string;
  try {
    text = fs.readFileSync(mergeStateFile(dir), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = MergeState.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The workspace's unfinished merge, or null. A state whose `oursOid` is no longer HEAD was
 * finished or dropped outside Reposync (e.g. `git commit` / `git merge --abort`) and is ignored.
 */
export async function readMergeState(dir: string): Promise<MergeState | null> {
  const state = readMergeStateFile(dir);
  if (!state) return null;
  const head = await resolveRefOid(dir, 'HEAD').catch(() => null);
  return head === state.oursOid ? state : null;
}

/** Paths still waiting for a resolution (status lists these as conflicts). */
export function unresolvedPaths(state: MergeState | null): string[] {
  return state ? state.paths.filter((p) => p.resolution === undefined).map((p) => p.path) : [];
}

export function writeMergeState(dir: string, state: MergeState): void {
  writeFileAtomic(mergeStateFile(dir), `${JSON.stringify(state, null, 2)}\n`);
  writeFileAtomic(path.join(dir, '.git', 'MERGE_MSG'), state.message.endsWith('\n') ? state.message : `${state.message}\n`);
  writeFileAtomic(path.join(dir, '.git', 'MERGE_HEAD'), `${state.theirsOid}\n`);
}

export function clearMergeState(dir: string): void {
  for (const f of [path.join(dir, '.git', 'MERGE_HEAD'), path.join(dir, '.git', 'MERGE_MSG'), mergeStateFile(dir)]) fs.rmSync(f, { force: true });
}
