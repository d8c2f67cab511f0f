import fs from 'node:fs';
import os from 'node:os';
import zlib from 'node:zlib';
import { BLOCK_HEAD, INDEX_MAGIC, INDEX_VERSION, scanBlocks } from './format';

/** One block of the file (format.ts): where its parts start, and the ids its commits get. */
export interface Block {
  /** Payload [start, end) in the file (record offsets count from start). */
  start: number;
  end: number;
  firstId: number;
  n: number;
  /** Its new path names: the first (u32 length, utf8) and how many. */
  pathsAt: number;
  pathCount: number;
  /** Column offsets; known once the block is loaded (the parent column's length is inside it). */
  oids: number;
  ends: number;
  parents: number;
  offsets: number;
  /** Parent ids of its commits (filled by the reader): -1 not indexed, -2 not looked up yet. */
  parentIds: Int32Array | null;
}

const LITTLE_ENDIAN = os.endianness() === 'LE';
/** Bytes read at each block's start when opening lazily: its frame, tips and path header in most blocks. */
const PEEK = 4096;

/** Thrown when a block read on demand fails its checksum: the file was damaged after it was opened. */
export class IndexDamaged extends Error {}

/**
 * The index file's bytes, with its block table and the committer times. `whole` checks every
 * block's checksum up front (the builder, which appends after the valid prefix). `lazy` keeps a
 * descriptor and reads a block (its checksum checked then) only when a commit in it is asked for:
 * a first page touches one block of a 20 MB file. Only the last block is checked on opening,
 * because only the last append can be torn (each block is fsynced before the next is written).
 * `buf` has the file's size in both cases; bytes of blocks not loaded yet are not to be read.
 */
export class BlockFile {
  readonly blocks: Block[] = [];
  /** Committer time per commit id (a block's entries are filled when it is loaded). */
  time = new Float64Array(0);
  /** Block number per commit id. */
  blockOf = new Uint32Array(0);
  count = 0;
  complete = false;
  tips: string[] = [];
  /** Ids below this were in the file when its last complete block ended. */
  closedCount = 0;
  /** Bytes of valid blocks; a longer file has a torn tail. */
  validEnd = 0;
  private readonly loaded: Uint8Array;
  private fd: number;
  /** Set once every block's header is read: loading a block then sets up its columns. */
  private ready = false;

  private constructor(readonly buf: Buffer, fd: number, frames: Array<[number, number]>) {
    this.fd = fd;
    this.loaded = new Uint8Array(frames.length);
    for (const [start, end] of frames) {
      this.blocks.push({ start, end, firstId: 0, n: 0, pathsAt: 0, pathCount: 0, oids: 0, ends: 0, parents: 0, offsets: 0, parentIds: null });
    }
  }

  static whole(buf: Buffer): BlockFile {
    const f = new BlockFile(buf, -1, scanBlocks(buf).payloads);
    f.loaded.fill(1);
    f.finish();
    return f;
  }

