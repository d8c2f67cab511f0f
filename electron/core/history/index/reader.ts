import fs from 'node:fs';
import type { IndexCommit } from './format';
import { type Block, BlockFile } from './blocks';

export { IndexDamaged } from './blocks';

/**
 * Oid lookups search the columns until they have scanned this many bytes per indexed commit, then
 * a hash table of every commit is built (its cost is about that of scanning a few hundred bytes
 * per commit). A walk finds each parent a few entries after its child, so even a walk of thousands
 * of commits stays under it; lookups far from their start reach it soon. Tests set it to 0.
 */
export const readerTuning = { scanBytesPerCommit: 200 };
/** What one native search call costs beyond the bytes it scans, counted as bytes. */
const SEARCH_CALL_BYTES = 256;

/**
 * The index file. `open` (readers) reads a block only when one of its commits is asked for;
 * `load` (the builder) reads and checks the whole file. Everything is read from the columns when
 * asked: a commit's oid, parents and record by position, parent ids when a walk first reaches
 * them (a search of the nearby oid columns, where git-log order puts a parent; a hash table once
 * a walk goes long), strings only for shown or searched commits, path names one by one when
 * shown. Commit ids are positions in file order.
 */
export class HistoryIndex {
  private readonly store: BlockFile;
  /** Open addressing on the oid's first 4 bytes: id + 1, 0 = empty; built on demand. */
  private table: Int32Array | null = null;
  /** The first 4 bytes of the oid whose id is in `table` at the same slot, to skip most full compares. */
  private keys: Uint32Array | null = null;
  private mask = 0;
  /** Bytes scanned by column searches so far (see readerTuning). */
  private scanned = 0;
  private lowered: string[] | null = null;
  private pathTable: string[] | null = null;
  /** Names decoded one by one (pathName), and per block the offset of each of its names. */
  private readonly names = new Map<number, string>();
  private readonly nameOffsets: Array<Uint32Array | undefined> = [];
  /** Index of the first path id of each block's path section (prefix sums). */
  private pathFirst: Uint32Array | null = null;

  constructor(source: Buffer | BlockFile) {
    this.store = source instanceof BlockFile ? source : BlockFile.whole(source);
  }

  /** Reads and checks the whole file (the builder appends after its valid prefix). */
  static load(filePath: string): HistoryIndex {
    let file: Buffer;
    try {
      file = fs.readFileSync(filePath);
    } catch {
      file = Buffer.alloc(0);
    }
    return new HistoryIndex(file);
  }

  /** Opens the file for reading on demand (keeps a descriptor: `close` it when replaced). */
  static open(filePath: string): HistoryIndex {
    return new HistoryIndex(BlockFile.lazy(filePath));
  }

  close(): void {
    this.store.close();
  }

  /** The file's bytes (blocks not loaded yet are not filled in). */
  get file(): Buffer {
    return this.store.buf;
  }

  /** Committer time per commit id. */
  get time(): Float64Array {
    return this.store.time;
  }

  get complete(): boolean {
    return this.store.complete;
  }

  get tips(): string[] {
    return this.store.tips;
  }

  /** Ids below this were in the file when its last complete block ended. */
  get closedCount(): number {
    return this.store.closedCount;
  }

  /** Bytes of valid blocks; a longer file has a torn tail. */
  get validEnd(): number {
    return this.store.validEnd;
  }

  get size(): number {
    return this.store.count;
  }

  /** Blocks read into memory so far (a first page reads one or two). */
  get blocksRead(): number {
    return this.store.loadedCount;
  }

  /** The loaded block holding commit `id`. */
  private blockFor(id: number): Block {
    const k = this.store.blockOf[id]!;
    this.store.load(k);
    return this.store.blocks[k]!;
  }

  /** Every path name by id (the builder, tests; a page asks `pathName` for the few it shows). */
  get paths(): string[] {
    if (!this.pathTable) {
      this.store.loadAll();
      const f = this.file;
      const out: string[] = [];
      for (const { pathsAt, pathCount } of this.store.blocks) {
        let pos = pathsAt;
        for (let i = 0; i < pathCount; i++) {
          const len = f.readUInt32LE(pos);
          out.push(f.toString('utf8', pos + 4, pos + 4 + len));
          pos += 4 + len;
        }
      }
      this.pathTable = out;
    }
    return this.pathTable;
  }

