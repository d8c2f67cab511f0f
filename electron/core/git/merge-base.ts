import { linksReader, type ObjectStore } from './fast';
import { Heap } from './fast/heap';

/**
 * git's merge-base (commit.c paint_down_to_common) over the fast object store: walk both sides
 * newest first, painting each commit with the side(s) that reach it; a commit reached from both is a
 * candidate and its ancestors go stale. isomorphic-git's findMergeBase reads each commit through
 * its async object layer and took seconds on a 10k-commit history; this takes milliseconds.
 * Parents missing from the store (a shallow clone's boundary) end the walk there, as in git.
 */
const ONE = 1;
const TWO = 2;
const STALE = 4;
const RESULT = 8;

interface Node {
  oid: string;
  time: number;
  parents: string[];
}

function loader(store: ObjectStore): (oid: string) => Node | null {
  const nodes = new Map<string, Node | null>();
  const read = linksReader(store); // the commit-graph's links when the repository has one
  return (oid) => {
    let node = nodes.get(oid);
    if (node !== undefined) return node;
    const links = read(oid);
    node = links ? { oid, time: links.time, parents: links.parents } : null;
    nodes.set(oid, node);
    return node;
  };
}

/** Commits reached from both `a` and `b` and not below another such commit (may hold redundant ones). */
function paint(load: (oid: string) => Node | null, a: string, b: string): string[] {
  const flags = new Map<string, number>();
  const queue = new Heap<Node>((a, b) => a.time > b.time);
  const start = (oid: string, f: number) => {
    const n = load(oid);
    if (!n) return;
    flags.set(oid, (flags.get(oid) ?? 0) | f);
    queue.push(n);
  };
  start(a, ONE);
  start(b, TWO);
  const results: string[] = [];
  while (queue.some((n) => !(flags.get(n.oid)! & STALE))) {
    const n = queue.pop()!; // some() saw an item
    let f = flags.get(n.oid)!;
    if ((f & (ONE | TWO)) === (ONE | TWO)) {
      if (!(f & RESULT)) {
        results.push(n.oid);
        f |= RESULT;
      }
      f |= STALE;
      flags.set(n.oid, f);
    }
    const paintFlags = f & (ONE | TWO | STALE);
    for (const p of n.parents) {
      const pf = flags.get(p) ?? 0;
      if ((pf & paintFlags) === paintFlags) continue;
      const pn = load(p);
      if (!pn) continue;
      flags.set(p, pf | paintFlags);
      queue.push(pn);
    }
  }
  return results;
}

/** True when `ancestor` is reachable from `from` (a full walk: commit times may be skewed). */
function reaches(load: (oid: string) => Node | null, from: string, ancestor: string): boolean {
  const seen = new Set<string>([from]);
  const stack = [from];
  while (stack.length > 0) {
    const n = load(stack.pop()!);
    if (!n) continue;
    if (n.oid === ancestor) return true;
    for (const p of n.parents) if (!seen.has(p)) seen.add(p), stack.push(p);
  }
  return false;
}

/** The best common ancestors of `a` and `b` (git merge-base --all), newest first; empty when unrelated. */
export function mergeBases(store: ObjectStore, a: string, b: string): string[] {
  if (a === b) return [a];
  const load = loader(store);
  const found = paint(load, a, b);
  if (found.length <= 1) return found;
  // Drop a candidate that another candidate reaches (git's remove_redundant).
  return found.filter((c) => !found.some((o) => o !== c && reaches(load, o, c)));
}
