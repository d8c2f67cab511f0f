import type { RawTreeEntry } from '../git/objects';
import type { ObjectCache } from './object-cache';

/** One path whose blob or mode differs between two trees (null side = absent). */
export interface TreeChange {
  path: string;
  oldOid: string | null;
  oldMode: string | null;
  newOid: string | null;
  newMode: string | null;
}

export interface TreeDiff {
  changes: TreeChange[];
  truncated: boolean;
}

/** Order of full paths as git prints them: by UTF-8 bytes, which is code point order. */
export function compareGitPaths(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

class Limit extends Error {}

/**
 * Files that differ between two trees (either may be null: the empty tree). Only subtrees whose
 * ids differ are read, so a commit touching 3 files in a 50,000-file repo reads a handful of
 * trees. No rename detection here. Stops after `max` changes and says so.
 */
export async function diffTrees(cache: ObjectCache, oldTree: string | null, newTree: string | null, max = Infinity): Promise<TreeDiff> {
  const changes: TreeChange[] = [];
  const add = (c: TreeChange): void => {
    if (changes.length >= max) throw new Limit();
    changes.push(c);
  };

  const walk = async (oldOid: string | null, newOid: string | null, base: string): Promise<void> => {
    if (oldOid === newOid) return;
    const oldEntries = oldOid ? await cache.tree(oldOid) : [];
    const newEntries = newOid ? await cache.tree(newOid) : [];
    const olds = new Map<string, RawTreeEntry>(oldEntries.map((e) => [e.name, e]));
    const names = new Set<string>([...oldEntries.map((e) => e.name), ...newEntries.map((e) => e.name)]);
    const news = new Map<string, RawTreeEntry>(newEntries.map((e) => [e.name, e]));
    for (const name of names) {
      const o = olds.get(name) ?? null;
      const n = news.get(name) ?? null;
      if (o && n && o.oid === n.oid && o.mode === n.mode) continue;
      const path = base + name;
      const oTree = o?.type === 'tree' ? o : null;
      const nTree = n?.type === 'tree' ? n : null;
      if (oTree || nTree) await walk(oTree?.oid ?? null, nTree?.oid ?? null, `${path}/`);
      const oLeaf = o && !oTree ? o : null;
      const nLeaf = n && !nTree ? n : null;
      if (oLeaf || nLeaf) {
        add({ path, oldOid: oLeaf?.oid ?? null, oldMode: oLeaf?.mode ?? null, newOid: nLeaf?.oid ?? null, newMode: nLeaf?.mode ?? null });
      }
    }
  };

  let truncated = false;
  try {
    await walk(oldTree, newTree, '');
  } catch (err) {
    if (!(err instanceof Limit)) throw err;
    truncated = true;
  }
  changes.sort((a, b) => compareGitPaths(a.path, b.path));
  return { changes, truncated };
}
