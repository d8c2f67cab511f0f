import fs from 'node:fs';
import { corrupt } from './types';

const IDX_MAGIC = 0xff744f63; // "\377tOc"

/**
 * How a big .idx is read (tests lower these to exercise the paged form on small packs):
 * - an .idx up to `eagerBytes` is read whole at once: one read of a few MB costs less than the
 *   hundreds of small reads a pull's tree walk would make;
 * - a bigger one is read in 4 KiB pages as lookups touch them (git mmaps it; this is the same
 *   idea by hand): a first history page reads a few hundred pages, a file's history a few
 *   thousand, never the tens of MB of a big repository's index;
 * - once `pagedShare` of its pages have been read one by one (a file's history, a search) or after
 *   `pagedLookups` lookups (an index build, a full walk), the rest is read in one go: a 4 KiB read
 *   costs ~20 times what the same bytes cost in one big read, so past an eighth of the file the
 *   pages still to come would cost more than reading them all now.
 */
export const packIndexTuning = { eagerBytes: 8 * 1024 * 1024, pagedLookups: 8000, pagedShare: 1 / 8 };
const PAGE_SHIFT = 12;
/** Names read per probe around the interpolated position. */
const WINDOW = 64;

/**
 * A pack's .idx, searched through the 256-entry fanout table, then by interpolation (object
 * names are uniformly spread) and binary search. The file's bytes live in one buffer of its size
 * whose pages are filled on first use (see packIndexTuning). Supports version 2 (with its 64-bit
 * offset table) and the legacy version 1.
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
  /** The whole file; while `pages` is set, only the pages marked there hold its bytes. */
  private buf: Buffer;
  private pages: Uint8Array | null;
  private pagesLeft = 0;
  private fd = -1;
  private lookups = 0;
  private readonly size: number;

  constructor(source: Buffer | number, readonly file: string) {
    const fail = (why: string): never => {
      throw corrupt(`pack index ${file} ${why}`, { file });
    };
    if (typeof source === 'number') {
      this.fd = source;
      this.size = fs.fstatSync(this.fd).size;
      // Not zero-filled: the pages never read are never touched, so they cost no memory.
      this.buf = Buffer.allocUnsafe(this.size);
      this.pages = new Uint8Array((this.size >>> PAGE_SHIFT) + 1);
      this.pagesLeft = this.pages.length;
    } else {
      this.buf = source;
      this.size = source.length;
      this.pages = null;
    }
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
    if (this.size <= packIndexTuning.eagerBytes) this.loadAll();
  }

  static open(file: string): PackIndex {
    return new PackIndex(fs.openSync(file, 'r'), file);
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }

  /** `len` bytes at `at`: a view of the file's buffer, its pages read first where needed. */
  private bytes(at: number, len: number): Buffer {
    this.ensure(at, at + len);
    return this.buf.subarray(at, at + len);
  }

  /** Reads the pages of bytes [from, to) not read yet. */
  private ensure(from: number, to: number): void {
    const pages = this.pages;
    if (!pages) return;
    const last = (to - 1) >>> PAGE_SHIFT;
    for (let p = from >>> PAGE_SHIFT; p <= last; p++) {
      if (pages[p]) continue;
      const start = p << PAGE_SHIFT;
      this.read(start, Math.min(this.size, start + (1 << PAGE_SHIFT)));
      pages[p] = 1;
      if (--this.pagesLeft === 0) return this.done();
      if (pages.length - this.pagesLeft > pages.length * packIndexTuning.pagedShare) return this.loadAll();
    }
  }

  private read(from: number, to: number): void {
    for (let got = from; got < to; ) {
      const n = fs.readSync(this.fd, this.buf, got, to - got, got);
      if (n === 0) throw corrupt(`pack index ${this.file} ends early`, { file: this.file });
      got += n;
    }
  }

  private loadAll(): void {
    if (!this.pages) return;
    if (this.version === 2) {
      // All but the CRC32 table (a seventh of a big index), which nothing here reads: a pack's
      // checks are git's (verify-pack), ours are the object ids and sizes.
      this.read(0, this.namesAt + this.count * 20);
      this.read(this.offsetsAt, this.size);
    } else {
      this.read(0, this.size);
    }
    this.done();
  }

  private done(): void {
    this.pages = null;
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
    if (this.pages && ++this.lookups > packIndexTuning.pagedLookups) this.loadAll();
    const buf = this.buf;
    const key = u32be(oid, 1);
    // Names are uniform: a window around the interpolated position almost always holds the
    // name, which saves most of the binary search's steps (and, paged, most page reads).
    if (hi - lo > 2 * WINDOW) {
      const guess = lo + Math.floor(((hi - lo) * key) / 2 ** 32);
      const from = Math.max(lo, guess - WINDOW / 2);
      const to = Math.min(hi, guess + WINDOW / 2);
      this.ensure(this.nameAt(from), this.nameAt(to - 1) + 20);
      if (compareName(buf, this.nameAt(from), oid) > 0) hi = from;
      else if (compareName(buf, this.nameAt(to - 1), oid) < 0) lo = to;
      else {
        lo = from;
        hi = to;
      }
    }
    // Bytes 1..4 as one number decide almost every step; the rest is compared only on a tie.
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.nameAt(mid);
      if (this.pages) this.ensure(at, at + 20);
      const k = u32be(buf, at + 1);
      const cmp = k !== key ? k - key : compareName(buf, at, oid);
      if (cmp === 0) return mid;
      if (cmp < 0) lo = mid + 1;
      else hi = mid;
    }
    return -1;
  }

  private u32(at: number): number {
    // Read in place (a view per offset was most of an index build's garbage from here).
    if (this.pages) this.ensure(at, at + 4);
    return u32be(this.buf, at);
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
