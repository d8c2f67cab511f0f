import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { writeFileAtomic } from '../fs-atomic';
import { commonDir } from './fast/git-dir';
import { parseEntryHeader } from './fast/pack-file';
import { PackIndex } from './fast/pack-index';
import { writeIdx } from './pack-indexer';
import { OFS_DELTA, REF_DELTA, corrupt } from './fast/types';

/**
 * Every fetch keeps the pack it received, so a folder that pulls every few minutes for months
 * gathers hundreds of packs: each object lookup may ask all of them, and each open pack holds a
 * file descriptor (macOS allows 256 per process by default). `git gc --auto` repacks at 50 packs;
 * Reposync does the same job itself past PACK_LIMIT: the packs are copied into one, entry by
 * entry, compressed data and deltas as they are (git repack -a without -f), so it costs a read
 * and a write of the packs, not a recompression. Packs git was told to keep (.keep), and
 * repositories with a multi-pack-index, are left alone.
 */
export const PACK_LIMIT = 32;
const SHA = 20;
const CHUNK = 1 << 20;

export interface ConsolidateResult {
  /** Packs merged into the new one (0: nothing to do). */
  merged: number;
  objects: number;
  pack: string | null;
}

interface Source {
  name: string;
  index: PackIndex;
  fd: number;
  /** Entry positions in pack order and their offsets (ascending). */
  order: Uint32Array;
  offsets: Float64Array;
  /** Where each entry (by index position) went in the new pack. */
  moved: Float64Array;
}

/** Merges the repository's packs into one when there are more than `limit` of them. */
export function consolidatePacks(gitdir: string, limit = PACK_LIMIT): ConsolidateResult {
  const packDir = path.join(commonDir(gitdir), 'objects', 'pack');
  let names: string[];
  try {
    names = fs.readdirSync(packDir);
  } catch {
    return { merged: 0, objects: 0, pack: null };
  }
  if (names.includes('multi-pack-index')) return { merged: 0, objects: 0, pack: null };
  const present = new Set(names);
  const packs = names
    .filter((n) => /^pack-[0-9a-f]{40}\.idx$/.test(n))
    .map((n) => n.slice(0, -4))
    .filter((base) => present.has(`${base}.pack`) && !present.has(`${base}.keep`) && !present.has(`${base}.promisor`));
  if (packs.length <= limit) return { merged: 0, objects: 0, pack: null };
  removeStaleTemps(packDir, names);
  const sources = packs.map((base) => openSource(packDir, base));
  try {
    // The biggest first: its entries need no look-up in the packs before it.
    sources.sort((a, b) => b.index.count - a.index.count);
    // A clone's pack usually dwarfs the fetches' packs: keep it and merge only the small ones, as
    // git's geometric repack does, so the work is the size of what was fetched since, not the
    // whole history. It joins in once the merged ones reach half its size.
    const rest = sources.reduce((sum, s, i) => (i === 0 ? 0 : sum + s.index.count), 0);
    const merging = sources[0]!.index.count >= 2 * rest ? sources.slice(1) : sources;
    const written = writeMerged(packDir, merging);
    removeOld(packDir, merging.map((s) => s.name).filter((n) => n !== written.name));
    return { merged: merging.length, objects: written.count, pack: written.name };
  } finally {
    for (const s of sources) {
      fs.closeSync(s.fd);
      s.index.close();
    }
  }
}

const TEMP_PREFIX = 'tmp_pack_reposync_';

/** Temp files of a merge that was killed: older than an hour, so never one being written now. */
function removeStaleTemps(packDir: string, names: string[]): void {
  for (const name of names) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const file = path.join(packDir, name);
    try {
      if (Date.now() - fs.statSync(file).mtimeMs > 3_600_000) fs.rmSync(file, { force: true });
    } catch {
      // gone already, or not ours to remove
    }
  }
}

function openSource(packDir: string, base: string): Source {
  const index = PackIndex.open(path.join(packDir, `${base}.idx`));
  const fd = fs.openSync(path.join(packDir, `${base}.pack`), 'r');
  const n = index.count;
  const offsets = new Float64Array(n);
  for (let i = 0; i < n; i++) offsets[i] = index.offsetOf(i);
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => offsets[a]! - offsets[b]!);
  return { name: base, index, fd, order, offsets: Float64Array.from(order, (i) => offsets[i]!), moved: new Float64Array(n).fill(-1) };
}

