import zlib from 'node:zlib';

/**
 * The history index file: a sequence of blocks, each
 *   "RSHX" | u32 version | u32 payload length | payload | u32 crc32(payload)
 * appended and fsynced one at a time. A block whose length or checksum does not hold (a torn
 * write, a crash mid-append) ends the file: it and everything after it are dropped.
 * Payload (version 2), columns first so a load copies arrays instead of parsing every record:
 *   u8 complete | u32 tips | tips × 20 | u32 new paths | u32 their bytes | (u32 len, utf8)… |
 *   u32 n | oids n × 20 | committer times n × f64 | parent ends n × u32 (running count in the
 *   block) | parent oids × 20 | record offsets n × u32 (from the payload start) | records.
 * Record: tree 20 | f64 author time | i32 author tz | i32 committer tz | author name, author email,
 * committer name, committer email, message as (u32 len, utf8) | u32 paths | path ids × u32.
 * Path ids run across blocks in file order. Version 1 files (one record per commit) are rebuilt.
 */
export const INDEX_VERSION = 2;
export const INDEX_MAGIC = 0x52534858; // "RSHX"
/** Frame bytes before a payload: magic, version, payload length. */
export const BLOCK_HEAD = 12;

export interface IndexCommit {
  oid: string;
  tree: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  authorTime: number;
  authorTz: number;
  committerName: string;
  committerEmail: string;
  committerTime: number;
  committerTz: number;
  message: string;
  /** Ids into the path table. */
  paths: number[];
}

export interface Block {
  /** True on the last block of a finished build or update: `tips` are then fully indexed. */
  complete: boolean;
  tips: string[];
  newPaths: string[];
  commits: IndexCommit[];
}

/** Strings up to this length are tried as ASCII in JS first (names, emails, most messages). */
const ASCII_LOOP_MAX = 256;
/** Hex digit values by char code; 255 = not a lower-case hex digit. */
const HEX = new Uint8Array(128).fill(255);
for (let i = 0; i < 16; i++) HEX['0123456789abcdef'.charCodeAt(i)] = i;

class Writer {
  private buf = Buffer.allocUnsafe(1 << 16);
  len = 0;
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
  setU32(at: number, v: number): void {
    this.buf.writeUInt32LE(v, at);
  }
  u8(v: number): void {
    this.room(1);
    this.buf[this.len++] = v;
  }
  u32(v: number): void {
    this.room(4);
    this.buf.writeUInt32LE(v, this.len);
    this.len += 4;
  }
  i32(v: number): void {
    this.room(4);
    this.buf.writeInt32LE(v, this.len);
    this.len += 4;
  }
  f64(v: number): void {
    this.room(8);
    this.buf.writeDoubleLE(v, this.len);
    this.len += 8;
  }
  // Strings and ids are written by JS loops when they are plain (ASCII, lower-case hex): a block has
  // ~250k of them, and Buffer#write's and Buffer.byteLength's native calls cost more than the copying.
  oid(hex: string): void {
    this.room(20);
    const buf = this.buf;
    const at = this.len;
    for (let i = 0; i < 20; i++) {
      const hi = HEX[hex.charCodeAt(2 * i)] ?? 255;
      const lo = HEX[hex.charCodeAt(2 * i + 1)] ?? 255;
      if (hi > 15 || lo > 15) {
        buf.write(hex, at, 20, 'hex');
        break;
      }
      buf[at + i] = (hi << 4) | lo;
    }
    this.len += 20;
  }
  str(s: string): void {
    const len = s.length;
    if (len <= ASCII_LOOP_MAX) {
      this.room(4 + len);
      const buf = this.buf;
      const at = this.len + 4;
      let i = 0;
      for (; i < len; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[at + i] = c;
      }
      if (i === len) {
        buf.writeUInt32LE(len, this.len);
        this.len = at + len;
        return;
      }
    }
    const n = Buffer.byteLength(s, 'utf8');
    this.room(4 + n);
    this.buf.writeUInt32LE(n, this.len);
    this.buf.write(s, this.len + 4, n, 'utf8');
    this.len += 4 + n;
  }
  /** A string given as its UTF-8 bytes `data[from, to)`: stored as they are. */
  utf8(data: Uint8Array, from: number, to: number): void {
    const n = to - from;
    this.room(4 + n);
    const buf = this.buf;
    buf.writeUInt32LE(n, this.len);
    const at = this.len + 4;
    if (n < 64) for (let i = 0; i < n; i++) buf[at + i] = data[from + i]!;
    else buf.set(data.subarray(from, to), at);
    this.len = at + n;
  }
  bytes(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}

/** One framed block, ready to append. */
export function encodeBlock(block: Block): Buffer {
  const w = new BlockWriter();
  for (const p of block.newPaths) w.addPath(p);
  for (const c of block.commits) w.add(c);
  return w.finish(block.complete, block.tips);
}

/**
 * Encodes a block as its commits arrive: each commit goes into the columns' bytes at once, so a
 * build holds no commit objects (strings, arrays) until its block is written; held for a whole
 * block they outlived the young generation and made the collector copy and then mark them.
 */
export class BlockWriter {
  private readonly paths = new Writer();
  private readonly oids = new Writer();
  private readonly times = new Writer();
  private readonly ends = new Writer();
  private readonly parents = new Writer();
  private readonly offsets = new Writer();
  private readonly records = new Writer();
  private pathCount = 0;
  private parentCount = 0;
  /** Commits added since the last `finish`. */
  count = 0;

