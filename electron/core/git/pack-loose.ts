import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { commonDir } from './fast/git-dir';
import { PackIndex } from './fast/pack-index';
import { type ObjectType, TYPE_NUMBERS } from './fast/types';
import { writeIdx } from './pack-indexer';
import { PackWriter, fsyncDir, removeStaleTemps, typeAndSize } from './pack-write';

/**
 * Every commit, tree and file Reposync writes (a push, a merge, an undo) is a loose object: one
 * small file. Months of syncing leave thousands, and each read of one is an open, a read and an
 * inflate of its own, where a packed object is a lookup in an index. `git gc --auto` packs them
 * past 6,700 (gc.auto), counting the objects of folder 17 and taking 256 times that; Reposync does
 * the same after a fetch. The objects go into one new pack as they are (no deltas: git's next
 * `gc` finds those), and a loose file is removed only once a synced pack holds it, as
 * `git prune-packed` does. A loose object whose content does not match its name stays where it is.
 */
export const LOOSE_LIMIT = 6700;
const NAME = /^[0-9a-f]{38}$/;

export interface PackLooseResult {
  /** Loose objects now in a pack and removed (0: under the limit, nothing done). */
  packed: number;
  /** The new pack's name, or null when none was written. */
  pack: string | null;
  /** Loose objects left as they were: unreadable, or not what their name says. */
  skipped: number;
}

export function packLooseObjects(gitdir: string, limit = LOOSE_LIMIT): PackLooseResult {
  const objects = path.join(commonDir(gitdir), 'objects');
  const none: PackLooseResult = { packed: 0, pack: null, skipped: 0 };
  // git's estimate (gc.c too_many_loose_objects): folder 17 against the limit spread over 256.
  if (looseIn(objects, '17').length <= Math.ceil(limit / 256)) return none;
  const packDir = path.join(objects, 'pack');
  let packNames: string[];
  try {
    packNames = fs.readdirSync(packDir);
  } catch {
    return none; // no pack folder: not a repository layout we write into
  }
  removeStaleTemps(packDir, packNames);
  const packs = openPacks(packDir, packNames);
  try {
    const loose: string[] = [];
    for (let b = 0; b < 256; b++) {
      const fan = b.toString(16).padStart(2, '0');
      for (const rest of looseIn(objects, fan)) loose.push(fan + rest);
    }
    const inPacks = new Set(loose.filter((oid) => packs.some((p) => p.find(Buffer.from(oid, 'hex')) >= 0)));
    const toPack = loose.filter((oid) => !inPacks.has(oid));
    const written = toPack.length > 0 ? writeLoosePack(objects, packDir, toPack) : { name: null, packed: [], skipped: 0 };
    const removed = [...inPacks, ...written.packed];
    for (const oid of removed) fs.rmSync(path.join(objects, oid.slice(0, 2), oid.slice(2)), { force: true });
    for (const fan of new Set(removed.map((oid) => oid.slice(0, 2)))) removeIfEmpty(path.join(objects, fan));
    return { packed: removed.length, pack: written.name, skipped: written.skipped };
  } finally {
    for (const p of packs) p.close();
  }
}

/** The file names in one fan-out folder that name loose objects. */
function looseIn(objects: string, fan: string): string[] {
  try {
    return fs.readdirSync(path.join(objects, fan)).filter((n) => NAME.test(n));
  } catch {
    return [];
  }
}

function openPacks(packDir: string, names: string[]): PackIndex[] {
  const present = new Set(names);
  const out: PackIndex[] = [];
  for (const n of names) {
    if (!/^pack-[0-9a-f]{40}\.idx$/.test(n) || !present.has(`${n.slice(0, -4)}.pack`)) continue;
    try {
      out.push(PackIndex.open(path.join(packDir, n)));
    } catch {
      // A damaged index answers nothing: its loose copies stay.
    }
  }
  return out;
}

function writeLoosePack(objects: string, packDir: string, oids: string[]): { name: string | null; packed: string[]; skipped: number } {
  const names = Buffer.alloc(oids.length * 20);
  const crcs = new Uint32Array(oids.length);
  const offsets = new Float64Array(oids.length);
  const packed: string[] = [];
  let skipped = 0;
  const out = new PackWriter(packDir);
  try {
    for (const oid of oids) {
      const object = readLoose(path.join(objects, oid.slice(0, 2), oid.slice(2)), oid);
      if (object === 'gone') continue; // packed and pruned meanwhile (a git gc running alongside)
      if (!object) {
        skipped++;
        continue;
      }
      const header = typeAndSize(object.type, object.content.length);
      const data = zlib.deflateSync(object.content);
      offsets[packed.length] = out.offset;
      crcs[packed.length] = zlib.crc32(data, zlib.crc32(header));
      names.write(oid, packed.length * 20, 'hex');
      out.write(header);
      out.write(data);
      packed.push(oid);
    }
    if (packed.length === 0) {
      out.discard();
      return { name: null, packed, skipped };
    }
    const n = packed.length;
    const checksum = out.finish(n);
    const idx = writeIdx(n, names.subarray(0, n * 20), crcs.subarray(0, n), offsets.subarray(0, n), checksum);
    // Before any loose file goes: the new index must find every object it took.
    const check = new PackIndex(idx, 'new pack index');
    for (const oid of packed) if (check.find(Buffer.from(oid, 'hex')) < 0) throw new Error(`the new pack lacks ${oid}`);
    const name = out.place(checksum, idx);
    fsyncDir(packDir);
    return { name, packed, skipped };
  } catch (err) {
    out.discard();
    throw err;
  }
}

/** A loose object's type and content; null when it cannot be read or is not what `oid` names; 'gone' when it is no longer there. */
function readLoose(file: string, oid: string): { type: number; content: Buffer } | 'gone' | null {
  let raw: Buffer;
  try {
    raw = zlib.inflateSync(fs.readFileSync(file));
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : null;
  }
  const nul = raw.indexOf(0);
  const m = nul > 0 ? /^(commit|tree|blob|tag) (\d+)$/.exec(raw.toString('latin1', 0, nul)) : null;
  if (!m || Number(m[2]) !== raw.length - nul - 1) return null;
  if (createHash('sha1').update(raw).digest('hex') !== oid) return null;
  return { type: TYPE_NUMBERS[m[1] as ObjectType], content: raw.subarray(nul + 1) };
}

function removeIfEmpty(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch {
    // not empty (a new object was written meanwhile, or a skipped one stays), or already gone
  }
}
