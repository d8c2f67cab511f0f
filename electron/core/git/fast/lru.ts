/**
 * A cache bounded by total byte size (like git's core.deltaBaseCacheLimit), so a few huge blobs
 * cannot push it past its budget. Two generations instead of an exact LRU order: new entries go
 * to `young`; when it holds half the budget it becomes `old` and the previous old one is dropped;
 * a hit in `old` moves the entry back to `young`. So whatever was used within the last half
 * budget of insertions stays, and a hit costs one Map lookup (an exact LRU re-inserts on every
 * hit, which was a measurable part of an index build's object reads).
 */
export class ByteLru<V extends { length: number }> {
  private young = new Map<string | number, V>();
  private old = new Map<string | number, V>();
  private youngBytes = 0;
  private oldBytes = 0;

  constructor(private readonly limit: number) {}

  get(key: string | number): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined) return value;
    const aged = this.old.get(key);
    if (aged !== undefined) {
      this.old.delete(key);
      this.oldBytes -= aged.length;
      this.add(key, aged);
    }
    return aged;
  }

  set(key: string | number, value: V): void {
    if (value.length > this.limit / 4) return;
    const prev = this.young.get(key);
    if (prev !== undefined) {
      this.young.delete(key);
      this.youngBytes -= prev.length;
    } else {
      const aged = this.old.get(key);
      if (aged !== undefined) {
        this.old.delete(key);
        this.oldBytes -= aged.length;
      }
    }
    this.add(key, value);
  }

  private add(key: string | number, value: V): void {
    if (this.youngBytes + value.length > this.limit / 2) {
      this.old = this.young;
      this.oldBytes = this.youngBytes;
      this.young = new Map();
      this.youngBytes = 0;
    }
    this.young.set(key, value);
    this.youngBytes += value.length;
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
    this.youngBytes = 0;
    this.oldBytes = 0;
  }

  get size(): number {
    return this.youngBytes + this.oldBytes;
  }
}

interface Recent<V> {
  /** Bytes 3..19 of the id in 24-bit pieces (small integers: no boxed numbers), to confirm a hit. */
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
  value: V;
}

const u24 = (raw: Uint8Array, at: number): number => (raw[at]! << 16) | (raw[at + 1]! << 8) | raw[at + 2]!;

/**
 * The last objects read, by their 20-byte id: a history walk asks for a tree again a few commits
 * later (the next diff's old side), and a hit here skips the pack index search. Bounded by count
 * (two generations of `max`), so it keeps at most that many objects alive beyond the byte cache.
 */
export class RecentById<V> {
  private young = new Map<number, Recent<V>>();
  private old = new Map<number, Recent<V>>();

  constructor(private readonly max: number) {}

  get(raw: Uint8Array): V | undefined {
    const key = keyOf(raw);
    let slot = this.young.get(key);
    if (slot === undefined) {
      slot = this.old.get(key);
      if (slot === undefined || !same(slot, raw)) return undefined;
      this.old.delete(key);
      this.add(key, slot);
      return slot.value;
    }
    return same(slot, raw) ? slot.value : undefined;
  }

  set(raw: Uint8Array, value: V): void {
    const key = keyOf(raw);
    this.old.delete(key);
    this.add(key, { a: ((raw[3]! & 3) << 16) | (raw[4]! << 8) | raw[5]!, b: u24(raw, 6), c: u24(raw, 9), d: u24(raw, 12), e: u24(raw, 15), f: (raw[18]! << 8) | raw[19]!, value });
  }

  private add(key: number, slot: Recent<V>): void {
    if (this.young.size >= this.max && !this.young.has(key)) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, slot);
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
  }
}

/** The id's first 30 bits: a small integer key. */
const keyOf = (raw: Uint8Array): number => (raw[0]! << 22) | (raw[1]! << 14) | (raw[2]! << 6) | (raw[3]! >> 2);

function same<V>(s: Recent<V>, raw: Uint8Array): boolean {
  return s.a === (((raw[3]! & 3) << 16) | (raw[4]! << 8) | raw[5]!) && s.b === u24(raw, 6) && s.c === u24(raw, 9) && s.d === u24(raw, 12) && s.e === u24(raw, 15) && s.f === ((raw[18]! << 8) | raw[19]!);
}
