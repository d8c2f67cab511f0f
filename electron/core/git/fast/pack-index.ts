import fs from 'node:fs';
import { corrupt } from './types';

const IDX_MAGIC = 0xff744f63; // "\377tOc"

/** Lookups answered by reads at offsets before the whole .idx is loaded (a page needs a few hundred). */
const LAZY_LOOKUPS = 4000;
/**
 * An .idx up to this size is read whole at once: one read of a few MB costs less than the
 * hundreds of small reads a pull's tree walk would make (three syscalls per lookup, and every
 * miss in the older pack is a lookup too). Only big repositories' indexes are read lazily.
 */
const EAGER_BYTES = 8 * 1024 * 1024;
/** Names read per probe around the interpolated position. */
const WINDOW = 64;

/**
 * A pack's .idx, searched through the 256-entry fanout table, then by interpolation (object
 * names are uniformly spread) and binary search. A big repository's .idx is tens of MB, so the
 * first lookups read small windows at offsets (a first history page then costs a few hundred
 * small reads); after LAZY_LOOKUPS the whole file is read once and searched in memory.
 * Supports version 2 (with its 64-bit offset table) and the legacy version 1.
 */
export class PackIndex {
  readonly count: number;
  /** The pack's SHA-1 as recorded in the index trailer; must equal the .pack trailer. */
  readonly packChecksum: Buffer;
  private readonly version: 1 | 2;
  private readonly fanout = new Uint32Array(256);
  private readonly namesAt: number;
  private readonly offsetsAt: number;
  private readonly largeAt: number;
  private readonly largeCount: number;
  private buf: Buffer | null = null;
  private fd = -1;
  private lookups = 0;
  private readonly size: number;

  constructor(source: Buffer | number, readonly file: string) {
    const fail = (why: string): never => {
      throw corrupt(`pack index ${file} ${why}`, { file });
    };
    if (typeof source === 'number') this.fd = source;
    else this.buf = source;
    this.size = this.buf ? this.buf.length : fs.fstatSync(this.fd).size;
    if (this.size < 8 + 1024 + 40) fail('is too short');
    const head = this.bytes(0, 8 + 1024);
    let fanoutAt: number;
    if (head.readUInt32BE(0) === IDX_MAGIC) {
      if (head.readUInt32BE(4) !== 2) fail(`has unsupported version ${head.readUInt32BE(4)}`);
      this.version = 2;
      fanoutAt = 8;
    } else {
      this.version = 1;
      fanoutAt = 0;
    }
    let prev = 0;
    for (let i = 0; i < 256; i++) {
      const n = head.readUInt32BE(fanoutAt + i * 4);
      if (n < prev) fail('has a fanout table that is not sorted');
      this.fanout[i] = prev = n;
    }
    this.count = prev;
    const n = this.count;
    if (this.version === 2) {
      this.namesAt = fanoutAt + 1024;
      this.offsetsAt = this.namesAt + n * 24; // names (20) then CRC32s (4)
      this.largeAt = this.offsetsAt + n * 4;
      this.largeCount = (this.size - 40 - this.largeAt) / 8;
      if (!Number.isInteger(this.largeCount) || this.largeCount < 0 || this.largeCount > n) fail('has the wrong size for its object count');
    } else {
      this.namesAt = fanoutAt + 1024; // entries: 4-byte offset then 20-byte name
      this.offsetsAt = this.namesAt;
      this.largeAt = 0;
      this.largeCount = 0;
      if (this.size !== 1024 + n * 24 + 40) fail('has the wrong size for its object count');
    }
    this.packChecksum = Buffer.from(this.bytes(this.size - 40, 20));
    if (this.size <= EAGER_BYTES) this.loadAll();
  }

  static open(file: string): PackIndex {
    return new PackIndex(fs.openSync(file, 'r'), file);
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }

  /** `len` bytes at `at`: a view of the loaded file, or a fresh read. */
  private bytes(at: number, len: number): Buffer {
    if (this.buf) return this.buf.subarray(at, at + len);
    const out = Buffer.allocUnsafe(len);
    let got = 0;
    while (got < len) {
      const n = fs.readSync(this.fd, out, got, len - got, at + got);
      if (n === 0) throw corrupt(`pack index ${this.file} ends early`, { file: this.file });
      got += n;
    }
    return out;
  }

