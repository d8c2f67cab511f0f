/**
 * A least-recently-used map bounded by total byte size (like git's core.deltaBaseCacheLimit),
 * so a few huge blobs cannot push the cache past its budget. Map keeps insertion order, so the
 * first key is always the oldest.
 */
export class ByteLru<V extends { length: number }> {
  private readonly map = new Map<string | number, V>();
  private bytes = 0;

  constructor(private readonly limit: number) {}

  get(key: string | number): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: string | number, value: V): void {
    if (value.length > this.limit / 4) return;
    const old = this.map.get(key);
    if (old !== undefined) {
      this.bytes -= old.length;
      this.map.delete(key);
    }
    this.map.set(key, value);
    this.bytes += value.length;
    if (this.bytes <= this.limit) return;
    // Evict down to 90% in one pass: a Map iterator starts by skipping every entry deleted since the
    // table was last compacted, so evicting one entry per insert costs O(entries) each time.
    const target = this.limit * 0.9;
    for (const [k, v] of this.map) {
      if (this.bytes <= target) break;
      this.map.delete(k);
      this.bytes -= v.length;
    }
  }

  clear(): void {
    this.map.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.bytes;
  }
}
