import type { CommitInfo, FileAt, FileDiff, HistoryPage } from '../../../shared/contract/history';
import { expandCommitOid } from '../git/objects';
import { commitDetail, fileAt, fileDiff } from './detail';
import { Lru, ObjectCache } from './object-cache';
import { checkRef, toRepoPath } from './safe-path';
import { FastSource } from './fast-source';
import type { HistorySource } from './source';
import { WalkSource } from './walk-source';

export interface ListRequest {
  ref?: string;
  cursor?: string;
  limit: number;
  path?: string;
  search?: string;
}

/**
 * `REPOSYNC_HISTORY_SOURCE` picks the source for tests and comparisons: `walk` (isomorphic-git),
 * `index` (every page waits for the index), anything else the default.
 */
function sourceFactory(cacheRoot: string | null): (objects: ObjectCache) => HistorySource {
  return (objects) => {
    const choice = process.env.REPOSYNC_HISTORY_SOURCE;
    if (choice === 'walk') return new WalkSource(objects);
    return new FastSource(objects, { cacheRoot, waitForIndex: choice === 'index' });
  };
}

/** How long after a clone, add or sync the background index build starts. */
export const backgroundIndexing = { startDelayMs: 1500 };

/**
 * History of any number of repositories: checks the caller's paths and ids, then asks the
 * repository's `HistorySource`.
 */
export class HistoryService {
  private readonly sources = new Lru<string, HistorySource>(8, (s) => s.close?.());

  /**
   * Default: the index-backed `FastSource` (it falls back to the isomorphic-git `WalkSource` for
   * repositories the fast reader refuses). `cacheRoot` is `<home>/cache/history`; without it the
   * index lives in a temp folder for this process only.
   */
  constructor(
    private readonly createSource: (objects: ObjectCache) => HistorySource = sourceFactory(null),
  ) {}

  /** The index-backed service persisting its indexes under `cacheRoot`. */
  static withCache(cacheRoot: string): HistoryService {
    return new HistoryService(sourceFactory(cacheRoot));
  }

  sourceFor(dir: string): HistorySource {
    let source = this.sources.get(dir);
    if (!source) {
      source = this.createSource(new ObjectCache(dir));
      this.sources.set(dir, source);
    }
    return source;
  }

  /**
   * After a sync brought new commits: extend the index now, in its worker, so the next history
   * page is served from it. Only for repositories whose history was opened in this process.
   */
  refreshIfOpen(dir: string): void {
    this.sources.get(dir)?.refresh?.().catch(() => undefined);
  }

  private readonly pending: string[] = [];
  private draining: Promise<void> | null = null;

  /**
   * After a clone, an add or a sync: build or extend the repository's index in the background, as
   * design §7 has it (updated after each fetch), so that History opens from the index and not from
   * the slower object reader. One build at a time across repositories (a bulk pull queues each
   * workspace once): a first build is seconds to minutes of one core, in its worker. Resolves
   * when the queue is empty (tests).
   */
  keepIndexed(dir: string): Promise<void> {
    if (!this.pending.includes(dir)) this.pending.push(dir);
    return (this.draining ??= this.drain());
  }

  private async drain(): Promise<void> {
    // The views re-read status and history right after a sync: they go first (on two cores a build
    // started at once slowed them). Unref'd: a waiting build never keeps a process alive.
    await new Promise((resolve) => setTimeout(resolve, backgroundIndexing.startDelayMs).unref());
    for (let dir = this.pending.shift(); dir !== undefined; dir = this.pending.shift()) {
      try {
        await this.sourceFor(dir).refresh?.();
      } catch {
        // A failed build (a removed folder, a damaged repository) leaves pages to the object reader.
      }
    }
    this.draining = null; // in the same step as the last look at the queue: nothing added is left behind
  }

  async list(dir: string, req: ListRequest): Promise<HistoryPage> {
    return this.sourceFor(dir).page({
      ref: checkRef(req.ref ?? 'HEAD'),
      cursor: req.cursor ?? null,
      limit: req.limit,
      path: req.path === undefined ? null : toRepoPath(req.path),
      search: req.search ?? null,
    });
  }

  async commit(dir: string, oid: string): Promise<{ commit: CommitInfo; files: FileDiff[]; truncated: boolean }> {
    const source = this.sourceFor(dir);
    const info = await source.commit(await expandCommitOid(dir, oid));
    return commitDetail(source.objects, info);
  }

  async fileDiff(dir: string, oid: string, path: string, options: { full: boolean; ignoreWhitespace: boolean }): Promise<FileDiff> {
    const safe = toRepoPath(path);
    return fileDiff(this.sourceFor(dir).objects, await expandCommitOid(dir, oid), safe, options);
  }

  async fileAt(dir: string, oid: string, path: string): Promise<FileAt> {
    const safe = toRepoPath(path);
    return fileAt(this.sourceFor(dir).objects, await expandCommitOid(dir, oid), safe);
  }
}
