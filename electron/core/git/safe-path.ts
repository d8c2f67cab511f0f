import fs from 'node:fs';
import path from 'node:path';
import { ReposyncError } from '../errors';

// Code points HFS+ ignores when comparing names, so `.g\u200cit` opens `.git` on a Mac (git's is_hfs_dotgit).
const HFS_IGNORABLE = /[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g;

/**
 * True for a name Git itself refuses to check out as `.git`: any case, trailing dots or spaces
 * (Windows drops them), an NTFS stream suffix, the NTFS 8.3 short names `git~1`…`git~9`, and
 * HFS+-ignorable characters anywhere in it.
 */
export function isDotGit(part: string): boolean {
  const p = part.replace(HFS_IGNORABLE, '').toLowerCase().replace(/[. ]+$/, '');
  return p === '.git' || /^git~[1-9]$/.test(p) || p.startsWith('.git:');
}

/** Throws `unsafe_path` for a repository path that could write outside the workspace or into `.git`. */
export function assertSafeRepoPath(rel: string): void {
  const bad = (why: string) => {
    throw new ReposyncError('unsafe_path', `Refusing the path "${rel.slice(0, 300)}": ${why}.`, { path: rel.slice(0, 1000) });
  };
  if (rel.length === 0) bad('it is empty');
  if (rel.includes('\0')) bad('it contains a NUL byte');
  if (rel.includes('\\')) bad('it contains a backslash');
  if (rel.startsWith('/') || /^[A-Za-z]:/.test(rel)) bad('it is absolute');
  for (const part of rel.split('/')) {
    if (part === '' || part === '.' || part === '..') bad('it leaves the workspace');
    if (isDotGit(part)) bad('it points into .git');
  }
}

/**
 * Make the parent folders of `rel` inside `root`, refusing to go through a symlink (a tracked
 * symlink `a -> /etc` must never let `a/passwd` be written) or through a file. `verified`: folders
 * (relative, `/`-separated) already checked this way by the caller and known to stay real folders;
 * they are not looked at again, and those checked here are added.
 */
export function ensureSafeParents(root: string, rel: string, verified?: Set<string>): void {
  const todo: string[] = [];
  for (let at = rel.lastIndexOf('/'); at > 0; at = rel.lastIndexOf('/', at - 1)) {
    const folder = rel.slice(0, at);
    if (verified?.has(folder)) break;
    todo.push(folder);
  }
  for (let i = todo.length - 1; i >= 0; i--) {
    const folder = todo[i]!;
    const current = path.join(root, folder);
    const st = fs.lstatSync(current, { throwIfNoEntry: false });
    if (!st) fs.mkdirSync(current);
    else if (st.isSymbolicLink()) throw new ReposyncError('unsafe_path', `Refusing to write "${rel}" through the symlink "${path.relative(root, current)}".`, { path: rel });
    else if (!st.isDirectory()) throw new ReposyncError('dirty_worktree', `"${path.relative(root, current)}" is a file where "${rel}" needs a folder.`, { files: [path.relative(root, current)] });
    verified?.add(folder);
  }
}

/**
 * hasSymlinkParent for many paths of a tree nothing changes meanwhile (a pull's check of the paths
 * it will write): each folder is looked at once, not once per path under it. Same answers.
 */
export function symlinkParentCheck(root: string): (rel: string) => boolean {
  const LINK = 1;
  const MISSING = 2;
  const seen = new Map<string, number>();
  return (rel) => {
    for (let at = rel.indexOf('/'); at !== -1; at = rel.indexOf('/', at + 1)) {
      const folder = rel.slice(0, at);
      let state = seen.get(folder);
      if (state === undefined) {
        try {
          state = fs.lstatSync(path.join(root, folder)).isSymbolicLink() ? LINK : 0;
        } catch {
          state = MISSING;
        }
        seen.set(folder, state);
      }
      if (state === LINK) return true;
      if (state === MISSING) return false;
    }
    return false;
  };
}

/** True when some parent folder of `rel` is a symlink (reading through it would leave the tree). */
export function hasSymlinkParent(root: string, rel: string): boolean {
  let current = root;
  for (const part of rel.split('/').slice(0, -1)) {
    current = path.join(current, part);
    try {
      if (fs.lstatSync(current).isSymbolicLink()) return true;
    } catch {
      return false;
    }
  }
  return false;
}
