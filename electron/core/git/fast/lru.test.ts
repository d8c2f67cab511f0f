import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RecentById } from './lru';

const id = (hex: string): Buffer => Buffer.from(hex.padEnd(40, '0'), 'hex');

describe('RecentById', () => {
  it('answers only for the exact id: ids sharing the 30-bit key, or differing in any later byte, miss', () => {
    const recent = new RecentById<string>(16);
    const a = crypto.randomBytes(20);
    recent.set(a, 'a');
    expect(recent.get(Buffer.from(a))).toBe('a');
    for (let byte = 3; byte < 20; byte++) {
      for (const bit of [0, 1, 7]) {
        if (byte === 3 && bit > 1) continue; // the key's own bits of byte 3
        const b = Buffer.from(a);
        b[byte] = b[byte]! ^ (1 << bit);
        expect(recent.get(b), `byte ${byte} bit ${bit}`).toBeUndefined();
      }
    }
    // Same key, other id: the newer one replaces the older.
    const b = Buffer.from(a);
    b[19] = b[19]! ^ 0xff;
    recent.set(b, 'b');
    expect(recent.get(b)).toBe('b');
    expect(recent.get(a)).toBeUndefined();
  });

  it('keeps the last two generations of `max` ids, a hit in the old one moving it back', () => {
    const recent = new RecentById<number>(2);
    const ids = ['01', '02', '03', '04', '05', '06'].map(id);
    recent.set(ids[0]!, 0);
    recent.set(ids[1]!, 1);
    recent.set(ids[2]!, 2); // young was full: [0, 1] become old
    expect(recent.get(ids[0]!)).toBe(0); // back to young: [2, 0]
    recent.set(ids[3]!, 3); // young full again: [2, 0] old, [1] dropped
    expect(recent.get(ids[1]!)).toBeUndefined();
    expect([recent.get(ids[0]!), recent.get(ids[3]!)]).toEqual([0, 3]);
    recent.clear();
    expect(recent.get(ids[3]!)).toBeUndefined();
  });
});
