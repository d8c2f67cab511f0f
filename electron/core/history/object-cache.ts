import { readCommitObject, readTreeObject, type RawCommit, type RawTreeEntry } from '../git/objects';

/** A small least-recently-used map; objects are immutable, so entries never go stale. */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(
    private readonly max: number,
    /** Called with each value pushed out by a newer one. */
    private readonly onEvict?: (value: V) => void,
  ) {}
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  delete(key: K): void {
    this.map.delete(key);
  }
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) {
      const [oldest, value] = this.map.entries().next().value as [K, V];
      this.map.delete(oldest);
      this.onEvict?.(value);
    }
  }
}

/**
 * Parsed commits and trees of one repository, kept across calls: history pages, file history and
 * commit details read the same few trees again and again.
 */
export class ObjectCache {
  private readonly commits = new Lru<string, RawCommit>(4000);
  private readonly trees = new Lru<string, RawTreeEntry[]>(4000);
  constructor(readonly dir: string) {}

  async commit(oid: string): Promise<RawCommit> {
    let c = this.commits.get(oid);
    if (!c) {
      c = await readCommitObject(this.dir, oid);
      this.commits.set(oid, c);
      // An abbreviated or tag oid resolves to the commit's own id; cache under both.
      if (c.oid !== oid) this.commits.set(c.oid, c);
    }
    return c;
  }

  async tree(oid: string): Promise<RawTreeEntry[]> {
    let t = this.trees.get(oid);
    if (!t) {
      t = await readTreeObject(this.dir, oid);
      this.trees.set(oid, t);
    }
    return t;
  }

  /** The entry at `path` (a file, folder or submodule) in a tree, or null. */
  async entryAt(treeOid: string, path: string): Promise<RawTreeEntry | null> {
    let entries = await this.tree(treeOid);
    const parts = path.split('/');
    for (let i = 0; i < parts.length; i++) {
      const entry = entries.find((e) => e.name === parts[i]);
      if (!entry) return null;
      if (i === parts.length - 1) return entry;
      if (entry.type !== 'tree') return null;
      entries = await this.tree(entry.oid);
    }
    return null;
  }
}
