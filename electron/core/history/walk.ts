import type { RawCommit } from '../git/objects';
import type { ObjectCache } from './object-cache';

/**
 * The revision walk of plain `git log [-- path]` (git's revision.c without --topo-order):
 * a list ordered by committer date, newest first, equal dates in the order they were queued;
 * each popped commit queues its parents that were not seen yet, first parent first.
 * With a path, git's default history simplification applies: a commit is shown only when the
 * path differs from every parent, and a merge that equals one parent at the path follows only
 * that parent (the side branch is not walked at all).
 */
export class CommitWalker {
  private readonly queue: Array<{ oid: string; time: number }> = [];
  private readonly seen = new Set<string>();
  /** How many commits have been popped: the position a cursor resumes from. */
  popped = 0;

  private constructor(
    private readonly cache: ObjectCache,
    private readonly path: string | null,
  ) {}

  static async start(cache: ObjectCache, oid: string, path: string | null): Promise<CommitWalker> {
    const w = new CommitWalker(cache, path);
    const c = await cache.commit(oid);
    w.seen.add(c.oid);
    w.queue.push({ oid: c.oid, time: c.committer.timestamp });
    return w;
  }

  get done(): boolean {
    return this.queue.length === 0;
  }

  /** The next commit of the walk and whether `git log` shows it; null at the end. */
  async next(): Promise<{ commit: RawCommit; shown: boolean } | null> {
    const item = this.queue.shift();
    if (!item) return null;
    this.popped++;
    const commit = await this.cache.commit(item.oid);
    const { parents, shown } = this.path ? await this.simplify(commit, this.path) : { parents: commit.parents, shown: true };
    for (const p of parents) {
      if (this.seen.has(p)) continue;
      this.seen.add(p);
      const parent = await this.cache.commit(p);
      this.insert({ oid: p, time: parent.committer.timestamp });
    }
    return { commit, shown };
  }

  // commit_list_insert_by_date: after every entry with the same or a newer date.
  private insert(item: { oid: string; time: number }): void {
    let lo = 0;
    let hi = this.queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.queue[mid]!.time >= item.time) lo = mid + 1;
      else hi = mid;
    }
    this.queue.splice(lo, 0, item);
  }

  // try_to_simplify_commit for a single starting point (every parent is "relevant").
  private async simplify(commit: RawCommit, path: string): Promise<{ parents: string[]; shown: boolean }> {
    const mine = await this.keyAt(commit.tree, path);
    if (commit.parents.length === 0) return { parents: [], shown: mine !== null };
    for (const p of commit.parents) {
      const parent = await this.cache.commit(p);
      if ((await this.keyAt(parent.tree, path)) === mine) return { parents: [p], shown: false };
    }
    return { parents: commit.parents, shown: true };
  }

  private async keyAt(tree: string, path: string): Promise<string | null> {
    const entry = await this.cache.entryAt(tree, path);
    return entry ? `${entry.mode} ${entry.oid}` : null;
  }
}
