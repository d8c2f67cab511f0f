import { corrupt } from './types';

/**
 * A zlib (RFC 1950/1951) decoder for the small objects that dominate a history walk: commits,
 * trees and deltas of a few hundred bytes. `zlib.inflateSync` builds a stream object and a native
 * handle on every call (~10 µs), several times the cost of decoding such an object; this decoder
 * allocates only the output. Big objects still go to node's zlib (see pack-file.ts).
 * Huffman codes are decoded through a FAST-bit lookup table with a canonical bit-by-bit fallback
 * for longer codes (as in zlib's contrib/puff). The Adler-32 trailer is checked.
 */

/** Thrown when the input ends before the stream does: the caller may retry with more bytes. */
export class NeedMoreInput extends Error {}

const FAST = 9;
const MAX_BITS = 15;

class Huffman {
  /** Symbols per code length, then symbols in canonical order (puff's `count` and `symbol`). */
  readonly count = new Uint16Array(MAX_BITS + 1);
  readonly symbol = new Uint16Array(288);
  /** Indexed by the next `bits` input bits: (symbol << 4) | length, 0 when the code is longer. */
  readonly fast = new Uint16Array(1 << FAST);
  /** Lookup width: FAST, or less when every code is shorter (a small table is cheaper to fill). */
  bits = FAST;
  private readonly offs = new Uint16Array(MAX_BITS + 2);

  /** (Re)builds the code from `n` code lengths; objects are reused so a small stream allocates no tables. */
  build(lengths: Uint8Array, from: number, n: number): this {
    const { count, symbol, fast, offs } = this;
    count.fill(0);
    for (let s = 0; s < n; s++) count[lengths[from + s]!]!++;
    count[0] = 0;
    let left = 1;
    for (let len = 1; len <= MAX_BITS; len++) {
      left = left * 2 - count[len]!;
      if (left < 0) throw corrupt('deflate stream has an over-subscribed code');
    }
    offs[1] = 0;
    for (let len = 1; len <= MAX_BITS; len++) offs[len + 1] = offs[len]! + count[len]!;
    for (let s = 0; s < n; s++) {
      const l = lengths[from + s]!;
      if (l !== 0) symbol[offs[l]!++] = s;
    }
    let longest = MAX_BITS;
    while (longest > 1 && count[longest] === 0) longest--;
    const bits = Math.min(FAST, longest);
    this.bits = bits;
    // Canonical codes, reversed (deflate sends them most significant bit first into an LSB-first stream).
    fast.fill(0, 0, 1 << bits);
    let code = 0;
    let k = 0;
    for (let len = 1; len <= bits; len++) {
      for (let i = 0; i < count[len]!; i++, k++) {
        let rev = 0;
        for (let b = 0; b < len; b++) rev |= ((code >> b) & 1) << (len - 1 - b);
        const entry = (symbol[k]! << 4) | len;
        for (let fill = rev; fill < 1 << bits; fill += 1 << len) fast[fill] = entry;
        code++;
      }
      code <<= 1;
    }
    return this;
  }
}

const LEN_BASE = new Uint16Array([3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]);
const LEN_EXTRA = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]);
const DIST_BASE = new Uint16Array([1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]);
const DIST_EXTRA = new Uint8Array([0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]);
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

let fixed: { lit: Huffman; dist: Huffman } | null = null;
function fixedCodes(): { lit: Huffman; dist: Huffman } {
  if (fixed) return fixed;
  const l = new Uint8Array(288);
  l.fill(8, 0, 144);
  l.fill(9, 144, 256);
  l.fill(7, 256, 280);
  l.fill(8, 280, 288);
  const d = new Uint8Array(30).fill(5);
  return (fixed = { lit: new Huffman().build(l, 0, 288), dist: new Huffman().build(d, 0, 30) });
}

class Bits {
  buf = 0;
  cnt = 0;
  constructor(readonly input: Uint8Array, public pos: number, readonly end: number) {}

  need(n: number): void {
    while (this.cnt < n) {
      if (this.pos >= this.end) throw new NeedMoreInput('deflate stream ends early');
      this.buf |= this.input[this.pos++]! << this.cnt;
      this.cnt += 8;
    }
  }

  take(n: number): number {
    if (n === 0) return 0;
    this.need(n);
    const v = this.buf & ((1 << n) - 1);
    this.buf >>>= n;
    this.cnt -= n;
    return v;
  }

  decode(h: Huffman): number {
    // Top up to the table width when the input has the bits; near the end the slow path reads bit by bit.
    const width = h.bits;
    while (this.cnt < width && this.pos < this.end) {
      this.buf |= this.input[this.pos++]! << this.cnt;
      this.cnt += 8;
    }
    const e = h.fast[this.buf & ((1 << width) - 1)]!;
    if (e !== 0 && (e & 15) <= this.cnt) {
      this.buf >>>= e & 15;
      this.cnt -= e & 15;
      return e >> 4;
    }
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len <= MAX_BITS; len++) {
      code |= this.take(1);
      const c = h.count[len]!;
      if (code - c < first) return h.symbol[index + (code - first)]!;
      index += c;
      first = (first + c) << 1;
      code <<= 1;
    }
    throw corrupt('deflate stream has an invalid code');
  }
}

