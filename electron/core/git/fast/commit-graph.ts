import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { commonDir, configFlag } from './git-dir';
import { ReposyncError } from '../../errors';
import type { ObjectStore } from './object-store';
import { parseCommitLinks } from './parse-commit';
import { corrupt } from './types';

/**
 * git's commit-graph (Documentation/gitformat-commit-graph.txt): every commit's tree, parents and
 * committer time in fixed-size rows, so a walk that shows few of the commits it passes (a file's
 * history) need not inflate the others. Written by `git gc`, `git commit-graph write` and fetches
 * with fetch.writeCommitGraph; a single file or a chain of layers. Commits made since are absent
 * and read from the object store as before.
 */
export interface GraphLinks {
  tree: string;
  parents: string[];
  time: number;
}

const SIGNATURE = 0x43475048; // "CGPH"
const CHUNK_OIDF = 0x4f494446;
const CHUNK_OIDL = 0x4f49444c;
const CHUNK_CDAT = 0x43444154;
const CHUNK_EDGE = 0x45444745;
const CHUNK_BASE = 0x42415345;
const HASH = 20;
const ROW = HASH + 16; // tree id, two parent positions, generation + time
const NO_PARENT = 0x70000000;
const EXTRA_EDGES = 0x80000000;
const LAST_EDGE = 0x80000000;

/**
 * A big-endian 32-bit number read in place. Buffer#readUInt32BE checks its argument first: in the
 * unoptimized code a first walk runs in, that check cost more than the read, once per commit passed.
 */
const u32 = (b: Uint8Array, at: number): number => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

/** Graph files whose checksum matched: path, length and the checksum they end with. */
const verified = new Set<string>();

/** One graph file: its commits are positions [first, first + count) of the whole chain. */
class Layer {
  readonly count: number;
  private readonly fanoutAt: number;
  private readonly oidsAt: number;
  private readonly rowsAt: number;
  private readonly edgesAt: number;
  private readonly edgesEnd: number;

  constructor(readonly buf: Buffer, readonly file: string, readonly first: number, expectedBases: number) {
    const fail = (why: string): never => {
      throw corrupt(`commit-graph ${file} ${why}`, { file });
    };
    if (buf.length < 8 + 12 + HASH || buf.readUInt32BE(0) !== SIGNATURE) fail('has no commit-graph signature');
    if (buf[4] !== 1) fail(`has unsupported version ${buf[4]}`);
    if (buf[5] !== 1) fail('does not use SHA-1');
    // Verified as `git commit-graph verify` does (a damaged file must not reorder history), once per
    // process and file version: hashing a 5 MB graph cost more than the file history page it served.
    const version = `${file}\0${buf.length}\0${buf.toString('hex', buf.length - HASH)}`;
    if (!verified.has(version)) {
      const sum = createHash('sha1').update(buf.subarray(0, buf.length - HASH)).digest();
      if (!sum.equals(buf.subarray(buf.length - HASH))) fail('has a bad checksum');
      if (verified.size >= 64) verified.clear();
      verified.add(version);
    }
    const chunks = buf[6]!;
    if (buf[7] !== expectedBases) fail(`names ${buf[7]} base graphs, the chain has ${expectedBases}`);
    const table = new Map<number, [number, number]>();
    for (let i = 0; i < chunks; i++) {
      const at = 8 + i * 12;
      const next = at + 12;
      if (next + 12 > buf.length) fail('has a truncated chunk table');
      const start = Number(buf.readBigUInt64BE(at + 4));
      const end = Number(buf.readBigUInt64BE(next + 4));
      if (start > end || end > buf.length - HASH) fail('has a chunk outside the file');
      table.set(buf.readUInt32BE(at), [start, end]);
    }
    const chunk = (id: number, name: string): [number, number] => table.get(id) ?? fail(`has no ${name} chunk`);
    const [fanoutAt, fanoutEnd] = chunk(CHUNK_OIDF, 'OID fanout');
    if (fanoutEnd - fanoutAt !== 1024) fail('has a fanout of the wrong size');
    this.fanoutAt = fanoutAt;
    this.count = buf.readUInt32BE(fanoutAt + 1020);
    let prev = 0;
    for (let i = 0; i < 256; i++) {
      const n = buf.readUInt32BE(fanoutAt + i * 4);
      if (n < prev) fail('has a fanout table that is not sorted');
      prev = n;
    }
    const [oidsAt, oidsEnd] = chunk(CHUNK_OIDL, 'OID lookup');
    const [rowsAt, rowsEnd] = chunk(CHUNK_CDAT, 'commit data');
    if (oidsEnd - oidsAt !== this.count * HASH || rowsEnd - rowsAt !== this.count * ROW) fail('has chunks of the wrong size for its commit count');
    if (expectedBases > 0) {
      const [baseAt, baseEnd] = chunk(CHUNK_BASE, 'base graphs');
      if (baseEnd - baseAt !== expectedBases * HASH) fail('has a base graph list of the wrong size');
    }
    const edges = table.get(CHUNK_EDGE);
    this.oidsAt = oidsAt;
    this.rowsAt = rowsAt;
    this.edgesAt = edges?.[0] ?? 0;
    this.edgesEnd = edges?.[1] ?? 0;
  }

