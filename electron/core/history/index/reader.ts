import fs from 'node:fs';
import os from 'node:os';
import type { IndexCommit } from './format';
import { scanBlocks } from './format';

/** One block's columns: where each starts in the file, and the ids its commits get. */
interface Columns {
  /** The payload start (record offsets count from it). */
  start: number;
  firstId: number;
  n: number;
  oids: number;
  ends: number;
  parents: number;
  offsets: number;
  /** Index of the block's first parent slot in `parentIds`. */
  parentBase: number;
}

/**
 * Oid lookups search the columns until they have scanned this many bytes per indexed commit, then
 * a hash table of every commit is built (its cost is about that of scanning a few hundred bytes
 * per commit). A walk finds each parent a few entries after its child, so even a walk of thousands
 * of commits stays under it; lookups far from their start reach it soon. Tests set it to 0.
 */
export const readerTuning = { scanBytesPerCommit: 200 };
/** What one native search call costs beyond the bytes it scans, counted as bytes. */
const SEARCH_CALL_BYTES = 256;
const LITTLE_ENDIAN = os.endianness() === 'LE';

/**
 * The index file in memory. Loading reads the blocks' headers and copies the committer times;
 * everything else is read from the columns when asked: a commit's oid, parents and record by
 * position, parent ids when a walk first reaches them (a search of the nearby oid columns, where
 * git-log order puts a parent; a hash table once a walk goes long), strings only for shown or
 * searched commits, path names on first use. Commit ids are positions in file order.
 */
export class HistoryIndex {
  /** Committer time per commit id. */
  readonly time: Float64Array;
  private readonly blocks: Columns[] = [];
  /** Block number per commit id. */
  private readonly blockOf: Uint32Array;
  /** Parent ids: -1 not indexed (e.g. cut off by an unfinished build), -2 not looked up yet. */
  private readonly parentIds: Int32Array;
  /** Open addressing on the oid's first 4 bytes: id + 1, 0 = empty; built on demand. */
  private table: Int32Array | null = null;
  /** The first 4 bytes of the oid whose id is in `table` at the same slot, to skip most full compares. */
  private keys: Uint32Array | null = null;
  private mask = 0;
  /** Bytes scanned by column searches so far (see readerTuning). */
  private scanned = 0;
  private count = 0;
  /** Ids below this were in the file when its last complete block ended. */
  closedCount = 0;
  complete = false;
  tips: string[] = [];
  /** Bytes of valid blocks; a longer file has a torn tail. */
  validEnd = 0;
  private lowered: string[] | null = null;
  private pathTable: string[] | null = null;
  /** Each block's new path names: where the first (u32 length, utf8) is in `file`, and how many. */
  private readonly pathSections: Array<{ at: number; count: number }> = [];

  constructor(readonly file: Buffer) {
    const { payloads, validEnd } = scanBlocks(file);
    this.validEnd = validEnd;
    let parentBase = 0;
    for (const [start] of payloads) {
      let pos = start + 1;
      pos += 4 + 20 * file.readUInt32LE(pos);
      this.pathSections.push({ at: pos + 8, count: file.readUInt32LE(pos) });
      pos += 8 + file.readUInt32LE(pos + 4);
      const n = file.readUInt32LE(pos);
      const oids = pos + 4;
      const ends = oids + 28 * n;
      const nParents = n > 0 ? file.readUInt32LE(ends + 4 * (n - 1)) : 0;
      const parents = ends + 4 * n;
      this.blocks.push({ start, firstId: this.count, n, oids, ends, parents, offsets: parents + 20 * nParents, parentBase });
      this.count += n;
      parentBase += nParents;
      if (file[start] === 1) {
        this.complete = true;
        const nTips = file.readUInt32LE(start + 1);
        this.tips = [];
        for (let k = 0; k < nTips; k++) this.tips.push(file.toString('hex', start + 5 + 20 * k, start + 25 + 20 * k));
        this.closedCount = this.count;
      } else this.complete = false;
    }
    this.time = new Float64Array(this.count);
    this.blockOf = new Uint32Array(this.count);
    this.parentIds = new Int32Array(parentBase).fill(-2);
    this.blocks.forEach((b, k) => {
      this.blockOf.fill(k, b.firstId, b.firstId + b.n);
      const times = b.oids + 20 * b.n;
      if (LITTLE_ENDIAN) file.copy(new Uint8Array(this.time.buffer, 8 * b.firstId, 8 * b.n), 0, times, times + 8 * b.n);
      else for (let i = 0; i < b.n; i++) this.time[b.firstId + i] = file.readDoubleLE(times + 8 * i);
    });
  }

