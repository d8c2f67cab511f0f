import type { HistoryIndex } from './reader';
import { Heap } from '../../git/fast/heap';

/** An indexed commit's parent is missing: the index cannot answer this walk (fall back). */
export class IndexGap extends Error {}

/**
 * `CommitWalker` (../walk.ts) over the index: the same git-log order (committer time, newest
 * first, ties in queue order) and the same path simplification, without reading objects — except
 * for merges under a path, where `sameAt(commit, parent)` compares the path's entry in the trees.
 */
export class IndexWalk {
  private readonly heap = new Heap<number>((a, b) => this.before(a, b));
  private readonly seen: Uint8Array;
  private nextSeq = 0;
  /** Queue order per id: equal times pop in the order they were queued. */
  private readonly order: Int32Array;
  popped = 0;

  constructor(
    private readonly index: HistoryIndex,
    start: number,
    private readonly flags: Uint8Array | null,
    private readonly sameAt: (commit: number, parent: number) => boolean,
  ) {
    this.seen = new Uint8Array(index.size);
    this.order = new Int32Array(index.size);
    this.seen[start] = 1;
    this.push(start);
  }

  get done(): boolean {
    return this.heap.length === 0;
  }

  /** The next commit id and whether `git log [-- path]` shows it; null at the end. */
  next(): { id: number; shown: boolean } | null {
    const id = this.pop();
    if (id === undefined) return null;
    this.popped++;
    const all = this.index.parentsOf(id);
    let parents: ArrayLike<number> = all;
    let shown = true;
    if (this.flags) ({ parents, shown } = this.simplify(id, all, this.flags));
    for (let k = 0; k < parents.length; k++) {
      const p = parents[k]!;
      if (p < 0) throw new IndexGap();
      if (this.seen[p] === 1) continue;
      this.seen[p] = 1;
      this.push(p);
    }
    return { id, shown };
  }

  private simplify(id: number, parents: Int32Array, flags: Uint8Array): { parents: ArrayLike<number>; shown: boolean } {
    const changed = this.index.touches(id, flags);
    // A root commit lists every file, so "touched" means the path exists in it.
    if (parents.length === 0) return { parents: [], shown: changed };
    if (!changed) return { parents: [parents[0]!], shown: false };
    for (let k = 1; k < parents.length; k++) {
      const p = parents[k]!;
      if (p < 0) throw new IndexGap();
      if (this.sameAt(id, p)) return { parents: [p], shown: false };
    }
    return { parents, shown: true };
  }

  private before(a: number, b: number): boolean {
    const t = this.index.time;
    return t[a]! > t[b]! || (t[a] === t[b] && this.order[a]! < this.order[b]!);
  }

  private push(id: number): void {
    this.order[id] = this.nextSeq++;
    this.heap.push(id);
  }

  private pop(): number | undefined {
    return this.heap.pop();
  }
}
