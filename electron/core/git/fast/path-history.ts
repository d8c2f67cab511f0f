import type { ObjectStore } from './object-store';
import { readTreeBytes, readTreeData } from './changed-paths';
import { CommitGraph } from './commit-graph';
import { RecentById } from './lru';
import { findTreeEntry, isTreeMode } from './parse-tree';
import { GraphEntry, type WalkEntry, type WalkOptions, readCommitEntry, readShallow, walkCommits } from './walk';

/** Trees remembered per level of the path (two generations of this many for folders): bounds memory on huge histories. */
const MEMO_LIMIT = 50_000;

interface PathResolver {
  /** By the root tree's hex id, remembered per tree at each level. */
  byId(rootTree: string): string;
  /** By the root tree's raw id (the commit-graph's bytes): the caller remembers the answer. */
  byBytes(rootTree: Uint8Array): string;
}

/**
 * What `path` is inside a root tree, as "mode oid" ("" when absent), remembered per tree at each
 * level of the path: consecutive commits mostly share the folders on the way to a file, so after
 * the root only the folders that changed are read (as git's pathspec-limited tree diff skips
 * equal subtrees).
 */
function pathResolver(store: ObjectStore, path: string): PathResolver {
  const parts = path.replace(/^\/+|\/+$/g, '').split('/').map((p) => Buffer.from(p, 'utf8'));
  const last = parts.length - 1;
  // Folders below the root by their raw ids (no hex string per folder looked at); roots by hex id.
  const folders = parts.map(() => new RecentById<string>(MEMO_LIMIT));
  const roots = new Map<string, string>();
  const inTree = (data: Buffer, level: number): string => {
    const want = parts[level]!;
    const hit = findTreeEntry(data, want);
    if (!hit) return '';
    const oidAt = hit.nameAt + want.length + 1;
    if (level === last) return `${data.toString('latin1', hit.modeAt, hit.nameAt - 1)} ${data.toString('hex', oidAt, oidAt + 20)}`;
    if (!isTreeMode(data, hit.modeAt)) return '';
    const oid = new Uint8Array(data.buffer, data.byteOffset + oidAt, 20);
    const memo = folders[level + 1]!;
    let found = memo.get(oid);
    if (found === undefined) {
      found = inTree(readTreeBytes(store, oid), level + 1);
      memo.set(oid, found);
    }
    return found;
  };
  return {
    byId: (rootTree) => {
      let found = roots.get(rootTree);
      if (found !== undefined) return found;
      found = inTree(readTreeData(store, rootTree), 0);
      if (roots.size >= MEMO_LIMIT) roots.clear();
      roots.set(rootTree, found);
      return found;
    },
    byBytes: (rootTree) => inTree(readTreeBytes(store, rootTree), 0),
  };
}

/** What `path` is inside a root tree given by its id (see pathResolver). */
export function pathLookup(store: ObjectStore, path: string): (rootTree: string) => string {
  return pathResolver(store, path).byId;
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
  const resolver = pathResolver(store, path);
  const at = resolver.byId;
  // Commits from the commit-graph by position, their root trees by the graph's bytes: each is looked
  // up once as a parent and answered from here when it is popped, with no id strings made for it.
  const byPos = new Map<number, string>();
  const atPos = (g: CommitGraph, pos: number): string => {
    let found = byPos.get(pos);
    if (found === undefined) {
      found = resolver.byBytes(g.treeBytesOf(pos));
      if (byPos.size >= MEMO_LIMIT) byPos.clear();
      byPos.set(pos, found);
    }
    return found;
  };
  return (entry) => {
    if (entry instanceof GraphEntry) {
      const mine = atPos(entry.graph, entry.pos);
      const parents = entry.parentPos;
      if (parents.length === 0) return { show: mine !== '', parents: [] };
      for (let k = 0; k < parents.length; k++) if (atPos(entry.graph, parents[k]!) === mine) return { show: false, parents: [entry.parents[k]!] };
      return { show: true, parents: entry.parents };
    }
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
