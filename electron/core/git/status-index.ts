import { ReposyncError } from '../errors';
import { cacheTreeAt } from './status-cache-tree';

/**
 * The index as status needs it, read without building an object per entry: status reads every
 * entry once on each call, and on a 50k-file tree index-file.ts's full `IndexEntry` objects (hex ids,
 * fifteen fields) cost more than the comparison they serve. Stat fields and ids stay in the buffer and
 * are read where they lie. Format: git's Documentation/gitformat-index.txt (versions 2, 3 and 4).
 */
export interface StatusIndex {
  buf: Buffer;
  /** Stage-0 entries under the prefix, in index order. */
  paths: string[];
  /** Where each of those entries starts in `buf` (ctime at +0 … id at +40). */
  at: Uint32Array;
  /** Where each one's path bytes start and end in `buf` (pairs); null for version 4, which stores paths prefix-compressed. */
  pathAt: Uint32Array | null;
  /**
   * Entry numbers in JavaScript string order, when that is not index order: an index that is not
   * sorted, or paths with characters from U+D800 up, where UTF-16 and UTF-8 order differ. The
   * walk's lookups (findChild) binary-search paths in string order.
   */
  order: Uint32Array | null;
  /** Folders (relative, every level) holding conflicted paths: the walk enters them as tracked. */
  conflictDirs: Set<string>;
  /** Entries marked assume-unchanged (`update-index --assume-unchanged`), by number. */
  assumeUnchanged: number[];
  /** Entries marked skip-worktree (sparse checkout: the file need not be on disk), by number. */
  skipWorktree: number[];
  /** Paths under the prefix with conflict stages (1–3). */
  conflicted: Set<string>;
  /** The cache-tree root when valid: the tree id the whole index would be written as. */
  cacheTree: { entries: number; oid: string } | null;
  /** Entries in the whole index, all stages. */
  total: number;
  /** No conflict stage anywhere in the index. */
  allMerged: boolean;
}

// Byte offsets of the fields of an entry.
export const CTIME = 0;
export const MTIME = 8;
export const INO = 20;
export const MODE = 24;
export const UID = 28;
export const GID = 32;
export const SIZE = 36;
export const OID = 40;

export const u32 = (b: Buffer, o: number): number => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;

export const entryMode = (ix: StatusIndex, i: number): number => u32(ix.buf, ix.at[i]! + MODE);
export const entryOid = (ix: StatusIndex, i: number): string => ix.buf.toString('hex', ix.at[i]! + OID, ix.at[i]! + OID + 20);

/** `git add -N`: the entry only reserves its path (extended flag CE_INTENT_TO_ADD); nothing is staged. */
export function isIntentToAdd(ix: StatusIndex, i: number): boolean {
  const start = ix.at[i]!;
  if (!(ix.buf[start + 60]! & 0x40)) return false; // no extended flags word
  return (ix.buf[start + 62]! & 0x20) !== 0;
}

export function inPrefix(rel: string, prefix: string): boolean {
  return !prefix || rel === prefix || rel.startsWith(`${prefix}/`);
}

