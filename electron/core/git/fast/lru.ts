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
