import { applyCheckoutSync, type IndexChange, type WorktreeChange } from '../git/checkout-apply';
import { checkoutCommit } from '../git/clone-checkout';
import { storeReceivedPack } from '../git/pack-indexer';
import { snapshotWorkingTree } from '../git/snapshot-tree';
import { fastStatus, type FastStatusResult } from '../git/status-fast';
import { scanWorkingFiles } from '../git/status-scan';
import type { WorktreeFile } from '../git/worktree';
import { findBlockedPaths } from '../sync/merge-dirty';
import type { MergePlan } from '../sync/merge-trees';

/**
 * The heavy Git work that may run off the main thread: each task is a plain function of
 * structured-cloneable input to structured-cloneable output, so it runs the same in a worker
 * thread and in-thread.
 */
export interface GitTasks {
  status: { input: { dir: string; prefix: string }; output: FastStatusResult };
  scan: { input: { dir: string }; output: Map<string, WorktreeFile> };
  /** A backup's snapshot of the working tree: blobs and trees written, the root tree id returned (see snapshot-tree.ts). */
  snapshot: { input: { dir: string }; output: string };
  /** A received pack: indexed, then moved into objects/pack with its .idx (see pack-indexer.ts). */
  storePack: { input: { tmpPack: string; pack: string }; output: { checksum: string; count: number } };
  /** The first checkout of a fresh clone (see clone-checkout.ts); returns the number of files. */
  checkoutCommit: { input: { dir: string; commit: string }; output: number };
  /** A merge's or a restore's working-file and index changes (see checkout-apply.ts). */
  checkout: { input: { dir: string; worktree: WorktreeChange[]; index: Map<string, IndexChange> }; output: void };
  /** The paths of a planned merge that hold uncommitted work (see merge-dirty.ts). */
  blockedPaths: { input: { dir: string; plan: MergePlan }; output: string[] };
}

export type GitTaskName = keyof GitTasks;

export const GIT_TASKS: { [K in GitTaskName]: (input: GitTasks[K]['input']) => GitTasks[K]['output'] } = {
  status: ({ dir, prefix }) => fastStatus(dir, prefix),
  scan: ({ dir }) => scanWorkingFiles(dir),
  snapshot: ({ dir }) => snapshotWorkingTree(dir),
  storePack: ({ tmpPack, pack }) => storeReceivedPack(tmpPack, pack),
  checkoutCommit: ({ dir, commit }) => checkoutCommit(dir, commit),
  checkout: ({ dir, worktree, index }) => applyCheckoutSync(dir, worktree, index),
  blockedPaths: ({ dir, plan }) => findBlockedPaths(dir, plan),
};
