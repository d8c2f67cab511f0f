import fs from 'node:fs';
import path from 'node:path';
import { ReposyncError } from './errors';

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

export function readLock(repoDir: string): LockOwner | null {
  try {
    return JSON.parse(fs.readFileSync(lockFile(repoDir), 'utf8')) as LockOwner;
  } catch {
    return null;
  }
}

/** Take the lock or throw `busy`; returns the release function. */
export function acquireLock(repoDir: string, operation: string): () => void {
  const file = lockFile(repoDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
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
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const current = readLock(repoDir);
      if (current && alive(current.pid)) {
        throw new ReposyncError('busy', `Another ${current.operation} is running on this workspace; try again when it finishes.`, {
          operation: current.operation,
          pid: current.pid,
          since: current.since,
        });
      }
      // Stale (owner died) or unreadable (crashed mid-write): take it over once.
      fs.rmSync(file, { force: true });
    }
  }
  throw new ReposyncError('busy', 'The workspace lock could not be taken; try again.', {});
}
