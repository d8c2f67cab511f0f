import fs from 'node:fs';
import zlib from 'node:zlib';
import { NeedMoreInput, inflateZlib } from './inflate';
import { inflateReused } from './reused-inflate';
import type { PackIndex } from './pack-index';
import { OFS_DELTA, PACK_TYPES, REF_DELTA, corrupt } from './types';

/** One entry's header: its type number, inflated size, where its zlib data starts, and its delta base. */
export interface PackEntry {
  offset: number;
  typeNum: number;
  size: number;
  dataAt: number;
  baseOffset?: number;
  baseOid?: Buffer;
}

export interface EntryHeader {
  typeNum: number;
  /** The inflated size (of the delta, for delta entries). */
  size: number;
  /** Header bytes, delta base included: the zlib data starts this far after the entry's offset. */
  length: number;
  baseOffset?: number;
  baseOid?: Buffer;
}

/**
 * The header of the pack entry at `buf[at]` (pack offset `offset`; bytes up to `end` are readable):
 * type, size varint and, for deltas, the base (an offset back with git's "+1 per continuation
 * byte" encoding, or an object id). The stored reader and the indexer of received packs share it.
 */
export function parseEntryHeader(buf: Buffer, at: number, end: number, offset: number, where = '', details: Record<string, unknown> = {}): EntryHeader {
  let pos = at;
  let byte = buf[pos++]!;
  const typeNum = (byte >> 4) & 7;
  let size = byte & 0x0f;
  let shift = 4;
  while (byte & 0x80) {
    if (pos >= end || shift > 49) throw corrupt(`bad entry header at ${offset}${where}`, { ...details, offset });
    byte = buf[pos++]!;
    size += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  }
  const header: EntryHeader = { typeNum, size, length: 0 };
  if (typeNum === OFS_DELTA) {
    if (pos >= end) throw corrupt(`bad delta offset at ${offset}${where}`, { ...details, offset });
    byte = buf[pos++]!;
    let back = byte & 0x7f;
    while (byte & 0x80) {
      if (pos >= end) throw corrupt(`bad delta offset at ${offset}${where}`, { ...details, offset });
      byte = buf[pos++]!;
      back = (back + 1) * 128 + (byte & 0x7f);
    }
    if (back <= 0 || back > offset) throw corrupt(`delta base offset out of range at ${offset}${where}`, { ...details, offset });
    header.baseOffset = offset - back;
  } else if (typeNum === REF_DELTA) {
    if (pos + 20 > end) throw corrupt(`truncated delta base at ${offset}${where}`, { ...details, offset });
    header.baseOid = Buffer.from(buf.subarray(pos, pos + 20));
    pos += 20;
  } else if (!PACK_TYPES[typeNum]) {
    throw corrupt(`unknown object type ${typeNum} at ${offset}${where}`, { ...details, offset });
  }
  header.length = pos - at;
  return header;
}

// The pack is read in aligned 64 KiB blocks kept in a small LRU (like git's pack windows): the
// commits and trees a walk needs sit close together, so one read usually serves many objects.
const BLOCK = 64 * 1024;
const MAX_BLOCKS = 128;
const MAX_CHUNK = 8 * 1024 * 1024;
/**
 * Objects are inflated by one reused zlib handle (reused-inflate.ts). Where that is unavailable,
 * or for an object it refuses (an error, then reported by zlib.inflateSync), objects below this
 * size are inflated in JS (no per-call zlib stream set-up) and bigger ones by zlib.inflateSync.
 */
const JS_INFLATE_MAX = 64 * 1024;
/**
 * The JS decoder only pays off once the JIT has compiled it: run cold it is several times slower
 * than node's zlib, which would double a first history page (100 commits). So bulk work (an index
 * build, a full walk) switches to it after this many objects in the process (tests set it).
 */
export const inflateTuning = { jsAfter: 2000, reuse: true };
let inflated = 0;

/** zlib's deflateBound plus room for a header: the most a zlib encoder emits for `n` bytes. */
const deflateBound = (n: number): number => n + (n >>> 12) + (n >>> 14) + (n >>> 25) + 64;

/**
 * A .pack read through a file descriptor at offsets (fs.readSync), never whole in memory.
 */
export class PackFile {
  private fd: number;
  private readonly end: number;
  private readonly blocks = new Map<number, Buffer>();
  private lastN = -1;
  private lastBlock: Buffer | null = null;
  /** Error context, made once (not per entry read). */
  private readonly where: string;
  private readonly details: { file: string };

