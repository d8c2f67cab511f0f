import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CommitInfo, HistoryPage } from '../../../shared/contract/history';
import { resolveCommitish } from '../git/objects';
import { CommitGraph, changedPaths, commitMatcher, findGitDir, openObjectStore, parseCommit, pathLookup, pathSimplify, readShallow, walkCommits, type ObjectStore, type WalkEntry } from '../git/fast';
import { isoDate, splitMessage } from './commit-info';
import { decodeCursor, encodeCursor } from './cursor';
import type { IndexCommit } from './index/format';
import { HistoryIndex, IndexDamaged } from './index/reader';
import { runIndexBuild } from './index/run-build';
import { IndexGap, IndexWalk } from './index/walk';
import { Lru, type ObjectCache } from './object-cache';
import type { HistorySource, PageQuery } from './source';
import { MAX_PATHS_PER_COMMIT, MAX_SCAN_PER_PAGE, WalkSource } from './walk-source';

export interface FastSourceOptions {
  /** `<home>/cache/history`; null keeps the index in a temp folder for this process only. */
  cacheRoot: string | null;
  /** Build on the calling thread (tests); default: a worker thread when the bundle has one. */
  inThread?: boolean;
  /** Every page waits for the index instead of reading objects while it builds (tests, benchmarks). */
  waitForIndex?: boolean;
}

/** The index file of one repository: `<cacheRoot>/<sha1 of the real repo path>/index.bin`. */
export function indexFileFor(cacheRoot: string, dir: string): string {
  let real = dir;
  try {
    real = fs.realpathSync(dir);
  } catch {
    // a missing folder fails later with a clear error
  }
  return path.join(cacheRoot, crypto.createHash('sha1').update(real).digest('hex').slice(0, 16), 'index.bin');
}

let tempRoot: string | null = null;

/**
 * History from the persisted index (design §7): pages, file history and search walk compact
 * in-memory arrays. While the index is first built (in a worker), plain pages come straight from
 * the fast object reader. Repositories the fast reader refuses go to `WalkSource` (isomorphic-git).
 */
export class FastSource implements HistorySource {
  private readonly fallback: WalkSource;
  private readonly gitdir: string | null;
  private readonly file: string;
  private index: HistoryIndex | null = null;
  private building: Promise<void> | null = null;
  private readonly abort = new AbortController();
  private closed = false;
  private trees: ObjectStore | null = null;
  /** The commit-graph as first read (undefined: not read yet); a newer one git writes later only adds commits, which are then read from their objects. */
  private graph: CommitGraph | null | undefined;
  private paused = new Lru<string, IndexWalk>(16);

  constructor(readonly objects: ObjectCache, private readonly options: FastSourceOptions) {
    this.fallback = new WalkSource(objects);
    this.gitdir = usableGitdir(objects.dir);
    const root = options.cacheRoot ?? (tempRoot ??= fs.mkdtempSync(path.join(os.tmpdir(), 'reposync-history-')));
    this.file = indexFileFor(root, objects.dir);
  }

  /** Starts (or joins) bringing the index up to date; resolves when it is loaded. */
  refresh(): Promise<void> {
    if (!this.gitdir || this.closed) return Promise.resolve();
    if (!this.building) {
      const gitdir = this.gitdir;
      this.building = runIndexBuild({ gitdir, file: this.file, signal: this.abort.signal, inThread: this.options.inThread })
        .then(() => {
          if (this.closed) return;
          // Opened, not read: a page reads only the blocks of the commits it shows.
          this.index?.close();
          this.index = HistoryIndex.open(this.file);
          this.paused = new Lru<string, IndexWalk>(16);
        })
        .finally(() => {
          this.building = null;
        });
    }
    return this.building;
  }

  /** Stops a running build (its finished blocks stay and are reused) and closes the index file; later pages walk objects. */
  close(): void {
    this.closed = true;
    this.abort.abort();
    this.index?.close();
    this.index = null;
    this.trees?.close();
    this.trees = null;
    this.graph = undefined;
  }

