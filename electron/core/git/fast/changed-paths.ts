import { ReposyncError } from '../../errors';
import type { ObjectStore } from './object-store';
import { parseCommitLinks } from './parse-commit';
import { isTreeMode, scanTree } from './parse-tree';

interface Entry {
  nameAt: number;
  nameEnd: number;
  modeAt: number;
  oidAt: number;
  tree: boolean;
}

const EMPTY = Buffer.alloc(0);

export function readTreeData(store: ObjectStore, oid: string): Buffer {
  const obj = store.read(oid);
  if (!obj) throw new ReposyncError('not_found', `Tree ${oid} is missing from the repository.`, { oid });
  if (obj.type !== 'tree') throw new ReposyncError('invalid_input', `Object ${oid} is a ${obj.type}, not a tree.`, { oid });
  return obj.data;
}

function entries(data: Buffer): Entry[] {
  const out: Entry[] = [];
  scanTree(data, (modeAt, nameAt, nameEnd, oidAt) => out.push({ modeAt, nameAt, nameEnd, oidAt, tree: isTreeMode(data, modeAt) }));
  return out;
}

// git's base_name_compare: the order trees are sorted in, a subtree comparing as if its name ended in "/".
function compare(a: Buffer, ea: Entry, b: Buffer, eb: Entry): number {
  const la = ea.nameEnd - ea.nameAt;
  const lb = eb.nameEnd - eb.nameAt;
  const len = Math.min(la, lb);
  for (let i = 0; i < len; i++) {
    const d = a[ea.nameAt + i]! - b[eb.nameAt + i]!;
    if (d !== 0) return d;
  }
  const ca = la > len ? a[ea.nameAt + len]! : ea.tree ? 0x2f : 0;
  const cb = lb > len ? b[eb.nameAt + len]! : eb.tree ? 0x2f : 0;
  return ca - cb;
}

function sameBytes(a: Buffer, aStart: number, b: Buffer, bStart: number, len: number): boolean {
  for (let i = 0; i < len; i++) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}

function sameEntry(a: Buffer, ea: Entry, b: Buffer, eb: Entry): boolean {
  const modeLenA = ea.nameAt - 1 - ea.modeAt;
  return (
    modeLenA === eb.nameAt - 1 - eb.modeAt && sameBytes(a, ea.modeAt, b, eb.modeAt, modeLenA) && sameBytes(a, ea.oidAt, b, eb.oidAt, 20)
  );
}

/**
 * Appends to `out` every file path that differs between two trees (null = empty tree), in the order
 * `git diff-tree -r --name-only --no-renames` prints them. Only subtrees whose ids differ are read.
 */
export function diffTreePaths(store: ObjectStore, oldTree: string | null, newTree: string | null, prefix: string, out: string[]): void {
  const a = oldTree ? readTreeData(store, oldTree) : EMPTY;
  const b = newTree ? readTreeData(store, newTree) : EMPTY;
  const ea = entries(a);
  const eb = entries(b);
  let i = 0;
  let j = 0;
  const name = (buf: Buffer, e: Entry): string => prefix + buf.toString('utf8', e.nameAt, e.nameEnd);
  const oid = (buf: Buffer, e: Entry): string => buf.toString('hex', e.oidAt, e.oidAt + 20);
  const one = (buf: Buffer, e: Entry, side: 'old' | 'new'): void => {
    if (!e.tree) out.push(name(buf, e));
    else if (side === 'old') diffTreePaths(store, oid(buf, e), null, name(buf, e) + '/', out);
    else diffTreePaths(store, null, oid(buf, e), name(buf, e) + '/', out);
  };
  while (i < ea.length || j < eb.length) {
    const x = ea[i];
    const y = eb[j];
    const cmp = !x ? 1 : !y ? -1 : compare(a, x, b, y);
    if (cmp < 0) {
      one(a, x!, 'old');
      i++;
    } else if (cmp > 0) {
      one(b, y!, 'new');
      j++;
    } else {
      if (!sameEntry(a, x!, b, y!)) {
        if (x!.tree) diffTreePaths(store, oid(a, x!), oid(b, y!), name(b, y!) + '/', out);
        else out.push(name(b, y!));
      }
      i++;
      j++;
    }
  }
}

/**
 * Paths a commit touched compared with its first parent (for a merge too: what the merge brought
 * into the first-parent line, as `git diff --name-only --no-renames <p1> <commit>`); for a root
 * commit, every file. A rename shows as both its old and new path.
 */
export function changedPaths(
  store: ObjectStore,
  commit: string | { tree: string; parents: readonly string[] },
  /** The first parent's tree when the caller already has it (saves reading the parent commit). */
  knownParentTree?: string | null,
): string[] {
  const c = typeof commit === 'string' ? commitLinks(store, commit) : commit;
  const parent = c.parents[0];
  const parentTree = !parent ? null : knownParentTree ?? commitLinks(store, parent).tree;
  const out: string[] = [];
  if (parentTree !== c.tree) diffTreePaths(store, parentTree, c.tree, '', out);
  return out;
}

function commitLinks(store: ObjectStore, oid: string): { tree: string; parents: string[] } {
  const obj = store.read(oid);
  if (!obj) throw new ReposyncError('not_found', `Commit ${oid} is missing from the repository.`, { oid });
  if (obj.type !== 'commit') throw new ReposyncError('invalid_input', `Object ${oid} is a ${obj.type}, not a commit.`, { oid });
  return parseCommitLinks(obj.data);
}
