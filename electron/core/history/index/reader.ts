import fs from 'node:fs';
import type { IndexCommit } from './format';
import { scanBlocks } from './format';

/**
 * The index file in memory: fixed fields copied from the blocks' columns into flat arrays, strings
 * decoded only when a commit is shown or searched, parent ids resolved when a walk first asks
 * for them, path names decoded on first use. Commit ids are positions in file order.
 */
export class HistoryIndex {
  /** Committer time per commit id. */
  readonly time: Float64Array;
  /** Where each commit's oid is in `file`. */
  private readonly oidAt: Float64Array;
  /** Where each commit's record (tree, strings, path ids) starts in `file`. */
  private readonly recordAt: Float64Array;
  private readonly parentStart: Int32Array;
  /** Where each parent oid is in `file`. */
  private readonly parentOidAt: Float64Array;
  /** Parent ids: -1 not indexed (e.g. cut off by an unfinished build), -2 not looked up yet. */
  private readonly parentIds: Int32Array;
  /** Open addressing on the oid's first 4 bytes: id + 1, 0 = empty. */
  private readonly table: Int32Array;
  /** The first 4 bytes of the oid whose id is in `table` at the same slot, to skip most full compares. */
  private readonly keys: Uint32Array;
  private readonly mask: number;
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
    // First pass: each block's column start and counts, so the arrays are allocated once.
    const blocks: Array<{ at: number; n: number }> = [];
    let total = 0;
    let totalParents = 0;
    for (const [start] of payloads) {
      let pos = start + 1;
      pos += 4 + 20 * file.readUInt32LE(pos);
      this.pathSections.push({ at: pos + 8, count: file.readUInt32LE(pos) });
      pos += 8 + file.readUInt32LE(pos + 4);
      const n = file.readUInt32LE(pos);
      blocks.push({ at: pos + 4, n });
      total += n;
      if (n > 0) totalParents += file.readUInt32LE(pos + 4 + 28 * n + 4 * (n - 1));
    }
    let size = 1024;
    while (size < total * 2) size *= 2;
    this.table = new Int32Array(size);
    this.keys = new Uint32Array(size);
    this.mask = size - 1;
    this.time = new Float64Array(total);
    this.oidAt = new Float64Array(total);
    this.recordAt = new Float64Array(total);
    this.parentStart = new Int32Array(total + 1);
    this.parentOidAt = new Float64Array(totalParents);
    this.parentIds = new Int32Array(totalParents).fill(-2);
    let parentCount = 0;
    payloads.forEach(([start], b) => {
      const { at, n } = blocks[b]!;
      const timesAt = at + 20 * n;
      const endsAt = timesAt + 8 * n;
      const parentsAt = endsAt + 4 * n;
      const offsetsAt = parentsAt + 20 * (n > 0 ? file.readUInt32LE(endsAt + 4 * (n - 1)) : 0);
      const { table, keys, mask, oidAt: oids, recordAt, time, parentOidAt, parentStart } = this;
      let prevEnd = 0;
      // One tight loop with the hash probe inlined: it runs once per commit while the code is still
      // cold (a fresh process opening the index), where every call costs.
      for (let i = 0; i < n; i++) {
        const oidAt = at + 20 * i;
        const end = file.readUInt32LE(endsAt + 4 * i);
        const firstParent = parentsAt + 20 * prevEnd;
        const np = end - prevEnd;
        prevEnd = end;
        const key = (file[oidAt]! | (file[oidAt + 1]! << 8) | (file[oidAt + 2]! << 16) | (file[oidAt + 3]! << 24)) >>> 0;
        let slot = key & mask;
        let duplicate = false;
        for (let v = table[slot]!; v !== 0; v = table[slot]!) {
          // An interrupted build's commits are never written twice, but a duplicate would only shadow.
          if (keys[slot] === key && file.compare(file, oids[v - 1]! + 4, oids[v - 1]! + 20, oidAt + 4, oidAt + 20) === 0) {
            duplicate = true;
            break;
          }
          slot = (slot + 1) & mask;
        }
        if (duplicate) continue;
        const id = this.count++;
        table[slot] = id + 1;
        keys[slot] = key;
        oids[id] = oidAt;
        recordAt[id] = start + file.readUInt32LE(offsetsAt + 4 * i);
        time[id] = file.readDoubleLE(timesAt + 8 * i);
        for (let k = 0; k < np; k++) parentOidAt[parentCount++] = firstParent + 20 * k;
        parentStart[id + 1] = parentCount;
      }
      const complete = file[start] === 1;
      this.complete = complete;
      if (complete) {
        const nTips = file.readUInt32LE(start + 1);
        this.tips = [];
        for (let k = 0; k < nTips; k++) this.tips.push(file.toString('hex', start + 5 + 20 * k, start + 25 + 20 * k));
        this.closedCount = this.count;
      }
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

  private insert(oidAt: number, id: number): void {
    const key = this.file.readUInt32LE(oidAt);
    let slot = key & this.mask;
    while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
    this.table[slot] = id + 1;
    this.keys[slot] = key;
  }

  /** The id of the oid stored at `buf[at..at+20]`, or -1. */
  private find(buf: Buffer, at: number): number {
    const key = buf.readUInt32LE(at);
    let slot = key & this.mask;
    for (;;) {
      const v = this.table[slot]!;
      if (v === 0) return -1;
      if (this.keys[slot] === key) {
        const oidAt = this.oidAt[v - 1]!;
        if (this.file.compare(buf, at + 4, at + 20, oidAt + 4, oidAt + 20) === 0) return v - 1;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** The id of a commit, or undefined when it is not indexed. */
  idOf(oid: string): number | undefined {
    if (!/^[0-9a-f]{40}$/.test(oid)) return undefined;
    const id = this.find(Buffer.from(oid, 'hex'), 0);
    return id < 0 ? undefined : id;
  }

  oid(id: number): string {
    const at = this.oidAt[id]!;
    return this.file.toString('hex', at, at + 20);
  }

  parentsOf(id: number): Int32Array {
    const from = this.parentStart[id]!;
    const to = this.parentStart[id + 1]!;
    for (let k = from; k < to; k++) if (this.parentIds[k] === -2) this.parentIds[k] = this.find(this.file, this.parentOidAt[k]!);
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
    const at = this.recordAt[id]!;
    return this.file.toString('hex', at, at + 20);
  }

  /** Offsets of the commit's strings and of its path id count. */
  private pathsAt(id: number): { strings: number; paths: number } {
    let pos = this.recordAt[id]! + 36;
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
    const at = this.recordAt[id]!;
    const parents: string[] = [];
    for (let k = this.parentStart[id]!; k < this.parentStart[id + 1]!; k++) {
      const p = this.parentOidAt[k]!;
      parents.push(f.toString('hex', p, p + 20));
    }
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

  /** Flags for every path id at or under `path` (a file or a folder). */
  flagsFor(path: string): Uint8Array {
    const flags = new Uint8Array(this.paths.length);
    const prefix = `${path}/`;
    for (let i = 0; i < this.paths.length; i++) {
      const p = this.paths[i]!;
      if (p === path || p.startsWith(prefix)) flags[i] = 1;
    }
    return flags;
  }
}
