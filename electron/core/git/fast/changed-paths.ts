import { ReposyncError } from '../../errors';
import type { ObjectStore } from './object-store';
import { parseCommitLinks } from './parse-commit';
import { isTreeMode } from './parse-tree';
import { type GitObject, corrupt } from './types';

const EMPTY = Buffer.alloc(0);

export function readTreeData(store: ObjectStore, oid: string): Buffer {
  return checkTree(store.read(oid), oid);
}

/** `readTreeData` by the id's 20 raw bytes (a view into a tree entry or the commit-graph). */
export function readTreeBytes(store: ObjectStore, oid: Uint8Array): Buffer {
  return checkTree(store.readRaw(oid), oid);
}

function checkTree(obj: GitObject | null, oid: string | Uint8Array): Buffer {
  const hex = (): string => (typeof oid === 'string' ? oid : Buffer.from(oid.buffer, oid.byteOffset, 20).toString('hex'));
  if (!obj) throw new ReposyncError('not_found', `Tree ${hex()} is missing from the repository.`, { oid: hex() });
  if (obj.type !== 'tree') throw new ReposyncError('invalid_input', `Object ${hex()} is a ${obj.type}, not a tree.`, { oid: hex() });
  return obj.data;
}

/** Walks a tree's entries in place: no entry objects or strings, the diff below reads the bytes. */
class TreeCursor {
  /** Start of the current entry, and of the next one. */
  start = 0;
  private pos = 0;
  modeAt = 0;
  nameAt = 0;
  nameEnd = 0;
  oidAt = 0;
  tree = false;
  done = false;

  constructor(readonly data: Buffer) {
    this.next();
  }

  /** Moves past every whole entry that ends at or before `limit` (entries the other tree has byte for byte). */
  skipTo(limit: number): void {
    const d = this.data;
    let p = this.start;
    for (;;) {
      let nul = p;
      while (nul < limit && d[nul] !== 0) nul++;
      if (nul + 21 > limit) break;
      p = nul + 21;
    }
    this.jump(p);
  }

  /** Moves to the entry starting at `at` (an entry boundary, e.g. where the other tree's cursor stopped). */
  jump(at: number): void {
    if (at === this.start) return;
    this.pos = at;
    this.next();
  }

  next(): void {
    const d = this.data;
    let p = this.pos;
    this.start = p;
    if (p >= d.length) {
      this.done = true;
      return;
    }
    const modeAt = p;
    while (p < d.length && d[p] !== 0x20) p++;
    const nameAt = p + 1;
    p = nameAt;
    while (p < d.length && d[p] !== 0) p++;
    if (nameAt - 1 === modeAt || p + 21 > d.length) throw corrupt('tree entry is truncated');
    this.modeAt = modeAt;
    this.nameAt = nameAt;
    this.nameEnd = p;
    this.oidAt = p + 1;
    this.tree = isTreeMode(d, modeAt);
    this.pos = p + 21;
  }

  name(prefix: string): string {
    return prefix + this.data.toString('utf8', this.nameAt, this.nameEnd);
  }

  oid(): Buffer {
    return this.data.subarray(this.oidAt, this.oidAt + 20);
  }
}

// git's base_name_compare: the order trees are sorted in, a subtree comparing as if its name ended in "/".
function compare(x: TreeCursor, y: TreeCursor): number {
  const a = x.data;
  const b = y.data;
  const la = x.nameEnd - x.nameAt;
  const lb = y.nameEnd - y.nameAt;
  const len = Math.min(la, lb);
  for (let i = 0; i < len; i++) {
    const d = a[x.nameAt + i]! - b[y.nameAt + i]!;
    if (d !== 0) return d;
  }
  const ca = la > len ? a[x.nameAt + len]! : x.tree ? 0x2f : 0;
  const cb = lb > len ? b[y.nameAt + len]! : y.tree ? 0x2f : 0;
  return ca - cb;
}

