import nodeFs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../fs-atomic';

/**
 * The fs isomorphic-git's fetch gets. Its fetch moves the refs first and writes the pack and its
 * index afterwards, each in place: a process killed (or a disk filling) in between leaves refs
 * pointing at missing objects, or a truncated `.idx` — even over an existing pack of the same
 * name. Here pack files are written atomically, and ref writes are held back until `commit()`,
 * called once the objects are safely on disk.
 */
export interface FetchFs {
  fs: typeof nodeFs;
  /** Write the held-back refs (each atomically). */
  commit(): void;
}

export function fetchFs(dir: string): FetchFs {
  const gitdir = path.resolve(dir, '.git');
  const packs = `${path.join(gitdir, 'objects', 'pack')}${path.sep}`;
  const refs = `${path.join(gitdir, 'refs')}${path.sep}`;
  const held = new Map<string, string | Uint8Array>();
  const under = (file: unknown, folder: string) => typeof file === 'string' && path.resolve(file).startsWith(folder);
  const promises = new Proxy(nodeFs.promises, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (key === 'writeFile') {
        return async (file: string, data: string | Uint8Array) => {
          if (under(file, refs)) held.set(path.resolve(file), data);
          else if (under(file, packs)) writeFileAtomic(file, data);
          else await nodeFs.promises.writeFile(file, data);
        };
      }
      if (key === 'readFile') {
        return async (file: string, options?: unknown) => {
          const mine = typeof file === 'string' ? held.get(path.resolve(file)) : undefined;
          if (mine === undefined) return (value as (...a: unknown[]) => unknown).call(target, file, options);
          const buf = Buffer.from(mine);
          const encoding = typeof options === 'string' ? (options as BufferEncoding) : (options as { encoding?: BufferEncoding } | undefined)?.encoding;
          return encoding ? buf.toString(encoding) : buf;
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    // isomorphic-git only uses `fs.promises` when it is present.
    fs: { promises } as unknown as typeof nodeFs,
    commit() {
      for (const [file, data] of held) writeFileAtomic(file, data);
      held.clear();
    },
  };
}
