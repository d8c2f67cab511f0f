import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { writeFileAtomic } from '../fs-atomic';
import { applyDelta } from './fast/delta';
import { parseEntryHeader } from './fast/pack-file';
import { inflateReusedInto } from './fast/reused-inflate';
import { OFS_DELTA, REF_DELTA, corrupt } from './fast/types';

/**
 * `git index-pack` for a pack that arrived from a remote: every object's id, CRC-32 and offset,
 * written as an .idx version 2 that git reads. isomorphic-git does this in JS (pako inflate, a
 * SHA-1 through WebCrypto per object, an O(256·n) fanout loop); here Node's native zlib and crypto
 * do the work, one inflate per pack entry, and deltas are resolved base-first (as git does) so no
 * object is rebuilt twice. Pure and synchronous: it runs on the Git worker thread.
 */
export interface IndexedPack {
  /** The pack's trailing SHA-1 (hex): its name is pack-<checksum>.pack. */
  checksum: string;
  count: number;
  idx: Buffer;
}

const TYPE_NAMES: Record<number, string> = { 1: 'commit', 2: 'tree', 3: 'blob', 4: 'tag' };
/** Inflated base objects kept from the first pass so the second need not inflate them again. */
const BASE_CACHE_BYTES = 64 * 1024 * 1024;
const MAX_SIZE = 2 ** 32;
/** Room left before each object's bytes for its header ("commit 4294967295\0" is 18 bytes). */
const HEADROOM = 24;
/** One-shot SHA-1 (Node ≥ 20.12) skips building a Hash object per object: 100k of them cost ~0.1 s. */
const sha1: (data: Buffer) => Buffer =
  typeof crypto.hash === 'function' ? (data) => crypto.hash('sha1', data, 'buffer') : (data) => crypto.createHash('sha1').update(data).digest();

/** The id of an object whose bytes were allocated with HEADROOM bytes before them: the header goes there. */
function objectId(typeNum: number, data: Buffer): Buffer {
  const header = `${TYPE_NAMES[typeNum]} ${data.length}\0`;
  const full = Buffer.from(data.buffer, data.byteOffset - header.length, header.length + data.length);
  full.write(header, 0, 'latin1');
  return sha1(full);
}

/**
 * One entry's zlib stream, inflated (after `headroom` spare bytes, see objectId); `used` is how
 * many input bytes the stream took. One reused zlib handle: a new one per entry (inflateSync) was
 * a third of the indexing time. inflateSync stays as the fallback that reports damage precisely.
 */
function inflateAt(pack: Buffer, at: number, end: number, size: number, offset: number, headroom: number): { data: Buffer; used: number } {
  const out = Buffer.allocUnsafe(headroom + size + 1);
  const used = inflateReusedInto(pack, at, end, out, headroom, size);
  if (used >= 0) return { data: out.subarray(headroom, headroom + size), used };
  try {
    const chunkSize = Math.min(Math.max(64, size + 1), 8 * 1024 * 1024);
    const res = zlib.inflateSync(pack.subarray(at, end), { info: true, chunkSize, maxOutputLength: Math.max(size, 1) }) as unknown as {
      buffer: Buffer;
      engine: { bytesWritten: number };
    };
    if (res.buffer.length !== size) throw corrupt(`pack entry at ${offset} has the wrong size`, { offset });
    res.buffer.copy(out, headroom);
    return { data: out.subarray(headroom, headroom + size), used: res.engine.bytesWritten };
  } catch (err) {
    if ((err as { name?: string }).name === 'ReposyncError') throw err;
    throw corrupt(`cannot inflate the pack entry at ${offset}`, { offset }, err);
  }
}

/**
 * `onObject` sees every object once it is resolved, with its id (a view of the indexer's id table,
 * never changed afterwards) and its bytes (never modified afterwards either): a caller can keep
 * those it will read next (see pack-seed.ts).
 */