function sameEntry(x: TreeCursor, y: TreeCursor): boolean {
  const a = x.data;
  const b = y.data;
  const modeLen = x.nameAt - x.modeAt;
  if (modeLen !== y.nameAt - y.modeAt) return false;
  for (let i = 0; i < modeLen; i++) if (a[x.modeAt + i] !== b[y.modeAt + i]) return false;
  for (let i = 0; i < 20; i++) if (a[x.oidAt + i] !== b[y.oidAt + i]) return false;
  return true;
}

/**
 * Appends to `out` every file path that differs between two trees (null = empty tree), in the order
 * `git diff-tree -r --name-only --no-renames` prints them. Only subtrees whose ids differ are read.
 */
export function diffTreePaths(store: ObjectStore, oldTree: string | null, newTree: string | null, prefix: string, out: string[]): void {
  diffData(store, oldTree ? readTreeData(store, oldTree) : EMPTY, newTree ? readTreeData(store, newTree) : EMPTY, prefix, out);
}

function subtree(store: ObjectStore, c: TreeCursor): Buffer {
  return readTreeBytes(store, c.oid());
}

/**
 * A length of common prefix of `a` and `b`, found by native range compares halving the unknown
 * part: exact to within GRAIN bytes (short of the true one), which is all the diff needs, since
 * it compares the few entries left one by one.
 */
const GRAIN = 96;
function commonPrefix(a: Buffer, b: Buffer): number {
  let lo = 0;
  let hi = Math.min(a.length, b.length);
  // Invariant: a[0..lo) equals b[0..lo); past hi they may differ.
  while (hi - lo > GRAIN) {
    const mid = (lo + hi) >>> 1;
    if (a.compare(b, lo, mid, lo, mid) === 0) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** A length of common suffix of `a` and `b`, within GRAIN bytes short of the true one. */
function commonSuffix(a: Buffer, b: Buffer): number {
  const ea = a.length;
  const eb = b.length;
  let lo = 0;
  let hi = Math.min(ea, eb);
  while (hi - lo > GRAIN) {
    const mid = (lo + hi) >>> 1;
    if (a.compare(b, eb - mid, eb - lo, ea - mid, ea - lo) === 0) lo = mid;
    else hi = mid;
  }
  return lo;
}

function diffData(store: ObjectStore, a: Buffer, b: Buffer, prefix: string, out: string[]): void {
  const x = new TreeCursor(a);
  const y = new TreeCursor(b);
  // Two versions of a tree usually differ in an entry or two: entries in the common leading bytes
  // are skipped without comparing them one by one, and the loop ends where the common tail begins
  // (identical remaining bytes are identical remaining entries).
  let tail = 0;
  if (a.length > 0 && b.length > 0) {
    // Both trees have the same entry boundaries in their common leading bytes: one scan serves both.
    x.skipTo(commonPrefix(a, b));
    y.jump(x.start);
    tail = commonSuffix(a, b);
  }
  while (!x.done || !y.done) {
    if (a.length - x.start === b.length - y.start && a.length - x.start <= tail) break;
    const cmp = x.done ? 1 : y.done ? -1 : compare(x, y);
    if (cmp < 0) {
      if (x.tree) diffData(store, subtree(store, x), EMPTY, x.name(prefix) + '/', out);
      else out.push(x.name(prefix));
      x.next();
    } else if (cmp > 0) {
      if (y.tree) diffData(store, EMPTY, subtree(store, y), y.name(prefix) + '/', out);
      else out.push(y.name(prefix));
      y.next();
    } else {
      if (!sameEntry(x, y)) {
        // A file replaced by a folder (or back) compares unequal by name, so both are trees or neither is.
        if (x.tree) diffData(store, subtree(store, x), subtree(store, y), y.name(prefix) + '/', out);
        else out.push(y.name(prefix));
      }
      x.next();
      y.next();
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
