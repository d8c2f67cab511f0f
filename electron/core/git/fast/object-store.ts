import fs from 'node:fs';
import path from 'node:path';
import { ReposyncError } from '../../errors';
import { applyDelta } from './delta';
import { assertSupportedFormat, commonDir } from './git-dir';
import { hasLoose, readLoose } from './loose';
import { ByteLru, RecentById } from './lru';
import { PackFile } from './pack-file';
import { PackIndex } from './pack-index';
import { type GitObject, OFS_DELTA, PACK_TYPES, REF_DELTA, TYPE_NUMBERS, assertOid, corrupt } from './types';

export interface ObjectStore {
  readonly gitdir: string;
  /**
   * The object's type and bytes, or null when no pack, loose file or alternate has it.
   * The bytes may be shared with the store's cache: read them, do not modify them.
   */
  read(oid: string): GitObject | null;
  /** `read` by the 20 raw bytes of the id (e.g. a view into a tree entry): no hex round trip. */
  readRaw(oid: Uint8Array): GitObject | null;
  has(oid: string): boolean;
  /**
   * Keep an object the caller already holds, its id computed from these very bytes (a fetched
   * pack's objects as the indexer resolved them): the next read of that id needs no pack lookup.
   * Kept with the recent objects (bounded by count, not bytes): callers pass small objects only.
   */
  remember(oid: Uint8Array, obj: GitObject): void;
  /** Closes pack file descriptors (they would keep deleted packs alive and block `git gc` on Windows). */
  close(): void;
}

export interface ObjectStoreOptions {
  /** Budget for resolved delta bases and recent trees/commits (git's core.deltaBaseCacheLimit is 96 MiB). */
  cacheBytes?: number;
}

interface Cached {
  typeNum: number;
  data: Buffer;
  length: number;
}

const MAX_ALTERNATE_DEPTH = 5; // as git's link_alt_odb_entries
/** Objects remembered by id (two generations of this many): enough for a few commits' trees. */
const RECENT_OBJECTS = 1024;
const MAX_DELTA_CHAIN = 10_000; // far above git's --depth=4095 limit; a longer chain is a cycle

/** One objects/ folder: its packs, its loose objects, and the folders its alternates name. */
class ObjectDir {
  packs: PackFile[] = [];
  private readonly known = new Set<string>();
  readonly alternates: ObjectDir[] = [];

  constructor(readonly dir: string) {}

  /** Opens packs that appeared since the last scan and drops those that are gone; true if anything changed. */
  scanPacks(): boolean {
    const packDir = path.join(this.dir, 'pack');
    let names: string[];
    try {
      names = fs.readdirSync(packDir).filter((n) => n.endsWith('.idx') && n.startsWith('pack-'));
    } catch {
      names = [];
    }
    const present = new Set(names);
    let changed = false;
    for (const pack of this.packs.slice()) {
      const name = path.basename(pack.index.file);
      if (!present.has(name)) {
        pack.close();
        this.packs.splice(this.packs.indexOf(pack), 1);
        this.known.delete(name);
        changed = true;
      }
    }
    for (const name of names) {
      if (this.known.has(name)) continue;
      const packFile = path.join(packDir, name.slice(0, -4) + '.pack');
      // A fetch writes the .pack before the .idx; an .idx without its pack is still being written.
      if (!fs.existsSync(packFile)) continue;
      this.packs.unshift(new PackFile(packFile, PackIndex.open(path.join(packDir, name))));
      this.known.add(name);
      changed = true;
    }
    return changed;
  }

  close(): void {
    for (const pack of this.packs) pack.close();
    this.packs = [];
    this.known.clear();
    for (const alt of this.alternates) alt.close();
  }
}

function readAlternates(dir: ObjectDir, seen: Set<string>, depth: number): void {
  if (depth > MAX_ALTERNATE_DEPTH) return;
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir.dir, 'info', 'alternates'), 'utf8');
  } catch {
    return;
  }
  for (const line of text.split('\n')) {
    const entry = line.trim();
    if (!entry || entry.startsWith('#')) continue;
    const target = path.resolve(dir.dir, entry);
    let real: string;
    try {
      real = fs.realpathSync(target);
    } catch {
      continue; // git warns and skips alternates that do not exist
    }
    if (seen.has(real)) continue;
    seen.add(real);
    const alt = new ObjectDir(real);
    alt.scanPacks();
    dir.alternates.push(alt);
    readAlternates(alt, seen, depth + 1);
  }
}