/** Reads the index bytes (null: no index yet) for status under `prefix` ('' for everything). */
export function readStatusIndex(buf: Buffer | null, prefix: string): StatusIndex {
  const empty: StatusIndex = {
    buf: buf ?? Buffer.alloc(0), paths: [], at: new Uint32Array(0), pathAt: null, order: null, conflicted: new Set(), conflictDirs: new Set(), assumeUnchanged: [], skipWorktree: [],
    cacheTree: null, total: 0, allMerged: true,
  };
  if (!buf || buf.length === 0) return empty;
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'DIRC') throw new ReposyncError('internal', 'The Git index (.git/index) is damaged.', {});
  const version = u32(buf, 4);
  if (version < 2 || version > 4) throw new ReposyncError('unsupported', `Git index version ${version} is not supported.`, { version });
  const total = u32(buf, 8);
  const at = new Uint32Array(total);
  const pathAt = version === 4 ? null : new Uint32Array(2 * total);
  const paths: string[] = [];
  const conflicted = new Set<string>();
  let allMerged = true;
  let inOrder = true;
  const assumeUnchanged: number[] = [];
  const skipWorktree: number[] = [];
  let previous: Buffer = Buffer.alloc(0); // version 4 only: the previous path's bytes
  let pos = 12;
  let nameStart = 0;
  let nameEnd = 0;
  for (let k = 0; k < total; k++) {
    const start = pos;
    if (start + 62 > buf.length) throw new ReposyncError('internal', 'The Git index (.git/index) is damaged.', {});
    const flags = (buf[start + 60]! << 8) | buf[start + 61]!;
    pos = start + 62 + (flags & 0x4000 ? 2 : 0);
    let p: string;
    if (version === 4) {
      // Prefix compression: a varint of bytes to drop from the previous path, then the rest.
      let byte = buf[pos++]!;
      let strip = byte & 0x7f;
      while (byte & 0x80) {
        byte = buf[pos++]!;
        strip = ((strip + 1) << 7) | (byte & 0x7f);
      }
      const end = buf.indexOf(0, pos);
      previous = Buffer.concat([previous.subarray(0, previous.length - strip), buf.subarray(pos, end)]);
      p = previous.toString('utf8');
      pos = end + 1;
    } else {
      // The flags hold the name's length unless it is 0xfff or more.
      const len = flags & 0xfff;
      const end = len < 0xfff && buf[pos + len] === 0 ? pos + len : buf.indexOf(0, pos);
      if (end < 0) throw new ReposyncError('internal', 'The Git index (.git/index) is damaged.', {});
      p = buf.toString('utf8', pos, end);
      nameStart = pos;
      nameEnd = end;
      // Entries are NUL-padded to a multiple of 8 bytes (1 to 8 NULs).
      pos = start + Math.ceil((end - start + 1) / 8) * 8;
    }
    const stage = (flags >> 12) & 0x3;
    if (stage !== 0) allMerged = false;
    if (prefix && !inPrefix(p, prefix)) continue;
    if (stage === 0) {
      if (inOrder && paths.length > 0 && !(p > paths[paths.length - 1]!)) inOrder = false;
      if (pathAt) {
        pathAt[2 * paths.length] = nameStart;
        pathAt[2 * paths.length + 1] = nameEnd;
      }
      // CE_VALID in the flags; CE_SKIP_WORKTREE in the extended flags word.
      if (flags & 0x8000) assumeUnchanged.push(paths.length);
      if (flags & 0x4000 && buf[start + 62]! & 0x40) skipWorktree.push(paths.length);
      at[paths.length] = start;
      paths.push(p);
    } else conflicted.add(p);
  }
  // Extensions: a split or sparse index is not a complete list of entries; TREE is the cache-tree.
  let cacheTree: StatusIndex['cacheTree'] = null;
  while (pos + 8 <= buf.length - 20) {
    const sig = buf.toString('latin1', pos, pos + 4);
    if (sig === 'link' || sig === 'sdir') {
      throw new ReposyncError('unsupported', 'This repository uses a split or sparse Git index, which Reposync does not support.', { extension: sig });
    }
    if (sig === 'TREE') cacheTree = cacheTreeAt(buf, pos + 8);
    pos += 8 + u32(buf, pos + 4);
  }
  return {
    buf, paths, at: at.subarray(0, paths.length), pathAt: pathAt?.subarray(0, 2 * paths.length) ?? null,
    order: inOrder ? null : stringOrder(paths), conflicted, conflictDirs: foldersOf(conflicted), assumeUnchanged, skipWorktree, cacheTree, total, allMerged,
  };
}

function stringOrder(paths: string[]): Uint32Array {
  return Uint32Array.from(paths.keys()).sort((a, b) => (paths[a]! < paths[b]! ? -1 : paths[a]! > paths[b]! ? 1 : a - b));
}

function foldersOf(files: Set<string>): Set<string> {
  const dirs = new Set<string>();
  for (const f of files) for (let s = f.lastIndexOf('/'); s > 0; s = f.lastIndexOf('/', s - 1)) dirs.add(f.slice(0, s));
  return dirs;
}