  private loadAll(): void {
    if (this.buf) return;
    this.buf = this.bytes(0, this.size);
    this.close();
  }

  private get stride(): number {
    return this.version === 2 ? 20 : 24;
  }

  private nameAt(i: number): number {
    return this.version === 2 ? this.namesAt + i * 20 : this.namesAt + i * 24 + 4;
  }

  /** Index position of `oid` (20 raw bytes), or -1. */
  find(oid: Uint8Array): number {
    const first = oid[0]!;
    let lo = first === 0 ? 0 : this.fanout[first - 1]!;
    let hi = this.fanout[first]!;
    if (!this.buf && ++this.lookups > LAZY_LOOKUPS) this.loadAll();
    const key = u32be(oid, 1);
    if (this.buf) {
      // Names are uniform: a window around the interpolated position almost always holds the
      // name, which saves most of the binary search's steps.
      if (hi - lo > 2 * WINDOW) {
        const guess = lo + Math.floor(((hi - lo) * key) / 2 ** 32);
        const from = Math.max(lo, guess - WINDOW / 2);
        const to = Math.min(hi, guess + WINDOW / 2);
        if (compareName(this.buf, this.nameAt(from), oid) > 0) hi = from;
        else if (compareName(this.buf, this.nameAt(to - 1), oid) < 0) lo = to;
        else {
          lo = from;
          hi = to;
        }
      }
      return this.search(this.buf, lo, hi, oid);
    }
    // Interpolate on the next four bytes, read a window there, narrow to one side or search it.
    while (lo < hi) {
      if (hi - lo <= WINDOW) return this.search(this.bytes(this.nameAt(lo), (hi - lo) * this.stride), lo, hi, oid, this.nameAt(lo));
      const guess = lo + Math.floor(((hi - lo) * key) / 2 ** 32);
      const from = Math.max(lo, Math.min(guess - WINDOW / 2, hi - WINDOW));
      const to = from + WINDOW;
      const base = this.nameAt(from);
      const win = this.bytes(base, WINDOW * this.stride);
      if (compareName(win, 0, oid) > 0) hi = from;
      else if (compareName(win, (WINDOW - 1) * this.stride, oid) < 0) lo = to;
      else return this.search(win, from, to, oid, base);
    }
    return -1;
  }

  /** Binary search of the names at positions [lo, hi), read into `buf` from file offset `base`. */
  private search(buf: Buffer, lo: number, hi: number, oid: Uint8Array, base = 0): number {
    // Bytes 1..4 as one number decide almost every step; the rest is compared only on a tie.
    const key = u32be(oid, 1);
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.nameAt(mid) - base;
      const k = u32be(buf, at + 1);
      const cmp = k !== key ? k - key : compareName(buf, at, oid);
      if (cmp === 0) return mid;
      if (cmp < 0) lo = mid + 1;
      else hi = mid;
    }
    return -1;
  }

  private u32(at: number): number {
    // Loaded: read in place (a view per offset was most of an index build's garbage from here).
    const buf = this.buf;
    return buf ? u32be(buf, at) : this.bytes(at, 4).readUInt32BE(0);
  }

  /** Byte offset in the .pack of the object at index position `i`. */
  offsetOf(i: number): number {
    if (this.version === 1) return this.u32(this.namesAt + i * 24);
    const small = this.u32(this.offsetsAt + i * 4);
    if (!(small & 0x80000000)) return small;
    const slot = small & 0x7fffffff;
    if (slot >= this.largeCount) throw corrupt(`pack index ${this.file} points past its 64-bit offset table`, { file: this.file });
    const at = this.largeAt + slot * 8;
    const offset = this.u32(at) * 2 ** 32 + this.u32(at + 4);
    if (!Number.isSafeInteger(offset)) throw corrupt(`pack index ${this.file} has an offset beyond 2^53`, { file: this.file });
    return offset;
  }

  oidAt(i: number): string {
    return this.bytes(this.nameAt(i), 20).toString('hex');
  }
}

const u32be = (b: Uint8Array, at: number): number => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

/** Name at `buf[at..at+20]` compared with `oid` (byte 0 is equal by the fanout). */
function compareName(buf: Uint8Array, at: number, oid: Uint8Array): number {
  for (let k = 1; k < 20; k++) {
    const d = buf[at + k]! - oid[k]!;
    if (d !== 0) return d;
  }
  return 0;
}