  constructor(readonly file: string, readonly index: PackIndex) {
    this.where = ` in ${file}`;
    this.details = { file };
    this.fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(this.fd).size;
      const fail = (why: string): never => {
        throw corrupt(`pack ${file} ${why}`, { file });
      };
      if (size < 32) fail('is too short');
      this.end = size - 20;
      const head = Buffer.alloc(12);
      fs.readSync(this.fd, head, 0, 12, 0);
      if (head.toString('latin1', 0, 4) !== 'PACK') fail('has no PACK signature');
      const version = head.readUInt32BE(4);
      if (version !== 2 && version !== 3) fail(`has unsupported version ${version}`);
      if (head.readUInt32BE(8) !== index.count) fail('does not match its index (object count differs)');
      const trailer = Buffer.alloc(20);
      fs.readSync(this.fd, trailer, 0, 20, this.end);
      if (!trailer.equals(index.packChecksum)) fail('does not match its index (checksum differs)');
    } catch (err) {
      fs.closeSync(this.fd);
      throw err;
    }
  }

  /** Bytes from `at`, at least `len` of them unless the pack data ends first. */
  private bytes(at: number, len: number): Buffer {
    if (at < 12 || at >= this.end) throw corrupt(`offset ${at} is outside pack ${this.file}`, { file: this.file, offset: at });
    const want = Math.min(len, this.end - at);
    const first = Math.floor(at / BLOCK);
    if (Math.floor((at + want - 1) / BLOCK) === first) {
      const block = this.block(first);
      const rel = at - first * BLOCK;
      if (rel + want <= block.length) return block.subarray(rel, rel + want);
    }
    const buf = Buffer.allocUnsafe(want);
    if (this.readInto(buf, at) < want) throw corrupt(`pack ${this.file} ended early`, { file: this.file, offset: at });
    return buf;
  }

  private block(n: number): Buffer {
    // Consecutive reads mostly hit the same block: answer those without reordering the LRU map.
    if (n === this.lastN && this.lastBlock) return this.lastBlock;
    let block = this.blocks.get(n);
    if (block) {
      this.lastN = n;
      this.lastBlock = block;
      this.blocks.delete(n);
      this.blocks.set(n, block);
      return block;
    }
    let buf: Buffer | undefined;
    if (this.blocks.size >= MAX_BLOCKS) {
      const [oldest, old] = this.blocks.entries().next().value as [number, Buffer];
      this.blocks.delete(oldest);
      // Reuse the evicted buffer: callers copy out (inflate) before the next read.
      if (old.buffer.byteLength === BLOCK && old.byteOffset === 0) buf = Buffer.from(old.buffer, 0, BLOCK);
    }
    buf ??= Buffer.allocUnsafeSlow(BLOCK);
    const got = this.readInto(buf.subarray(0, Math.min(BLOCK, this.end + 20 - n * BLOCK)), n * BLOCK);
    block = buf.subarray(0, got);
    this.blocks.set(n, block);
    this.lastN = n;
    this.lastBlock = block;
    return block;
  }

  private readInto(buf: Buffer, at: number): number {
    let got = 0;
    while (got < buf.length) {
      const n = fs.readSync(this.fd, buf, got, buf.length - got, at + got);
      if (n === 0) break;
      got += n;
    }
    return got;
  }

  /** The cached block holding [at, at + len) whole (len clamped to the pack data), or null. */
  private within(at: number, len: number): Buffer | null {
    if (at < 12 || at >= this.end) return null;
    const n = Math.floor(at / BLOCK);
    const stop = Math.min(at + len, this.end);
    if (Math.floor((stop - 1) / BLOCK) !== n) return null;
    const block = this.block(n);
    return stop - n * BLOCK <= block.length ? block : null;
  }

  entryAt(offset: number): PackEntry {
    // Parsed in place in its block when it fits (no view object per entry); else from a copy.
    const block = this.within(offset, 32);
    const h = block
      ? parseEntryHeader(block, offset % BLOCK, Math.min(offset + 32, this.end) - (offset - (offset % BLOCK)), offset, this.where, this.details)
      : parseEntryHeader(this.bytes(offset, 32), 0, Math.min(32, this.end - offset), offset, this.where, this.details);
    return { offset, typeNum: h.typeNum, size: h.size, dataAt: offset + h.length, baseOffset: h.baseOffset, baseOid: h.baseOid };
  }

  /** The entry's inflated bytes (a delta for delta entries). */
  inflate(entry: PackEntry): Buffer {
    let len = deflateBound(entry.size);
    for (;;) {
      if (entry.size <= MAX_CHUNK && inflateTuning.reuse) {
        const block = this.within(entry.dataAt, len);
        if (block) {
          const rel = entry.dataAt % BLOCK;
          const out = inflateReused(block, entry.size, rel, Math.min(entry.dataAt + len, this.end) - (entry.dataAt - rel));
          if (out) return out;
        }
      }
      const input = this.bytes(entry.dataAt, len);
      if (entry.size <= MAX_CHUNK && inflateTuning.reuse) {
        const out = inflateReused(input, entry.size);
        if (out) return out;
      }
      if (entry.size < JS_INFLATE_MAX && ++inflated > inflateTuning.jsAfter) {
        try {
          return inflateZlib(input, 0, input.length, entry.size);
        } catch (err) {
          if (!(err instanceof NeedMoreInput)) throw corrupt(`cannot inflate object at ${entry.offset} in ${this.file}`, { file: this.file, offset: entry.offset }, err);
          if (input.length === len && entry.dataAt + len < this.end) {
            len *= 2;
            continue;
          }
          throw corrupt(`object at ${entry.offset} in ${this.file} is truncated`, { file: this.file, offset: entry.offset });
        }
      }
      try {
        // One output chunk of the known size (the default 16 KiB chunks cost more than inflating a small
        // object), capped so a damaged size field cannot make us reserve gigabytes up front.
        const chunkSize = Math.min(Math.max(64, entry.size + 1), MAX_CHUNK);
        const out = zlib.inflateSync(input, { maxOutputLength: Math.max(entry.size, 1), chunkSize });
        if (out.length !== entry.size) throw corrupt(`object at ${entry.offset} in ${this.file} has the wrong size`, { file: this.file });
        return out;
      } catch (err) {
        const code = (err as { code?: string }).code;
        // Another encoder may exceed zlib's bound: read more, unless the pack already ended.
        if (code === 'Z_BUF_ERROR' && input.length === len && entry.dataAt + len < this.end) {
          len *= 2;
          continue;
        }
        if ((err as { name?: string }).name === 'ReposyncError') throw err;
        throw corrupt(`cannot inflate object at ${entry.offset} in ${this.file}`, { file: this.file, offset: entry.offset }, err);
      }
    }
  }

  close(): void {
    this.index.close();
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }
}
