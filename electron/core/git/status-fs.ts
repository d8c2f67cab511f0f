import fs from 'node:fs';
import path from 'node:path';

/**
 * The file system calls of the status walk, without Node's per-call objects.
 *
 * Node 20 builds an `fs.Stats` with four `Date`s for every `lstatSync`, and a `Dirent` for every
 * name `readdirSync` lists. On the first status in a fresh process that cost as much as the system
 * calls themselves: lstat of a 5k-file tree took 27 ms through `lstatSync` and 12 ms through the
 * binding `lstatSync` itself calls, which hands back plain numbers in one shared array.
 *
 * That binding (`process.binding('fs')`) is not a public API. It is used only after it has given
 * exactly what the public calls give on this process's first real lstat and listing (compared
 * field by field), and never under the permission model or where calling it would print a
 * deprecation warning. Anywhere else (another Node, a changed binding, an Electron without it) the
 * public calls are used, with the same results, only slower.
 */

/** Fields of `StatFields`, in milliseconds where times (as `fs.Stats`' `mtimeMs`, `ctimeMs`). */
export const ST_MODE = 0;
export const ST_UID = 1;
export const ST_GID = 2;
export const ST_INO = 3;
export const ST_SIZE = 4;
export const ST_MTIME_MS = 5;
export const ST_CTIME_MS = 6;
/** A file's lstat data; `lstatFields` reuses the array it is given. */
export type StatFields = Float64Array;
export const newStatFields = (): StatFields => new Float64Array(7);

/** A folder's names and their types (`DIRENT_*`). */
export interface Listing {
  names: string[];
  types: number[];
}

interface FsBinding {
  lstat(p: string, bigint: boolean, req: undefined, throwIfNoEntry: boolean): Float64Array | undefined;
  readdir(p: string, encoding: string, withTypes: boolean): [string[], number[]] | undefined;
}

// Node's order of the binding's stat array (lib/internal/fs/utils.js, getStatsFromBinding).
const B_MODE = 1;
const B_UID = 3;
const B_GID = 4;
const B_INO = 7;
const B_SIZE = 8;
const B_MTIME_S = 12;
const B_CTIME_S = 14;

const LSTAT = { throwIfNoEntry: false } as const;
const DIRENTS = { withFileTypes: true } as const;

/** libuv's directory entry types (uv_dirent_type_t; also in fs.constants, which @types/node leaves out). */
export const DIRENT_UNKNOWN = 0;
export const DIRENT_FILE = 1;
export const DIRENT_DIR = 2;
export const DIRENT_LINK = 3;
const DIRENT_FIFO = 4;
const DIRENT_SOCKET = 5;
const DIRENT_CHAR = 6;
const DIRENT_BLOCK = 7;

/** Checked: usable. Null: not used in this process. Undefined: not checked yet. */
let raw: FsBinding | null | undefined;
let lstatChecked = false;
let listChecked = false;

function rawBinding(): FsBinding | null {
  if (raw !== undefined) return raw;
  raw = null;
  try {
    const proc = process as NodeJS.Process & { permission?: unknown; binding?: (name: string) => unknown };
    const pending = process.execArgv.includes('--pending-deprecation') || /--pending-deprecation/.test(process.env.NODE_OPTIONS ?? '') || process.env.NODE_PENDING_DEPRECATION === '1';
    if (proc.permission || pending || typeof proc.binding !== 'function') return raw;
    const b = proc.binding('fs') as Partial<FsBinding> | undefined;
    if (typeof b?.lstat === 'function' && typeof b.readdir === 'function') raw = b as FsBinding;
  } catch {
    raw = null;
  }
  return raw;
}

/** Stops using the binding in this process (calling it failed, or it keeps giving what the public calls do not). */
function distrust(): void {
  raw = null;
}

/**
 * Results that differ may be a file or folder changed between the two calls (an editor saving,
 * a build writing): the check is tried again on later calls, a few times, before giving up.
 */
let mismatchesLeft = 3;
function mismatch(): void {
  if (--mismatchesLeft <= 0) distrust();
}

/** The same fields of an `fs.Stats`. */
export function fieldsOfStats(st: fs.Stats, out: StatFields = newStatFields()): StatFields {
  out[ST_MODE] = st.mode;
  out[ST_UID] = st.uid;
  out[ST_GID] = st.gid;
  out[ST_INO] = st.ino;
  out[ST_SIZE] = st.size;
  out[ST_MTIME_MS] = st.mtimeMs;
  out[ST_CTIME_MS] = st.ctimeMs;
  return out;
}

