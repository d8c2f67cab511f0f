import nodeFs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Node's fs for isomorphic-git, except that every file it writes inside a `.git` folder (loose
 * objects, the index, refs, config) goes to a temp file first and is renamed into place. Its own
 * writes are in place, so a process killed mid-write would leave a truncated object or index that
 * `git fsck` rejects. No fsync: the rename is what survives a killed process, and an fsync per
 * loose object would make big commits crawl.
 */
const marker = `${path.sep}.git${path.sep}`;

async function writeRenamed(file: string, data: string | Uint8Array, options?: unknown): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await nodeFs.promises.writeFile(tmp, data, options as nodeFs.WriteFileOptions);
    await nodeFs.promises.rename(tmp, file);
  } catch (err) {
    await nodeFs.promises.rm(tmp, { force: true });
    throw err;
  }
}

function atomicGitFs(): typeof nodeFs {
  const promises = new Proxy(nodeFs.promises, {
    get(target, key, receiver) {
      if (key === 'writeFile') {
        return (file: unknown, data: string | Uint8Array, options?: unknown) =>
          typeof file === 'string' && path.resolve(file).includes(marker)
            ? writeRenamed(file, data, options)
            : target.writeFile(file as string, data, options as nodeFs.WriteFileOptions);
      }
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return new Proxy(nodeFs, {
    get(target, key, receiver) {
      return key === 'promises' ? promises : Reflect.get(target, key, receiver);
    },
  });
}

export const gitFs = atomicGitFs();
