import type { CommitInfo, HistoryPage } from '../../../shared/contract/history';
import { resolveCommitish, type RawCommit } from '../git/objects';
import { matchesSearch, toCommitInfo } from './commit-info';
import { decodeCursor, encodeCursor } from './cursor';
import { Lru, type ObjectCache } from './object-cache';
import type { HistorySource, PageQuery } from './source';
import { diffTrees } from './tree-diff';
import { CommitWalker } from './walk';

/** Touched paths listed per commit in a page; a huge import commit would otherwise fill the page. */
export const MAX_PATHS_PER_COMMIT = 2000;
/**
 * Commits walked per page at most: a rare search term or a quiet path must not hold a call for
 * the whole history. The page then holds fewer than `limit` commits but still a `nextCursor`.
 */
export const MAX_SCAN_PER_PAGE = 5000;

/**
 * History straight from the object store: each page continues a `CommitWalker`. Walkers paused
 * at a page end are kept (keyed by start, path and position), so the next page costs only its
 * own commits; after eviction the walk is replayed to the same position (same order, same page).
 */
export class WalkSource implements HistorySource {
  private readonly paused = new Lru<string, CommitWalker>(16);

  constructor(readonly objects: ObjectCache) {}

  async page(q: PageQuery): Promise<HistoryPage> {
    let start: string;
    let popped = 0;
    if (q.cursor) {
      const c = decodeCursor(q.cursor, { ref: q.ref, path: q.path, search: q.search });
      start = c.start;
      popped = c.popped;
    } else {
      const oid = await resolveCommitish(this.objects.dir, q.ref);
      if (!oid) return { commits: [], nextCursor: null };
      start = oid;
    }
    const walker = await this.walkerAt(start, q.path, popped);
    const commits: CommitInfo[] = [];
    const stopAt = walker.popped + MAX_SCAN_PER_PAGE;
    while (commits.length < q.limit && !walker.done && walker.popped < stopAt) {
      const step = await walker.next();
      if (!step || !step.shown) continue;
      if (q.search && !matchesSearch(step.commit, q.search)) continue;
      commits.push(await this.info(step.commit));
    }
    if (walker.done) return { commits, nextCursor: null };
    this.paused.set(walkerKey(start, q.path, walker.popped), walker);
    return { commits, nextCursor: encodeCursor({ start, popped: walker.popped, ref: q.ref, path: q.path, search: q.search }) };
  }

  async commit(oid: string): Promise<CommitInfo> {
    return this.info(await this.objects.commit(oid));
  }

  private async info(raw: RawCommit): Promise<CommitInfo> {
    const parentTree = raw.parents[0] ? (await this.objects.commit(raw.parents[0])).tree : null;
    const { changes, truncated } = await diffTrees(this.objects, parentTree, raw.tree, MAX_PATHS_PER_COMMIT);
    return toCommitInfo(raw, changes.map((c) => c.path), truncated);
  }

  private async walkerAt(start: string, path: string | null, popped: number): Promise<CommitWalker> {
    const key = walkerKey(start, path, popped);
    const kept = this.paused.get(key);
    if (kept) {
      this.paused.delete(key);
      return kept;
    }
    const walker = await CommitWalker.start(this.objects, start, path);
    while (walker.popped < popped && !walker.done) await walker.next();
    return walker;
  }
}

function walkerKey(start: string, path: string | null, popped: number): string {
  return `${start}\0${path ?? ''}\0${popped}`;
}
