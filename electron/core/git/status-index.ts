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
  /** The root folder: tracked entries by name, and the folders that hold tracked or conflicted paths. */
  root: Folder;
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

/**
 * A folder of the index: the walk looks up each listed name here, one short name at a time, instead
 * of hashing every full path against one map of 50k entries (that lookup was the walk's main cost).
 */
export interface Folder {
  /** Stage-0 files directly inside, by name → entry number. */
  files: Map<string, number> | null;
  /** Sub-folders holding tracked or conflicted paths at any depth, by name. */
  dirs: Map<string, Folder> | null;
}

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
    buf: buf ?? Buffer.alloc(0), paths: [], at: new Uint32Array(0), pathAt: null, root: { files: null, dirs: null }, conflicted: new Set(),
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
  const root: Folder = { files: null, dirs: null };
  const folders = new Map<string, Folder>([['', root]]);
  /** The folder `dir`, made with its parents when new. */
  const folderOf = (dir: string): Folder => {
    let f = folders.get(dir);
    if (f) return f;
    f = { files: null, dirs: null };
    folders.set(dir, f);
    const s = dir.lastIndexOf('/');
    const parent = folderOf(s < 0 ? '' : dir.slice(0, s));
    (parent.dirs ??= new Map()).set(s < 0 ? dir : dir.slice(s + 1), f);
    return f;
  };
  let folder = root;
  let allMerged = true;
  let lastDir = '';
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
    // Entries come sorted, so most share the previous one's folder: only a new folder is looked up.
    const slash = p.lastIndexOf('/');
    // The previous entry's folder when the path is that folder, a slash and a name: no slice then.
    if (slash < 0 ? lastDir !== '' : slash !== lastDir.length || !p.startsWith(lastDir)) {
      lastDir = slash < 0 ? '' : p.slice(0, slash);
      folder = folderOf(lastDir);
    }
    if (stage === 0) {
      (folder.files ??= new Map()).set(slash < 0 ? p : p.slice(slash + 1), paths.length);
      if (pathAt) {
        pathAt[2 * paths.length] = nameStart;
        pathAt[2 * paths.length + 1] = nameEnd;
      }
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
  return { buf, paths, at: at.subarray(0, paths.length), pathAt: pathAt?.subarray(0, 2 * paths.length) ?? null, root, conflicted, cacheTree, total, allMerged };
}

/** Entry numbers by full path (status against a HEAD that differs from the index). */
export function entriesByPath(ix: StatusIndex): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < ix.paths.length; i++) m.set(ix.paths[i]!, i);
  return m;
}
