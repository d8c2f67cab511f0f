import { linksReader } from './fast';
import { Heap } from './fast/heap';
import { run } from './git';
import { sharedStore, yieldIfBusy } from './shared-store';
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
  await yieldIfBusy();
  return run('count ahead/behind', async () => {
    const load = commitLoader(dir);
    const paint = new Map<string, number>();
    const queued = new Set<string>();
    const queue = new Heap<Queued>(newerFirst);
    let seq = 0;

    const enqueue = (oid: string, flags: number): void => {
      const old = paint.get(oid) ?? 0;
      const next = old | flags;
      if (next === old) return;
      paint.set(oid, next);
      if (queued.has(oid)) return;
      queued.add(oid);
      queue.push({ links: load(oid), seq: seq++ });
    };
    const paintOf = (q: Queued): number => paint.get(q.links.oid)!;

    enqueue(local, LOCAL);
    enqueue(remote, REMOTE);
    let visited = 0;
    let exact = true;
    while (queue.some((l) => paintOf(l) !== BOTH)) {
      if (++visited > limit) {
        exact = false;
        break;
      }
      const next = queue.pop()!;
      queued.delete(next.links.oid);
      const flags = paintOf(next);
      for (const parent of next.links.parents) enqueue(parent, flags);
    }
    // Commits with equal or skewed times can be painted one-sided before a shared descendant reaches
    // them; carry "both" down to everything already painted, without walking any further.
    while (exact && queue.length > 0) {
      const { links } = queue.pop()!;
      queued.delete(links.oid);
      for (const parent of links.parents) {
        if (paint.has(parent) && paint.get(parent) !== BOTH) enqueue(parent, BOTH);
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

interface Links {
  oid: string;
  time: number;
  parents: string[];
}

interface Queued {
  links: Links;
  seq: number;
}

// Newest first, equal times in the order they were queued (as the sorted list this replaced).
const newerFirst = (a: Queued, b: Queued): boolean => a.links.time > b.links.time || (a.links.time === b.links.time && a.seq < b.seq);

/** A commit missing from the store (the boundary of a shallow clone) counts as a root. */
function commitLoader(dir: string): (oid: string) => Links {
  const read = linksReader(sharedStore(dir));
  return (oid) => {
    const links = read(oid);
    return { oid, time: links?.time ?? 0, parents: links?.parents ?? [] };
  };
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
  await yieldIfBusy();
  return run('count commits', async () => {
    const load = commitLoader(dir);
    const seen = new Set<string>();
    const stack = [tip];
    while (stack.length && seen.size < limit) {
      const oid = stack.pop()!;
      if (seen.has(oid)) continue;
      seen.add(oid);
      stack.push(...load(oid).parents);
    }
    return { count: seen.size, exact: stack.length === 0 };
  });
}
