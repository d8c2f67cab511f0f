// What Reposync does for each figure. Runs inside a child process (bench/child.ts) so that
// peak RSS and event-loop lag belong to that figure alone.
import path from 'node:path';
import { git as iso, fs as isoFs } from '../electron/core/git/git';
import { readChanges } from '../electron/core/git/status';
import { INDEX_PREPARE, INDEX_WORK } from './work-index';

import { changedPaths, commitMatcher, openObjectStore, parseCommit, resolveRef, walkCommits, walkPathHistory } from '../electron/core/git/fast';

export interface WorkParams {
  dir: string;
  filePath?: string;
  pattern?: string;
  /** Folder of the bench's history index (index figures). */
  cacheDir?: string;
}

/** `state` is what the figure's untimed prepare step (PREPARE) returned. */
type Work = (p: WorkParams, state?: unknown) => Promise<number>;

const gitdirOf = (dir: string): string => (dir.endsWith('.git') ? dir : path.join(dir, '.git'));

function open(dir: string): { store: ReturnType<typeof openObjectStore>; head: string } {
  const gitdir = gitdirOf(dir);
  const store = openObjectStore(gitdir);
  const head = resolveRef(gitdir, 'HEAD');
  if (!head) throw new Error('HEAD does not resolve');
  return { store, head };
}

/** `git log -n 100`: open the store, walk and parse 100 commits. */
async function firstPage({ dir }: WorkParams): Promise<number> {
  const { store, head } = open(dir);
  let n = 0;
  for (const c of walkCommits(store, [head])) {
    const commit = parseCommit(c.raw);
    if (commit.message.length >= 0) n++;
    if (n === 100) break;
  }
  store.close();
  return n;
}

function searchCount(dir: string, match: (raw: Buffer) => unknown): number {
  const { store, head } = open(dir);
  let n = 0;
  for (const c of walkCommits(store, [head])) if (match(c.raw)) n++;
  store.close();
  return n;
}

/** Untimed set-up per figure; the warm first page has run one page in the process first (the JIT warm, as in a long-lived worker). */
export const PREPARE: Record<string, (p: WorkParams) => Promise<unknown>> = {
  ...INDEX_PREPARE,
  'history-page-warm': firstPage,
};

/** Each work function returns a count that must equal the git side's (commits, paths, …). */
export const WORK: Record<string, Work> = {
  'history-page': firstPage,
  'history-page-warm': firstPage,
  async 'history-page-iso'({ dir }) {
    const commits = await iso.log({ fs: isoFs, gitdir: gitdirOf(dir), ref: 'HEAD', depth: 100, cache: {} });
    return commits.length;
  },
  async 'history-full'({ dir }) {
    const { store, head } = open(dir);
    let paths = 0;
    for (const c of walkCommits(store, [head])) {
      parseCommit(c.raw);
      // git log prints no paths for merges by default; the index still wants them, so they are counted apart.
      if (c.parents.length < 2) paths += changedPaths(store, c).length;
    }
    store.close();
    return paths;
  },
  async 'file-history'({ dir, filePath }) {
    const { store, head } = open(dir);
    let n = 0;
    for (const _ of walkPathHistory(store, [head], filePath!)) if (++n === 20) break;
    store.close();
    return n;
  },
  // As the app's search (fast-source.ts walkerPage): the reader's matcher on the raw commits. The
  // pattern is a plain string (git's --grep takes it as a regex: the bench's have no special characters).
  async 'search-message'({ dir, pattern }) {
    return searchCount(dir, commitMatcher({ needle: pattern!, message: true, author: false }));
  },
  async 'search-author'({ dir, pattern }) {
    return searchCount(dir, commitMatcher({ needle: pattern!, message: false, author: true }));
  },
  async 'status'({ dir }) {
    return (await readChanges(dir)).length;
  },
  ...INDEX_WORK,
};
