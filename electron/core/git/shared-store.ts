import path from 'node:path';
import { idleTimer } from '../idle-timer';
import { openObjectStore, type ObjectStore } from './fast';

/**
 * One fast object store per repository, shared by the engine's object reads and writes in this
 * thread and closed after a short idle time (open packs hold file descriptors, which keep deleted
 * packs alive and block `git gc` on Windows). Objects never change under an id, and the store
 * rescans the pack folder when it misses, so a long-lived store never answers wrongly: at worst a
 * miss costs one readdir.
 */
const IDLE_MS = 2000;

interface Open {
  store: ObjectStore;
  idle: ReturnType<typeof idleTimer>;
}

const open = new Map<string, Open>();

// dir → its resolved .git path: sharedStore runs once per object read (thousands in a pull), and
// path.resolve was a visible part of reading a tree.
const gitdirs = new Map<string, string>();

function gitdirOf(dir: string): string {
  let gitdir = gitdirs.get(dir);
  if (gitdir === undefined) {
    // A relative dir resolves against the working directory, which can change: only absolute ones are kept.
    gitdir = path.resolve(dir, '.git');
    if (path.isAbsolute(dir) && gitdirs.size < 1000) gitdirs.set(dir, gitdir);
  }
  return gitdir;
}

/** The blob `oid` through the shared store, or null (no id, missing, not a blob): what line-ending rules read of an index entry's blob. */
export function blobOrNull(dir: string, oid: string | null | undefined): Uint8Array | null {
  const obj = oid ? sharedStore(dir).read(oid) : null;
  return obj?.type === 'blob' ? obj.data : null;
}

export function sharedStore(dir: string): ObjectStore {
  const gitdir = gitdirOf(dir);
  let entry = open.get(gitdir);
  if (!entry) {
    entry = { store: openObjectStore(gitdir, { cacheBytes: 32 * 1024 * 1024 }), idle: idleTimer(IDLE_MS, () => closeSharedStore(dir)) };
    open.set(gitdir, entry);
  }
  entry.idle.touch();
  return entry.store;
}

/** Close the repository's store now (a folder about to be moved or removed). */
export function closeSharedStore(dir: string): void {
  const gitdir = gitdirOf(dir);
  const entry = open.get(gitdir);
  if (!entry) return;
  open.delete(gitdir);
  entry.idle.cancel();
  entry.store.close();
}

let sliceStart = 0;

/**
 * Reads through the store are synchronous, and an async caller that only awaits them never lets
 * the event loop run (a chain of resolved promises is all microtasks). Awaiting this before each
 * read gives the loop a turn once the current slice has run for 10 ms, so a pull reading hundreds
 * of trees does not freeze the UI or the host's requests.
 */
export async function yieldIfBusy(): Promise<void> {
  const now = performance.now();
  if (now - sliceStart < 10) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  sliceStart = performance.now();
}
