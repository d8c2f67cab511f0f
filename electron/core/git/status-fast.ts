import fs from 'node:fs';
import path from 'node:path';
import type { FileChange } from '../../../shared/domain';
import { ReposyncError } from '../errors';
import { findGitDir, openObjectStore, resolveRef } from './fast';
import { configFlag, worktreeConfigFlag } from './fast/git-dir';
import { scanTree, isTreeMode } from './fast/parse-tree';
import type { ObjectStore } from './fast';
import { EolRules } from './eol';
import { repoExcludes } from './ignore';
import { MODE_GITLINK } from './modes';
import { fieldsOfStats } from './status-fs';
import { type StatusIndex, entriesByPath, entryMode, entryOid, inPrefix, isIntentToAdd, readStatusIndex } from './status-index';
import { startsHelpersEarly, warmStatHelpers } from './status-stat-pool';
import { type HashCache, type WalkResult, statKey, walkWorkingTree, workOidOf } from './status-walk';


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
  /** Ids of the raw bytes of files whose status id is of converted content (status-scan.ts). */
  rawHashes: HashCache;
  headTree: string | null;
  head: Map<string, Entry>;
  /** The last HEAD commit read and its tree (commits never change, so HEAD's tree is read once per commit). */
  headCommit: { oid: string; tree: string } | null;
}

/**
 * The last index read per workspace (and prefix), reused while .git/index holds the same bytes. A
 * parsed 50k-entry index weighs tens of MB, so only the few most recently used ones are kept.
 */
const parsedIndexes = new Map<string, { prefix: string; parsed: StatusIndex }>();
const MAX_PARSED_INDEXES = 4;

function parsedIndex(dir: string, prefix: string, bytes: Buffer | null): StatusIndex {
  const last = parsedIndexes.get(dir);
  parsedIndexes.delete(dir); // re-inserted below as the most recent
  // Same bytes, same entries: comparing 6 MB costs far less than reading 50k entries again.
  const parsed = last && last.prefix === prefix && bytes && last.parsed.buf.equals(bytes) ? last.parsed : readStatusIndex(bytes, prefix);
  if (parsedIndexes.size >= MAX_PARSED_INDEXES) parsedIndexes.delete(parsedIndexes.keys().next().value!);
  parsedIndexes.set(dir, { prefix, parsed });
  return parsed;
}

const caches = new Map<string, WorkspaceCache>();
const MAX_WORKSPACES = 16;

function cacheFor(dir: string): WorkspaceCache {
  let c = caches.get(dir);
  if (!c) {
    if (caches.size >= MAX_WORKSPACES) caches.delete(caches.keys().next().value!);
    c = { hashes: new Map(), rawHashes: new Map(), headTree: null, head: new Map(), headCommit: null };
    caches.set(dir, c);
  }
  return c;
}

/**
 * The blob id of a working file as this thread's last scan hashed it, when its stat data is still
 * the same (else undefined: hash it). A pull's blocked-path check on the Git worker follows the
 * backup's snapshot scan there, so the files it looks at were usually hashed moments before.
 */
export function knownWorkOid(dir: string, rel: string, st: fs.Stats): string | undefined {
  const hit = caches.get(path.resolve(dir))?.hashes.get(rel);
  // Only an id of the raw bytes (no line-ending conversion) serves every caller.
  return hit && hit.conv === '' && hit.key === statKey(fieldsOfStats(st)) ? hit.oid : undefined;
}