  /**
   * The store file-history walks on the index read trees from, and the first build's stand-in
   * pages read objects from: one for all of them (up to 16 paused walks each opening their own kept
   * a descriptor per pack open per walk; a store per page read its pack index pages again).
   */
  private treeStore(): ObjectStore {
    // 16 MiB, as the index build walks with: the service keeps up to 8 sources, each with its store.
    return (this.trees ??= openObjectStore(this.gitdir!, { cacheBytes: 16 << 20 }));
  }

  async page(q: PageQuery): Promise<HistoryPage> {
    if (!this.gitdir) return this.fallback.page(q);
    const start = q.cursor ? decodeCursor(q.cursor, q).start : await resolveCommitish(this.objects.dir, q.ref);
    if (!start) return { commits: [], nextCursor: null };
    const popped = q.cursor ? decodeCursor(q.cursor, q).popped : 0;
    let index = this.usable(start);
    if (!index) {
      const pending = this.refresh().catch(() => undefined);
      if (!this.index && !this.options.waitForIndex) return this.walkerPage(q, start, popped);
      await pending;
      index = this.usable(start);
    }
    if (index) {
      try {
        return this.indexPage(index, q, start, popped);
      } catch (err) {
        if (err instanceof IndexDamaged) this.drop(index);
        else if (!(err instanceof IndexGap)) throw err;
      }
    }
    return this.fallback.page(q);
  }

  async commit(oid: string): Promise<CommitInfo> {
    const index = this.index;
    try {
      const id = index?.idOf(oid);
      if (index && id !== undefined) return toInfo(index.record(id), index);
    } catch (err) {
      if (!(err instanceof IndexDamaged) || !index) throw err;
      this.drop(index);
    }
    return this.fallback.commit(oid);
  }

  /** A block of the open index failed its checksum: stop using it; the next page rebuilds from its valid blocks. */
  private drop(index: HistoryIndex): void {
    if (this.index !== index) return;
    index.close();
    this.index = null;
    this.paused = new Lru<string, IndexWalk>(16);
  }

  private usable(start: string): HistoryIndex | null {
    const index = this.index;
    try {
      return index && index.complete && index.idOf(start) !== undefined ? index : null;
    } catch (err) {
      if (!(err instanceof IndexDamaged) || !index) throw err;
      this.drop(index);
      return null;
    }
  }

  private indexPage(index: HistoryIndex, q: PageQuery, start: string, popped: number): HistoryPage {
    const key = `${start}\0${q.path ?? ''}\0${popped}`;
    let walk = this.paused.get(key);
    if (walk) this.paused.delete(key);
    else {
      walk = this.newWalk(index, index.idOf(start)!, q.path);
      while (walk.popped < popped && !walk.done) walk.next();
    }
    const needle = q.search?.toLowerCase() ?? null;
    const commits: CommitInfo[] = [];
    const stopAt = walk.popped + MAX_SCAN_PER_PAGE;
    while (commits.length < q.limit && !walk.done && walk.popped < stopAt) {
      const step = walk.next();
      if (!step || !step.shown) continue;
      if (needle !== null && !index.matches(step.id, needle)) continue;
      commits.push(toInfo(index.record(step.id), index));
    }
    if (walk.done) return { commits, nextCursor: null };
    this.paused.set(`${start}\0${q.path ?? ''}\0${walk.popped}`, walk);
    return { commits, nextCursor: encodeCursor({ start, popped: walk.popped, ref: q.ref, path: q.path, search: q.search }) };
  }

  private newWalk(index: HistoryIndex, start: number, filePath: string | null): IndexWalk {
    if (!filePath) return new IndexWalk(index, start, null, () => false);
    let at: ((tree: string) => string) | null = null;
    const same = (c: number, p: number): boolean => {
      at ??= pathLookup(this.treeStore(), filePath);
      return at(index.tree(c)) === at(index.tree(p));
    };
    return new IndexWalk(index, start, index.flagsFor(filePath), same);
  }

