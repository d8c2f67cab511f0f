import { cacheFor, fs, git, run } from './git';
import { resolveRefOrNull, trackingRef } from './refs';

export interface AheadBehind {
  ahead: number;
  behind: number;
  /** False when the walk hit its bound; the counts are then lower bounds. */
  exact: boolean;
}

const LOCAL = 1;
const REMOTE = 2;
const BOTH = LOCAL | REMOTE;

/**
 * Commits reachable from `local` but not `remote` (ahead) and the reverse (behind), like
 * `git rev-list --left-right --count local...remote`. Both sides are walked newest first, painting
 * each commit with the side(s) that reach it; the walk stops once every commit still queued is
 * reachable from both (everything older is shared), or after `limit` commits. Cost is bounded by
 * the commits since the merge base, not by the length of history.
 */
export async function countAheadBehind(dir: string, local: string, remote: string, limit = 20_000): Promise<AheadBehind> {
  if (local === remote) return { ahead: 0, behind: 0, exact: true };
  return run('count ahead/behind', async () => {
    const cache = cacheFor(dir);
    const paint = new Map<string, number>();
    const time = new Map<string, number>();
    const parentsOf = new Map<string, string[]>();
    const queue: string[] = [];

    const load = async (oid: string): Promise<void> => {
      if (time.has(oid)) return;
      try {
        const { commit } = await git.readCommit({ fs, dir, oid, cache });
        time.set(oid, commit.committer.timestamp);
        parentsOf.set(oid, commit.parent);
      } catch (err) {
        // A shallow clone ends in commits whose parents were never fetched: treat them as roots.
        if ((err as { code?: string }).code !== 'NotFoundError') throw err;
        time.set(oid, 0);
        parentsOf.set(oid, []);
      }
    };
    const enqueue = async (oid: string, flags: number): Promise<void> => {
      const old = paint.get(oid) ?? 0;
      const next = old | flags;
      if (next === old) return;
      paint.set(oid, next);
      await load(oid);
      if (!queue.includes(oid)) {
        // Keep the queue sorted newest first (insertion into a short list).
        const t = time.get(oid)!;
        let i = queue.findIndex((q) => time.get(q)! < t);
        if (i < 0) i = queue.length;
        queue.splice(i, 0, oid);
      }
    };

    await enqueue(local, LOCAL);
    await enqueue(remote, REMOTE);
    let visited = 0;
    let exact = true;
    while (queue.some((oid) => paint.get(oid) !== BOTH)) {
      if (++visited > limit) {
        exact = false;
        break;
      }
      const oid = queue.shift()!;
      const flags = paint.get(oid)!;
      for (const parent of parentsOf.get(oid) ?? []) await enqueue(parent, flags);
    }
    // Commits with equal or skewed times can be painted one-sided before a shared descendant reaches
    // them; carry "both" down to everything already painted, without walking any further.
    while (exact && queue.length > 0) {
      const oid = queue.shift()!;
      for (const parent of parentsOf.get(oid) ?? []) {
        if (paint.has(parent) && paint.get(parent) !== BOTH) await enqueue(parent, BOTH);
      }
    }
    let ahead = 0;
    let behind = 0;
    for (const flags of paint.values()) {
      if (flags === LOCAL) ahead++;
      else if (flags === REMOTE) behind++;
    }
    return { ahead, behind, exact };
  });
}

export interface TrackingInfo extends AheadBehind {
  head: string | null;
  /** Where `refs/remotes/origin/<branch>` points; null when never fetched or pushed. */
  remote: string | null;
}

/** HEAD against the remote-tracking ref of `branch`. Without a tracking ref, every local commit counts as ahead. */
export async function readTracking(dir: string, branch: string): Promise<TrackingInfo> {
  const [head, remote] = await Promise.all([resolveRefOrNull(dir, 'HEAD'), resolveRefOrNull(dir, trackingRef(branch))]);
  if (!head && !remote) return { head, remote, ahead: 0, behind: 0, exact: true };
  if (!head) {
    const { count, exact } = await countReachable(dir, remote!);
    return { head, remote, ahead: 0, behind: count, exact };
  }
  if (!remote) {
    const { count, exact } = await countReachable(dir, head);
    return { head, remote, ahead: count, behind: 0, exact };
  }
  return { head, remote, ...(await countAheadBehind(dir, head, remote)) };
}

async function countReachable(dir: string, tip: string, limit = 20_000): Promise<{ count: number; exact: boolean }> {
  return run('count commits', async () => {
    const seen = new Set<string>();
    const stack = [tip];
    while (stack.length && seen.size < limit) {
      const oid = stack.pop()!;
      if (seen.has(oid)) continue;
      seen.add(oid);
      try {
        const { commit } = await git.readCommit({ fs, dir, oid, cache: cacheFor(dir) });
        stack.push(...commit.parent);
      } catch (err) {
        if ((err as { code?: string }).code !== 'NotFoundError') throw err;
      }
    }
    return { count: seen.size, exact: stack.length === 0 };
  });
}
