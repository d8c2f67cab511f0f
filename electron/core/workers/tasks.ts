import { applyCheckoutSync, removeCheckoutTemps, type IndexChange, type WorktreeChange } from '../git/checkout-apply';
import { checkoutCommit } from '../git/clone-checkout';
import { type ConsolidateResult, consolidatePacks } from '../git/pack-consolidate';
import { type PackLooseResult, packLooseObjects } from '../git/pack-loose';
import { type IndexedPack, indexPack, placeReceivedPack } from '../git/pack-indexer';
import { indexFetchedPack, placeFetchedPack, type PackSeed } from '../git/pack-seed';
import { readPathFiles, snapshotWorkingTree } from '../git/snapshot-tree';
import { fastStatus, type FastStatusResult } from '../git/status-fast';
import { scanWorkingFiles } from '../git/status-scan';
import type { WorktreeFile } from '../git/worktree';
import type { TreeFile } from '../git/trees';
import { findBlockedPaths, guardPull, primeGuard } from '../sync/merge-dirty';
import { readIndexReusing } from '../git/index-file';
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
  /**
   * The working files at some paths now (id and mode; absent ones left out), for a narrow restore,
   * after removing the temp files a killed checkout left beside them (checkout-apply.ts).
   */
  pathFiles: { input: { dir: string; paths: string[] }; output: Map<string, TreeFile> };
  /**
   * A received pack's bytes, indexed (pack-indexer.ts) while the caller writes them to disk. With
   * `seedDir` (a fetch into that folder), its new objects are handed on for the reads that follow (pack-seed.ts).
   */
  indexPack: { input: { data: Uint8Array; seedDir?: string }; output: IndexedPack & { seed?: PackSeed } };
  /** That pack, written and synced to `tmpPack`, moved into objects/pack with its .idx (pack-indexer.ts). */
  placePack: { input: { tmpPack: string; pack: string; checksum: string; idx: Uint8Array; seedDir?: string }; output: void };
  /**
   * git's `gc --auto`: past PACK_LIMIT packs (looked at when `packs`), the folder's packs merged
   * into one (pack-consolidate.ts); past LOOSE_LIMIT loose objects, those packed (pack-loose.ts).
   */
  tidyObjects: { input: { gitdir: string; packs: boolean }; output: { merged: ConsolidateResult | null; loose: PackLooseResult } };
  /** The first checkout of a fresh clone (see clone-checkout.ts); returns the number of files. */
  checkoutCommit: { input: { dir: string; commit: string }; output: number };
  /** A merge's or a restore's working-file and index changes (see checkout-apply.ts). */
  checkout: { input: { dir: string; worktree: WorktreeChange[]; index: Map<string, IndexChange>; raw?: boolean }; output: void };
  /** The paths of a planned merge that hold uncommitted work (see merge-dirty.ts). */
  blockedPaths: { input: { dir: string; plan: MergePlan }; output: string[] };
  /** The same, then (nothing blocked) the pull backup's narrow snapshot tree, `head` being the plan's ours (merge-dirty.ts). */
  pullGuard: { input: { dir: string; plan: MergePlan; head: string | null }; output: { blocked: string[]; tree: string | null } };
  /** Parse the index into this thread's reuse slot (index-file.ts readIndexReusing) ahead of a pullGuard; returns the entry count. */
  primeIndex: { input: { dir: string }; output: number };
  /** The rest of a pullGuard's preparation, while the main thread plans the merge (merge-dirty.ts). */
  primeGuard: { input: { dir: string }; output: void };
}

export type GitTaskName = keyof GitTasks;

export const GIT_TASKS: { [K in GitTaskName]: (input: GitTasks[K]['input']) => GitTasks[K]['output'] } = {
  status: ({ dir, prefix }) => fastStatus(dir, prefix),
  scan: ({ dir }) => scanWorkingFiles(dir),
  snapshot: ({ dir }) => snapshotWorkingTree(dir),
  pathFiles: ({ dir, paths }) => {
    removeCheckoutTemps(dir, paths);
    return readPathFiles(dir, paths);
  },
  indexPack: ({ data, seedDir }) => {
    const pack = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return seedDir ? indexFetchedPack(pack, seedDir) : indexPack(pack);
  },
  placePack: ({ tmpPack, pack, checksum, idx, seedDir }) => (seedDir ? placeFetchedPack(tmpPack, pack, checksum, idx, seedDir) : placeReceivedPack(tmpPack, pack, checksum, idx)),
  tidyObjects: ({ gitdir, packs }) => ({ merged: packs ? consolidatePacks(gitdir) : null, loose: packLooseObjects(gitdir) }),
  checkoutCommit: ({ dir, commit }) => checkoutCommit(dir, commit),
  checkout: ({ dir, worktree, index, raw }) => applyCheckoutSync(dir, worktree, index, { raw }),
  blockedPaths: ({ dir, plan }) => findBlockedPaths(dir, plan),
  pullGuard: ({ dir, plan, head }) => guardPull(dir, plan, head),
  primeIndex: ({ dir }) => readIndexReusing(dir).length,
  primeGuard: ({ dir }) => primeGuard(dir),
};
