import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { NeedMoreInput, inflateZlib } from './inflate';
import { pseudoRandomBytes as bytes } from './test-fixtures';

describe('inflateZlib (compared with node zlib)', () => {
  const inputs: Array<[string, Buffer]> = [
    ['empty', Buffer.alloc(0)],
    ['one byte', Buffer.from('x')],
    ['text', Buffer.from('tree 0123456789abcdef\nparent 0123\nauthor A <a@b> 1 +0000\n\nmessage\n'.repeat(40))],
    ['random (stored blocks)', bytes(7, 70_000, 256)],
    ['small alphabet', bytes(3, 30_000, 4)],
    ['long runs', Buffer.concat([Buffer.alloc(5000, 1), bytes(9, 300, 256), Buffer.alloc(40_000, 2)])],
    ['tree-like', Buffer.concat(Array.from({ length: 200 }, (_, i) => Buffer.concat([Buffer.from(`100644 file-${i}.txt\0`), bytes(i + 1, 20, 256)])))],
  ];
  for (const [name, data] of inputs) {
    for (const level of [0, 1, 6, 9]) {
      for (const strategy of [zlib.constants.Z_DEFAULT_STRATEGY, zlib.constants.Z_FIXED, zlib.constants.Z_HUFFMAN_ONLY]) {
        it(`${name}, level ${level}, strategy ${strategy}`, () => {
          const z = zlib.deflateSync(data, { level, strategy });
          // Pack entries are followed by other data: the decoder must stop at the stream's end.
          const padded = Buffer.concat([Buffer.from([1, 2, 3]), z, bytes(5, 50, 256)]);
          expect(inflateZlib(padded, 3, padded.length, data.length).equals(data)).toBe(true);
        });
      }
    }
  }

  it('asks for more input when the stream is cut short, and rejects damage', () => {
    const data = Buffer.from('hello hello hello world '.repeat(50));
    const z = zlib.deflateSync(data);
    expect(() => inflateZlib(z, 0, z.length - 6, data.length)).toThrow(NeedMoreInput);
    expect(() => inflateZlib(z, 0, z.length, data.length + 1)).toThrow(/smaller than its header/);
    expect(() => inflateZlib(z, 0, z.length, data.length - 1)).toThrow(/larger than its header/);
    const badSum = Buffer.from(z);
    badSum[badSum.length - 1]! ^= 1;
    expect(() => inflateZlib(badSum, 0, badSum.length, data.length)).toThrow(/adler32/);
    const badHead = Buffer.from(z);
    badHead[0] = 0x79;
    expect(() => inflateZlib(badHead, 0, badHead.length, data.length)).toThrow(/not a zlib stream/);
  });
});
