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
    for (const [k, v] of this.map) {
      if (this.bytes <= this.limit) break;
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