  addPath(name: string): void {
    this.paths.str(name);
    this.pathCount++;
  }

  add(c: IndexCommit): void {
    this.begin(c.oid, c.tree, c.parents, c.committerTime, c.authorTime, c.authorTz, c.committerTz);
    for (const s of [c.authorName, c.authorEmail, c.committerName, c.committerEmail, c.message]) this.records.str(s);
    this.end(c.paths);
  }

  /**
   * A commit in parts (raw-commit.ts writes its strings from the object's bytes): `begin`, then
   * the five strings in record order (author name, author email, committer name, committer email,
   * message) through `text` or `utf8`, then `end` with its path ids.
   */
  begin(oid: string, tree: string, parents: readonly string[], committerTime: number, authorTime: number, authorTz: number, committerTz: number): void {
    this.oids.oid(oid);
    this.times.f64(committerTime);
    for (const p of parents) this.parents.oid(p);
    this.ends.u32((this.parentCount += parents.length));
    this.offsets.u32(this.records.len);
    const r = this.records;
    r.oid(tree);
    r.f64(authorTime);
    r.i32(authorTz);
    r.i32(committerTz);
  }

  text(s: string): void {
    this.records.str(s);
  }

  utf8(data: Uint8Array, from: number, to: number): void {
    this.records.utf8(data, from, to);
  }

  end(paths: readonly number[]): void {
    const r = this.records;
    r.u32(paths.length);
    for (const p of paths) r.u32(p);
    this.count++;
  }

  /** The framed block of everything added since the last call; the writer is then empty again. */
  finish(complete: boolean, tips: readonly string[]): Buffer {
    const head = new Writer();
    head.u32(INDEX_MAGIC);
    head.u32(INDEX_VERSION);
    head.u32(0);
    head.u8(complete ? 1 : 0);
    head.u32(tips.length);
    for (const t of tips) head.oid(t);
    head.u32(this.pathCount);
    head.u32(this.paths.len);
    const n = this.count;
    // Record offsets count from the payload start: the records follow the offset table.
    const base = head.len + this.paths.len + 4 + this.oids.len + this.times.len + this.ends.len + this.parents.len + 4 * n - BLOCK_HEAD;
    const count = Buffer.allocUnsafe(4);
    count.writeUInt32LE(n, 0);
    const offsets = this.offsets.bytes();
    for (let i = 0; i < n; i++) offsets.writeUInt32LE(offsets.readUInt32LE(4 * i) + base, 4 * i);
    const out = Buffer.concat([head.bytes(), this.paths.bytes(), count, this.oids.bytes(), this.times.bytes(), this.ends.bytes(), this.parents.bytes(), offsets, this.records.bytes(), Buffer.alloc(4)]);
    const payloadLen = out.length - BLOCK_HEAD - 4;
    out.writeUInt32LE(payloadLen, 8);
    out.writeUInt32LE(zlib.crc32(out.subarray(BLOCK_HEAD, BLOCK_HEAD + payloadLen)) >>> 0, BLOCK_HEAD + payloadLen);
    for (const w of [this.paths, this.oids, this.times, this.ends, this.parents, this.offsets, this.records]) w.len = 0;
    this.pathCount = 0;
    this.parentCount = 0;
    this.count = 0;
    return out;
  }
}

/** The valid blocks' payloads (as [start, end) offsets into `file`) and where the valid prefix ends. */
export function scanBlocks(file: Buffer): { payloads: Array<[number, number]>; validEnd: number } {
  const payloads: Array<[number, number]> = [];
  let pos = 0;
  while (pos + BLOCK_HEAD + 4 <= file.length) {
    if (file.readUInt32LE(pos) !== INDEX_MAGIC || file.readUInt32LE(pos + 4) !== INDEX_VERSION) break;
    const len = file.readUInt32LE(pos + 8);
    const end = pos + BLOCK_HEAD + len;
    if (end + 4 > file.length) break;
    if ((zlib.crc32(file.subarray(pos + BLOCK_HEAD, end)) >>> 0) !== file.readUInt32LE(end)) break;
    payloads.push([pos + BLOCK_HEAD, end]);
    pos = end + 4;
  }
  return { payloads, validEnd: pos };
}
