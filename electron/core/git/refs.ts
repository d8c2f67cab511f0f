import path from 'node:path';
import { ReposyncError } from '../errors';
import { writeFileAtomic } from '../fs-atomic';
import { findGitDir, resolveRef } from './fast';
import { fs, git } from './git';

/**
 * resolveRefOrNull read straight from the files, synchronously (fast/refs.ts: the loose ref, then
 * packed-refs, symrefs followed, as git does): a pull reads refs before and after its fetch and
 * for its backup, about a millisecond each through isomorphic-git's async layers.
 */
export function readRefOid(dir: string, ref: string): string | null {
  return resolveRef(findGitDir(dir), ref);
}

/** The oid a ref points to, or null when it does not exist (an unborn branch, a never-fetched remote). */
export async function resolveRefOrNull(dir: string, ref: string): Promise<string | null> {
  try {
    return await git.resolveRef({ fs, dir, ref });
  } catch (err) {
    if ((err as { code?: string }).code === 'NotFoundError') return null;
    throw err;
  }
}

/**
 * Point a full ref name at an oid, or remove it (null), atomically: a killed process leaves the old
 * value or the new one. A loose ref shadows any packed one, so writing the loose file is enough.
 */
export async function setRef(dir: string, fullRef: string, oid: string | null): Promise<void> {
  if (oid === null) {
    await git.deleteRef({ fs, dir, ref: fullRef }).catch((err: { code?: string }) => {
      if (err.code !== 'NotFoundError') throw err;
    });
    return;
  }
  writeFileAtomic(path.join(dir, '.git', ...fullRef.split('/')), `${oid}\n`);
}

export const trackingRef = (branch: string): string => `refs/remotes/origin/${branch}`;

// The rules of `git check-ref-format --branch`, as far as they matter for names users type.
const BAD_BRANCH = /(^[-/.])|([/.]$)|(\.\.)|(\/\/)|(@\{)|(\.lock$)|(\/\.)|[\x00-\x20\x7f~^:?*[\\]/;

export function assertBranchName(name: string, field = 'branch'): void {
  if (!name || name === '@' || name === 'HEAD' || BAD_BRANCH.test(name) || name.length > 255) {
    throw new ReposyncError('invalid_input', `"${name.slice(0, 100)}" is not a valid branch name.`, { field });
  }
}
