import type { ObjectStore } from './object-store';
import { readTreeData } from './changed-paths';
import { CommitGraph } from './commit-graph';
import { findTreeEntry, isTreeMode } from './parse-tree';
import { type WalkEntry, type WalkOptions, readCommitEntry, readShallow, walkCommits } from './walk';

/** Trees remembered per level of the path before the memo starts over (bounds memory on huge histories). */
const MEMO_LIMIT = 50_000;

/**
 * What `path` is inside a root tree, as "mode oid" ("" when absent), remembered per tree at each
 * level of the path: consecutive commits mostly share the folders on the way to a file, so after
 * the root only the folders that changed are read (as git's pathspec-limited tree diff skips
 * equal subtrees).
 */
export function pathLookup(store: ObjectStore, path: string): (rootTree: string) => string {
  const parts = path.replace(/^\/+|\/+$/g, '').split('/').map((p) => Buffer.from(p, 'utf8'));
  const memos = parts.map(() => new Map<string, string>());
  const last = parts.length - 1;
  const lookup = (tree: string, level: number): string => {
    const memo = memos[level]!;
    let found = memo.get(tree);
    if (found !== undefined) return found;
    const data = readTreeData(store, tree);
    const want = parts[level]!;
    const hit = findTreeEntry(data, want);
    if (!hit) found = '';
    else {
      const oidAt = hit.nameAt + want.length + 1;
      const oid = data.toString('hex', oidAt, oidAt + 20);
      if (level === last) found = `${data.toString('latin1', hit.modeAt, hit.nameAt - 1)} ${oid}`;
      else found = isTreeMode(data, hit.modeAt) ? lookup(oid, level + 1) : '';
    }
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(tree, found);
    return found;
  };
  return (rootTree) => lookup(rootTree, 0);
}

/** The "mode oid" of the entry at `path` (a file or a folder) inside a tree, or "" when absent. */
export function entryAt(store: ObjectStore, treeOid: string, path: string): string {
  return pathLookup(store, path)(treeOid);
}

/**
 * git's default history simplification for `git log -- <path>`, as a walkCommits hook: a merge
 * that matches one parent at `path` follows only that parent and is hidden; a commit that matches
 * its parent is hidden; a root commit shows when the path exists in it.
 */
export function pathSimplify(store: ObjectStore, path: string, shallow: ReadonlySet<string>, graph: CommitGraph | null): (entry: WalkEntry) => { show: boolean; parents: string[] } {
  const at = pathLookup(store, path);
  return (entry) => {
    const mine = at(entry.tree);
    if (entry.parents.length === 0) return { show: mine !== '', parents: [] };
    for (const parent of entry.parents) {
      if (at(readCommitEntry(store, parent, shallow, graph).tree) === mine) return { show: false, parents: [parent] };
    }
    return { show: true, parents: entry.parents };
  };
}

/**
 * The commits `git log -- <path>` shows, in its order. Such a walk passes far more commits than it
 * shows, so it takes their links from the commit-graph when the repository has one.
 */
export function* walkPathHistory(store: ObjectStore, startOids: readonly string[], path: string, options: Omit<WalkOptions, 'simplify'> = {}): Generator<WalkEntry> {
  const clean = path.replace(/^\/+|\/+$/g, '');
  const shallow = options.shallow ?? readShallow(store.gitdir);
  if (!clean) {
    yield* walkCommits(store, startOids, { ...options, shallow });
    return;
  }
  const graph = options.graph === undefined ? CommitGraph.tryOpen(store.gitdir) : options.graph;
  yield* walkCommits(store, startOids, { ...options, shallow, graph, simplify: pathSimplify(store, clean, shallow, graph) });
}