  /** Path names by id (decoded on first use: a plain page never needs them). */
  get paths(): string[] {
    if (!this.pathTable) {
      const f = this.file;
      const out: string[] = [];
      for (const { at, count } of this.pathSections) {
        let pos = at;
        for (let i = 0; i < count; i++) {
          const len = f.readUInt32LE(pos);
          out.push(f.toString('utf8', pos + 4, pos + 4 + len));
          pos += 4 + len;
        }
      }
      this.pathTable = out;
    }
    return this.pathTable;
  }

  private oidAt(id: number): number {
    const b = this.blocks[this.blockOf[id]!]!;
    return b.oids + 20 * (id - b.firstId);
  }

  private recordAt(id: number): number {
    const b = this.blocks[this.blockOf[id]!]!;
    return b.start + this.file.readUInt32LE(b.offsets + 4 * (id - b.firstId));
  }

  private buildTable(): void {
    let size = 1024;
    while (size < this.count * 2) size *= 2;
    const table = new Int32Array(size);
    const keys = new Uint32Array(size);
    const mask = size - 1;
    const f = this.file;
    for (let id = 0; id < this.count; id++) {
      const at = this.oidAt(id);
      const key = (f[at]! | (f[at + 1]! << 8) | (f[at + 2]! << 16) | (f[at + 3]! << 24)) >>> 0;
      let slot = key & mask;
      let duplicate = false;
      for (let v = table[slot]!; v !== 0; v = table[slot]!) {
        // Never written twice by the builder; were it, the first copy answers (as a column search does).
        if (keys[slot] === key && f.compare(f, this.oidAt(v - 1) + 4, this.oidAt(v - 1) + 20, at + 4, at + 20) === 0) {
          duplicate = true;
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (duplicate) continue;
      table[slot] = id + 1;
      keys[slot] = key;
    }
    this.table = table;
    this.keys = keys;
    this.mask = mask;
  }

  /**
   * The id of the oid stored at `buf[at..at+20]`, or -1. Before the hash table exists the columns
   * are searched from `after` (a child's id: its parents come later in git-log order) onwards.
   */
  private find(buf: Buffer, at: number, after = -1): number {
    if (!this.table && this.scanned >= readerTuning.scanBytesPerCommit * this.count) this.buildTable();
    const table = this.table;
    if (!table) {
      const needle = buf.subarray(at, at + 20);
      const near = after < 0 ? 0 : this.blockOf[after]!;
      const from = after < 0 ? 0 : after + 1 - this.blocks[near]!.firstId;
      const blocks = this.blocks.length;
      for (let k = 0; k <= blocks; k++) {
        const b = this.blocks[(near + k) % blocks];
        if (!b) break;
        // The near block is searched from the child on first, and (k === blocks) from its start last.
        const id = this.searchColumn(b, needle, k === 0 ? from : 0, k === blocks ? from : b.n);
        if (id >= 0) return id;
      }
      return -1;
    }
    const key = (buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16) | (buf[at + 3]! << 24)) >>> 0;
    let slot = key & this.mask;
    for (;;) {
      const v = table[slot]!;
      if (v === 0) return -1;
      if (this.keys![slot] === key) {
        const oidAt = this.oidAt(v - 1);
        if (this.file.compare(buf, at + 4, at + 20, oidAt + 4, oidAt + 20) === 0) return v - 1;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** A native search of one block's oid column, entries [from, to) (only hits at a 20-byte boundary count). */
  private searchColumn(b: Columns, needle: Buffer, from: number, to: number): number {
    if (from >= to) return -1;
    const column = this.file.subarray(b.oids + 20 * from, b.oids + 20 * to);
    for (let pos = 0; ; ) {
      const hit = column.indexOf(needle, pos);
      this.scanned += SEARCH_CALL_BYTES + (hit < 0 ? column.length - pos : hit + 20 - pos);
      if (hit < 0) return -1;
      if (hit % 20 === 0) return b.firstId + from + hit / 20;
      pos = hit + 1;
    }
  }

  /** The id of a commit, or undefined when it is not indexed. */
  idOf(oid: string): number | undefined {
    if (!/^[0-9a-f]{40}$/.test(oid)) return undefined;
    const id = this.find(Buffer.from(oid, 'hex'), 0);
    return id < 0 ? undefined : id;
  }

  oid(id: number): string {
    const at = this.oidAt(id);
    return this.file.toString('hex', at, at + 20);
  }

  /** Where the commit's parents are: slots in `parentIds`, and the first parent oid in `file`. */
  private parentRange(id: number): { from: number; to: number; oids: number } {
    const block = this.blockOf[id]!;
    const b = this.blocks[block]!;
    const i = id - b.firstId;
    const from = i === 0 ? 0 : this.file.readUInt32LE(b.ends + 4 * (i - 1));
    const to = this.file.readUInt32LE(b.ends + 4 * i);
    return { from: b.parentBase + from, to: b.parentBase + to, oids: b.parents + 20 * from };
  }

  parentsOf(id: number): Int32Array {
    const { from, to, oids } = this.parentRange(id);
    for (let k = from; k < to; k++) {
      // In git-log order a parent comes soon after its child: the search starts there.
      if (this.parentIds[k] === -2) this.parentIds[k] = this.find(this.file, oids + 20 * (k - from), id);
    }
    return this.parentIds.subarray(from, to);
  }

  static load(filePath: string): HistoryIndex {
    let file: Buffer;
    try {
      file = fs.readFileSync(filePath);
    } catch {
      file = Buffer.alloc(0);
    }
    return new HistoryIndex(file);
  }

  get size(): number {
    return this.count;
  }

  tree(id: number): string {
    const at = this.recordAt(id);
    return this.file.toString('hex', at, at + 20);
  }

  /** Offsets of the commit's strings and of its path id count. */
  private pathsAt(id: number): { strings: number; paths: number } {
    let pos = this.recordAt(id) + 36;
    const strings = pos;
    for (let k = 0; k < 5; k++) pos += 4 + this.file.readUInt32LE(pos);
    return { strings, paths: pos };
  }

  /** The commit's changed paths as ids into `paths`, without decoding its strings. */
  pathIds(id: number): Uint32Array {
    const at = this.pathsAt(id).paths;
    const n = this.file.readUInt32LE(at);
    const out = new Uint32Array(n);
    for (let k = 0; k < n; k++) out[k] = this.file.readUInt32LE(at + 4 + 4 * k);
    return out;
  }

  /** True when one of the commit's changed paths has `flags[pathId]` set. */
  touches(id: number, flags: Uint8Array): boolean {
    const at = this.pathsAt(id).paths;
    const n = this.file.readUInt32LE(at);
    for (let k = 0; k < n; k++) if (flags[this.file.readUInt32LE(at + 4 + 4 * k)] === 1) return true;
    return false;
  }

  /** The full record, strings decoded. */
  record(id: number): IndexCommit {
    const f = this.file;
    const at = this.recordAt(id);
    const parents: string[] = [];
    const range = this.parentRange(id);
    for (let k = 0; k < range.to - range.from; k++) parents.push(f.toString('hex', range.oids + 20 * k, range.oids + 20 * k + 20));
    const authorTime = f.readDoubleLE(at + 20);
    const authorTz = f.readInt32LE(at + 28);
    const committerTz = f.readInt32LE(at + 32);
    let pos = at + 36;
    const str = (): string => {
      const len = f.readUInt32LE(pos);
      const s = f.toString('utf8', pos + 4, pos + 4 + len);
      pos += 4 + len;
      return s;
    };
    const authorName = str();
    const authorEmail = str();
    const committerName = str();
    const committerEmail = str();
    const message = str();
    const n = f.readUInt32LE(pos);
    const paths: number[] = [];
    for (let k = 0; k < n; k++) paths.push(f.readUInt32LE(pos + 4 + 4 * k));
    return { oid: this.oid(id), tree: this.tree(id), parents, authorName, authorEmail, authorTime, authorTz, committerName, committerEmail, committerTime: this.time[id]!, committerTz, message, paths };
  }

  /** `matchesSearch` of commit-info.ts: message or `Name <email>` contains the lower-cased needle. */
  matches(id: number, needleLower: string): boolean {
    if (!this.lowered) this.lowered = new Array<string>(this.size);
    let text = this.lowered[id];
    if (text === undefined) {
      const f = this.file;
      let pos = this.pathsAt(id).strings;
      const str = (): string => {
        const len = f.readUInt32LE(pos);
        const s = f.toString('utf8', pos + 4, pos + 4 + len);
        pos += 4 + len;
        return s;
      };
      const name = str();
      const email = str();
      str();
      str();
      // A NUL cannot occur in either part, so one string serves both searches.
      text = this.lowered[id] = `${str().toLowerCase()}\0${`${name} <${email}>`.toLowerCase()}`;
    }
    return text.includes(needleLower);
  }

  /** Flags for every path id at or under `path` (a file or a folder), by comparing the stored bytes (no names decoded). */
  flagsFor(path: string): Uint8Array {
    const f = this.file;
    const needle = Buffer.from(path, 'utf8');
    const len = needle.length;
    const first = needle[0];
    let total = 0;
    for (const section of this.pathSections) total += section.count;
    const flags = new Uint8Array(total);
    let id = 0;
    for (const { at, count } of this.pathSections) {
      let pos = at;
      for (let i = 0; i < count; i++, id++) {
        const n = f.readUInt32LE(pos);
        const name = pos + 4;
        pos = name + n;
        if (n < len || f[name] !== first || (n > len && f[name + len] !== 0x2f)) continue;
        if (f.compare(needle, 0, len, name, name + len) === 0) flags[id] = 1;
      }
    }
    return flags;
  }
}