  /** Opens the file for reading blocks on demand; a missing or unreadable file is an empty index. */
  static lazy(filePath: string): BlockFile {
    let fd: number;
    try {
      fd = fs.openSync(filePath, 'r');
    } catch {
      return BlockFile.whole(Buffer.alloc(0));
    }
    try {
      const size = fs.fstatSync(fd).size;
      // Pages of this buffer become resident only where blocks are read into it.
      const buf = Buffer.allocUnsafe(size);
      const frames: Array<[number, number]> = [];
      const peeked: number[] = [];
      let pos = 0;
      while (pos + BLOCK_HEAD + 4 <= size) {
        const head = buf.subarray(pos, pos + Math.min(PEEK, size - pos));
        const got = readInto(fd, head, pos);
        if (got < BLOCK_HEAD || head.readUInt32LE(0) !== INDEX_MAGIC || head.readUInt32LE(4) !== INDEX_VERSION) break;
        const end = pos + BLOCK_HEAD + head.readUInt32LE(8);
        if (end + 4 > size) break;
        frames.push([pos + BLOCK_HEAD, end]);
        peeked.push(pos + got);
        pos = end + 4;
      }
      const f = new BlockFile(buf, fd, frames);
      // The last block is the one a crash can have torn: it is checked now, and dropped if bad.
      while (f.blocks.length > 0 && !f.load(f.blocks.length - 1, false)) f.blocks.pop();
      f.finish((k, at, len) => {
        // The peek at each block start holds its header in most blocks; a long path section needs a second read.
        if (at + len > peeked[k]!) readInto(fd, buf.subarray(at, at + len), at);
      });
      if (f.blocks.length === 0) f.close();
      return f;
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
  }

  /**
   * Reads every block's counts and path header (`peek` makes unloaded bytes readable first), drops
   * a block whose header does not fit inside it (and all after it), then sets up the loaded blocks'
   * columns and committer times.
   */
  private finish(peek?: (k: number, at: number, len: number) => void): void {
    const buf = this.buf;
    for (let k = 0; k < this.blocks.length; k++) {
      const b = this.blocks[k]!;
      const fits = (at: number, len: number): boolean => {
        if (at + len > b.end) return false;
        if (peek && this.loaded[k] === 0) peek(k, at, len);
        return true;
      };
      let pos = b.start;
      if (!fits(pos, 5)) break;
      const complete = buf[pos] === 1;
      const nTips = buf.readUInt32LE(pos + 1);
      pos += 5;
      if (!fits(pos, 20 * nTips + 8)) break;
      const tips = pos;
      pos += 20 * nTips;
      b.pathCount = buf.readUInt32LE(pos);
      b.pathsAt = pos + 8;
      pos += 8 + buf.readUInt32LE(pos + 4);
      if (!fits(pos, 4)) break;
      b.n = buf.readUInt32LE(pos);
      b.oids = pos + 4;
      if (b.oids + 32 * b.n > b.end) break;
      b.firstId = this.count;
      this.count += b.n;
      this.complete = complete;
      if (complete) {
        this.tips = [];
        for (let i = 0; i < nTips; i++) this.tips.push(buf.toString('hex', tips + 20 * i, tips + 20 * i + 20));
        this.closedCount = this.count;
      }
      this.validEnd = b.end + 4;
      continue;
    }
    // A block whose header breaks off ended the loop early: it and those after it are dropped.
    while (this.blocks.length > 0 && this.blocks[this.blocks.length - 1]!.end + 4 > this.validEnd) this.blocks.pop();
    this.time = new Float64Array(this.count);
    this.blockOf = new Uint32Array(this.count);
    this.ready = true;
    this.blocks.forEach((b, k) => {
      this.blockOf.fill(k, b.firstId, b.firstId + b.n);
      if (this.loaded[k] === 1) this.columns(b);
    });
  }

  /** Column offsets and committer times of a loaded block. */
  private columns(b: Block): void {
    const buf = this.buf;
    b.ends = b.oids + 28 * b.n;
    const nParents = b.n > 0 ? buf.readUInt32LE(b.ends + 4 * (b.n - 1)) : 0;
    b.parents = b.ends + 4 * b.n;
    b.offsets = b.parents + 20 * nParents;
    b.parentIds = new Int32Array(nParents).fill(-2);
    const times = b.oids + 20 * b.n;
    if (LITTLE_ENDIAN) buf.copy(new Uint8Array(this.time.buffer, 8 * b.firstId, 8 * b.n), 0, times, times + 8 * b.n);
    else for (let i = 0; i < b.n; i++) this.time[b.firstId + i] = buf.readDoubleLE(times + 8 * i);
  }

  /** Reads block `k` if it is not in memory yet; false (or IndexDamaged when `strict`) if its checksum fails. */
  load(k: number, strict = true): boolean {
    if (this.loaded[k] === 1) return true;
    const b = this.blocks[k]!;
    const from = b.start - BLOCK_HEAD;
    const len = b.end + 4 - from;
    const bytes = this.buf.subarray(from, from + len);
    if (readInto(this.fd, bytes, from) < len || (zlib.crc32(bytes.subarray(BLOCK_HEAD, len - 4)) >>> 0) !== bytes.readUInt32LE(len - 4)) {
      if (strict) throw new IndexDamaged(`history index block ${k} is damaged`);
      return false;
    }
    this.loaded[k] = 1;
    if (this.ready) this.columns(b);
    return true;
  }

  /** Loads every block (a hash table of all oids, a path filter over all names, …). */
  loadAll(): void {
    for (let k = 0; k < this.blocks.length; k++) this.load(k);
  }

  isLoaded(k: number): boolean {
    return this.loaded[k] === 1;
  }

  /** How many blocks are in memory. */
  get loadedCount(): number {
    return this.loaded.reduce((n, v) => n + v, 0);
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }
}

function readInto(fd: number, out: Buffer, at: number): number {
  let got = 0;
  while (got < out.length) {
    const n = fs.readSync(fd, out, got, out.length - got, at + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}