// Scratch codes for dynamic blocks (decoding is synchronous, so one set serves every call).
const dyn = { cl: new Huffman(), lit: new Huffman(), dist: new Huffman(), lengths: new Uint8Array(320) };

function dynamicCodes(bits: Bits): { lit: Huffman; dist: Huffman } {
  const nlen = bits.take(5) + 257;
  const ndist = bits.take(5) + 1;
  const ncode = bits.take(4) + 4;
  if (nlen > 286 || ndist > 30) throw corrupt('deflate stream has a bad code count');
  const lengths = dyn.lengths;
  lengths.fill(0, 0, 19);
  for (let i = 0; i < ncode; i++) lengths[CL_ORDER[i]!] = bits.take(3);
  const cl = dyn.cl.build(lengths, 0, 19);
  lengths.fill(0, 0, 19);
  for (let i = 0; i < nlen + ndist; ) {
    const sym = bits.decode(cl);
    if (sym < 16) {
      lengths[i++] = sym;
      continue;
    }
    let len = 0;
    let rep: number;
    if (sym === 16) {
      if (i === 0) throw corrupt('deflate stream repeats no length');
      len = lengths[i - 1]!;
      rep = 3 + bits.take(2);
    } else rep = sym === 17 ? 3 + bits.take(3) : 11 + bits.take(7);
    if (i + rep > nlen + ndist) throw corrupt('deflate stream has too many lengths');
    while (rep-- > 0) lengths[i++] = len;
  }
  if (lengths[256] === 0) throw corrupt('deflate stream has no end-of-block code');
  return { lit: dyn.lit.build(lengths, 0, nlen), dist: dyn.dist.build(lengths, nlen, ndist) };
}

/**
 * Inflates the zlib stream at `input[start..end)` into exactly `size` bytes. Throws NeedMoreInput
 * when the input ends first, a corrupt-object error for anything else wrong (size, codes, checksum).
 */
export function inflateZlib(input: Uint8Array, start: number, end: number, size: number): Buffer {
  if (end - start < 2) throw new NeedMoreInput('zlib header is truncated');
  const cmf = input[start]!;
  const flg = input[start + 1]!;
  if ((cmf & 15) !== 8 || (cmf >> 4) > 7 || (cmf * 256 + flg) % 31 !== 0 || flg & 0x20) throw corrupt('not a zlib stream');
  const out = Buffer.allocUnsafe(size);
  let o = 0;
  const bits = new Bits(input, start + 2, end);
  for (let last = 0; !last; ) {
    last = bits.take(1);
    const type = bits.take(2);
    if (type === 0) {
      // Stored block: back to the byte boundary (whole buffered bytes go back to the input).
      bits.pos -= bits.cnt >> 3;
      bits.buf = 0;
      bits.cnt = 0;
      if (bits.pos + 4 > end) throw new NeedMoreInput('stored block header is truncated');
      const len = input[bits.pos]! | (input[bits.pos + 1]! << 8);
      if ((len ^ 0xffff) !== (input[bits.pos + 2]! | (input[bits.pos + 3]! << 8))) throw corrupt('deflate stored block has a bad length');
      bits.pos += 4;
      if (bits.pos + len > end) throw new NeedMoreInput('stored block is truncated');
      if (o + len > size) throw corrupt('object is larger than its header says');
      out.set(input.subarray(bits.pos, bits.pos + len), o);
      o += len;
      bits.pos += len;
      continue;
    }
    if (type === 3) throw corrupt('deflate stream has a reserved block type');
    const { lit, dist } = type === 1 ? fixedCodes() : dynamicCodes(bits);
    for (;;) {
      const sym = bits.decode(lit);
      if (sym < 256) {
        if (o >= size) throw corrupt('object is larger than its header says');
        out[o++] = sym;
      } else if (sym === 256) break;
      else {
        const li = sym - 257;
        if (li >= 29) throw corrupt('deflate stream has a bad length code');
        const len = LEN_BASE[li]! + bits.take(LEN_EXTRA[li]!);
        const di = bits.decode(dist);
        if (di >= 30) throw corrupt('deflate stream has a bad distance code');
        const d = DIST_BASE[di]! + bits.take(DIST_EXTRA[di]!);
        if (d > o) throw corrupt('deflate stream reaches before the object start');
        if (o + len > size) throw corrupt('object is larger than its header says');
        for (let k = 0; k < len; k++, o++) out[o] = out[o - d]!;
      }
    }
  }
  if (o !== size) throw corrupt('object is smaller than its header says');
  // The Adler-32 trailer starts at the next byte boundary: drop the partial byte, not whole ones.
  let pos = bits.pos - (bits.cnt >> 3);
  if (pos + 4 > end) throw new NeedMoreInput('zlib trailer is truncated');
  const want = ((input[pos]! << 24) | (input[pos + 1]! << 16) | (input[pos + 2]! << 8) | input[pos + 3]!) >>> 0;
  pos += 4;
  if (adler32(out) !== want) throw corrupt('object checksum (adler32) does not match');
  return out;
}

function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; ) {
    // 5552 bytes is the most that can be summed before b may pass 2^32 (zlib's NMAX).
    const stop = Math.min(i + 5552, data.length);
    for (; i < stop; i++) {
      a += data[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}
