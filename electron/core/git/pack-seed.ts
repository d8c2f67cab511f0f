import { indexPack, placeReceivedPack, type IndexedPack } from './pack-indexer';
import { PACK_TYPES } from './fast/types';
import { sharedStore } from './shared-store';

/**
 * A fetch's objects as the pack indexer resolved them, handed to the threads that read them next,
 * instead of each reading them back out of the new pack (a lookup in every pack, a pread, an
 * inflate and a delta chain per object: ~40 µs each, cold): the main thread's merge base walks the
 * new commits and its merge planning the new trees; the Git worker's checkout writes the new
 * blobs. The bytes are exactly those the indexer hashed into each id, so a seeded read is the read
 * the pack would answer.
 */
export interface PackSeed {
  /** 20 bytes per object. */
  oids: Uint8Array;
  types: Uint8Array;
  /** Where each object's bytes end in `bytes` (each starts where the previous one ends). */
  ends: Uint32Array;
  bytes: Uint8Array;
}

/** The stores remember by count, two generations of 1024 (fast/lru.ts RecentById): one generation's worth. */
const MAX_OBJECTS = 1024;
const MAX_BYTES = 8 * 1024 * 1024;
/** A big blob is read once, straight from the pack; keeping it would only hold memory. */
const MAX_OBJECT_BYTES = 512 * 1024;

interface Kept {
  oid: Buffer;
  typeNum: number;
  data: Buffer;
}

/** Up to the limits, in the order given. */
function pick(lists: Kept[][]): Kept[] {
  const out: Kept[] = [];
  let bytes = 0;
  for (const list of lists) {
    for (const k of list) {
      if (out.length >= MAX_OBJECTS || bytes + k.data.length > MAX_BYTES) return out;
      out.push(k);
      bytes += k.data.length;
    }
  }
  return out;
}

/** Blobs of the last pack indexed here, kept once that pack is in place (placeFetchedPack). */
let pendingBlobs: { dir: string; checksum: string; blobs: Kept[] } | null = null;

/**
 * indexPack for a fetch into `dir` (the Git worker runs it): the new commits and trees are
 * returned as a seed for the caller's thread, the new blobs wait here for the pack to be placed.
 * Neither may be read before the pack is in the repository: an object only in a cache would look
 * present to a later operation after a failed fetch.
 */
export function indexFetchedPack(pack: Buffer, dir: string): IndexedPack & { seed: PackSeed } {
  const commits: Kept[] = [];
  const trees: Kept[] = [];
  const blobs: Kept[] = [];
  const indexed = indexPack(pack, (oid, typeNum, data) => {
    if (data.length > MAX_OBJECT_BYTES) return;
    const type = PACK_TYPES[typeNum];
    const list = type === 'commit' ? commits : type === 'tree' ? trees : type === 'blob' ? blobs : null;
    list?.push({ oid, typeNum, data });
  });
  pendingBlobs = { dir, checksum: indexed.checksum, blobs: pick([blobs]) };
  return { ...indexed, seed: packSeed(pick([commits, trees])) };
}

/** placeReceivedPack, then this thread's store keeps the pack's blobs indexFetchedPack held back (for the checkout). */
export function placeFetchedPack(tmpPack: string, pack: string, checksum: string, idx: Uint8Array, dir: string): void {
  const pending = pendingBlobs;
  pendingBlobs = null;
  placeReceivedPack(tmpPack, pack, checksum, idx);
  if (!pending || pending.dir !== dir || pending.checksum !== checksum) return;
  const store = sharedStore(dir);
  for (const b of pending.blobs) store.remember(b.oid, { type: 'blob', data: b.data });
}

function packSeed(kept: Kept[]): PackSeed {
  const oids = Buffer.allocUnsafe(kept.length * 20);
  const types = new Uint8Array(kept.length);
  const ends = new Uint32Array(kept.length);
  const bytes = Buffer.allocUnsafe(kept.reduce((n, k) => n + k.data.length, 0));
  let at = 0;
  kept.forEach((k, i) => {
    k.oid.copy(oids, i * 20);
    types[i] = k.typeNum;
    at += k.data.copy(bytes, at);
    ends[i] = at;
  });
  return { oids, types, ends, bytes };
}

/** Puts a seed's objects in `dir`'s shared store of this thread: only once their pack is in place. */
export function plantSeed(dir: string, seed: PackSeed): void {
  const store = sharedStore(dir);
  const bytes = Buffer.from(seed.bytes.buffer, seed.bytes.byteOffset, seed.bytes.byteLength);
  let start = 0;
  for (let i = 0; i < seed.types.length; i++) {
    const end = seed.ends[i]!;
    const type = PACK_TYPES[seed.types[i]!];
    if (type) store.remember(seed.oids.subarray(i * 20, i * 20 + 20), { type, data: bytes.subarray(start, end) });
    start = end;
  }
}
