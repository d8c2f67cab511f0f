import fs from 'node:fs';
import path from 'node:path';
import { ReposyncError } from '../../errors';
import { changedPaths, listRefs, openObjectStore, parseCommit, peel, readShallow, resolveRef, walkCommits, type ObjectStore, type WalkEntry } from '../../git/fast';
import { BlockWriter, type IndexCommit } from './format';
import { addCommitBytes } from './raw-commit';
import { HistoryIndex } from './reader';

/** Commits per block (each block is one append + fsync); tests set fewer to get many blocks. */
export const buildTuning = { blockCommits: 2000 };
const BUILD_CACHE_BYTES = 16 * 1024 * 1024;

export interface BuildOptions {
  gitdir: string;
  /** The index file; its folder is created. */
  file: string;
  /** Polled between commits; true stops the build (blocks written so far stay valid). */
  cancelled?: () => boolean;
  progress?: (done: number) => void;
  /**
   * Each block's fsync runs on a libuv thread while the next block is built, instead of stopping the
   * build for it (up to a few hundred ms of a first build on a busy disk). The steps then yield the
   * pending fsync before writing the next block, and the caller resumes them once it has settled
   * (driveBuild): a block still reaches the disk before the next one is written.
   */
  background?: boolean;
}

/** A build step's value: a pending fsync to wait for, or nothing (a block boundary, where a caller may yield). */
export type BuildStep = Promise<void> | void;

export interface BuildResult {
  kind: 'fresh' | 'appended' | 'rebuilt' | 'cancelled';
  added: number;
  /** Paths recorded for the added non-merge commits (what `git log --name-only` would list for them). */
  paths: number;
  tips: string[];
}

/** The commits `git log --all`-like history starts from: HEAD and every ref (tags peeled), sorted, deduplicated. */
export function currentTips(store: ObjectStore, gitdir: string): string[] {
  const out = new Set<string>();
  const head = resolveRef(gitdir, 'HEAD');
  const candidates = head ? [head] : [];
  for (const [name, oid] of listRefs(gitdir, 'refs/')) if (name !== 'refs/stash') candidates.push(oid);
  for (const oid of candidates) {
    const target = peel(store, oid);
    if (target?.type === 'commit') out.add(target.oid);
  }
  return [...out].sort();
}

/**
 * Brings the index file up to date with the repository's refs: nothing when the tips are
 * indexed, appends only the new commits when the old tips are still reached (fetch, pull, commit),
 * and rebuilds into a temp file renamed over the old one when history was rewritten. Synchronous,
 * each block fsynced in turn; `buildIndexSteps` with `driveBuild` gives the stepped form the worker
 * and the in-thread build use (block boundaries to yield at, fsyncs in the background).
 */
