import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { IndexEntry } from './index-file';
import { type IgnorePattern, matchIgnore, parseIgnoreFile } from './ignore';

const MODE_FILE = 0o100644;
const MODE_EXEC = 0o100755;
const MODE_LINK = 0o120000;
const MODE_GITLINK = 0o160000;

/** A working file's id and mode, and whether the index knew it. */
export interface WorkFile {
  oid: string;
  mode: number;
}

/** Hashes remembered between status calls: `key` is the full stat, so any touch invalidates it. */
export type HashCache = Map<string, { key: string; oid: string }>;

export interface WalkOptions {
  dir: string;
  /** Stage-0 index entries by path. */
  index: Map<string, IndexEntry>;
  /** Paths with conflict stages (1–3): seen on disk or not, they are reported as conflicts. */
  conflicted: Set<string>;
  excludes: IgnorePattern[];
  /** Index file mtime in whole seconds: a file modified in or after that second may have changed unseen (racy git). */
  indexMtimeSec: number;
  fileMode: boolean;
  trustCtime: boolean;
  prefix: string;
  cache: HashCache;
}

export interface WalkResult {
  /** Tracked files present on disk (regular files and symlinks), with their current id and mode. */
  tracked: Map<string, WorkFile>;
  /** Untracked, not ignored files. */
  untracked: string[];
  /** Files with conflict stages that are on disk. */
  conflictedPresent: string[];
  hashed: number;
}

