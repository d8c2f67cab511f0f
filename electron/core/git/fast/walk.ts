import fs from 'node:fs';
import path from 'node:path';
import { ReposyncError } from '../../errors';
import { commonDir } from './git-dir';
import type { ObjectStore } from './object-store';
import { parseCommitLinks } from './parse-commit';
import { Heap } from './heap';
import { assertOid, corrupt } from './types';

export interface WalkEntry {
  oid: string;
  tree: string;
  parents: string[];
  /** Committer timestamp (seconds): the key git log orders by. */
  commitTime: number;
  /** The raw commit object; `parseCommit(raw)` gives author, message, … */
  raw: Buffer;
}

export interface WalkOptions {
  order?: 'git-log-default';
  firstParent?: boolean;
  /** Commits whose parents are to be ignored (a shallow clone's `.git/shallow`); see readShallow. */
  shallow?: ReadonlySet<string>;
  /**
   * History simplification hook, run on each commit before its parents are queued (git's
   * try_to_simplify_commit): which parents to follow, and whether to yield the commit.
   */
  simplify?: (entry: WalkEntry) => { show: boolean; parents: string[] };
}

interface Queued {
  oid: string;
  time: number;
  seq: number;
  entry: WalkEntry;
}

// Newer first; equal times in insertion order. This is exactly git's commit_list_insert_by_date,
// which puts a commit after every queued commit with a time >= its own.
const before = (a: Queued, b: Queued): boolean => a.time > b.time || (a.time === b.time && a.seq < b.seq);

/** Commits a shallow clone cut off (`.git/shallow`): git treats them as having no parents. */
export function readShallow(gitdir: string): Set<string> {
  try {
    const text = fs.readFileSync(path.join(commonDir(gitdir), 'shallow'), 'utf8');
    return new Set(text.split('\n').map((l) => l.trim()).filter((l) => /^[0-9a-f]{40}$/.test(l)));
  } catch {
    return new Set();
  }
}

export function readCommitEntry(store: ObjectStore, oid: string, shallow?: ReadonlySet<string>): WalkEntry {
  const obj = store.read(oid);
  if (!obj) throw new ReposyncError('not_found', `Commit ${oid} is missing from the repository.`, { oid });
  if (obj.type !== 'commit') throw new ReposyncError('invalid_input', `Object ${oid} is a ${obj.type}, not a commit.`, { oid, type: obj.type });
  const links = parseCommitLinks(obj.data);
  if (!/^[0-9a-f]{40}$/.test(links.tree)) throw corrupt(`commit ${oid} has a bad tree line`, { oid });
  return { oid, tree: links.tree, parents: shallow?.has(oid) ? [] : links.parents, commitTime: links.time, raw: obj.data };
}

/**
 * Yields the commits reachable from `startOids` in `git log`'s default order (no --topo-order,
 * --date-order or path limiting): a queue by committer time, ties broken by insertion order,
 * start commits sorted stably by time, parents queued first-parent first when first seen.
 * Every commit is yielded once. Lazy: taking 100 reads little more than 100 commits.
 */
export function* walkCommits(store: ObjectStore, startOids: readonly string[], options: WalkOptions = {}): Generator<WalkEntry> {
  const shallow = options.shallow ?? readShallow(store.gitdir);
  const seen = new Set<string>();
  const queue = new Heap<Queued>(before);
  let seq = 0;
  const starts: WalkEntry[] = [];
  for (const oid of startOids) {
    assertOid(oid);
    if (seen.has(oid)) continue;
    seen.add(oid);
    starts.push(readCommitEntry(store, oid, shallow));
  }
  // Array.prototype.sort is stable, as git's merge sort in commit_list_sort_by_date.
  starts.sort((a, b) => b.commitTime - a.commitTime);
  for (const entry of starts) queue.push({ oid: entry.oid, time: entry.commitTime, seq: seq++, entry });
  for (let next = queue.pop(); next; next = queue.pop()) {
    const entry = next.entry;
    let parents = options.firstParent ? entry.parents.slice(0, 1) : entry.parents;
    let show = true;
    if (options.simplify) ({ show, parents } = options.simplify({ ...entry, parents }));
    for (const parent of parents) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      const p = readCommitEntry(store, parent, shallow);
      queue.push({ oid: parent, time: p.commitTime, seq: seq++, entry: p });
    }
    if (show) yield entry;
  }
}
