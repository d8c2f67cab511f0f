import fs from 'node:fs';
import path from 'node:path';
import type { FileChange } from '../../../shared/domain';
import { ReposyncError } from '../errors';
import { findGitDir, openObjectStore, resolveRef } from './fast';
import { scanTree, isTreeMode } from './fast/parse-tree';
import type { ObjectStore } from './fast';
import { repoExcludes } from './ignore';
import { type IndexEntry, parseIndex } from './index-file';
import { cacheTreeRoot } from './status-cache-tree';
import { type HashCache, type WalkResult, inPrefix, walkWorkingTree } from './status-walk';

/**
 * Status from stat data, as git computes it: the index is read once, working files are lstat'ed
 * and only those whose stat differs from the index are hashed. The index is never written (git
 * refreshes it; we must not race other writers), so hashes are remembered per workspace instead.
 */
export interface Entry {
  oid: string;
  mode: number;
}

interface WorkspaceCache {
  hashes: HashCache;
  headTree: string | null;
  head: Map<string, Entry>;
}

const caches = new Map<string, WorkspaceCache>();
const MAX_WORKSPACES = 16;

function cacheFor(dir: string): WorkspaceCache {
  let c = caches.get(dir);
  if (!c) {
    if (caches.size >= MAX_WORKSPACES) caches.delete(caches.keys().next().value!);
    c = { hashes: new Map(), headTree: null, head: new Map() };
    caches.set(dir, c);
  }
  return c;
}

/** Forget what was remembered about a workspace (tests; a removed workspace). */
export function forgetStatusCache(dir?: string): void {
  if (dir === undefined) caches.clear();
  else caches.delete(path.resolve(dir));
}

function flattenTree(store: ObjectStore, treeOid: string, prefix: string, out: Map<string, Entry>): void {
  const obj = store.read(treeOid);
  if (!obj || obj.type !== 'tree') throw new ReposyncError('internal', 'A tree of HEAD is missing from the repository.', { tree: treeOid });
  const data = obj.data;
  scanTree(data, (modeAt, nameAt, nameEnd, oidAt) => {
    const name = data.toString('utf8', nameAt, nameEnd);
    const oid = data.toString('hex', oidAt, oidAt + 20);
    const rel = prefix ? `${prefix}/${name}` : name;
    if (isTreeMode(data, modeAt)) flattenTree(store, oid, rel, out);
    else out.set(rel, { oid, mode: parseInt(data.toString('latin1', modeAt, nameAt - 1), 8) });
  });
}

/** The tree id of HEAD's commit, or null for an unborn branch. */
function readHeadTree(gitdir: string, store: () => ObjectStore): string | null {
  const headOid = resolveRef(gitdir, 'HEAD');
  if (!headOid) return null;
  const commit = store().read(headOid);
  if (!commit || commit.type !== 'commit') throw new ReposyncError('internal', 'HEAD does not point at a commit.', { head: headOid });
  const tree = /^tree ([0-9a-f]{40})/.exec(commit.data.toString('latin1', 0, 46))?.[1];
  if (!tree) throw new ReposyncError('internal', 'The HEAD commit is damaged.', { head: headOid });
  return tree;
}

/** HEAD's files by path (empty for an unborn branch), reused while HEAD's tree stays the same. */
function readHeadFiles(gitdir: string, tree: string | null, store: () => ObjectStore, cache: WorkspaceCache): Map<string, Entry> {
  if (!tree) return new Map();
  if (cache.headTree !== tree) {
    const files = new Map<string, Entry>();
    flattenTree(store(), tree, '', files);
    cache.head = files;
    cache.headTree = tree;
  }
  return cache.head;
}

function configFlag(gitdir: string, key: string, fallback: boolean): boolean {
  let text: string;
  try {
    text = fs.readFileSync(path.join(gitdir, 'config'), 'utf8');
  } catch {
    return fallback;
  }
  const m = new RegExp(`^\\s*${key}\\s*=\\s*(\\w+)`, 'im').exec(text);
  if (!m) return fallback;
  return !/^(false|no|off|0)$/i.test(m[1]!);
}

