import zlib from 'node:zlib';

/**
 * One zlib inflate handle reused for every object. `zlib.inflateSync` builds a stream object, a
 * native handle and output buffers on each call: for the few-hundred-byte commits and trees a
 * history walk reads, that set-up costs several times the inflating itself (a third of a first
 * history page). This resets one handle and inflates straight into a buffer of the object's size.
 *
 * It uses the handle behind node's public `zlib.Inflate` (`_handle.writeSync`, `_writeState`), as
 * node's own zlibBufferSync does; if a runtime lacks them it turns itself off. Anything but an
 * exact, complete stream (an error, a short or long object) returns null: the caller then uses
 * `zlib.inflateSync`, which reports the problem precisely.
 */
interface Handle {
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
}
type Engine = zlib.Inflate & { _handle?: Handle | null; _writeState?: Uint32Array };

const Z_FINISH = zlib.constants.Z_FINISH;
let engine: Engine | null = null;
let available = true;

function newEngine(): Engine | null {
  const e = zlib.createInflate() as Engine;
  // A zlib error destroys the stream and emits 'error' on the next tick: the object is retried by
  // inflateSync, so the event only needs a listener (and the engine is replaced).
  e.on('error', () => undefined);
  if (typeof e._handle?.writeSync !== 'function' || !(e._writeState instanceof Uint32Array) || e._writeState.length < 2) {
    available = false;
    e.destroy();
    return null;
  }
  return e;
}

/**
 * zlib decodes with its fast loop (inflate_fast) only while at least 258 bytes of output room are
 * left: an object inflated into exactly its size never gets there. Small objects (commits, trees,
 * deltas of a few hundred bytes) are so inflated into a scratch buffer with that much spare room and
 * copied out, which is cheaper than zlib's byte-at-a-time loop.
 */
const FAST_ROOM = 258;
const SCRATCH_MAX = 16 * 1024;
const scratch = Buffer.allocUnsafe(SCRATCH_MAX + FAST_ROOM);

/** The `size` bytes of the zlib stream at `input[start]` (bytes up to `end` readable), or null (see above). */
export function inflateReused(input: Uint8Array, size: number, start = 0, end = input.length): Buffer | null {
  if (size <= SCRATCH_MAX) {
    if (inflateRoom(input, start, end, scratch, 0, size, FAST_ROOM) < 0) return null;
    const out = Buffer.allocUnsafe(size);
    // TypedArray#set on a plain view: Buffer#copy's argument checks cost more than copying a small object.
    out.set(new Uint8Array(scratch.buffer, scratch.byteOffset, size));
    return out;
  }
  // One byte of room beyond the size: a stream that fills it is longer than its header says.
  const out = Buffer.allocUnsafe(size + 1);
  return inflateReusedInto(input, start, end, out, 0, size) < 0 ? null : out.subarray(0, size);
}

/**
 * Inflates the zlib stream at `input[start]` (bytes up to `end` readable) into `out[outAt…outAt+size)`;
 * `out` must have one spare byte after that. Returns how many input bytes the stream took (the pack
 * indexer walks entries by it), or -1 where inflateReused returns null.
 */
export function inflateReusedInto(input: Uint8Array, start: number, end: number, out: Uint8Array, outAt: number, size: number): number {
  return inflateRoom(input, start, end, out, outAt, size, 1);
}

/** inflateReusedInto with `room` spare bytes after the object in `out` (at least 1). */
function inflateRoom(input: Uint8Array, start: number, end: number, out: Uint8Array, outAt: number, size: number, room: number): number {
  if (!available) return -1;
  if (!engine || engine.destroyed) engine = newEngine();
  const e = engine;
  if (!e) return -1;
  e.reset();
  e._handle!.writeSync(Z_FINISH, input, start, end - start, out, outAt, size + room);
  if (e.destroyed) {
    engine = null;
    return -1;
  }
  // _writeState[0] is the output room left: exactly the spare room when the stream ended at `size`
  // (with Z_FINISH an unfinished stream is an error, which destroyed the engine above);
  // _writeState[1] is the input left after the stream's end.
  return e._writeState![0] === room ? end - start - e._writeState![1]! : -1;
}