/** The new pack's bytes, written to a temp file through a 1 MiB buffer. */
class PackWriter {
  readonly fd: number;
  offset = 0;
  private buf = Buffer.allocUnsafe(CHUNK);
  private used = 0;

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'wx+', 0o444); // read back once to hash it
  }

  write(bytes: Uint8Array): void {
    this.offset += bytes.length;
    if (this.used + bytes.length > this.buf.length) this.flush();
    if (bytes.length > this.buf.length) fs.writeSync(this.fd, bytes);
    else {
      this.buf.set(bytes, this.used);
      this.used += bytes.length;
    }
  }

  flush(): void {
    if (this.used > 0) fs.writeSync(this.fd, this.buf, 0, this.used);
    this.used = 0;
  }
}

function writeMerged(packDir: string, sources: Source[]): { name: string; count: number } {
  let total = 0;
  for (const s of sources) total += s.index.count;
  const names = Buffer.alloc(total * SHA);
  const crcs = new Uint32Array(total);
  const offsets = new Float64Array(total);
  let count = 0;
  const tmp = path.join(packDir, `${TEMP_PREFIX}${process.pid}_${Date.now()}`);
  const out = new PackWriter(`${tmp}.pack`);
  try {
    const head = Buffer.alloc(12);
    head.write('PACK', 0, 'latin1');
    head.writeUInt32BE(2, 4);
    out.write(head); // the object count is known at the end: patched in below, the hash redone
    for (let k = 0; k < sources.length; k++) {
      const s = sources[k]!;
      const reader = new SequentialReader(s.fd, fs.fstatSync(s.fd).size - SHA);
      for (let j = 0; j < s.order.length; j++) {
        const pos = s.order[j]!;
        const oid = Buffer.from(s.index.oidAt(pos), 'hex');
        const already = earlierCopy(sources, k, oid);
        if (already >= 0) {
          s.moved[pos] = already; // a duplicate: deltas on it point at the copy written before
          continue;
        }
        const start = s.offsets[j]!;
        const end = j + 1 < s.order.length ? s.offsets[j + 1]! : reader.end;
        const raw = reader.read(start, end);
        const entry = parseEntryHeader(raw, 0, raw.length, start, ` in ${s.name}.pack`);
        const at = out.offset;
        let header: Buffer;
        if (entry.typeNum === OFS_DELTA) {
          const basePos = s.order[lowerBound(s.offsets, entry.baseOffset!)]!;
          const baseAt = s.moved[basePos]!;
          if (s.offsets[lowerBound(s.offsets, entry.baseOffset!)] !== entry.baseOffset || baseAt < 0) {
            throw corrupt(`delta base at ${entry.baseOffset} is not an entry of ${s.name}.pack`);
          }
          header = Buffer.concat([typeAndSize(OFS_DELTA, entry.size), ofsDistance(at - baseAt)]);
        } else header = raw.subarray(0, entry.length); // whole objects and REF_DELTA (base by id) as they are
        const data = raw.subarray(entry.length);
        out.write(header);
        out.write(data);
        oid.copy(names, count * SHA);
        crcs[count] = zlib.crc32(data, zlib.crc32(header));
        offsets[count] = at;
        s.moved[pos] = at;
        count++;
      }
    }
    out.flush();
    // The count in the header, then the trailer: the SHA-1 of everything before it.
    const countBytes = Buffer.alloc(4);
    countBytes.writeUInt32BE(count);
    fs.writeSync(out.fd, countBytes, 0, 4, 8);
    const checksum = hashFile(out.fd, out.offset);
    fs.writeSync(out.fd, checksum, 0, SHA, out.offset);
    fs.fsyncSync(out.fd);
    fs.closeSync(out.fd);
    const name = `pack-${checksum.toString('hex')}`;
    const idx = writeIdx(count, names.subarray(0, count * SHA), crcs.subarray(0, count), offsets.subarray(0, count), checksum);
    verify(idx, name, sources); // before anything is put in place
    // The .pack first: a reader takes a pack for complete once its .idx is there.
    fs.renameSync(`${tmp}.pack`, path.join(packDir, `${name}.pack`));
    writeFileAtomic(path.join(packDir, `${name}.idx`), idx, 0o444);
    return { name, count };
  } catch (err) {
    try {
      fs.closeSync(out.fd);
    } catch {
      // already closed
    }
    fs.rmSync(`${tmp}.pack`, { force: true });
    throw err;
  }
}