export function indexPack(pack: Buffer, onObject?: (oid: Buffer, typeNum: number, data: Buffer) => void): IndexedPack {
  if (pack.length < 32 || pack.toString('latin1', 0, 4) !== 'PACK') throw corrupt('the received pack has no PACK signature');
  const version = pack.readUInt32BE(4);
  if (version !== 2 && version !== 3) throw corrupt(`the received pack has unsupported version ${version}`);
  const end = pack.length - 20;
  const trailer = pack.subarray(end);
  if (!sha1(pack.subarray(0, end)).equals(trailer)) {
    throw corrupt('the received pack does not match its checksum (it is incomplete or damaged)');
  }
  const n = pack.readUInt32BE(8);
  const offsets = new Float64Array(n);
  const types = new Uint8Array(n);
  const crcs = new Uint32Array(n);
  const oids = Buffer.alloc(n * 20);
  const resolved = new Uint8Array(n);
  /** Entries stored whole (not as deltas): where pass 2 starts. */
  const whole = new Uint8Array(n);
  const deltas = new Map<number, Buffer>();
  const ofsChildren = new Map<number, number[]>();
  const refChildren = new Map<string, number[]>();
  const bases = new Map<number, Buffer>();
  let baseBytes = 0;
  const addChild = <K>(map: Map<K, number[]>, key: K, i: number) => {
    const list = map.get(key);
    if (list) list.push(i);
    else map.set(key, [i]);
  };

  // Pass 1: walk the entries in order; whole objects get their id now, deltas wait for their base.
  let pos = 12;
  for (let i = 0; i < n; i++) {
    if (pos >= end) throw corrupt(`the received pack ends after ${i} of ${n} objects`);
    const offset = pos;
    const h = parseEntryHeader(pack, pos, end, offset);
    const { typeNum, size } = h;
    if (size >= MAX_SIZE) throw corrupt(`the pack entry at ${offset} is too large`, { offset });
    offsets[i] = offset;
    if (h.baseOffset !== undefined) addChild(ofsChildren, h.baseOffset, i);
    else if (h.baseOid) addChild(refChildren, h.baseOid.toString('hex'), i);
    pos += h.length;
    const isDelta = typeNum === OFS_DELTA || typeNum === REF_DELTA;
    const { data, used } = inflateAt(pack, pos, end, size, offset, isDelta ? 0 : HEADROOM);
    pos += used;
    crcs[i] = zlib.crc32(pack.subarray(offset, pos));
    types[i] = typeNum;
    if (isDelta) {
      deltas.set(i, data);
      continue;
    }
    objectId(typeNum, data).copy(oids, i * 20);
    resolved[i] = 1;
    whole[i] = 1;
    onObject?.(oids.subarray(i * 20, i * 20 + 20), typeNum, data);
    // A later delta may use it as its base; most bases are small trees and blobs.
    if (baseBytes + data.length <= BASE_CACHE_BYTES) {
      bases.set(i, data);
      baseBytes += data.length;
    }
  }
  if (pos !== end) throw corrupt('the received pack has data after its last object');

  // Pass 2: from every whole object, resolve the deltas built on it, depth first.
  const reinflate = (i: number): Buffer => {
    const at = offsets[i]!;
    const h = parseEntryHeader(pack, at, end, at);
    return inflateAt(pack, at + h.length, end, h.size, at, 0).data;
  };
  const childrenOf = (i: number): number[] => {
    const a = ofsChildren.get(offsets[i]!);
    const b = refChildren.size > 0 ? refChildren.get(oids.toString('hex', i * 20, i * 20 + 20)) : undefined;
    return a && b ? [...a, ...b] : (a ?? b ?? []);
  };
  const stack: Array<{ child: number; base: Buffer; typeNum: number }> = [];
  for (let root = 0; root < n; root++) {
    if (!whole[root]) continue;
    const kids = childrenOf(root);
    if (kids.length === 0) continue;
    const data = bases.get(root) ?? reinflate(root);
    for (const c of kids) stack.push({ child: c, base: data, typeNum: types[root]! });
    while (stack.length > 0) {
      const { child, base, typeNum } = stack.pop()!;
      if (resolved[child]) continue;
      const data2 = applyDelta(base, deltas.get(child)!, HEADROOM);
      deltas.delete(child);
      types[child] = typeNum;
      objectId(typeNum, data2).copy(oids, child * 20);
      resolved[child] = 1;
      onObject?.(oids.subarray(child * 20, child * 20 + 20), typeNum, data2);
      for (const c of childrenOf(child)) stack.push({ child: c, base: data2, typeNum });
    }
  }
  bases.clear();
  if (deltas.size > 0) {
    // A thin pack (bases outside it): isomorphic-git never asks for one, and git cannot use such a pack as it is.
    throw corrupt(`the received pack has ${deltas.size} deltas whose base is not in it`, { unresolved: deltas.size });
  }
  return { checksum: trailer.toString('hex'), count: n, idx: writeIdx(n, oids, crcs, offsets, trailer) };
}