  /** One path name by id: reads only the block that introduced it. */
  pathName(pid: number): string {
    if (this.pathTable) return this.pathTable[pid]!;
    let name = this.names.get(pid);
    if (name !== undefined) return name;
    const blocks = this.store.blocks;
    if (!this.pathFirst) {
      this.pathFirst = new Uint32Array(blocks.length + 1);
      blocks.forEach((b, k) => (this.pathFirst![k + 1] = this.pathFirst![k]! + b.pathCount));
    }
    const first = this.pathFirst;
    // The block whose section holds `pid`: the last with first[k] <= pid.
    let lo = 0;
    let hi = blocks.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (first[mid]! <= pid) lo = mid;
      else hi = mid;
    }
    if (pid >= first[blocks.length]!) throw new RangeError(`path id ${pid} is not in the index`);
    this.store.load(lo);
    const f = this.file;
    let offsets = this.nameOffsets[lo];
    if (!offsets) {
      const b = blocks[lo]!;
      offsets = this.nameOffsets[lo] = new Uint32Array(b.pathCount);
      for (let i = 0, pos = b.pathsAt; i < b.pathCount; i++) {
        offsets[i] = pos;
        pos += 4 + f.readUInt32LE(pos);
      }
    }
    const at = offsets[pid - first[lo]!]!;
    name = f.toString('utf8', at + 4, at + 4 + f.readUInt32LE(at));
    this.names.set(pid, name);
    return name;
  }

  private oidAt(id: number): number {
    const b = this.blockFor(id);
    return b.oids + 20 * (id - b.firstId);
  }

  private recordAt(id: number): number {
    const b = this.blockFor(id);
    return b.start + this.file.readUInt32LE(b.offsets + 4 * (id - b.firstId));
  }

  private buildTable(): void {
    this.store.loadAll();
    let size = 1024;
    while (size < this.size * 2) size *= 2;
    const table = new Int32Array(size);
    const keys = new Uint32Array(size);
    const mask = size - 1;
    const f = this.file;
    for (let id = 0; id < this.size; id++) {
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
   * are searched, blocks in memory before those still on disk: from `after` (a child's id: in
   * git-log order its parents come soon after it, in the same block, the next one (a first build)
   * or an earlier one (an append)) outwards; without a child, the last block first (an append puts
   * the newest commits there) and then from the first (a first build starts with the newest).
   */
  private find(buf: Buffer, at: number, after = -1): number {
    if (!this.table && this.scanned >= readerTuning.scanBytesPerCommit * this.size) this.buildTable();
    const table = this.table;
    if (!table) {
      const blocks = this.store.blocks;
      const count = blocks.length;
      if (count === 0) return -1;
      const needle = Buffer.from(buf.subarray(at, at + 20));
      const near = after < 0 ? count - 1 : this.store.blockOf[after]!;
      const from = after < 0 ? 0 : after + 1 - blocks[near]!.firstId;
      let id = this.searchColumn(near, needle, from, blocks[near]!.n);
      if (id >= 0) return id;
      const order: number[] = [];
      if (after < 0) for (let k = 0; k < near; k++) order.push(k);
      else {
        for (let d = 1; d < count; d++) {
          if (near + d < count) order.push(near + d);
          if (near - d >= 0) order.push(near - d);
        }
      }
      for (const inMemory of [true, false]) {
        for (const k of order) {
          if (this.store.isLoaded(k) !== inMemory) continue;
          if ((id = this.searchColumn(k, needle, 0, blocks[k]!.n)) >= 0) return id;
        }
      }
      return this.searchColumn(near, needle, 0, from);
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

  /** A native search of block `k`'s oid column, entries [from, to) (only hits at a 20-byte boundary count). */
  private searchColumn(k: number, needle: Buffer, from: number, to: number): number {
    if (from >= to) return -1;
    this.store.load(k);
    const b = this.store.blocks[k]!;
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

  /** Where the commit's parents are: slots in its block's `parentIds`, and the first parent oid in `file`. */
  private parentRange(id: number): { b: Block; from: number; to: number; oids: number } {
    const b = this.blockFor(id);
    const i = id - b.firstId;
    const from = i === 0 ? 0 : this.file.readUInt32LE(b.ends + 4 * (i - 1));
    const to = this.file.readUInt32LE(b.ends + 4 * i);
    return { b, from, to, oids: b.parents + 20 * from };
  }

  parentsOf(id: number): Int32Array {
    const { b, from, to, oids } = this.parentRange(id);
    const ids = b.parentIds!;
    for (let k = from; k < to; k++) {
      // In git-log order a parent comes soon after its child: the search starts there.
      if (ids[k] === -2) ids[k] = this.find(this.file, oids + 20 * (k - from), id);
    }
    return ids.subarray(from, to);
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
    this.store.loadAll();
    let total = 0;
    for (const b of this.store.blocks) total += b.pathCount;
    const flags = new Uint8Array(total);
    let id = 0;
    for (const { pathsAt, pathCount } of this.store.blocks) {
      let pos = pathsAt;
      for (let i = 0; i < pathCount; i++, id++) {
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
