import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { idleTimer } from '../idle-timer';
import { ReposyncError } from '../errors';
import { replaceFile } from '../fs-atomic';

/**
 * Git's index (`.git/index`) read and written by us, not by isomorphic-git, because a pull must
 * write it atomically (temp + fsync + rename), keep unmerged stages 1–3 for conflicts (so the
 * git CLI shows `UU`) and restore it byte-for-byte on abort/undo.
 * Format: https://git-scm.com/docs/index-format (versions 2, 3 and 4 read; 2 or 3 written).
 */
export interface IndexEntry {
  path: string;
  /** 0 for a merged entry; 1 base, 2 ours, 3 theirs for a conflict. */
  stage: number;
  oid: string;
  mode: number;
  ctimeSec: number;
  ctimeNsec: number;
  mtimeSec: number;
  mtimeNsec: number;
  dev: number;
  ino: number;
  uid: number;
  gid: number;
  size: number;
  assumeValid: boolean;
  /** The v3 extended flags (skip-worktree, intent-to-add), kept as they were. */
  extended: number;
}

export function indexPath(dir: string): string {
  return path.join(dir, '.git', 'index');
}

/** The raw bytes of the index, or null when the repo has none yet (a fresh `git init`). */
export function readIndexBytes(dir: string): Buffer | null {
  try {
    return fs.readFileSync(indexPath(dir));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export function parseIndex(buf: Buffer | null): IndexEntry[] {
  if (!buf || buf.length === 0) return [];
  if (buf.toString('latin1', 0, 4) !== 'DIRC') throw new ReposyncError('internal', 'The Git index (.git/index) is damaged.', {});
  const version = buf.readUInt32BE(4);
  if (version < 2 || version > 4) throw new ReposyncError('unsupported', `Git index version ${version} is not supported.`, { version });
  const count = buf.readUInt32BE(8);
  const entries: IndexEntry[] = [];
  let pos = 12;
  let previousPath: Buffer = Buffer.alloc(0);
  for (let i = 0; i < count; i++) {
    const start = pos;
    const num = (k: number) => buf.readUInt32BE(start + k * 4);
    const oid = buf.toString('hex', start + 40, start + 60);
    const flags = buf.readUInt16BE(start + 60);
    pos = start + 62;
    let extended = 0;
    if (flags & 0x4000) {
      extended = buf.readUInt16BE(pos);
      pos += 2;
    }
    let name: Buffer;
    if (version === 4) {
      // Prefix compression: a varint of bytes to drop from the previous path, then the rest.
      let strip = 0;
      let byte = buf[pos++]!;
      strip = byte & 0x7f;
      while (byte & 0x80) {
        byte = buf[pos++]!;
        strip = ((strip + 1) << 7) | (byte & 0x7f);
      }
      const end = buf.indexOf(0, pos);
      name = Buffer.concat([previousPath.subarray(0, previousPath.length - strip), buf.subarray(pos, end)]);
      pos = end + 1;
    } else {
      const end = buf.indexOf(0, pos);
      name = buf.subarray(pos, end);
      // Entries are NUL-padded to a multiple of 8 bytes (1 to 8 NULs).
      pos = start + Math.ceil((end - start + 1) / 8) * 8;
    }
    previousPath = name;
    entries.push({
      path: name.toString('utf8'),
      stage: (flags >> 12) & 0x3,
      oid,
      mode: num(6),
      ctimeSec: num(0),
      ctimeNsec: num(1),
      mtimeSec: num(2),
      mtimeNsec: num(3),
      dev: num(4),
      ino: num(5),
      uid: num(7),
      gid: num(8),
      size: num(9),
      assumeValid: (flags & 0x8000) !== 0,
      extended,
    });
  }
  // Extensions: caches git rebuilds itself are dropped on write; a split or sparse index is not a
  // complete list of entries, so rewriting it would lose files.
  while (pos + 8 <= buf.length - 20) {
    const sig = buf.toString('latin1', pos, pos + 4);
    if (sig === 'link' || sig === 'sdir') {
      throw new ReposyncError('unsupported', 'This repository uses a split or sparse Git index, which Reposync does not support.', { extension: sig });
    }
    pos += 8 + buf.readUInt32BE(pos + 4);
  }
  return entries;
}

export function readIndex(dir: string): IndexEntry[] {
  return parseIndex(readIndexBytes(dir));
}

let lastRead: { file: string; key: string; entries: IndexEntry[] } | null = null;
// A big repository's entries are megabytes: an idle thread does not keep them.
const KEEP_MS = 10_000;
const RACY_MTIME_MS = 3_000;
const RACY_CTIME_MS = 100;
const dropLastRead = idleTimer(KEEP_MS, () => (lastRead = null));

function keep(read: typeof lastRead): void {
  lastRead = read;
  dropLastRead.touch();
}

/**
 * readIndex, reusing this thread's last parse while the file is unchanged: a pull's Git worker
 * reads the index to check for local changes and again to write it after the checkout, and
 * parsing it cold was several ms each time. Git replaces the index by rename (so a new inode) and
 * any write in place changes its ctime, so the stat key (taken before reading, never after)
 * cannot match different content. The entries are shared: callers must not modify them. A pull
 * primes it on the worker during the fetch (the `primeIndex` task).
 */
export function readIndexReusing(dir: string): IndexEntry[] {
  const file = indexPath(dir);
  const st = fs.statSync(file, { bigint: true, throwIfNoEntry: false });
  if (!st) {
    lastRead = null;
    return [];
  }
  const key = `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
  if (lastRead && lastRead.file === file && lastRead.key === key) return lastRead.entries.slice();
  const entries = parseIndex(fs.readFileSync(file));
  // Racy like git's racily-clean files: a file rewritten in place within the filesystem's
  // timestamp granularity (a coarse kernel tick, 2 s of mtime on FAT) keeps its times. Only an
  // index whose times are well past is kept: any later write then gets newer ones. (A copy made
  // with `cp -a` has an old mtime but a fresh ctime, hence the two margins.)
  const now = Date.now();
  if (now - Number(st.mtimeNs / 1_000_000n) > RACY_MTIME_MS && now - Number(st.ctimeNs / 1_000_000n) > RACY_CTIME_MS) keep({ file, key, entries });
  else lastRead = null;
  return entries.slice();
}

/** UTF-16 code units whose order differs from their UTF-8 bytes' (surrogates against U+E000…U+FFFF). */
const ASTRAL_OR_HIGH = /[\uD800-\uFFFF]/;

export function serializeIndex(input: IndexEntry[]): Buffer {
  // Each path is encoded once: sorting with a comparator that encoded both sides allocated
  // ~2·n·log n buffers (tens of ms of main-thread time for a pull on a few thousand files).
  const entries = input.map((e) => ({ e, name: Buffer.from(e.path, 'utf8') }));
  // Git's order is the paths' UTF-8 bytes. Comparing the strings gives the same order unless a
  // path holds a character outside the BMP (UTF-16 puts its surrogates below U+E000…U+FFFF, UTF-8
  // above), and costs far less than a Buffer.compare per step (a few ms for a few thousand paths).
  const bytewise = input.some((e) => ASTRAL_OR_HIGH.test(e.path));
  entries.sort(bytewise
    ? (a, b) => Buffer.compare(a.name, b.name) || a.e.stage - b.e.stage
    : (a, b) => (a.e.path < b.e.path ? -1 : a.e.path > b.e.path ? 1 : a.e.stage - b.e.stage));
  const version = entries.some(({ e }) => e.extended !== 0) ? 3 : 2;
  const lengthOf = ({ e, name }: { e: IndexEntry; name: Buffer }): number => Math.ceil((62 + (e.extended ? 2 : 0) + name.length + 1) / 8) * 8;
  let total = 12;
  for (const x of entries) total += lengthOf(x);
  const b = Buffer.alloc(total + 20); // zero-filled: the NUL padding after each path
  b.write('DIRC', 0, 'latin1');
  b.writeUInt32BE(version, 4);
  b.writeUInt32BE(entries.length, 8);
  // A DataView: Buffer's writeUInt32BE checks range and bounds on each of the ten fields per entry.
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  // Git stores stat fields truncated to 32 bits; so do we.
  const u32 = (at: number, n: number) => view.setUint32(at, Math.max(0, n) % 0x100000000);
  let pos = 12;
  for (const x of entries) {
    const { e, name } = x;
    u32(pos, e.ctimeSec);
    u32(pos + 4, e.ctimeNsec);
    u32(pos + 8, e.mtimeSec);
    u32(pos + 12, e.mtimeNsec);
    u32(pos + 16, e.dev);
    u32(pos + 20, e.ino);
    u32(pos + 24, e.mode);
    u32(pos + 28, e.uid);
    u32(pos + 32, e.gid);
    u32(pos + 36, e.size);
    b.write(e.oid, pos + 40, 20, 'hex');
    const flags = (e.assumeValid ? 0x8000 : 0) | (e.extended ? 0x4000 : 0) | ((e.stage & 0x3) << 12) | Math.min(name.length, 0xfff);
    view.setUint16(pos + 60, flags);
    if (e.extended) view.setUint16(pos + 62, e.extended);
    name.copy(b, pos + 62 + (e.extended ? 2 : 0));
    pos += lengthOf(x);
  }
  createHash('sha1').update(b.subarray(0, total)).digest().copy(b, total);
  return b;
}

export function writeIndex(dir: string, entries: IndexEntry[]): void {
  lastRead = null; // stale now, and a big repository's entries are megabytes not worth keeping
  replaceFile(indexPath(dir), serializeIndex(entries));
}

/** Restore the index exactly (abort/undo); `null` means the repo had no index file. */
export function writeIndexBytes(dir: string, bytes: Buffer | null): void {
  lastRead = null;
  if (bytes === null) fs.rmSync(indexPath(dir), { force: true });
  else replaceFile(indexPath(dir), bytes);
}

/** An index entry for a file just written to disk, carrying its stat data so git sees it clean. */
export function entryFromStat(filePath: string, rel: string, oid: string, mode: number, stage = 0): IndexEntry {
  const st = fs.lstatSync(filePath, { bigint: true });
  const sec = (ns: bigint) => Number(ns / 1_000_000_000n);
  const nsec = (ns: bigint) => Number(ns % 1_000_000_000n);
  return {
    path: rel,
    stage,
    oid,
    mode,
    ctimeSec: sec(st.ctimeNs),
    ctimeNsec: nsec(st.ctimeNs),
    mtimeSec: sec(st.mtimeNs),
    mtimeNsec: nsec(st.mtimeNs),
    dev: Number(st.dev % 0x100000000n),
    ino: Number(st.ino % 0x100000000n),
    uid: Number(st.uid),
    gid: Number(st.gid),
    size: Number(st.size % 0x100000000n),
    assumeValid: false,
    extended: 0,
  };
}

/** An index entry without stat data (conflict stages; git never compares them with the disk). */
export function bareEntry(rel: string, oid: string, mode: number, stage: number): IndexEntry {
  return {
    path: rel, stage, oid, mode,
    ctimeSec: 0, ctimeNsec: 0, mtimeSec: 0, mtimeNsec: 0, dev: 0, ino: 0, uid: 0, gid: 0, size: 0,
    assumeValid: false, extended: 0,
  };
}
