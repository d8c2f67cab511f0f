import { corrupt } from './types';

/** Where the last readSize stopped: a second result without an array per call (and no destructuring, slow in cold code). */
let sizeEnd = 0;

function readSize(delta: Buffer, pos: number): number {
  let size = 0;
  let shift = 0;
  let byte: number;
  do {
    if (pos >= delta.length) throw corrupt('delta header is truncated');
    byte = delta[pos++]!;
    size += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  sizeEnd = pos;
  return size;
}

/**
 * Up to this many bytes are copied by a loop (longer runs by TypedArray#set on a plain view, which
 * skips Buffer#copy's argument checks): tree deltas are mostly copies and inserts of a few
 * dozen bytes (an entry or two), where Buffer#copy's call into native code cost more than the copy.
 */
const SMALL_COPY = 64;

/**
 * Applies a git delta (gitformat-pack "Deltified representation") to its base object. The result
 * is preceded, in the same allocation, by `headroom` bytes the caller may use (the pack indexer
 * writes the object header there, so one hash call covers header and data).
 */
export function applyDelta(base: Buffer, delta: Buffer, headroom = 0): Buffer {
  const srcSize = readSize(delta, 0);
  if (srcSize !== base.length) throw corrupt('delta base size does not match', { expected: srcSize, actual: base.length });
  const dstSize = readSize(delta, sizeEnd);
  let pos = sizeEnd;
  // Each instruction of at least 2 bytes yields at most 16 MiB: a bigger claim is a damaged delta.
  if (dstSize > (delta.length - pos) * 2 ** 23) throw corrupt('delta result size is impossible', { size: dstSize });
  const out = headroom > 0 ? Buffer.allocUnsafe(headroom + dstSize).subarray(headroom) : Buffer.allocUnsafe(dstSize);
  let outPos = 0;
  while (pos < delta.length) {
    const op = delta[pos++]!;
    if (op & 0x80) {
      let offset = 0;
      let size = 0;
      if (op & 0x01) offset |= delta[pos++]!;
      if (op & 0x02) offset |= delta[pos++]! << 8;
      if (op & 0x04) offset |= delta[pos++]! << 16;
      if (op & 0x08) offset = offset + delta[pos++]! * 0x1000000;
      if (op & 0x10) size |= delta[pos++]!;
      if (op & 0x20) size |= delta[pos++]! << 8;
      if (op & 0x40) size |= delta[pos++]! << 16;
      if (size === 0) size = 0x10000;
      offset >>>= 0;
      if (pos > delta.length || offset + size > base.length || outPos + size > dstSize) {
        throw corrupt('delta copy instruction is out of bounds');
      }
      if (size <= SMALL_COPY) for (let k = 0; k < size; k++) out[outPos + k] = base[offset + k]!;
      else out.set(new Uint8Array(base.buffer, base.byteOffset + offset, size), outPos);
      outPos += size;
    } else if (op > 0) {
      if (pos + op > delta.length || outPos + op > dstSize) throw corrupt('delta insert instruction is out of bounds');
      if (op <= SMALL_COPY) for (let k = 0; k < op; k++) out[outPos + k] = delta[pos + k]!;
      else out.set(new Uint8Array(delta.buffer, delta.byteOffset + pos, op), outPos);
      pos += op;
      outPos += op;
    } else {
      throw corrupt('delta has a reserved instruction (0)');
    }
  }
  if (outPos !== dstSize) throw corrupt('delta result has the wrong size', { expected: dstSize, actual: outPos });
  return out;
}
