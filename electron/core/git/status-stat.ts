import path from 'node:path';
import { MODE_EXEC, MODE_FILE, MODE_LINK } from './modes';
import { ST_CTIME_MS, ST_GID, ST_INO, ST_MODE, ST_MTIME_MS, ST_SIZE, ST_UID, type StatFields, isFileMode, isLinkMode, lstatFields, newStatFields } from './status-fs';
import { CTIME, GID, INO, MODE, MTIME, SIZE, UID, u32 } from './status-index';

/**
 * Comparing a tracked file's stat data with its index entry, and the same for many entries on
 * several threads at once (git's preload-index). On a big tree `lstat` is most of a status: git
 * spreads it over threads, so a single-threaded status fell further behind on every core a
 * machine has. This module has no heavy imports: the helper thread (status-stat-worker.ts) loads it.
 */
export interface StatRules {
  /** Index file mtime in whole seconds: a file modified in or after that second may have changed unseen (racy git). */
  indexMtimeSec: number;
  fileMode: boolean;
  trustCtime: boolean;
}

const TWO32 = 0x100000000;
const sec = (ms: number): number => Math.floor(ms / 1000) % TWO32;

/** The mode git would see on disk, or 0 when `st` is neither a file nor a symlink (gone as far as git is concerned). */
export function diskMode(st: StatFields, indexMode: number, fileMode: boolean): number {
  const mode = st[ST_MODE]!;
  if (isLinkMode(mode)) return MODE_LINK;
  if (!isFileMode(mode)) return 0;
  // core.fileMode=false: the executable bit on disk means nothing, the index's stands.
  if (!fileMode && (indexMode === MODE_FILE || indexMode === MODE_EXEC)) return indexMode;
  return (mode & 0o111) !== 0 ? MODE_EXEC : MODE_FILE;
}

/**
 * True when the entry at `at` in the index bytes certainly matches the file: same mode and stat
 * data, and not racily clean. Whole seconds only, as git built without USE_NSEC (Debian's, and
 * git's default) compares them: index writers disagree on nanoseconds (isomorphic-git derives
 * them from a float). The racy rule keeps this sound: a file whose mtime second is not older than
 * the index's is hashed anyway. Git keeps stat fields truncated to 32 bits; compare the same way
 * (dev is not compared, as in git).
 */
export function statClean(buf: Uint8Array, at: number, st: StatFields, mode: number, r: StatRules): boolean {
  const mtimeSec = u32(buf as Buffer, at + MTIME);
  return (
    mode === u32(buf as Buffer, at + MODE) &&
    mtimeSec < r.indexMtimeSec &&
    st[ST_SIZE]! % TWO32 === u32(buf as Buffer, at + SIZE) &&
    sec(st[ST_MTIME_MS]!) === mtimeSec &&
    (!r.trustCtime || sec(st[ST_CTIME_MS]!) === u32(buf as Buffer, at + CTIME)) &&
    st[ST_INO]! % TWO32 === u32(buf as Buffer, at + INO) &&
    st[ST_UID] === u32(buf as Buffer, at + UID) &&
    st[ST_GID] === u32(buf as Buffer, at + GID)
  );
}

/** Per-entry results of a stat job: 0 = not done yet; a file mode = clean with that mode. */
export const STAT_DIFFERS = 1;
export const STAT_GONE = 2;

/** Control words: the next chunk to claim, chunks finished; then one done flag per chunk. */
const NEXT = 0;
const DONE = 1;
const FLAGS = 2;

/** One status's stat pass, shared by every thread that works on it (all buffers are shared memory). */
export interface StatJob {
  /** The working tree's folder (absolute). */
  root: string;
  /** The index bytes: stat data of each entry. */
  index: SharedArrayBuffer;
  /** UTF-8 bytes holding each entry's path (the index bytes again unless the index is version 4). */
  names: SharedArrayBuffer;
  /** Per entry: [offset of its stat data in `index`, start and end of its path in `names`]. */
  table: SharedArrayBuffer;
  /** Per entry: 0, STAT_DIFFERS, STAT_GONE or the clean mode (Uint32). */
  result: SharedArrayBuffer;
  /** Int32: NEXT, DONE, then a flag per chunk. */
  control: SharedArrayBuffer;
  count: number;
  chunk: number;
  rules: StatRules;
}

/** Entries per claim: small enough to share a tree evenly, big enough that claiming costs nothing. */
export const STAT_CHUNK = 256;

export function newStatJob(root: string, index: Uint8Array, names: Uint8Array | null, table: Uint32Array, rules: StatRules): StatJob {
  const count = table.length / 3;
  const chunks = Math.ceil(count / STAT_CHUNK);
  const share = (bytes: Uint8Array): SharedArrayBuffer => {
    const sab = new SharedArrayBuffer(bytes.byteLength);
    new Uint8Array(sab).set(bytes);
    return sab;
  };
  const indexSab = share(index);
  const tableSab = new SharedArrayBuffer(table.byteLength);
  new Uint32Array(tableSab).set(table);
  return {
    root, index: indexSab, names: names ? share(names) : indexSab, table: tableSab,
    result: new SharedArrayBuffer(count * 4), control: new SharedArrayBuffer((FLAGS + chunks) * 4),
    count, chunk: STAT_CHUNK,
    // Only these: the job is posted to every helper, and a caller's options object may hold the whole parsed index.
    rules: { indexMtimeSec: rules.indexMtimeSec, fileMode: rules.fileMode, trustCtime: rules.trustCtime },
  };
}

