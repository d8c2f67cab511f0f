// The history index figures: build once (in the worker, as the app does), then every later open
// loads the file and answers from it. Each work function returns a count comparable with git's.
import fs from 'node:fs';
import path from 'node:path';
import { resolveRef } from '../electron/core/git/fast';
import { HistoryIndex } from '../electron/core/history/index/reader';
import { runIndexBuild } from '../electron/core/history/index/run-build';
import { IndexWalk } from '../electron/core/history/index/walk';
import { openObjectStore, pathLookup } from '../electron/core/git/fast';
import type { WorkParams } from './work';

const gitdirOf = (dir: string): string => (dir.endsWith('.git') ? dir : path.join(dir, '.git'));

/** The bench's persisted index for a repository (built by the "first build" figure). */
export function benchIndexFile(cacheDir: string): string {
  return path.join(cacheDir, 'index.bin');
}

function openIndex(p: WorkParams): { index: HistoryIndex; head: number; gitdir: string } {
  const gitdir = gitdirOf(p.dir);
  // As FastSource opens it: blocks are read when a commit in them is first asked for.
  const index = HistoryIndex.open(benchIndexFile(p.cacheDir!));
  const oid = resolveRef(gitdir, 'HEAD');
  const head = oid === null ? undefined : index.idOf(oid);
  if (!index.complete || head === undefined) throw new Error('the bench index is missing or stale: run the first-build figure first');
  return { index, head, gitdir };
}

/** Paths of every non-merge commit from HEAD, as `git log --name-only` prints them. */
function countPaths(index: HistoryIndex, head: number): number {
  const walk = new IndexWalk(index, head, null, () => false);
  let paths = 0;
  for (let s = walk.next(); s; s = walk.next()) {
    if (index.parentsOf(s.id).length < 2) paths += index.pathIds(s.id).length;
  }
  return paths;
}

/** What FastSource's page reads for each commit: the record and the names of its paths. */
function firstPage(index: HistoryIndex, head: number): number {
  const walk = new IndexWalk(index, head, null, () => false);
  let n = 0;
  for (let s = walk.next(); s && n < 100; s = walk.next()) {
    const rec = index.record(s.id);
    let names = 0;
    for (const p of rec.paths) names += index.pathName(p).length;
    if (rec.message.length + names >= 0) n++;
  }
  return n;
}

/** `git log -n 20 -- path` from the index (merges under the path compare the path's entry in the trees). */
function fileHistory(p: WorkParams, { index, head, gitdir }: ReturnType<typeof openIndex>): number {
  const store = openObjectStore(gitdir);
  const at = pathLookup(store, p.filePath!); // as FastSource's index walk
  const walk = new IndexWalk(index, head, index.flagsFor(p.filePath!), (c, q) => at(index.tree(c)) === at(index.tree(q)));
  let n = 0;
  for (let s = walk.next(); s && n < 20; s = walk.next()) if (s.shown) n++;
  store.close();
  return n;
}

/** Untimed set-up: the app keeps a workspace's index open once loaded. */
export const INDEX_PREPARE: Record<string, (p: WorkParams) => Promise<unknown>> = {
  async 'index-page-warm'(p) {
    return openIndex(p);
  },
  async 'index-file-history'(p) {
    return openIndex(p);
  },
  async 'index-search'(p) {
    return openIndex(p);
  },
};

export const INDEX_WORK: Record<string, (p: WorkParams, state?: unknown) => Promise<number>> = {
  async 'index-page-warm'(_p, state) {
    const { index, head } = state as ReturnType<typeof openIndex>;
    return firstPage(index, head);
  },
  async 'index-build'(p) {
    const file = benchIndexFile(p.cacheDir!);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    // The worker does the work; this thread only waits (its loop lag is what the app's UI would feel).
    // The count comes from the worker, so the loop lag measured is the build's alone.
    return (await runIndexBuild({ gitdir: gitdirOf(p.dir), file })).paths;
  },
  async 'index-open'(p) {
    const { index, head } = openIndex(p);
    return countPaths(index, head);
  },
  // Cold: a fresh process loads the index file first.
  async 'index-page'(p) {
    const { index, head } = openIndex(p);
    return firstPage(index, head);
  },
  async 'index-file-history'(p, state) {
    return fileHistory(p, state as ReturnType<typeof openIndex>);
  },
  // Cold: a fresh process loads the index file, then walks the file's history.
  async 'index-file-history-cold'(p) {
    return fileHistory(p, openIndex(p));
  },
  async 'index-search'(p, state) {
    const { index, head } = state as ReturnType<typeof openIndex>;
    const needle = p.pattern!.toLowerCase();
    const walk = new IndexWalk(index, head, null, () => false);
    let n = 0;
    for (let s = walk.next(); s; s = walk.next()) if (index.matches(s.id, needle)) n++;
    return n;
  },
};