/** Where an earlier source's copy of `oid` went, or -1. */
function earlierCopy(sources: Source[], k: number, oid: Buffer): number {
  for (let e = 0; e < k; e++) {
    const i = sources[e]!.index.find(oid);
    if (i >= 0) return sources[e]!.moved[i]!;
  }
  return -1;
}

/** Index of `value` in the ascending `arr`, or where it would go. */
function lowerBound(arr: Float64Array, value: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function typeAndSize(type: number, size: number): Buffer {
  const bytes: number[] = [];
  let byte = (type << 4) | (size & 0x0f);
  let rest = Math.floor(size / 16);
  while (rest > 0) {
    bytes.push(byte | 0x80);
    byte = rest & 0x7f;
    rest = Math.floor(rest / 128);
  }
  bytes.push(byte);
  return Buffer.from(bytes);
}

/** git's offset encoding for OFS_DELTA: big-endian 7-bit groups, each continuation adding one. */
function ofsDistance(distance: number): Buffer {
  const bytes = [distance & 0x7f];
  let rest = Math.floor(distance / 128);
  while (rest > 0) {
    rest -= 1;
    bytes.unshift(0x80 | (rest & 0x7f));
    rest = Math.floor(rest / 128);
  }
  return Buffer.from(bytes);
}

function hashFile(fd: number, length: number): Buffer {
  const hash = createHash('sha1');
  const buf = Buffer.allocUnsafe(CHUNK);
  for (let at = 0; at < length; ) {
    const n = fs.readSync(fd, buf, 0, Math.min(CHUNK, length - at), at);
    if (n === 0) throw corrupt('the new pack ends early while it is being hashed');
    hash.update(buf.subarray(0, n));
    at += n;
  }
  return hash.digest();
}

/** Every object of the old packs must be in the new index before it is put in place. */
function verify(idx: Buffer, name: string, sources: Source[]): void {
  const merged = new PackIndex(idx, `${name}.idx`);
  if (!merged.packChecksum.equals(Buffer.from(name.slice(5), 'hex'))) throw corrupt(`the merged index does not name pack ${name}`);
  for (const s of sources) {
    for (let i = 0; i < s.index.count; i++) {
      if (merged.find(Buffer.from(s.index.oidAt(i), 'hex')) < 0) throw corrupt(`the merged pack ${name} lacks an object of ${s.name}`);
    }
  }
}

function removeOld(packDir: string, bases: string[]): void {
  for (const base of bases) {
    // The .idx first, so no reader starts on a pack about to go; a pack still open elsewhere
    // (Windows refuses to delete it) stays, its objects duplicated until the next time.
    for (const ext of ['.idx', '.pack', '.rev', '.bitmap', '.mtimes']) {
      try {
        fs.rmSync(path.join(packDir, `${base}${ext}`), { force: true });
      } catch {
        break;
      }
    }
  }
  fsyncDir(packDir);
}

function fsyncDir(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch {
    return; // Windows cannot open a folder; its renames are durable without it
  }
  try {
    fs.fsyncSync(fd);
  } catch {
    // some file systems refuse fsync on a folder
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads a pack front to back in 1 MiB chunks; an entry bigger than that gets its own buffer. */
class SequentialReader {
  private buf = Buffer.allocUnsafe(CHUNK);
  private from = 0;
  private to = 0;

  constructor(private readonly fd: number, readonly end: number) {}

  read(start: number, end: number): Buffer {
    if (start >= this.from && end <= this.to) return this.buf.subarray(start - this.from, end - this.from);
    const len = end - start;
    const target = len > CHUNK ? Buffer.allocUnsafe(len) : this.buf;
    const want = len > CHUNK ? len : Math.min(CHUNK, this.end - start);
    for (let got = 0; got < want; ) {
      const n = fs.readSync(this.fd, target, got, want - got, start + got);
      if (n === 0) throw corrupt('a pack ends before its last entry');
      got += n;
    }
    if (target === this.buf) {
      this.from = start;
      this.to = start + want;
    }
    return target.subarray(0, len);
  }
}