  // The first build's stand-in: the fast reader walks and diffs just this page's commits. The
  // simplify hook runs once per popped commit, so it counts positions exactly as the index walk does.
  private walkerPage(q: PageQuery, start: string, popped: number): HistoryPage {
    const store = this.treeStore();
    const shallow = readShallow(this.gitdir!);
    // A file's history passes many commits per one shown: their links come from the commit-graph.
    const graph = q.path ? (this.graph === undefined ? (this.graph = CommitGraph.tryOpen(this.gitdir!)) : this.graph) : null;
    const byPath = q.path ? pathSimplify(store, q.path, shallow, graph) : null;
    let n = 0;
    const stopAt = popped + MAX_SCAN_PER_PAGE;
    const simplify = (entry: WalkEntry): { show: boolean; parents: string[] } => {
      if (n >= stopAt) throw SCAN_LIMIT;
      n++;
      return byPath ? byPath(entry) : { show: true, parents: entry.parents };
    };
    // Matched on the raw bytes first: only matching commits are parsed (see git/fast/search.ts).
    const match = q.search === null ? parseCommit : commitMatcher({ needle: q.search, ignoreCase: true });
    const commits: CommitInfo[] = [];
    const more = (): HistoryPage => ({ commits, nextCursor: encodeCursor({ start, popped: n, ref: q.ref, path: q.path, search: q.search }) });
    try {
      for (const entry of walkCommits(store, [start], { shallow, simplify, graph })) {
        if (n <= popped) continue;
        const c = match(entry.raw);
        if (c) {
          const paths = changedPaths(store, entry);
          commits.push(toInfo({ oid: entry.oid, tree: entry.tree, parents: entry.parents, authorName: c.author.name, authorEmail: c.author.email, authorTime: c.author.timestamp, authorTz: c.author.tzOffset, committerName: c.committer.name, committerEmail: c.committer.email, committerTime: c.committer.timestamp, committerTz: c.committer.tzOffset, message: c.message, paths: paths.map((_, i) => i) }, { pathName: (i) => paths[i]! }));
        }
        if (commits.length >= q.limit) return more();
      }
      return { commits, nextCursor: null };
    } catch (err) {
      if (err === SCAN_LIMIT) return more();
      throw err;
    }
  }
}

/** Thrown out of the walk when a page has popped its share of commits. */
const SCAN_LIMIT = new Error('scan limit');

/** The gitdir when the fast reader can read this repository, else null (SHA-256, reftable, …). */
function usableGitdir(dir: string): string | null {
  try {
    const gitdir = findGitDir(dir);
    openObjectStore(gitdir).close();
    return gitdir;
  } catch {
    return null;
  }
}

/** Only the names a commit shows are decoded (the index holds tens of thousands). */
function toInfo(c: IndexCommit, names: { pathName(id: number): string }): CommitInfo {
  const { subject, body } = splitMessage(c.message);
  const truncated = c.paths.length > MAX_PATHS_PER_COMMIT;
  const ids = truncated ? c.paths.slice(0, MAX_PATHS_PER_COMMIT) : c.paths;
  return {
    oid: c.oid,
    parents: c.parents,
    authorName: c.authorName,
    authorEmail: c.authorEmail,
    authorDate: isoDate({ name: '', email: '', timestamp: c.authorTime, offsetMinutes: c.authorTz }),
    committerName: c.committerName,
    committerEmail: c.committerEmail,
    committerDate: isoDate({ name: '', email: '', timestamp: c.committerTime, offsetMinutes: c.committerTz }),
    subject,
    body,
    paths: ids.map((i) => names.pathName(i)),
    pathsTruncated: truncated,
  };
}
