import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ReposyncError, toReposyncError } from './errors';

/**
 * One writer per workspace, across processes (the app and the CLI may share a folder):
 * an exclusive lock file `.git/reposync/lock` holding the owner's pid. A lock whose owner
 * is no longer alive (a crashed process) is taken over, so it can never stay held forever.
 */
export interface LockOwner {
  pid: number;
  operation: string;
  since: string;
}

function lockFile(repoDir: string): string {
  return path.join(repoDir, '.git', 'reposync', 'lock');
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readRaw(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export function readLock(repoDir: string): LockOwner | null {
  try {
    return JSON.parse(fs.readFileSync(lockFile(repoDir), 'utf8')) as LockOwner;
  } catch {
    return null;
  }
}

/**
 * Why the lock file could not be written. A read-only mount makes a recursive mkdir report ENOENT,
 * so ask the folder itself whether it is writable before blaming a missing file.
 */
function unwritable(repoDir: string, err: unknown): ReposyncError {
  let code = (err as NodeJS.ErrnoException).code;
  try {
    fs.accessSync(path.join(repoDir, '.git'), fs.constants.W_OK);
  } catch (denied) {
    code = (denied as NodeJS.ErrnoException).code ?? code;
  }
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return new ReposyncError('forbidden', 'Reposync cannot write to this folder (it is read-only, or not yours); nothing was changed.', { errno: code });
  }
  return toReposyncError(err);
}

/** Take the lock or throw `busy`; returns the release function. */
export function acquireLock(repoDir: string, operation: string): () => void {
  const file = lockFile(repoDir);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  } catch (err) {
    throw unwritable(repoDir, err);
  }
  const owner: LockOwner = { pid: process.pid, operation, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(owner), { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        fs.rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw unwritable(repoDir, err);
      const raw = readRaw(file);
      const current = readLock(repoDir);
      if (current && alive(current.pid)) {
        throw new ReposyncError('busy', `Another ${current.operation} is running on this workspace; try again when it finishes.`, {
          operation: current.operation,
          pid: current.pid,
          since: current.since,
        });
      }
      // Stale (owner died) or unreadable (crashed mid-write): take it over once. Two processes may
      // both judge it stale; moving it aside (atomic) and checking that what moved is still the
      // stale lock keeps the slower one from deleting the lock the faster one has just taken.
      const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      try {
        fs.renameSync(file, aside);
      } catch {
        continue;
      }
      if (readRaw(aside) !== raw) {
        try {
          fs.linkSync(aside, file);
        } catch {
          // A third writer took the free slot meanwhile; it holds the workspace now.
        }
        fs.rmSync(aside, { force: true });
        throw new ReposyncError('busy', 'Another operation has just started on this workspace; try again when it finishes.', {});
      }
      fs.rmSync(aside, { force: true });
    }
  }
  throw new ReposyncError('busy', 'The workspace lock could not be taken; try again.', {});
}
