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
  bytes(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}

/** One framed block, ready to append. */
export function encodeBlock(block: Block): Buffer {
  const w = new Writer();
  w.u32(INDEX_MAGIC);
  w.u32(INDEX_VERSION);
  w.u32(0);
  w.u8(block.complete ? 1 : 0);
  w.u32(block.tips.length);
  for (const t of block.tips) w.oid(t);
  w.u32(block.newPaths.length);
  const pathBytesAt = w.len;
  w.u32(0);
  for (const p of block.newPaths) w.str(p);
  w.setU32(pathBytesAt, w.len - pathBytesAt - 4);
  const commits = block.commits;
  w.u32(commits.length);
  for (const c of commits) w.oid(c.oid);
  for (const c of commits) w.f64(c.committerTime);
  let parents = 0;
  for (const c of commits) w.u32((parents += c.parents.length));
  for (const c of commits) for (const p of c.parents) w.oid(p);
  // Records follow the offset table: their offsets are known once the table's size is.
  const records = new Writer();
  const offsets: number[] = [];
  for (const c of commits) {
    offsets.push(records.len);
    records.oid(c.tree);
    records.f64(c.authorTime);
    records.i32(c.authorTz);
    records.i32(c.committerTz);
    records.str(c.authorName);
    records.str(c.authorEmail);
    records.str(c.committerName);
    records.str(c.committerEmail);
    records.str(c.message);
    records.u32(c.paths.length);
    for (const p of c.paths) records.u32(p);
  }
  const base = w.len - BLOCK_HEAD + 4 * commits.length;
  for (const o of offsets) w.u32(base + o);
  const out = Buffer.concat([w.bytes(), records.bytes(), Buffer.alloc(4)]);
  const payloadLen = out.length - BLOCK_HEAD - 4;
  out.writeUInt32LE(payloadLen, 8);
  out.writeUInt32LE(zlib.crc32(out.subarray(BLOCK_HEAD, BLOCK_HEAD + payloadLen)) >>> 0, BLOCK_HEAD + payloadLen);
  return out;
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