function fromBinding(v: Float64Array, out: StatFields): void {
  out[ST_MODE] = v[B_MODE]!;
  out[ST_UID] = v[B_UID]!;
  out[ST_GID] = v[B_GID]!;
  out[ST_INO] = v[B_INO]!;
  out[ST_SIZE] = v[B_SIZE]!;
  // As Node computes mtimeMs and ctimeMs (seconds and nanoseconds), so the numbers are identical.
  out[ST_MTIME_MS] = v[B_MTIME_S]! * 1e3 + v[B_MTIME_S + 1]! / 1e6;
  out[ST_CTIME_MS] = v[B_CTIME_S]! * 1e3 + v[B_CTIME_S + 1]! / 1e6;
}

/**
 * lstat of `file` into `out`: false when nothing is there (as `lstatSync` with
 * `throwIfNoEntry: false`); other failures throw as `lstatSync` does (with a `code`).
 */
export function lstatFields(file: string, out: StatFields): boolean {
  const b = rawBinding();
  // A NUL would cut the path short in the binding; the public call rejects it.
  if (b && lstatChecked && !file.includes('\0')) {
    const v = b.lstat(path.toNamespacedPath(file), false, undefined, false);
    if (v === undefined) return false;
    fromBinding(v, out);
    return true;
  }
  const st = fs.lstatSync(file, LSTAT);
  if (!st) return false;
  fieldsOfStats(st, out);
  if (b && !lstatChecked) checkLstat(b, file, out);
  return true;
}

function checkLstat(b: FsBinding, file: string, expected: StatFields): void {
  try {
    const v = b.lstat(path.toNamespacedPath(file), false, undefined, false);
    const got = newStatFields();
    if (v) fromBinding(v, got);
    // Compared with the file as the public call just saw it.
    if (v && got.every((x, k) => x === expected[k])) lstatChecked = true;
    else mismatch();
  } catch {
    distrust();
  }
}

/** The names in folder `dir` with their types; throws as `readdirSync` does. */
export function listFolder(dir: string): Listing {
  const b = rawBinding();
  if (b && listChecked && !dir.includes('\0')) {
    const r = b.readdir(path.toNamespacedPath(dir), 'utf8', true);
    if (r) return { names: r[0], types: r[1] };
  }
  const entries = fs.readdirSync(dir, DIRENTS);
  const listing: Listing = { names: entries.map((d) => d.name), types: entries.map(direntType) };
  if (b && !listChecked) checkList(b, dir, listing);
  return listing;
}

function checkList(b: FsBinding, dir: string, expected: Listing): void {
  try {
    const r = b.readdir(path.toNamespacedPath(dir), 'utf8', true);
    const same = (a: unknown[], e: unknown[]): boolean => a.length === e.length && a.every((x, k) => x === e[k]);
    // Node fills unknown types in with an lstat: only the known ones can be compared.
    if (r && same(r[0], expected.names) && r[1].every((t, k) => t === DIRENT_UNKNOWN || t === expected.types[k])) {
      listChecked = true;
    } else mismatch();
  } catch {
    distrust();
  }
}

function direntType(d: fs.Dirent): number {
  if (d.isFile()) return DIRENT_FILE;
  if (d.isDirectory()) return DIRENT_DIR;
  if (d.isSymbolicLink()) return DIRENT_LINK;
  if (d.isFIFO()) return DIRENT_FIFO;
  if (d.isSocket()) return DIRENT_SOCKET;
  if (d.isCharacterDevice()) return DIRENT_CHAR;
  if (d.isBlockDevice()) return DIRENT_BLOCK;
  return DIRENT_UNKNOWN;
}

const { S_IFMT, S_IFREG, S_IFLNK } = fs.constants;
export const isFileMode = (mode: number): boolean => (mode & S_IFMT) === S_IFREG;
export const isLinkMode = (mode: number): boolean => (mode & S_IFMT) === S_IFLNK;

/** For tests: forget the checks (and `use: false` keeps the public calls for the rest of the process). */
export function resetStatusFs(use = true): void {
  raw = use ? undefined : null;
  mismatchesLeft = 3;
  lstatChecked = false;
  listChecked = false;
}

/** For tests: true once the binding is in use for both calls. */
export function usingBinding(): boolean {
  return !!raw && lstatChecked && listChecked;
}
