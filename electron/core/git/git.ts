import fs from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import { ReposyncError, toReposyncError } from '../errors';
import { gitFs } from './atomic-git-fs';

/**
 * The one module that calls isomorphic-git. Every call goes through `run`, which maps
 * isomorphic-git's errors to the closed list, and shares a per-repo object cache.
 */
export { git };

const caches = new Map<string, object>();

/** isomorphic-git's pack cache per repo; bounded by the number of repos, cleared on demand. */
export function cacheFor(dir: string): object {
  let cache = caches.get(dir);
  if (!cache) {
    cache = {};
    caches.set(dir, cache);
  }
  return cache;
}

export function dropCache(dir: string): void {
  caches.delete(dir);
}

export async function run<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const mapped = toReposyncError(err);
    if (mapped.code === 'internal' && !(err instanceof ReposyncError)) mapped.details.during = what;
    throw mapped;
  }
}

/** The working folder must exist and hold a `.git` folder of its own (no parent-repo surprises). */
export function assertRepoFolder(dir: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new ReposyncError('not_found', `The folder ${dir} does not exist.`, { path: dir });
  }
  if (!stat.isDirectory()) throw new ReposyncError('invalid_input', `${dir} is a file, not a folder.`, { path: dir });
  const dotgit = path.join(dir, '.git');
  if (!fs.existsSync(dotgit)) {
    throw new ReposyncError('not_found', `${dir} is not a Git repository (it has no .git folder).`, { path: dir });
  }
  if (!fs.statSync(dotgit).isDirectory()) {
    throw new ReposyncError('unsupported', `${dir} uses a .git file (worktree or submodule), which Reposync does not support.`, { path: dir });
  }
}

// isomorphic-git gets an fs whose writes into .git are atomic (see atomic-git-fs.ts).
export { gitFs as fs };
