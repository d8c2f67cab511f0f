import fs from 'node:fs';
import path from 'node:path';
import { ReposyncError } from '../../errors';
import { commonDir } from './git-dir';
import type { ObjectStore } from './object-store';
import { parseCommitLinks } from './parse-commit';
import type { CommitGraph } from './commit-graph';
import { Heap } from './heap';
import { assertOid, corrupt } from './types';

export interface WalkEntry {
  oid: string;
  tree: string;
  parents: string[];
  /** Committer timestamp (seconds): the key git log orders by. */
  commitTime: number;
  /** The raw commit object; `parseCommit(raw)` gives author, message, … (read on first use when the links came from the commit-graph). */
  readonly raw: Buffer;
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
  /**
   * Links from the repository's commit-graph when it has one (see commit-graph.ts): for walks that
   * pass many more commits than they show. Shown commits are read and checked against it.
   */
  graph?: CommitGraph | null;
}

interface Queued {
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

function readCommitObject(store: ObjectStore, oid: string): Buffer {
  const obj = store.read(oid);
  if (!obj) throw new ReposyncError('not_found', `Commit ${oid} is missing from the repository.`, { oid });
  if (obj.type !== 'commit') throw new ReposyncError('invalid_input', `Object ${oid} is a ${obj.type}, not a commit.`, { oid, type: obj.type });
  return obj.data;
}

/**
 * A commit whose links came from the commit-graph, by its position there: its ids are made when
 * first asked for (a file's history passes thousands of commits and shows twenty), its object is
 * read when `raw` is first asked for.
 */
export class GraphEntry implements WalkEntry {
  private data: Buffer | null = null;
  private treeId: string | null = null;
  private parentIds: string[] | null = null;

  constructor(
    private readonly store: ObjectStore,
    readonly graph: CommitGraph,
    readonly pos: number,
    /** Parent positions ([] for a shallow clone's boundary). */
    readonly parentPos: readonly number[],
    readonly commitTime: number,
    private readonly cut: boolean,
    private id: string | null,
  ) {}

  get oid(): string {
    return (this.id ??= this.graph.oidOf(this.pos));
  }

  get tree(): string {
    return (this.treeId ??= this.graph.treeOf(this.pos));
  }

  get parents(): string[] {
    return (this.parentIds ??= this.parentPos.map((p) => this.graph.oidOf(p)));
  }