  /** Local position of a commit, or -1: fanout by first byte, then binary search of the sorted ids. */
  find(oid: Buffer): number {
    const b = oid[0]!;
    let lo = b === 0 ? 0 : u32(this.buf, this.fanoutAt + (b - 1) * 4);
    let hi = u32(this.buf, this.fanoutAt + b * 4);
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.oidsAt + mid * HASH;
      const c = this.buf.compare(oid, 0, HASH, at, at + HASH);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1; // the stored id is smaller than the one sought
      else hi = mid;
    }
    return -1;
  }

  oidAt(local: number): string {
    const at = this.oidsAt + local * HASH;
    return this.buf.toString('hex', at, at + HASH);
  }

  /** Where the commit's root tree id sits in `buf`. */
  treeAt(local: number): number {
    return this.rowsAt + local * ROW;
  }

  /** Positions (in the whole chain) of the commit's parents, first parent first. */
  parents(local: number): number[] {
    const buf = this.buf;
    const at = this.rowsAt + local * ROW;
    const p1 = u32(buf, at + HASH);
    const p2 = u32(buf, at + HASH + 4);
    const parents: number[] = [];
    if (p1 !== NO_PARENT) parents.push(p1);
    if (p2 !== NO_PARENT) {
      if ((p2 & EXTRA_EDGES) === 0) parents.push(p2);
      else {
        // An octopus merge: the second and later parents are listed in the EDGE chunk.
        for (let e = this.edgesAt + (p2 & ~EXTRA_EDGES) * 4; ; e += 4) {
          if (e + 4 > this.edgesEnd) throw corrupt(`commit-graph ${this.file} has an edge list outside its chunk`, { file: this.file });
          const v = u32(buf, e);
          parents.push((v & ~LAST_EDGE) >>> 0);
          if (v & LAST_EDGE) break;
        }
      }
    }
    return parents;
  }

  /** The low 34 bits of the row's last 8 bytes: the committer time git orders by. */
  time(local: number): number {
    const at = this.rowsAt + local * ROW + HASH + 8;
    return (u32(this.buf, at) & 0x3) * 0x100000000 + u32(this.buf, at + 4);
  }
}

/** Links remembered: a walk by ids asks for each commit twice (as a parent, then when queued). */
const RECENT_LINKS = 4096;

/**
 * The commits of the whole chain by position: 0 … count - 1 across its layers. A walk that passes
 * thousands of commits (a file's history) goes from position to position and makes hex ids only
 * for the commits it shows, instead of an id string, a map entry and a search per commit passed.
 */
export class CommitGraph {
  readonly count: number;
  private recent = new Map<string, GraphLinks>();
  /** Positions of the ids `links` has named as parents: the next lookup of them skips the search. */
  private readonly named = new Map<string, number>();

  private constructor(private readonly layers: Layer[]) {
    const last = layers[layers.length - 1]!;
    this.count = last.first + last.count;
  }

  /**
   * The repository's commit-graph, or null when it has none or git would not use one (a shallow
   * clone, grafts, core.commitGraph=false). A damaged file throws, as any corrupt object does.
   */
  static open(gitdir: string): CommitGraph | null {
    const common = commonDir(gitdir);
    const objects = path.join(common, 'objects');
    if (fs.existsSync(path.join(common, 'shallow')) || fs.existsSync(path.join(objects, 'info', 'grafts')) || !configFlag(gitdir, 'commitGraph', true)) return null;
    const chainFile = path.join(objects, 'info', 'commit-graphs', 'commit-graph-chain');
    const chain = readOrNull(chainFile)?.toString('latin1').split('\n').map((l) => l.trim()).filter(Boolean);
    if (chain && chain.length > 0) {
      const layers: Layer[] = [];
      let first = 0;
      for (const hash of chain) {
        if (!/^[0-9a-f]{40}$/.test(hash)) throw corrupt(`commit-graph chain ${chainFile} has a bad line`, { file: chainFile });
        const file = path.join(objects, 'info', 'commit-graphs', `graph-${hash}.graph`);
        const buf = readOrNull(file);
        if (!buf) return null; // being rewritten by git: walk without it
        const layer = new Layer(buf, file, first, layers.length);
        layers.push(layer);
        first += layer.count;
      }
      return new CommitGraph(layers);
    }
    const file = path.join(objects, 'info', 'commit-graph');
    const buf = readOrNull(file);
    return buf ? new CommitGraph([new Layer(buf, file, 0, 0)]) : null;
  }