export interface FastStatusResult {
  changes: FileChange[];
  /** Files whose content had to be hashed (0 on a repeated call over an unchanged tree). */
  hashed: number;
}

export interface RepoScan {
  head: Map<string, Entry>;
  index: Map<string, IndexEntry>;
  conflicted: Set<string>;
  walked: WalkResult;
}

/** HEAD's files, the index and one pass over the working tree, all limited to `prefix`. */
export function scanRepo(dirIn: string, prefixIn = ''): RepoScan {
  const dir = path.resolve(dirIn);
  const prefix = prefixIn.replace(/^\/+|\/+$/g, '');
  const gitdir = findGitDir(dir);
  const cache = cacheFor(dir);
  let indexBytes: Buffer | null = null;
  let indexMtimeSec = 0;
  try {
    indexMtimeSec = Math.floor(fs.statSync(path.join(gitdir, 'index')).mtimeMs / 1000) % 0x100000000;
    indexBytes = fs.readFileSync(path.join(gitdir, 'index'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const index = new Map<string, IndexEntry>();
  const conflicted = new Set<string>();
  const entries = parseIndex(indexBytes);
  for (const e of entries) {
    if (!inPrefix(e.path, prefix)) continue;
    if (e.stage === 0) index.set(e.path, e);
    else conflicted.add(e.path);
  }
  let opened: ObjectStore | null = null;
  const store = (): ObjectStore => (opened ??= openObjectStore(gitdir, { cacheBytes: 8 << 20 }));
  let head: Map<string, Entry>;
  try {
    const tree = readHeadTree(gitdir, store);
    const cached = cacheTreeRoot(indexBytes);
    // A valid cache-tree covering every entry and equal to HEAD's tree: the index is HEAD.
    head = tree && cached && cached.oid === tree && cached.entries === entries.length && entries.every((e) => e.stage === 0)
      ? index
      : readHeadFiles(gitdir, tree, store, cache);
  } finally {
    (opened as ObjectStore | null)?.close();
  }
  const walked = walkWorkingTree({
    dir, index, conflicted, excludes: repoExcludes(gitdir), indexMtimeSec, prefix, cache: cache.hashes,
    fileMode: configFlag(gitdir, 'filemode', true), trustCtime: configFlag(gitdir, 'trustctime', true),
  });
  return { head, index, conflicted, walked };
}

/** Changed files under `prefix` (all when empty), sorted by path; the same rows as `readChangesIso`. */
export function fastStatus(dirIn: string, prefixIn = ''): FastStatusResult {
  const prefix = prefixIn.replace(/^\/+|\/+$/g, '');
  const { head, index, conflicted, walked } = scanRepo(dirIn, prefix);
  const out: FileChange[] = [];
  for (const p of conflicted) out.push({ path: p, kind: 'conflicted', staged: false });
  const same = (a: Entry | undefined, b: Entry | undefined): boolean => !!a && !!b && a.oid === b.oid && a.mode === b.mode;
  for (const [p, h] of head) {
    if (!inPrefix(p, prefix) || conflicted.has(p)) continue;
    const i = index.get(p);
    const w = walked.tracked.get(p);
    if (!w) out.push({ path: p, kind: 'deleted', staged: !i });
    else if (!i) out.push({ path: p, kind: 'deleted', staged: true }); // `git rm --cached`: still on disk
    else if (!same(i, h)) out.push({ path: p, kind: 'modified', staged: true });
    else if (!same(w, h)) out.push({ path: p, kind: 'modified', staged: false });
  }
  for (const [p, i] of index) {
    if (head.has(p)) continue;
    // In the index but not in HEAD: an add in progress, even if the file has since gone from disk.
    out.push({ path: p, kind: walked.tracked.has(p) || i.mode === 0o160000 ? 'added' : 'deleted', staged: true });
  }
  for (const p of walked.untracked) {
    // Also in HEAD (removed from the index only): already reported as a staged delete above.
    if (!head.has(p)) out.push({ path: p, kind: 'untracked', staged: false });
  }
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { changes: out, hashed: walked.hashed };
}