/** Opens the read-only object store of a git directory (`.git`, or a bare repository). */
export function openObjectStore(gitdir: string, options: ObjectStoreOptions = {}): ObjectStore {
  if (!fs.existsSync(gitdir)) throw new ReposyncError('not_found', 'The Git directory does not exist.', { gitdir });
  assertSupportedFormat(gitdir);
  const objectsDir = path.join(commonDir(gitdir), 'objects');
  if (!fs.existsSync(objectsDir)) throw new ReposyncError('not_found', 'The Git directory has no objects folder.', { gitdir });
  const root = new ObjectDir(fs.realpathSync(objectsDir));
  root.scanPacks();
  readAlternates(root, new Set([root.dir]), 1);
  const dirs = [root, ...flatten(root.alternates)];
  const cache = new ByteLru<Cached>(options.cacheBytes ?? 64 * 1024 * 1024);
  const recent = new RecentById<GitObject>(RECENT_OBJECTS);
  const packIds = new Map<PackFile, number>();
  let closed = false;

  // Nearly every read is from the same (usually the only) pack: remember the last one's id.
  let lastPack: PackFile | null = null;
  let lastId = 0;
  const packId = (pack: PackFile): number => {
    if (pack === lastPack) return lastId;
    let id = packIds.get(pack);
    if (id === undefined) packIds.set(pack, (id = packIds.size));
    lastPack = pack;
    return (lastId = id);
  };
  const key = (pack: PackFile, offset: number): number => {
    const id = packId(pack);
    // The first pack's keys are its offsets: small integers, where the product would be a boxed number in cold code.
    return id === 0 ? offset : id * 2 ** 44 + offset;
  };

  const locate = (raw: Uint8Array): { pack: PackFile; offset: number } | null => {
    for (let d = 0; d < dirs.length; d++) {
      const packs = dirs[d]!.packs;
      for (let k = 0; k < packs.length; k++) {
        const pack = packs[k]!;
        const i = pack.index.find(raw);
        if (i < 0) continue;
        // Objects read together mostly sit in one pack: ask it first next time (git's packed_git_mru).
        // A repository that fetches often and never repacks has one pack per fetch.
        if (k > 0) {
          packs.splice(k, 1);
          packs.unshift(pack);
        }
        return { pack, offset: pack.index.offsetOf(i) };
      }
    }
    return null;
  };

  // The delta chain being resolved, kept between reads (readPacked does not re-enter itself): a read
  // that resolves a delta on a cached base (most of a walk's) allocates no chain arrays or links.
  const chainPacks: PackFile[] = [];
  const chainOffsets: number[] = [];
  const chainDataAt: number[] = [];
  const chainSizes: number[] = [];

  const readPacked = (pack: PackFile, offset: number): Cached => {
    let depth = 0;
    let base: Cached | undefined;
    let curPack = pack;
    let curOffset = offset;
    for (;;) {
      base = cache.get(key(curPack, curOffset));
      if (base) break;
      const entry = curPack.entryAt(curOffset);
      if (entry.typeNum !== OFS_DELTA && entry.typeNum !== REF_DELTA) {
        const data = curPack.inflate(entry);
        base = { typeNum: entry.typeNum, data, length: data.length };
        // Kept as a delta base, or when a tree (read again by the next commits' lookups and diffs).
        // A whole commit or blob is read once per walk; `recent` answers the few repeats.
        if (depth > 0 || entry.typeNum === 2) cache.set(key(curPack, curOffset), base);
        break;
      }
      chainPacks[depth] = curPack;
      chainOffsets[depth] = curOffset;
      chainDataAt[depth] = entry.dataAt;
      chainSizes[depth] = entry.size;
      if (++depth > MAX_DELTA_CHAIN) throw corrupt(`delta chain too long in ${curPack.file}`, { file: curPack.file });
      if (entry.typeNum === OFS_DELTA) {
        curOffset = entry.baseOffset!;
        continue;
      }
      const baseOid = entry.baseOid!;
      const i = curPack.index.find(baseOid);
      if (i >= 0) {
        curOffset = curPack.index.offsetOf(i);
        continue;
      }
      const elsewhere = locate(baseOid);
      if (elsewhere) {
        curPack = elsewhere.pack;
        curOffset = elsewhere.offset;
        continue;
      }
      const loose = readAnywhereLoose(baseOid.toString('hex'));
      if (!loose) throw corrupt(`delta base ${baseOid.toString('hex')} is missing`, { file: curPack.file });
      const typeNum = TYPE_NUMBERS[loose.type];
      base = { typeNum, data: loose.data, length: loose.data.length };
      break;
    }
    for (let i = depth - 1; i >= 0; i--) {
      const linkPack = chainPacks[i]!;
      const delta = linkPack.inflate({ offset: chainOffsets[i]!, typeNum: OFS_DELTA, size: chainSizes[i]!, dataAt: chainDataAt[i]! });
      const data = applyDelta(base.data, delta);
      base = { typeNum: base.typeNum, data, length: data.length };
      if (i > 0 || base.typeNum !== 3) cache.set(key(linkPack, chainOffsets[i]!), base);
    }
    // Drop the packs held (a closed pack must not stay reachable from here).
    for (let i = 0; i < depth; i++) chainPacks[i] = pack;
    return base;
  };

  const readAnywhereLoose = (oid: string): GitObject | null => {
    for (const dir of dirs) {
      const obj = readLoose(dir.dir, oid);
      if (obj) return obj;
    }
    return null;
  };

  const rescan = (): boolean => {
    let changed = false;
    for (const dir of dirs) if (dir.scanPacks()) changed = true;
    return changed;
  };

  const readBytes = (raw: Uint8Array, hex: string | null): GitObject | null => {
    const known = recent.get(raw);
    if (known) return known;
    for (let attempt = 0; attempt < 2; attempt++) {
      const hit = locate(raw);
      if (hit) {
        const obj = readPacked(hit.pack, hit.offset);
        const out: GitObject = { type: PACK_TYPES[obj.typeNum]!, data: obj.data };
        // Blobs are read once (a diff, a file view); commits and trees come back within a few commits.
        if (obj.typeNum !== 3) recent.set(raw, out);
        return out;
      }
      const loose = readAnywhereLoose(hex ?? (hex = Buffer.from(raw.buffer, raw.byteOffset, 20).toString('hex')));
      if (loose) return loose;
      // A fetch or gc may have written new packs (and moved loose objects into them) since we scanned.
      if (!rescan()) break;
    }
    return null;
  };

  const check = (oid: string): void => {
    if (closed) throw new ReposyncError('internal', 'The object store is closed.', {});
    assertOid(oid);
  };

  // The id's bytes for one read (readBytes keeps no reference to them).
  const scratch = Buffer.alloc(20);
  return {
    gitdir,
    read(oid) {
      if (closed) throw new ReposyncError('internal', 'The object store is closed.', {});
      // Decoded and checked in one pass: a walk reads every commit by its hex id (a regex test and
      // Buffer.from per id were a tenth of a search's walk).
      if (!hexInto(oid, scratch)) assertOid(oid);
      return readBytes(scratch, oid);
    },
    readRaw(oid) {
      if (closed) throw new ReposyncError('internal', 'The object store is closed.', {});
      if (oid.length !== 20) throw new ReposyncError('invalid_input', 'An object id has 20 bytes.', {});
      return readBytes(oid, null);
    },
    has(oid) {
      check(oid);
      const raw = Buffer.from(oid, 'hex');
      if (locate(raw) || dirs.some((d) => hasLoose(d.dir, oid))) return true;
      return rescan() && locate(raw) !== null;
    },
    remember(oid, obj) {
      if (oid.length !== 20) throw new ReposyncError('invalid_input', 'An object id has 20 bytes.', {});
      recent.set(oid, obj);
    },
    close() {
      closed = true;
      root.close();
      cache.clear();
      recent.clear();
    },
  };
}

const HEX_VALUE = Int8Array.from({ length: 128 }, (_, c) => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1));

/** Writes the 20 bytes of a 40-character lower-case hex id into `out`; false (nothing promised about `out`) for anything else. */
function hexInto(oid: string, out: Uint8Array): boolean {
  if (typeof oid !== 'string' || oid.length !== 40) return false;
  for (let i = 0; i < 20; i++) {
    const hi = oid.charCodeAt(2 * i);
    const lo = oid.charCodeAt(2 * i + 1);
    const a = hi < 128 ? HEX_VALUE[hi]! : -1;
    const b = lo < 128 ? HEX_VALUE[lo]! : -1;
    if ((a | b) < 0) return false;
    out[i] = (a << 4) | b;
  }
  return true;
}

function flatten(dirs: ObjectDir[]): ObjectDir[] {
  return dirs.flatMap((d) => [d, ...flatten(d.alternates)]);
}