/** The .idx version 2 layout (gitformat-pack): fanout, sorted names, CRCs, offsets, large offsets, checksums. */
export function writeIdx(n: number, oids: Buffer, crcs: Uint32Array, offsets: Float64Array, packChecksum: Buffer): Buffer {
  // Sorted by the first 4 bytes as a number (nearly always decisive), then by the whole name.
  const head = new Uint32Array(n);
  for (let i = 0; i < n; i++) head[i] = ((oids[i * 20]! << 24) | (oids[i * 20 + 1]! << 16) | (oids[i * 20 + 2]! << 8) | oids[i * 20 + 3]!) >>> 0;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => head[a]! - head[b]! || oids.compare(oids, b * 20, b * 20 + 20, a * 20, a * 20 + 20),
  );
  const large = order.filter((i) => offsets[i]! >= 0x80000000);
  const out = Buffer.alloc(8 + 1024 + n * 28 + large.length * 8 + 40);
  // Unchecked writes: Buffer's writeUInt32BE validates every one (three per object).
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  out.writeUInt32BE(0xff744f63, 0);
  out.writeUInt32BE(2, 4);
  const fanout = new Uint32Array(256);
  for (let i = 0; i < n; i++) fanout[oids[i * 20]!]!++;
  let total = 0;
  for (let b = 0; b < 256; b++) {
    total += fanout[b]!;
    out.writeUInt32BE(total, 8 + b * 4);
  }
  const namesAt = 8 + 1024;
  const crcAt = namesAt + n * 20;
  const offAt = crcAt + n * 4;
  const largeAt = offAt + n * 4;
  let largeN = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    // Neighbours in the sorted order: a duplicate has the same first 4 bytes, which almost no
    // other pair has (Buffer.compare with offsets per object was a tenth of a small pack's indexing).
    if (k > 0 && head[i] === head[order[k - 1]!] && oids.compare(oids, i * 20, i * 20 + 20, order[k - 1]! * 20, order[k - 1]! * 20 + 20) === 0) {
      throw corrupt(`the received pack holds object ${oids.toString('hex', i * 20, i * 20 + 20)} twice`);
    }
    out.set(oids.subarray(i * 20, i * 20 + 20), namesAt + k * 20);
    view.setUint32(crcAt + k * 4, crcs[i]!);
    const off = offsets[i]!;
    if (off < 0x80000000) view.setUint32(offAt + k * 4, off);
    else {
      view.setUint32(offAt + k * 4, (0x80000000 | largeN) >>> 0);
      out.writeBigUInt64BE(BigInt(off), largeAt + largeN * 8);
      largeN++;
    }
  }
  const tail = largeAt + largeN * 8;
  packChecksum.copy(out, tail);
  sha1(out.subarray(0, tail + 20)).copy(out, tail + 20);
  return out;
}

/**
 * Index the pack at `packFile` and write its .idx to `idxFile` atomically (temp + fsync + rename),
 * so a killed process never leaves a truncated index. Returns the pack's checksum and object count.
 */
export function indexPackFile(packFile: string, idxFile: string): { checksum: string; count: number } {
  const { checksum, count, idx } = indexPack(fs.readFileSync(packFile));
  writeFileAtomic(idxFile, idx, 0o444);
  return { checksum, count };
}

/**
 * A pack just received into `tmpPack` (beside its final name, already fsynced) and indexed (from
 * the same bytes, see indexPack), put in place as git's index-pack does: the .pack renamed first
 * and the .idx written atomically after it. Readers (git, isomorphic-git, the fast store) only look
 * at packs through their .idx, so a kill in between leaves an unindexed pack nobody reads (git gc
 * removes it), never an index without its data or a truncated one. `pack` must be named after the
 * pack's checksum.
 */
export function placeReceivedPack(tmpPack: string, pack: string, checksum: string, idx: Uint8Array): void {
  if (path.basename(pack) !== `pack-${checksum}.pack`) throw corrupt(`the received pack is named ${path.basename(pack)} but its checksum is ${checksum}`);
  fs.renameSync(tmpPack, pack);
  writeFileAtomic(pack.replace(/\.pack$/, '.idx'), idx, 0o444);
}