  get raw(): Buffer {
    if (this.data) return this.data;
    const data = readCommitObject(this.store, this.oid);
    // A graph that disagrees with the object (rewritten by a tool that left it stale) must not go unseen.
    const links = parseCommitLinks(data);
    if (links.tree !== this.tree || (!this.cut && links.parents.join() !== this.parents.join())) {
      throw corrupt(`the commit-graph disagrees with commit ${this.oid}`, { oid: this.oid });
    }
    return (this.data = data);
  }
}

function graphEntry(store: ObjectStore, graph: CommitGraph, pos: number, shallow: ReadonlySet<string> | undefined, id: string | null): GraphEntry {
  let parents = graph.parentsOf(pos);
  let cut = false;
  if (shallow && shallow.size > 0 && shallow.has((id ??= graph.oidOf(pos)))) {
    parents = [];
    cut = true;
  }
  return new GraphEntry(store, graph, pos, parents, graph.timeOf(pos), cut, id);
}

export function readCommitEntry(store: ObjectStore, oid: string, shallow?: ReadonlySet<string>, graph?: CommitGraph | null): WalkEntry {
  const pos = graph ? graph.positionOf(oid) : -1;
  if (pos >= 0) return graphEntry(store, graph!, pos, shallow, oid);
  const cut = shallow?.has(oid) ?? false;
  const raw = readCommitObject(store, oid);
  const links = parseCommitLinks(raw); // its tree is a checked hex id
  return { oid, tree: links.tree, parents: cut ? [] : links.parents, commitTime: links.time, raw };
}

/**
 * Yields the commits reachable from `startOids` in `git log`'s default order (no --topo-order,
 * --date-order or path limiting): a queue by committer time, ties broken by insertion order,
 * start commits sorted stably by time, parents queued first-parent first when first seen.
 * Every commit is yielded once. Lazy: taking 100 reads little more than 100 commits.
 */
export function* walkCommits(store: ObjectStore, startOids: readonly string[], options: WalkOptions = {}): Generator<WalkEntry> {
  const shallow = options.shallow ?? readShallow(store.gitdir);
  const graph = options.graph ?? null;
  const seen = new Set<string>();
  // Commits the graph holds are marked by position (however they were reached): no id per commit.
  const seenPos = graph ? new Uint8Array(graph.count) : null;
  const queue = new Heap<Queued>(before);
  let seq = 0;
  /** Marks a commit reached by its id; false when it was reached before. */
  const firstSight = (entry: WalkEntry): boolean => {
    if (!(entry instanceof GraphEntry)) return true;
    if (seenPos![entry.pos]) return false;
    seenPos![entry.pos] = 1;
    return true;
  };
  const starts: WalkEntry[] = [];
  for (const oid of startOids) {
    assertOid(oid);
    if (seen.has(oid)) continue;
    seen.add(oid);
    const entry = readCommitEntry(store, oid, shallow, graph);
    if (firstSight(entry)) starts.push(entry);
  }
  // Array.prototype.sort is stable, as git's merge sort in commit_list_sort_by_date.
  starts.sort((a, b) => b.commitTime - a.commitTime);
  for (const entry of starts) queue.push({ time: entry.commitTime, seq: seq++, entry });
  for (let next = queue.pop(); next; next = queue.pop()) {
    const entry = next.entry;
    let show = true;
    if (entry instanceof GraphEntry) {
      let parents = options.firstParent ? entry.parentPos.slice(0, 1) : entry.parentPos;
      if (options.simplify) {
        // The entry itself, not a copy: a copy would make the ids and read the object (its `raw` getter).
        const view = parents === entry.parentPos ? entry : withParents(entry, parents.map((p) => graph!.oidOf(p)));
        const r = options.simplify(view);
        show = r.show;
        if (r.parents !== view.parents) parents = r.parents.map((oid) => positionOf(graph!, view, parents, oid));
      }
      // Indexed loops: a for-of makes an iterator and a result object per step in cold code.
      for (let k = 0; k < parents.length; k++) {
        const p = parents[k]!;
        if (seenPos![p]) continue;
        seenPos![p] = 1;
        const parent = graphEntry(store, graph!, p, shallow, null);
        queue.push({ time: parent.commitTime, seq: seq++, entry: parent });
      }
    } else {
      let parents = options.firstParent ? entry.parents.slice(0, 1) : entry.parents;
      if (options.simplify) ({ show, parents } = options.simplify(parents === entry.parents ? entry : withParents(entry, parents)));
      for (let k = 0; k < parents.length; k++) {
        const parent = parents[k]!;
        if (seen.has(parent)) continue;
        seen.add(parent);
        const p = readCommitEntry(store, parent, shallow, graph);
        if (firstSight(p)) queue.push({ time: p.commitTime, seq: seq++, entry: p });
      }
    }
    if (show) yield entry;
  }
}

/** The graph position of a parent the simplify hook chose (one of the entry's, by its id). */
function positionOf(graph: CommitGraph, view: WalkEntry, positions: readonly number[], oid: string): number {
  const k = view.parents.indexOf(oid);
  if (k >= 0 && k < positions.length) return positions[k]!;
  const pos = graph.positionOf(oid);
  if (pos < 0) throw new ReposyncError('invalid_input', `Commit ${oid} is not a parent the walk knows.`, { oid });
  return pos;
}

function withParents(entry: WalkEntry, parents: string[]): WalkEntry {
  return { oid: entry.oid, tree: entry.tree, parents, commitTime: entry.commitTime, get raw() { return entry.raw; } };
}