/** Where repository path `rel` ('/'-separated) is on disk under `prefix` (the working tree's folder and a separator). */
export function onDisk(prefix: string, rel: string): string {
  return prefix + (path.sep === '/' ? rel : rel.replaceAll('/', path.sep));
}

/** Claims chunks of `job` until none is left, stat'ing their entries. Any number of threads may run it at once. */
export function runStatJob(job: StatJob): void {
  const control = new Int32Array(job.control);
  const chunks = control.length - FLAGS;
  for (;;) {
    const c = Atomics.add(control, NEXT, 1);
    if (c >= chunks) return;
    statRange(job, c * job.chunk, Math.min(job.count, (c + 1) * job.chunk));
    finishChunk(control, c);
  }
}

function finishChunk(control: Int32Array, c: number): void {
  // Seq-cst atomics order the plain result writes before the flag for whoever reads the flag.
  if (Atomics.exchange(control, FLAGS + c, 1) === 0) Atomics.add(control, DONE, 1);
  Atomics.notify(control, DONE);
}

/** Stats entries [from, to) of `job` into its results. */
export function statRange(job: StatJob, from: number, to: number): void {
  const index = Buffer.from(job.index);
  const names = job.names === job.index ? index : Buffer.from(job.names);
  const table = new Uint32Array(job.table);
  const result = new Uint32Array(job.result);
  const prefix = `${job.root}${path.sep}`;
  const st = newStatFields();
  for (let i = from; i < to; i++) {
    const at = table[3 * i]!;
    let found: boolean;
    try {
      found = lstatFields(onDisk(prefix, names.toString('utf8', table[3 * i + 1]!, table[3 * i + 2]!)), st);
    } catch (err) {
      // A folder on the way is now a file: gone. Anything else (no permission, …) is left to the
      // calling thread, which stats it again and fails as a status without helpers would.
      result[i] = (err as NodeJS.ErrnoException).code === 'ENOTDIR' ? STAT_GONE : STAT_DIFFERS;
      continue;
    }
    const mode = found ? diskMode(st, u32(index, at + MODE), job.rules.fileMode) : 0;
    result[i] = mode === 0 ? STAT_GONE : statClean(index, at, st, mode, job.rules) ? mode : STAT_DIFFERS;
  }
}

/**
 * The calling thread's part once its own work is done: it claims what is left and handles those
 * entries with `own` (its own code, already warm from statuses without helpers, and it can skip
 * entries it knows are gone), then waits for the chunks helpers claimed. A helper that died holding
 * a chunk would never finish it, so after a second without progress the unfinished chunks are
 * taken here too. Returns the helpers' results and which chunks the calling thread did (`mine`).
 */
export function finishStatJob(job: StatJob, own: (from: number, to: number) => void): { result: Uint32Array; mine: Uint8Array } {
  const control = new Int32Array(job.control);
  const chunks = control.length - FLAGS;
  const mine = new Uint8Array(chunks);
  const take = (c: number): void => {
    own(c * job.chunk, Math.min(job.count, (c + 1) * job.chunk));
    mine[c] = 1;
    finishChunk(control, c);
  };
  for (let c = Atomics.add(control, NEXT, 1); c < chunks; c = Atomics.add(control, NEXT, 1)) take(c);
  for (;;) {
    const done = Atomics.load(control, DONE);
    if (done >= chunks) break;
    if (Atomics.wait(control, DONE, done, 1000) === 'timed-out' && Atomics.load(control, DONE) === done) {
      for (let c = 0; c < chunks; c++) if (Atomics.load(control, FLAGS + c) === 0) take(c);
    }
  }
  return { result: new Uint32Array(job.result), mine };
}

/**
 * Runs the stat pass over a made-up index naming `file` many times. A new helper does this before
 * it says it is ready: its first real job otherwise ran as cold, interpreted code (and compiled
 * meanwhile, on a core the status needed), which made the status after a helper start slower than
 * one without helpers.
 */
export function warmUpStat(file: string, rounds = 2048): void {
  const name = Buffer.from(path.basename(file), 'utf8');
  const entry = Buffer.alloc(Math.ceil((62 + name.length + 1) / 8) * 8);
  name.copy(entry, 62);
  const table = new Uint32Array(3 * rounds);
  for (let i = 0; i < rounds; i++) table.set([0, 62, 62 + name.length], 3 * i);
  runStatJob(newStatJob(path.dirname(file), entry, null, table, { indexMtimeSec: 0, fileMode: true, trustCtime: true }));
}
