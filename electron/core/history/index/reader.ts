import fs from 'node:fs';
import type { IndexCommit } from './format';
import { scanBlocks } from './format';

/**
 * The index file in memory: fixed fields in flat arrays, strings decoded only when a commit is
 * shown or searched. Commit ids are positions in file order.
 */
export class HistoryIndex {
  /** Committer time per commit id. */
  readonly time: Float64Array;
  readonly paths: string[] = [];
  /** Where each commit's tree oid starts in `file` (its oid is the 20 bytes before); strings and path ids follow. */
  private readonly recordAt: Float64Array;
  private readonly parentStart: Int32Array;
  /** Parent ids (-1: not indexed, e.g. cut off by an unfinished build). */
  private readonly parentIds: Int32Array;
  /** Open addressing on the oid's first 4 bytes: id + 1, 0 = empty. */
  private readonly table: Int32Array;
  private readonly mask: number;
  private count = 0;
  /** Ids below this were in the file when its last complete block ended. */
  closedCount = 0;
  complete = false;
  tips: string[] = [];
  /** Bytes of valid blocks; a longer file has a torn tail. */
  validEnd = 0;
  private lowered: string[] | null = null;

  constructor(readonly file: Buffer) {
    const { payloads, validEnd } = scanBlocks(file);
    this.validEnd = validEnd;
    // First pass: where each block's commits start, so the arrays are allocated once.
    const starts: number[] = [];
    let total = 0;
    for (const [start] of payloads) {
      let pos = start + 1;
      pos += 4 + 20 * file.readUInt32LE(pos);
      const nPaths = file.readUInt32LE(pos);
      pos += 4;
      for (let i = 0; i < nPaths; i++) {
        const len = file.readUInt32LE(pos);
        this.paths.push(file.toString('utf8', pos + 4, pos + 4 + len));
        pos += 4 + len;
      }
      starts.push(pos);
      total += file.readUInt32LE(pos);
    }
    let size = 1024;
    while (size < total * 2) size *= 2;
    this.table = new Int32Array(size);
    this.mask = size - 1;
    this.time = new Float64Array(total);
    this.recordAt = new Float64Array(total);
    this.parentStart = new Int32Array(total + 1);
    const parentAt: number[] = [];
    payloads.forEach(([start], b) => {
      const complete = file[start] === 1;
      let pos = starts[b]!;
      const nCommits = file.readUInt32LE(pos);
      pos += 4;
      for (let i = 0; i < nCommits; i++) {
        const oidAt = pos;
        pos += 40;
        const np = file.readUInt32LE(pos);
        pos += 4;
        const firstParent = pos;
        pos += 20 * np;
        const committerTime = file.readDoubleLE(pos + 12);
        pos += 24;
        for (let k = 0; k < 5; k++) pos += 4 + file.readUInt32LE(pos);
        pos += 4 + 4 * file.readUInt32LE(pos);
        if (this.find(file, oidAt) >= 0) continue;
        const id = this.count++;
        this.recordAt[id] = oidAt + 20;
        this.insert(oidAt, id);
        this.time[id] = committerTime;
        for (let k = 0; k < np; k++) parentAt.push(firstParent + 20 * k);
        this.parentStart[id + 1] = parentAt.length;
      }
      this.complete = complete;
      if (complete) {
        const nTips = file.readUInt32LE(start + 1);
        this.tips = [];
        for (let k = 0; k < nTips; k++) this.tips.push(file.toString('hex', start + 5 + 20 * k, start + 25 + 20 * k));
        this.closedCount = this.count;
      }
    });
    this.parentIds = new Int32Array(parentAt.length);
    for (let k = 0; k < parentAt.length; k++) this.parentIds[k] = this.find(file, parentAt[k]!);
  }

  private insert(oidAt: number, id: number): void {
    let slot = this.file.readUInt32LE(oidAt) & this.mask;
    while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
    this.table[slot] = id + 1;
  }

  /** The id of the oid stored at `buf[at..at+20]`, or -1. */
  private find(buf: Buffer, at: number): number {
    let slot = buf.readUInt32LE(at) & this.mask;
    for (;;) {
      const v = this.table[slot]!;
      if (v === 0) return -1;
      const oidAt = this.recordAt[v - 1]! - 20;
      if (this.file.compare(buf, at, at + 20, oidAt, oidAt + 20) === 0) return v - 1;
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
    const at = this.recordAt[id]! - 20;
    return this.file.toString('hex', at, at + 20);
  }

  parentsOf(id: number): Int32Array {
    return this.parentIds.subarray(this.parentStart[id]!, this.parentStart[id + 1]!);
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

  /** Offset of the commit's path id count. */
  private pathsAt(id: number): { strings: number; paths: number } {
    let pos = this.recordAt[id]! + 20;
    pos += 4 + 20 * this.file.readUInt32LE(pos) + 24;
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
    let pos = at + 20;
    const np = f.readUInt32LE(pos);
    const parents: string[] = [];
    pos += 4;
    for (let k = 0; k < np; k++, pos += 20) parents.push(f.toString('hex', pos, pos + 20));
    const authorTime = f.readDoubleLE(pos);
    const authorTz = f.readInt32LE(pos + 8);
    const committerTime = f.readDoubleLE(pos + 12);
    const committerTz = f.readInt32LE(pos + 20);
    pos += 24;
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
    return { oid: this.oid(id), tree: f.toString('hex', at, at + 20), parents, authorName, authorEmail, authorTime, authorTz, committerName, committerEmail, committerTime, committerTz, message, paths };
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
