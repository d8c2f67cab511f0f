import { dropCache } from './git';
import { runGitTask } from '../workers/pool';
import type { CheckoutOptions, IndexChange, WorktreeChange } from './checkout-apply';

export type { IndexChange, WorktreeChange } from './checkout-apply';

/**
 * Apply changes to the working tree, then write the index once, atomically (checkout-apply.ts).
 * Every path is checked before anything is written. It runs on the Git worker thread: writing
 * hundreds of files and the index was 100+ ms of main-thread work in a pull. No cancel signal is
 * passed: a checkout is never cut off half-way on purpose (a killed process is rolled back by the
 * crash journal). Files are written with git's line endings unless `raw` (a restore). Callers move the branch ref only after this returns, and restore their backup
 * if it throws.
 */
export async function applyCheckout(dir: string, worktree: WorktreeChange[], index: Map<string, IndexChange>, options: CheckoutOptions = {}): Promise<void> {
  try {
    await runGitTask('checkout', { dir, worktree, index, raw: options.raw }, { key: dir });
  } finally {
    dropCache(dir);
  }
}
