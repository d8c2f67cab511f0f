import { randomBytes } from 'node:crypto';
import nodeFs from 'node:fs';
import path from 'node:path';
import { ReposyncError } from '../errors';
import { replaceFile, writeFileAtomic } from '../fs-atomic';
import { runGitTask } from '../workers/pool';
import { plantSeed } from './pack-seed';
import { sharedStore } from './shared-store';

/**
 * The fs isomorphic-git's fetch gets. Its fetch moves the refs first and writes the pack and its
 * index afterwards, each in place: a process killed (or a disk filling) in between leaves refs
 * pointing at missing objects, or a truncated `.idx`. Here ref writes are held back until
 * `commit()`, called once the objects are safely on disk.
 *
 * The pack itself is taken over when isomorphic-git writes it: it is indexed on the Git worker
 * thread with native zlib and SHA-1 (pack-indexer.ts), while this thread writes it to a temp file
 * and syncs it, then put in place with its .idx, and the write
 * then fails with a marker error so that isomorphic-git's own indexer (pure JS, 10–20× slower,
 * and on the main thread) never runs. The pack write is the last thing its fetch does; the caller
 * treats that marker (`isPackStored`) as success.
 */
export interface FetchFs {
  fs: typeof nodeFs;
  /**
   * Write the held-back refs, each atomically but not flushed, as git writes refs by default
   * (core.fsync) and as ref-write.ts moves a branch: what they point at is already durable.
   */
  commit(): void;
  /** True for the marker error thrown once the pack is stored. */
  isPackStored(err: unknown): boolean;
}

export interface FetchFsOptions {
  /** Every call fails once this fires (isomorphic-git takes no signal), and the indexing stops. */
  signal?: AbortSignal;
  /**
   * Hand the pack's new objects to the reads that follow (pack-seed.ts): a pull's merge base and
   * planning here, its checkout on the worker. Not for a clone, whose objects are mostly never read.
   */
  seed?: boolean;
}

const LOOSE = /[\\/]objects[\\/]([0-9a-f]{2})[\\/]([0-9a-f]{38})$/;

class PackStored extends Error {
  constructor() {
    super('The pack is stored and indexed.');
  }
}

function cancelled(): ReposyncError {
  return new ReposyncError('cancelled', 'The operation was cancelled.');
}

export function fetchFs(dir: string, options: FetchFsOptions = {}): FetchFs {
  const { signal, seed } = options;
  const gitdir = path.resolve(dir, '.git');
  const objects = `${path.join(gitdir, 'objects')}${path.sep}`;
  const packs = `${path.join(gitdir, 'objects', 'pack')}${path.sep}`;
  const refs = `${path.join(gitdir, 'refs')}${path.sep}`;
  const held = new Map<string, string | Uint8Array>();
  const stored = new Set<string>();
  const marker = new PackStored();
  const under = (file: unknown, folder: string) => typeof file === 'string' && path.resolve(file).startsWith(folder);

  const storePack = async (file: string, data: Uint8Array): Promise<never> => {
    const pack = path.resolve(file);
    // isomorphic-git retries a failed write once (after a mkdir): the pack is already in place then.
    if (stored.has(pack)) throw marker;
    const tmpPack = path.join(path.dirname(pack), `.tmp-${randomBytes(6).toString('hex')}.pack`);
    const key = path.resolve(dir);
    // The worker indexes the bytes while this thread writes and syncs them: neither waits for the other.
    const seedDir = seed ? key : undefined;
    const indexed = runGitTask('indexPack', { data, seedDir }, { signal, key });
    indexed.catch(() => undefined); // awaited below; a failed write must not leave it unhandled
    try {
      // Asynchronous writes: a 100 MB pack must not hold the main thread.
      const fh = await nodeFs.promises.open(tmpPack, 'w', 0o444);
      try {
        await fh.writeFile(data);
        await fh.sync();
      } finally {
        await fh.close();
      }
      const { checksum, idx, seed: objects } = await indexed;
      if (signal?.aborted) throw cancelled();
      // Only once the pack is durable: the .idx that makes it visible comes after.
      await runGitTask('placePack', { tmpPack, pack, checksum, idx, seedDir }, { signal, key });
      if (seedDir && objects) plantSeed(seedDir, objects);
    } finally {
      await nodeFs.promises.rm(tmpPack, { force: true });
    }
    stored.add(pack);
    throw marker;
  };

  const promises = new Proxy(nodeFs.promises, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      const call = (...args: unknown[]): Promise<unknown> => {
        if (signal?.aborted) return Promise.reject(cancelled());
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      };
      if (key === 'writeFile') {
        return async (file: string, data: string | Uint8Array, opts?: unknown) => {
          if (signal?.aborted) throw cancelled();
          if (under(file, refs)) held.set(path.resolve(file), data);
          else if (under(file, packs) && /^pack-[0-9a-f]{40}\.pack$/.test(path.basename(file)) && typeof data !== 'string') await storePack(file, data);
          else if (under(file, packs)) writeFileAtomic(file, data);
          else await call(file, data, opts);
        };
      }
      if (key === 'stat') {
        // isomorphic-git asks whether the local tip exists (to offer it as a "have") by stat-ing its
        // loose file, and on a miss by parsing every pack index whole: ~250 ms of main-thread work
        // for a 100k-object pack. The fast store answers the same question with a few small reads
        // of the .idx; a packed object then "exists" at its loose path, for this question only
        // (reading that path still fails, and falls back to isomorphic-git's own pack lookup).
        return async (file: string, opts?: unknown) => {
          try {
            return await call(file, opts);
          } catch (err) {
            const m = typeof file === 'string' && under(file, objects) ? LOOSE.exec(path.resolve(file)) : null;
            if (m && (err as NodeJS.ErrnoException).code === 'ENOENT' && sharedStore(dir).has(m[1]! + m[2]!)) return call(objects);
            throw err;
          }
        };
      }
      if (key === 'readFile') {
        return async (file: string, opts?: unknown) => {
          const mine = typeof file === 'string' ? held.get(path.resolve(file)) : undefined;
          if (mine === undefined) return call(file, opts);
          const buf = Buffer.from(mine);
          const encoding = typeof opts === 'string' ? (opts as BufferEncoding) : (opts as { encoding?: BufferEncoding } | undefined)?.encoding;
          return encoding ? buf.toString(encoding) : buf;
        };
      }
      return call;
    },
  });
  return {
    // isomorphic-git only uses `fs.promises` when it is present.
    fs: { promises } as unknown as typeof nodeFs,
    commit() {
      for (const [file, data] of held) replaceFile(file, data);
      held.clear();
    },
    isPackStored: (err) => err === marker,
  };
}
