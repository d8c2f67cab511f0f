import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { commonDir } from './fast/git-dir';
import { parseEntryHeader } from './fast/pack-file';
import { PackIndex } from './fast/pack-index';
import { writeIdx } from './pack-indexer';
import { PackWriter, fsyncDir, removeStaleTemps, typeAndSize } from './pack-write';
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

function openSource(packDir: string, base: string): Source {
  const index = PackIndex.open(path.join(packDir, `${base}.idx`));
  const fd = fs.openSync(path.join(packDir, `${base}.pack`), 'r');
  const n = index.count;
  const offsets = new Float64Array(n);
  for (let i = 0; i < n; i++) offsets[i] = index.offsetOf(i);
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => offsets[a]! - offsets[b]!);
  return { name: base, index, fd, order, offsets: Float64Array.from(order, (i) => offsets[i]!), moved: new Float64Array(n).fill(-1) };
}

function writeMerged(packDir: string, sources: Source[]): { name: string; count: number } {
  let total = 0;
  for (const s of sources) total += s.index.count;
  const names = Buffer.alloc(total * SHA);
  const crcs = new Uint32Array(total);
  const offsets = new Float64Array(total);
  let count = 0;
  const out = new PackWriter(packDir);
  try {
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
    const checksum = out.finish(count);
    const idx = writeIdx(count, names.subarray(0, count * SHA), crcs.subarray(0, count), offsets.subarray(0, count), checksum);
    verify(idx, `pack-${checksum.toString('hex')}`, sources); // before anything is put in place
    return { name: out.place(checksum, idx), count };
  } catch (err) {
    out.discard();
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