export function buildIndex(options: BuildOptions): BuildResult {
  const steps = buildIndexSteps({ ...options, background: false });
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Runs build steps to the end: waits for the fsyncs they hand back (a failed one is thrown into the
 * steps, which clean up as for any error) and awaits `between` at each block boundary.
 */
export async function driveBuild(steps: Generator<BuildStep, BuildResult>, between?: () => Promise<void>): Promise<BuildResult> {
  let failure: { err: unknown } | null = null;
  for (;;) {
    const r = failure ? steps.throw(failure.err) : steps.next();
    failure = null;
    if (r.done) return r.value;
    if (r.value) {
      try {
        await r.value;
      } catch (err) {
        failure = { err };
      }
    } else if (between) await between();
  }
}

/** The same build in steps: it yields after each block (so a caller on the main thread can let the event loop run) and, with `background`, the fsyncs to wait for. */
export function* buildIndexSteps(options: BuildOptions): Generator<BuildStep, BuildResult> {
  // The date-order walk reuses a tree or delta base within a few commits of reading it: on the bench's
  // 82k-commit repository 16 MiB hits as often as 64 MiB, and cached objects also pin the 8 KiB
  // buffer-pool slabs they were cut from, so a smaller budget is what keeps peak memory low.
  const store = openObjectStore(options.gitdir, { cacheBytes: BUILD_CACHE_BYTES });
  try {
    fs.mkdirSync(path.dirname(options.file), { recursive: true });
    const tips = currentTips(store, options.gitdir);
    const old = HistoryIndex.load(options.file);
    if (old.complete && sameList(old.tips, tips)) return { kind: 'fresh', added: 0, paths: 0, tips };
    const appended = yield* writeCommits(store, options, old, tips, false);
    if (appended.kind === 'cancelled' || !appended.rewritten) return { kind: appended.kind, added: appended.added, paths: appended.paths, tips };
    const rebuilt = yield* writeCommits(store, options, new HistoryIndex(Buffer.alloc(0)), tips, true);
    return { kind: rebuilt.kind === 'cancelled' ? 'cancelled' : 'rebuilt', added: rebuilt.added, paths: rebuilt.paths, tips };
  } finally {
    store.close();
  }
}

/** The record from parseCommit's fields (a commit addCommitBytes leaves to it: an `encoding` header, …). */
export function recordFromParsed(entry: Pick<WalkEntry, 'oid' | 'tree' | 'parents' | 'raw'>, paths: number[]): IndexCommit {
  const c = parseCommit(entry.raw);
  return {
    oid: entry.oid,
    tree: entry.tree,
    parents: entry.parents,
    authorName: c.author.name,
    authorEmail: c.author.email,
    authorTime: c.author.timestamp,
    authorTz: c.author.tzOffset,
    committerName: c.committer.name,
    committerEmail: c.committer.email,
    committerTime: c.committer.timestamp,
    committerTz: c.committer.tzOffset,
    message: c.message,
    paths,
  };
}

/** fsync on a libuv thread. The promise is marked handled: a build that fails meanwhile closes the file and never waits for it. */
function fsyncLater(fd: number): Promise<void> {
  const done = new Promise<void>((resolve, reject) => fs.fsync(fd, (err) => (err ? reject(err) : resolve())));
  done.catch(() => undefined);
  return done;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function* writeCommits(
  store: ObjectStore,
  options: BuildOptions,
  old: HistoryIndex,
  tips: string[],
  fresh: boolean,
): Generator<BuildStep, { kind: BuildResult['kind']; added: number; paths: number; rewritten: boolean }> {
  const target = fresh ? `${options.file}.${process.pid}.${Date.now()}.tmp` : options.file;
  if (!fresh && old.validEnd === 0 && old.file.length === 0) fs.writeFileSync(target, '');
  const fd = fs.openSync(target, fresh ? 'w' : 'r+');
  try {
    // A torn tail (crash mid-append) is dropped before anything is appended after it.
    if (!fresh) fs.ftruncateSync(fd, old.validEnd);
    let at = fresh ? 0 : old.validEnd;
    const pathIds = new Map<string, number>();
    old.paths.forEach((p, i) => pathIds.set(p, i));
    const shallow = readShallow(options.gitdir);
    // Only whether the old tips are reached matters (a rewrite): not a set of every walked commit.
    const oldTips = new Set(old.complete ? old.tips : []);
    const seen = new Set<string>();
    const boundary = new Set<string>();
    const block = new BlockWriter();
    let added = 0;
    let pathCount = 0;
    // The last block's fsync when it runs in the background: the next block is written only after it.
    let syncing: Promise<void> | null = null;
    function* settle(): Generator<BuildStep, void> {
      const pending = syncing;
      syncing = null;
      if (pending) yield pending;
    }
    function* flush(complete: boolean): Generator<BuildStep, void> {
      const bytes = block.finish(complete, complete ? tips : []);
      yield* settle();
      fs.writeSync(fd, bytes, 0, bytes.length, at);
      at += bytes.length;
      // The final block is synced before the file is closed and reported done.
      if (options.background && !complete) syncing = fsyncLater(fd);
      else fs.fsyncSync(fd);
    }
    // Commits of finished builds have all their ancestors indexed: the walk stops there. An
    // interrupted build's commits are kept but their parents are still walked.
    const closed = (oid: string): boolean => {
      const id = old.idOf(oid);
      if (id === undefined || id >= old.closedCount) return false;
      boundary.add(oid);
      return true;
    };
    const starts = tips.filter((t) => !closed(t));
    // git log's date order, not depth-first: neighbours in time share trees and delta bases, so the
    // object cache keeps serving them (a first-parent dive to the root would evict side branches' bases).
    // Without a finished build in the file nothing is closed: no per-commit filtering (a first build).
    const simplify = old.closedCount > 0 ? (e: WalkEntry) => ({ show: true, parents: e.parents.filter((p) => !closed(p)) }) : undefined;
    const walk = walkCommits(store, starts, { shallow, simplify });
    for (const entry of walk) {
      if (options.cancelled?.()) {
        if (block.count > 0) yield* flush(false);
        yield* settle();
        return { kind: 'cancelled', added, paths: pathCount, rewritten: false };
      }
      const oid = entry.oid;
      if (oldTips.has(oid)) seen.add(oid);
      const hasOld = old.size > 0;
      if (hasOld && old.idOf(oid) !== undefined) continue;
      const first = entry.parents[0];
      const known = first === undefined || !hasOld ? undefined : old.idOf(first);
      const ids = changedPaths(store, entry, known === undefined ? undefined : old.tree(known)).map((p) => {
        let pid = pathIds.get(p);
        if (pid === undefined) {
          pid = pathIds.size;
          pathIds.set(p, pid);
          block.addPath(p);
        }
        return pid;
      });
      if (!addCommitBytes(block, entry, ids)) block.add(recordFromParsed(entry, ids));
      added++;
      if (entry.parents.length < 2) pathCount += ids.length;
      if (block.count >= buildTuning.blockCommits) {
        yield* flush(false);
        options.progress?.(added);
        yield;
      }
    }
    // History was rewritten when an old tip is neither a tip now nor reached from one.
    const tipSet = new Set(tips);
    const rewritten = !fresh && old.complete && old.tips.some((t) => !tipSet.has(t) && !boundary.has(t) && !seen.has(t));
    yield* flush(true);
    fs.closeSync(fd);
    if (fresh) fs.renameSync(target, options.file);
    return { kind: fresh ? 'rebuilt' : 'appended', added, paths: pathCount, rewritten };
  } catch (err) {
    try {
      fs.closeSync(fd);
    } catch {
      // already closed
    }
    if (fresh) fs.rmSync(target, { force: true });
    if (err instanceof ReposyncError) throw err;
    throw new ReposyncError('internal', 'Could not write the history index.', { file: path.basename(options.file) }, { cause: err });
  }
}