/*
 * The walk's lookups. Positions run over the paths in string order (see `order`); a folder's
 * entries are the positions [lo, hi) of the paths that start with its name and a slash. Status
 * used to build a map per folder of the whole index instead: on a first call, those maps and their
 * garbage collection were a fifth of a status of 5k files.
 */

const keyAt = (ix: StatusIndex, pos: number): string => ix.paths[ix.order ? ix.order[pos]! : pos]!;
const entryAt = (ix: StatusIndex, pos: number): number => (ix.order ? ix.order[pos]! : pos);

/** The first position in [lo, hi) whose path is not below `key`. */
function lowerBound(ix: StatusIndex, lo: number, hi: number, key: string): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keyAt(ix, mid) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What a folder's entries hold under one name listed on disk (one object reused for every name). */
export interface Child {
  /** The entry number of a tracked file of that name, or -1. */
  file: number;
  /** The positions [from, to) of the entries inside a folder of that name (empty: none). */
  from: number;
  to: number;
  /** Where the next name's entries start when names come in index order: the cursor to pass next. */
  next: number;
}

/**
 * Looks up `name` inside the folder whose paths start with `base` and sit at positions [lo, hi).
 * Names listed on disk mostly come in the index's order, so the entry at `cursor` (the previous
 * name's `next`) is tried first: one string check instead of a search, and no path built. Any other
 * case is a binary search, so the order names come in never changes the answer.
 */
export function findChild(ix: StatusIndex, lo: number, hi: number, cursor: number, base: string, name: string, isDir: boolean, out: Child): void {
  out.file = -1;
  out.from = out.to = 0;
  out.next = cursor;
  if (hi <= lo) return;
  const end = base.length + name.length;
  if (cursor < hi) {
    const p = keyAt(ix, cursor);
    if (p.startsWith(name, base.length)) {
      if (p.length === end) {
        out.file = entryAt(ix, cursor);
        out.next = cursor + 1;
        if (!isDir) return;
      } else if (isDir && p.charCodeAt(end) === SLASH) {
        out.from = cursor;
        out.to = out.next = folderEnd(ix, cursor, hi, name, base.length);
        return;
      }
    }
  }
  const rel = base + name;
  if (out.file < 0) {
    const at = lowerBound(ix, lo, hi, rel);
    if (at < hi && keyAt(ix, at) === rel) {
      out.file = entryAt(ix, at);
      out.next = at + 1;
    }
  }
  if (isDir) {
    const from = lowerBound(ix, lo, hi, `${rel}/`);
    // '0' follows '/': every path inside sorts before `${rel}0`.
    const to = lowerBound(ix, from, hi, `${rel}0`);
    if (from < to) {
      out.from = from;
      out.to = out.next = to;
    }
  }
}

const SLASH = 0x2f;

/** Whether the path at `pos` is inside folder `name` (whose parent's paths start with `at` characters). */
function inside(ix: StatusIndex, pos: number, name: string, at: number): boolean {
  const p = keyAt(ix, pos);
  return p.startsWith(name, at) && p.charCodeAt(at + name.length) === SLASH;
}

/** The end of the run of positions inside folder `name` that starts at `from` (gallop, then bisect). */
function folderEnd(ix: StatusIndex, from: number, hi: number, name: string, at: number): number {
  let known = from;
  let step = 1;
  let probe = from + 1;
  while (probe < hi && inside(ix, probe, name, at)) {
    known = probe;
    step *= 2;
    probe = known + step;
  }
  let l = known + 1;
  let h = Math.min(probe, hi);
  while (l < h) {
    const m = (l + h) >>> 1;
    if (inside(ix, m, name, at)) l = m + 1;
    else h = m;
  }
  return l;
}

/** Entry numbers by full path (status against a HEAD that differs from the index). */
export function entriesByPath(ix: StatusIndex): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < ix.paths.length; i++) m.set(ix.paths[i]!, i);
  return m;
}
