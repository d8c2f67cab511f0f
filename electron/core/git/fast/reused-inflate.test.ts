import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflateReused, inflateReusedInto } from './reused-inflate';
import { pseudoRandomBytes } from './test-fixtures';

const bytes = (seed: number, n: number): Buffer => pseudoRandomBytes(seed, n, 7);

// Pack entries are read with bytes of the next entries after the stream: they must be ignored.
const withTail = (z: Buffer): Buffer => Buffer.concat([z, Buffer.from('PACK-NEXT-ENTRY-BYTES')]);

describe('inflateReused (compared with zlib.inflateSync)', () => {
  it('inflates exact streams of every size, one handle after another', () => {
    for (const n of [0, 1, 37, 226, 257, 258, 259, 5000, 16_384, 16_385, 70_000, 300_000]) {
      for (const level of [0, 1, 9]) {
        const data = bytes(n + level, n);
        const out = inflateReused(withTail(zlib.deflateSync(data, { level })), n);
        expect(out && Buffer.compare(out, data), `${n} bytes, level ${level}`).toBe(0);
      }
    }
  });

  it('returns null for a stream that is cut, damaged, or not of the stated size, and keeps working after', () => {
    const data = bytes(5, 4000);
    const z = zlib.deflateSync(data);
    expect(inflateReused(z.subarray(0, z.length - 6), data.length)).toBeNull();
    const damaged = Buffer.from(z);
    damaged[damaged.length - 2]! ^= 0xff; // the Adler-32 trailer
    expect(inflateReused(damaged, data.length)).toBeNull();
    expect(inflateReused(Buffer.from('not zlib at all'), 10)).toBeNull();
    expect(inflateReused(z, data.length - 1)).toBeNull();
    expect(inflateReused(z, data.length + 1)).toBeNull();
    // Within and beyond the spare room small objects are inflated with (see FAST_ROOM).
    for (const d of [-300, -258, -257, -100, 100, 257, 258, 300]) expect(inflateReused(z, data.length + d), `${d}`).toBeNull();
    const small = bytes(6, 200);
    const zs = zlib.deflateSync(small);
    for (const d of [-200, -199, -1, 1, 57, 58, 59, 300]) expect(inflateReused(zs, small.length + d), `${d}`).toBeNull();
    // Each failure above replaced or reset the handle: a good stream still inflates.
    expect(Buffer.compare(inflateReused(withTail(z), data.length)!, data)).toBe(0);
  });

  it('answers synchronously with no stray error event', async () => {
    const seen: unknown[] = [];
    const onError = (err: unknown): void => void seen.push(err);
    process.on('uncaughtException', onError);
    try {
      expect(inflateReused(Buffer.from([0x78, 0x9c, 0xff, 0xff]), 3)).toBeNull();
      await new Promise((r) => setTimeout(r, 20));
      expect(seen).toEqual([]);
    } finally {
      process.off('uncaughtException', onError);
    }
  });

  it('inflateReusedInto writes at an offset and says how many input bytes the stream took (the pack indexer walks entries by it)', () => {
    for (const n of [0, 1, 300, 70_000]) {
      const data = bytes(n + 11, n);
      const z = zlib.deflateSync(data);
      const input = Buffer.concat([Buffer.from('lead'), z, Buffer.from('PACK-NEXT-ENTRY-BYTES')]);
      const out = Buffer.alloc(10 + n + 1, 0xaa);
      expect(inflateReusedInto(input, 4, input.length, out, 10, n), `${n} bytes`).toBe(z.length);
      expect(Buffer.compare(out.subarray(10, 10 + n), data)).toBe(0);
      expect(out.subarray(0, 10).every((b) => b === 0xaa)).toBe(true);
    }
    const z = zlib.deflateSync(bytes(3, 100));
    expect(inflateReusedInto(z, 0, z.length - 3, Buffer.alloc(101), 0, 100)).toBe(-1);
  });
});
