import type { TreeChange } from './tree-diff';

/** A change after rename pairing: a rename carries both sides in one entry. */
export interface PairedChange extends TreeChange {
  oldPath?: string;
}

export interface RenameOptions {
  /** Reads a blob's bytes (only called for inexact candidates). */
  read: (oid: string) => Promise<Uint8Array>;
  /** Skip inexact detection when sources × targets exceed this (git's diff.renameLimit idea). */
  maxPairs?: number;
  /** Blobs bigger than this are not compared for similarity. */
  maxBytes?: number;
}

const MIN_SCORE = 0.5;

const isFile = (mode: string | null): boolean => mode === '100644' || mode === '100755';

/**
 * git's rename detection (diffcore-rename.c) in spirit: exact renames (same blob) first, then
 * pairs of at least 50% similar content, best scores first, each file used once. Similarity is
 * git's measure: bytes in common chunks (lines, or 64-byte pieces of long lines) over the larger size.
 */
export async function pairRenames(changes: TreeChange[], options: RenameOptions): Promise<PairedChange[]> {
  const deleted = changes.filter((c) => c.newOid === null && c.oldOid !== null && isFile(c.oldMode));
  const added = changes.filter((c) => c.oldOid === null && c.newOid !== null && isFile(c.newMode));
  if (deleted.length === 0 || added.length === 0) return changes;

  const pairs = new Map<TreeChange, TreeChange>(); // added → deleted
  const used = new Set<TreeChange>();
  for (const a of added) {
    const same = deleted.filter((d) => !used.has(d) && d.oldOid === a.newOid);
    // Several identical sources: prefer the one with the same file name, like git.
    const pick = same.find((d) => baseName(d.path) === baseName(a.path)) ?? same[0];
    if (pick) {
      pairs.set(a, pick);
      used.add(pick);
    }
  }

  const srcs = deleted.filter((d) => !used.has(d));
  const dsts = added.filter((a) => !pairs.has(a));
  if (srcs.length > 0 && dsts.length > 0 && srcs.length * dsts.length <= (options.maxPairs ?? 10_000)) {
    const maxBytes = options.maxBytes ?? 1024 * 1024;
    const sigs = new Map<TreeChange, Signature | null>();
    const sig = async (c: TreeChange, oid: string): Promise<Signature | null> => {
      if (!sigs.has(c)) {
        const bytes = await options.read(oid);
        sigs.set(c, bytes.length > maxBytes ? null : signature(bytes));
      }
      return sigs.get(c)!;
    };
    const scored: Array<{ score: number; src: TreeChange; dst: TreeChange }> = [];
    for (const dst of dsts) {
      const d = await sig(dst, dst.newOid!);
      if (!d) continue;
      for (const src of srcs) {
        const s = await sig(src, src.oldOid!);
        if (!s) continue;
        const score = similarity(s, d);
        if (score >= MIN_SCORE) scored.push({ score, src, dst });
      }
    }
    scored.sort((x, y) => y.score - x.score);
    for (const { src, dst } of scored) {
      if (used.has(src) || pairs.has(dst)) continue;
      pairs.set(dst, src);
      used.add(src);
    }
  }

  const out: PairedChange[] = [];
  for (const c of changes) {
    if (used.has(c)) continue;
    const src = pairs.get(c);
    out.push(src ? { ...c, oldPath: src.path, oldOid: src.oldOid, oldMode: src.oldMode } : c);
  }
  return out;
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

interface Signature {
  size: number;
  chunks: Map<string, number>;
}

function signature(bytes: Uint8Array): Signature {
  const chunks = new Map<string, number>();
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let start = 0;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] === 0x0a || i - start + 1 >= 64) {
      const key = buf.toString('latin1', start, i + 1);
      chunks.set(key, (chunks.get(key) ?? 0) + (i + 1 - start));
      start = i + 1;
    }
  }
  if (start < buf.length) {
    const key = buf.toString('latin1', start);
    chunks.set(key, (chunks.get(key) ?? 0) + (buf.length - start));
  }
  return { size: bytes.length, chunks };
}

function similarity(a: Signature, b: Signature): number {
  const max = Math.max(a.size, b.size);
  if (max === 0) return 1;
  // git gives up early when the sizes alone rule out 50%.
  if (Math.min(a.size, b.size) < max * MIN_SCORE) return 0;
  let common = 0;
  for (const [key, n] of a.chunks) {
    const m = b.chunks.get(key);
    if (m) common += Math.min(n, m);
  }
  return common / max;
}