  /**
   * `open`, with a damaged graph taken as none: the commits themselves are the truth, and a walk
   * reads them instead (what the graph only speeds up must not fail over it).
   */
  static tryOpen(gitdir: string): CommitGraph | null {
    try {
      return CommitGraph.open(gitdir);
    } catch (err) {
      if (err instanceof ReposyncError && err.code === 'internal') return null;
      throw err;
    }
  }

  /** Tree, parents and committer time of a commit, or null when the graph does not hold it. */
  links(oid: string): GraphLinks | null {
    const hit = this.recent.get(oid);
    if (hit) return hit;
    const pos = this.named.get(oid) ?? this.positionOf(oid);
    if (pos < 0) return null;
    this.named.delete(oid); // asked for once more at most (the other parent of a merge)
    const parents = this.parentsOf(pos).map((p) => {
      const parent = this.oidOf(p);
      if (this.named.size >= 1 << 20) this.named.clear();
      this.named.set(parent, p);
      return parent;
    });
    const links = { tree: this.treeOf(pos), parents, time: this.timeOf(pos) };
    if (this.recent.size >= RECENT_LINKS) this.recent = new Map();
    this.recent.set(oid, links);
    return links;
  }

  /** A commit's position, or -1 when the graph does not hold it. */
  positionOf(oid: string): number {
    const raw = Buffer.from(oid, 'hex');
    if (raw.length !== HASH) return -1;
    for (let k = this.layers.length - 1; k >= 0; k--) {
      const layer = this.layers[k]!;
      const local = layer.find(raw);
      if (local >= 0) return layer.first + local;
    }
    return -1;
  }

  oidOf(pos: number): string {
    const layer = this.layerOf(pos);
    return layer.oidAt(pos - layer.first);
  }

  treeOf(pos: number): string {
    const layer = this.layerOf(pos);
    const at = layer.treeAt(pos - layer.first);
    return layer.buf.toString('hex', at, at + HASH);
  }

  /** The root tree id's 20 bytes (a view into the graph file: read them, do not keep or modify them). */
  treeBytesOf(pos: number): Uint8Array {
    const layer = this.layerOf(pos);
    const at = layer.treeAt(pos - layer.first);
    // A plain view: Buffer#subarray goes through Buffer's own constructor, slow in cold code.
    return new Uint8Array(layer.buf.buffer, layer.buf.byteOffset + at, HASH);
  }

  /** Parent positions, each checked to lie inside the chain. */
  parentsOf(pos: number): number[] {
    const layer = this.layerOf(pos);
    const parents = layer.parents(pos - layer.first);
    for (let k = 0; k < parents.length; k++) if (parents[k]! >= this.count) throw corrupt('commit-graph names a parent beyond its last commit', { position: parents[k] });
    return parents;
  }

  timeOf(pos: number): number {
    const layer = this.layerOf(pos);
    return layer.time(pos - layer.first);
  }

  private layerOf(pos: number): Layer {
    if (pos >= 0 && pos < this.count) for (let k = this.layers.length - 1; k >= 0; k--) if (pos >= this.layers[k]!.first) return this.layers[k]!;
    throw corrupt('commit-graph names a position outside its layers', { position: pos });
  }
}

function readOrNull(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Parents and committer time of commits by id, from the commit-graph when the repository has one,
 * else from the commit objects; null for a commit the store lacks (a shallow clone's boundary).
 * For walks that only follow links: ahead/behind counts, merge bases.
 */
export function linksReader(store: ObjectStore): (oid: string) => { time: number; parents: string[] } | null {
  let graph: CommitGraph | null | undefined;
  return (oid) => {
    graph ??= CommitGraph.tryOpen(store.gitdir);
    const g = graph?.links(oid);
    if (g) return g;
    const obj = store.read(oid);
    return obj && obj.type === 'commit' ? parseCommitLinks(obj.data) : null;
  };
}
