import fs from 'node:fs';
import { corrupt } from './types';

const IDX_MAGIC = 0xff744f63; // "\377tOc"

/**
 * A pack's .idx, held in memory (it is small next to the pack: ~28 bytes per object) and searched
 * through the 256-entry fanout table, then by binary search over the sorted object names.
 * Supports version 2 (with its 64-bit offset table) and the legacy version 1.
 */
export class PackIndex {
  readonly count: number;
  /** The pack's SHA-1 as recorded in the index trailer; must equal the .pack trailer. */
  readonly packChecksum: Buffer;
  private readonly version: 1 | 2;
  private readonly fanoutAt: number;
  private readonly namesAt: number;
  private readonly offsetsAt: number;
  private readonly largeAt: number;
  private readonly largeCount: number;

  constructor(private readonly buf: Buffer, readonly file: string) {
    const fail = (why: string): never => {
      throw corrupt(`pack index ${file} ${why}`, { file });
    };
    if (buf.length < 8 + 1024 + 40) fail('is too short');
    if (buf.readUInt32BE(0) === IDX_MAGIC) {
      if (buf.readUInt32BE(4) !== 2) fail(`has unsupported version ${buf.readUInt32BE(4)}`);
      this.version = 2;
      this.fanoutAt = 8;
    } else {
      this.version = 1;
      this.fanoutAt = 0;
    }
    let prev = 0;
    for (let i = 0; i < 256; i++) {
      const n = buf.readUInt32BE(this.fanoutAt + i * 4);
      if (n < prev) fail('has a fanout table that is not sorted');
      prev = n;
    }
    this.count = prev;
    const n = this.count;
    if (this.version === 2) {
      this.namesAt = this.fanoutAt + 1024;
      this.offsetsAt = this.namesAt + n * 24; // names (20) then CRC32s (4)
      this.largeAt = this.offsetsAt + n * 4;
      this.largeCount = (buf.length - 40 - this.largeAt) / 8;
      if (!Number.isInteger(this.largeCount) || this.largeCount < 0 || this.largeCount > n) fail('has the wrong size for its object count');
    } else {
      this.namesAt = this.fanoutAt + 1024; // entries: 4-byte offset then 20-byte name
      this.offsetsAt = this.namesAt;
      this.largeAt = 0;
      this.largeCount = 0;
      if (buf.length !== 1024 + n * 24 + 40) fail('has the wrong size for its object count');
    }
    this.packChecksum = buf.subarray(buf.length - 40, buf.length - 20);
  }

  static open(file: string): PackIndex {
    return new PackIndex(fs.readFileSync(file), file);
  }

  private nameAt(i: number): number {
    return this.version === 2 ? this.namesAt + i * 20 : this.namesAt + i * 24 + 4;
  }

  /** Index position of `oid` (20 raw bytes), or -1. */
  find(oid: Buffer): number {
    const first = oid[0]!;
    let lo = first === 0 ? 0 : this.buf.readUInt32BE(this.fanoutAt + (first - 1) * 4);
    let hi = this.buf.readUInt32BE(this.fanoutAt + first * 4);
    const buf = this.buf;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.nameAt(mid);
      let cmp = 0;
      for (let k = 1; k < 20; k++) {
        const d = buf[at + k]! - oid[k]!;
        if (d !== 0) {
          cmp = d;
          break;
        }
      }
      if (cmp === 0) return mid;
      if (cmp < 0) lo = mid + 1;
      else hi = mid;
    }
    return -1;
  }

  /** Byte offset in the .pack of the object at index position `i`. */
  offsetOf(i: number): number {
    if (this.version === 1) return this.buf.readUInt32BE(this.namesAt + i * 24);
    const small = this.buf.readUInt32BE(this.offsetsAt + i * 4);
    if (!(small & 0x80000000)) return small;
    const slot = small & 0x7fffffff;
    if (slot >= this.largeCount) throw corrupt(`pack index ${this.file} points past its 64-bit offset table`, { file: this.file });
    const at = this.largeAt + slot * 8;
    const offset = this.buf.readUInt32BE(at) * 2 ** 32 + this.buf.readUInt32BE(at + 4);
    if (!Number.isSafeInteger(offset)) throw corrupt(`pack index ${this.file} has an offset beyond 2^53`, { file: this.file });
    return offset;
  }

  oidAt(i: number): string {
    const at = this.nameAt(i);
    return this.buf.toString('hex', at, at + 20);
  }
}
