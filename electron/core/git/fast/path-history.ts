import type { ObjectStore } from './object-store';
import { readTreeData } from './changed-paths';
import { scanTree } from './parse-tree';
import { type WalkEntry, type WalkOptions, readCommitEntry, readShallow, walkCommits } from './walk';

/** The "mode oid" of the entry at `path` (a file or a folder) inside a tree, or "" when absent. */
export function entryAt(store: ObjectStore, treeOid: string, path: string): string {
  let tree = treeOid;
  const parts = path.split('/');
  for (let k = 0; k < parts.length; k++) {
    const data = readTreeData(store, tree);
    const want = Buffer.from(parts[k]!, 'utf8');
    let found = '';
    scanTree(data, (modeAt, nameAt, nameEnd, oidAt) => {
      if (found || nameEnd - nameAt !== want.length || data.compare(want, 0, want.length, nameAt, nameEnd) !== 0) return;
      found = `${data.toString('latin1', modeAt, nameAt - 1)} ${data.toString('hex', oidAt, oidAt + 20)}`;
    });
    if (!found) return '';
    if (k === parts.length - 1) return found;
    if (!found.startsWith('4') && !found.startsWith('04')) return '';
    tree = found.slice(-40);
  }
  return '';
}

/**
 * The commits `git log -- <path>` shows, in its order: git's default history simplification
 * (a merge that matches one parent at `path` follows only that parent and is hidden; a commit
 * that matches its parent is hidden; a root commit shows when the path exists in it).
 */
export function* walkPathHistory(store: ObjectStore, startOids: readonly string[], path: string, options: Omit<WalkOptions, 'simplify'> = {}): Generator<WalkEntry> {
  const clean = path.replace(/^\/+|\/+$/g, '');
  const shallow = options.shallow ?? readShallow(store.gitdir);
  const memo = new Map<string, string>();
  const at = (tree: string): string => {
    let v = memo.get(tree);
    if (v === undefined) {
      if (memo.size > 50_000) memo.clear();
      memo.set(tree, (v = entryAt(store, tree, clean)));
    }
    return v;
  };
  const simplify = (entry: WalkEntry): { show: boolean; parents: string[] } => {
    const mine = at(entry.tree);
    if (entry.parents.length === 0) return { show: mine !== '', parents: [] };
    for (const parent of entry.parents) {
      if (at(readCommitEntry(store, parent, shallow).tree) === mine) return { show: false, parents: [parent] };
    }
    return { show: true, parents: entry.parents };
  };
  if (!clean) {
    yield* walkCommits(store, startOids, { ...options, shallow });
    return;
  }
  yield* walkCommits(store, startOids, { ...options, shallow, simplify });
}