export function blobOid(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** True when `rel` is the prefix itself, inside it, or a folder on the way to it. */
function related(rel: string, prefix: string, isDir: boolean): boolean {
  if (!prefix) return true;
  if (rel === prefix || rel.startsWith(`${prefix}/`)) return true;
  return isDir && prefix.startsWith(`${rel}/`);
}

export function inPrefix(rel: string, prefix: string): boolean {
  return !prefix || rel === prefix || rel.startsWith(`${prefix}/`);
}

const sec = (ms: number): number => Math.floor(ms / 1000) % 0x100000000;

/**
 * Whole seconds only, as git built without USE_NSEC (Debian's, and git's default) compares them:
 * index writers disagree on nanoseconds (isomorphic-git derives them from a float). The racy rule
 * keeps this sound: a file whose mtime second is not older than the index's is hashed anyway.
 */
function statMatches(e: IndexEntry, st: fs.Stats, trustCtime: boolean): boolean {
  // Git keeps stat fields truncated to 32 bits; compare the same way (dev is not compared, as in git).
  if (st.size % 0x100000000 !== e.size || sec(st.mtimeMs) !== e.mtimeSec) return false;
  if (trustCtime && sec(st.ctimeMs) !== e.ctimeSec) return false;
  return st.ino % 0x100000000 === e.ino && st.uid === e.uid && st.gid === e.gid;
}

/**
 * One pass over the working tree: lstat every tracked file and hash only those whose stat differs
 * from the index (or are racily clean); list untracked files, honouring ignore files per folder.
 * Ignored folders are entered only when they hold tracked files. Nested repositories are skipped.
 */
export function walkWorkingTree(o: WalkOptions): WalkResult {
  const tracked = new Map<string, WorkFile>();
  const untracked: string[] = [];
  const conflictedPresent: string[] = [];
  const trackedDirs = new Set<string>();
  const addParents = (p: string): void => {
    // Entries come sorted, so most share the previous one's folder: stop at the first one known.
    for (let i = p.lastIndexOf('/'); i > 0; i = p.lastIndexOf('/', i - 1)) {
      const parent = p.slice(0, i);
      if (trackedDirs.has(parent)) return;
      trackedDirs.add(parent);
    }
  };
  for (const p of o.index.keys()) addParents(p);
  for (const p of o.conflicted) addParents(p);
  const hashStart = Date.now() - 2000;
  let hashed = 0;

  const hashFile = (rel: string, full: string, st: fs.Stats, isLink: boolean): string => {
    const key = `${st.mtimeMs}:${st.ctimeMs}:${st.ino}:${st.size}:${st.mode}`;
    const cached = o.cache.get(rel);
    if (cached && cached.key === key) return cached.oid;
    hashed++;
    const content = isLink ? Buffer.from(fs.readlinkSync(full, { encoding: 'buffer' })) : fs.readFileSync(full);
    const oid = blobOid(content);
    // A file modified within the last moments may change again within the same timestamp tick.
    if (st.mtimeMs < hashStart) o.cache.set(rel, { key, oid });
    else o.cache.delete(rel);
    return oid;
  };

  const visitTracked = (rel: string, full: string, e: IndexEntry): void => {
    const st = fs.lstatSync(full, { throwIfNoEntry: false });
    if (!st) return;
    const isLink = st.isSymbolicLink();
    if (!isLink && !st.isFile()) return; // now a folder or a special file: gone as far as git is concerned
    let mode = isLink ? MODE_LINK : (st.mode & 0o111) !== 0 ? MODE_EXEC : MODE_FILE;
    if (!o.fileMode && !isLink && (e.mode === MODE_FILE || e.mode === MODE_EXEC)) mode = e.mode;
    const clean = mode === e.mode && statMatches(e, st, o.trustCtime) && e.mtimeSec < o.indexMtimeSec;
    tracked.set(rel, { mode, oid: clean ? e.oid : hashFile(rel, full, st, isLink) });
  };

  const walk = (relDir: string, patterns: IgnorePattern[], parentIgnored: boolean): void => {
    // Plain concatenation: path.join's normalisation costs more than the lstat on big trees.
    const absDir = relDir ? `${o.dir}${path.sep}${relDir}` : o.dir;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(absDir, { withFileTypes: true });
    } catch {
      return; // vanished or unreadable: nothing of it can be listed
    }
    if (entries.some((d) => d.name === '.gitignore' && !d.isDirectory())) {
      const text = readTextOrNull(`${absDir}${path.sep}.gitignore`);
      if (text) patterns = [...patterns, ...parseIgnoreFile(text, relDir)];
    }
    for (const d of entries) {
      if (d.name === '.git') continue;
      const rel = relDir ? `${relDir}/${d.name}` : d.name;
      const full = `${absDir}${path.sep}${d.name}`;
      let isDir = d.isDirectory();
      let isFile = d.isFile() || d.isSymbolicLink();
      if (!isDir && !isFile && !d.isFIFO() && !d.isSocket() && !d.isBlockDevice() && !d.isCharacterDevice()) {
        // Some file systems report no type in directory entries.
        const st = fs.lstatSync(full, { throwIfNoEntry: false });
        isDir = !!st?.isDirectory();
        isFile = !!st && (st.isFile() || st.isSymbolicLink());
      }
      if (!related(rel, o.prefix, isDir)) continue;
      const entry = o.index.get(rel);
      if (isDir) {
        if (entry?.mode === MODE_GITLINK) {
          tracked.set(rel, { oid: entry.oid, mode: MODE_GITLINK }); // a submodule: not entered
          continue;
        }
        // A tracked file that became a folder stays unseen (deleted); the folder is walked as any other.
        const holdsTracked = trackedDirs.has(rel);
        const ignored = parentIgnored || matchIgnore(patterns, rel, true) === true;
        if (holdsTracked) walk(rel, patterns, ignored);
        else if (!ignored && !fs.existsSync(`${full}${path.sep}.git`)) walk(rel, patterns, false);
      } else if (isFile) {
        if (entry) visitTracked(rel, full, entry);
        else if (o.conflicted.has(rel)) conflictedPresent.push(rel);
        else if (!parentIgnored && matchIgnore(patterns, rel, false) !== true) untracked.push(rel);
      }
    }
  };
  walk('', o.excludes, false);
  return { tracked, untracked, conflictedPresent, hashed };
}

function readTextOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