/** Forget what was remembered about a workspace (tests; a removed workspace). */
export function forgetStatusCache(dir?: string): void {
  if (dir === undefined) {
    caches.clear();
    parsedIndexes.clear();
  } else {
    caches.delete(path.resolve(dir));
    parsedIndexes.delete(path.resolve(dir));
  }
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
function readHeadTree(gitdir: string, store: () => ObjectStore, cache: WorkspaceCache): string | null {
  const headOid = resolveRef(gitdir, 'HEAD');
  if (!headOid) return null;
  if (cache.headCommit?.oid === headOid) return cache.headCommit.tree;
  const commit = store().read(headOid);
  if (!commit || commit.type !== 'commit') throw new ReposyncError('internal', 'HEAD does not point at a commit.', { head: headOid });
  const tree = /^tree ([0-9a-f]{40})/.exec(commit.data.toString('latin1', 0, 46))?.[1];
  if (!tree) throw new ReposyncError('internal', 'The HEAD commit is damaged.', { head: headOid });
  cache.headCommit = { oid: headOid, tree };
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

export interface FastStatusResult {
  changes: FileChange[];
  /** Files whose content had to be hashed (0 on a repeated call over an unchanged tree). */
  hashed: number;
}

export interface RepoScan {
  /** HEAD's files, or null when the index's cache-tree says the index is exactly HEAD. */
  head: Map<string, Entry> | null;
  index: StatusIndex;
  walked: WalkResult;
  /** The line-ending rules the walk used (their attribute folders filled in by it). */
  eol: EolRules;
  /** The workspace's remembered ids of raw bytes (see status-scan.ts). */
  rawHashes: HashCache;
}

function readIndexFile(gitdir: string): { bytes: Buffer | null; mtimeSec: number } {
  const file = path.join(gitdir, 'index');
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { bytes: null, mtimeSec: 0 };
    throw err;
  }
  try {
    // One open for both: the stat and the bytes belong to the same file even if git replaces it meanwhile.
    // BigInt stat: a float mtime can round up into the next second, which would hide a racy entry.
    const st = fs.fstatSync(fd, { bigint: true });
    return { bytes: fs.readFileSync(fd), mtimeSec: Number((st.mtimeNs / 1_000_000_000n) % 0x100000000n) };
  } finally {
    fs.closeSync(fd);
  }
}

/** HEAD's files, the index and one pass over the working tree, all limited to `prefix`. */
export function scanRepo(dirIn: string, prefixIn = ''): RepoScan {
  const dir = path.resolve(dirIn);
  const prefix = prefixIn.replace(/^\/+|\/+$/g, '');
  const gitdir = findGitDir(dir);
  const cache = cacheFor(dir);
  const { bytes, mtimeSec } = readIndexFile(gitdir);
  // The biggest trees start the stat helpers now: their start overlaps reading the index and HEAD.
  if (bytes && bytes.length >= 12 && startsHelpersEarly(bytes.readUInt32BE(8))) void warmStatHelpers();
  const index = parsedIndex(dir, prefix, bytes);
  let opened: ObjectStore | null = null;
  const store = (): ObjectStore => (opened ??= openObjectStore(gitdir, { cacheBytes: 8 << 20 }));
  let head: Map<string, Entry> | null;
  try {
    const tree = readHeadTree(gitdir, store, cache);
    const cached = index.cacheTree;
    // A valid cache-tree covering every entry and equal to HEAD's tree: the index is HEAD.
    head = tree && cached && cached.oid === tree && cached.entries === index.total && index.allMerged
      ? null
      : readHeadFiles(gitdir, tree, store, cache);
  } finally {
    (opened as ObjectStore | null)?.close();
  }
  // Line-ending rules: the walk notes the folders holding a .gitattributes; index blobs are read
  // only for a guessed-text file with CRLF on disk (git's "safer autocrlf" looks at them).
  const attrFolders = new Set<string>();
  const rules = new EolRules(dir, gitdir, { folders: attrFolders });
  let blobs: ObjectStore | null = null;
  const indexBlob = (oid: string): Uint8Array | null => {
    const obj = (blobs ??= openObjectStore(gitdir, { cacheBytes: 1 << 20 })).read(oid);
    return obj?.type === 'blob' ? obj.data : null;
  };
  let walked: WalkResult;
  try {
    walked = walkWorkingTree({
      dir, index, excludes: repoExcludes(gitdir), indexMtimeSec: mtimeSec, prefix, cache: cache.hashes,
      fileMode: configFlag(gitdir, 'filemode', true), trustCtime: configFlag(gitdir, 'trustctime', true),
      sparseCheckout: index.skipWorktree.length > 0 && worktreeConfigFlag(gitdir, 'sparseCheckout', false) && !worktreeConfigFlag(gitdir, 'expectFilesOutsideOfPatterns', false),
      eol: { rules, attrFolders, indexBlob },
    });
  } finally {
    (blobs as ObjectStore | null)?.close();
  }
  return { head, index, walked, eol: rules, rawHashes: cache.rawHashes };
}

/** Changed files under `prefix` (all when empty), sorted by path; the same rows as `readChangesIso`. */
export function fastStatus(dirIn: string, prefixIn = ''): FastStatusResult {
  const prefix = prefixIn.replace(/^\/+|\/+$/g, '');
  const { head, index, walked } = scanRepo(dirIn, prefix);
  const { paths, conflicted } = index;
  const { workMode } = walked;
  const out: FileChange[] = [];
  for (const p of conflicted) out.push({ path: p, kind: 'conflicted', staged: false });
  if (!head) {
    // The index is HEAD: only the working tree can differ from it.
    for (let i = 0; i < paths.length; i++) {
      const w = workMode[i]!;
      if (w === 0) out.push({ path: paths[i]!, kind: 'deleted', staged: false });
      else if (w !== entryMode(index, i) || walked.workOid.has(i)) out.push({ path: paths[i]!, kind: 'modified', staged: false });
    }
    for (const p of walked.untracked) out.push({ path: p, kind: 'untracked', staged: false });
  } else {
    const byPath = entriesByPath(index);
    for (const [p, h] of head) {
      if ((prefix && !inPrefix(p, prefix)) || conflicted.has(p)) continue;
      const i = byPath.get(p);
      if (i === undefined) out.push({ path: p, kind: 'deleted', staged: true }); // removed from the index
      else if (workMode[i] === 0) out.push({ path: p, kind: 'deleted', staged: false });
      else if (entryOid(index, i) !== h.oid || entryMode(index, i) !== h.mode) out.push({ path: p, kind: 'modified', staged: true });
      else if (workOidOf(walked, index, i) !== h.oid || workMode[i] !== h.mode) out.push({ path: p, kind: 'modified', staged: false });
    }
    for (let i = 0; i < paths.length; i++) {
      const p = paths[i]!;
      if (head.has(p)) continue;
      // In the index but not in HEAD: an add in progress, even if the file has since gone from disk.
      out.push({ path: p, kind: workMode[i] !== 0 || entryMode(index, i) === MODE_GITLINK ? 'added' : 'deleted', staged: !isIntentToAdd(index, i) });
    }
    for (const p of walked.untracked) {
      // Also in HEAD (removed from the index only): already reported as a staged delete above.
      if (!head.has(p)) out.push({ path: p, kind: 'untracked', staged: false });
    }
  }
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { changes: out, hashed: walked.hashed };
}
