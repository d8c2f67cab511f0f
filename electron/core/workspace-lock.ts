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
  /** This process's random token: a lock with our pid but another token is a previous process's. */
  token?: string;
}

/**
 * Containers start the app with the same small pid every time: a lock a killed run left behind
 * would carry our own pid and look alive forever. The token tells our locks from theirs.
 */
const PROCESS_TOKEN = randomBytes(8).toString('hex');

/** Whether the lock's owner still runs: this process (by token), or another live pid. */
function ownerAlive(owner: LockOwner): boolean {
  return owner.pid === process.pid ? owner.token === PROCESS_TOKEN : processAlive(owner.pid);
}

function lockFile(repoDir: string): string {
  return path.join(repoDir, '.git', 'reposync', 'lock');
}

/** Whether a process with this pid runs (on this machine); EPERM: it does, owned by someone else. */
export function processAlive(pid: number): boolean {
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

function parseOwner(raw: string | null): LockOwner | null {
  if (raw === null) return null;
  try {
    const owner = JSON.parse(raw) as LockOwner;
    return typeof owner?.pid === 'number' ? owner : null;
  } catch {
    return null;
  }
}

export function readLock(repoDir: string): LockOwner | null {
  return parseOwner(readRaw(lockFile(repoDir)));
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

/**
 * Creates `file` with `content` only if it does not exist, content and all at once: written to a
 * temp file, then hard-linked into place (link fails with EEXIST like O_EXCL). A plain 'wx' write
 * is visible empty before its content lands, and another process reading it then would judge the
 * lock unreadable and take it over while its owner goes on. Falls back to 'wx' where the file
 * system has no hard links (FAT drives).
 */
function createExclusive(file: string, content: string): boolean {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.new`;
  fs.writeFileSync(tmp, content);
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  try {
    fs.writeFileSync(file, content, { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** Take the lock or throw `busy`; returns the release function. */
export function acquireLock(repoDir: string, operation: string): () => void {
  const file = lockFile(repoDir);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  } catch (err) {
    throw unwritable(repoDir, err);
  }
  return acquireLockFile(file, operation, {
    busy: (current) => `Another ${current.operation} is running on this workspace; try again when it finishes.`,
    starting: 'Another operation is starting on this workspace; try again when it finishes.',
    writeError: (err) => unwritable(repoDir, err),
  });
}

interface LockWords {
  busy: (current: LockOwner) => string;
  starting: string;
  writeError?: (err: unknown) => ReposyncError;
}

/**
 * Take the lock file `file` (its folder exists) or throw `busy` with the owner in the details;
 * returns the release function. A lock whose owner died is taken over.
 */
export function acquireLockFile(file: string, operation: string, words: LockWords): () => void {
  const owner: LockOwner = { pid: process.pid, operation, since: new Date().toISOString(), token: PROCESS_TOKEN };
  for (let attempt = 0; attempt < 2; attempt++) {
    let created: boolean;
    try {
      created = createExclusive(file, JSON.stringify(owner));
    } catch (err) {
      throw words.writeError ? words.writeError(err) : toReposyncError(err);
    }
    if (created) {
      let released = false;
      return () => {
        if (released) return;
        released = true;
        fs.rmSync(file, { force: true });
      };
    }
    const raw = readRaw(file);
    if (raw === null) continue; // released meanwhile: try again
    const current = parseOwner(raw);
    if (current && ownerAlive(current)) {
      throw new ReposyncError('busy', words.busy(current), { operation: current.operation, pid: current.pid, since: current.since });
    }
    // Stale (owner died) or unreadable (an old crash mid-write): take it over, under a second
    // lock so that of several processes judging it stale only one removes it, and only while it
    // still holds exactly what was judged. A live lock is never moved or removed by anyone else.
    const breaker = `${file}.takeover`;
    if (!createExclusive(breaker, JSON.stringify(owner))) {
      const other = parseOwner(readRaw(breaker));
      // A process killed inside these few lines leaves the breaker behind: clear it for the next try.
      if (!other || !ownerAlive(other)) fs.rmSync(breaker, { force: true });
      throw new ReposyncError('busy', words.starting, {});
    }
    try {
      if (readRaw(file) === raw) fs.rmSync(file, { force: true });
    } finally {
      fs.rmSync(breaker, { force: true });
    }
  }
  throw new ReposyncError('busy', 'The lock could not be taken; try again.', {});
}
