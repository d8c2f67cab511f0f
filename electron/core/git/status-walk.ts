import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type IgnorePattern, matchIgnore, parseIgnoreFile } from './ignore';
import { MODE_EXEC, MODE_FILE, MODE_GITLINK, MODE_LINK } from './modes';
import { CTIME, type Folder, GID, INO, MODE, MTIME, SIZE, type StatusIndex, UID, entryOid, u32 } from './status-index';


/** Hashes remembered between status calls: `key` is the full stat, so any touch invalidates it. */
export type HashCache = Map<string, { key: string; oid: string }>;

/** What a HashCache entry is valid for: any write changes the ctime at least, a replaced file the inode. */
export const statKey = (st: fs.Stats): string => `${st.mtimeMs}:${st.ctimeMs}:${st.ino}:${st.size}:${st.mode}`;

export interface WalkOptions {
  dir: string;
  index: StatusIndex;
  excludes: IgnorePattern[];
  /** Index file mtime in whole seconds: a file modified in or after that second may have changed unseen (racy git). */
  indexMtimeSec: number;
  fileMode: boolean;
  trustCtime: boolean;
  prefix: string;
  cache: HashCache;
}

export interface WalkResult {
  /**
   * Per stage-0 index entry (same numbering as `index.paths`): the mode of the file on disk, or 0
   * when it is not there as a file, symlink or (for a submodule) folder.
   */
  workMode: Uint32Array;
  /** Entries whose content had to be hashed and differs from the index's id: their id on disk. */
  workOid: Map<number, string>;
  /** Untracked, not ignored files. */
  untracked: string[];
  /** Files with conflict stages that are on disk. */
  conflictedPresent: string[];
  hashed: number;
}

/** The id on disk of entry `i`: the index's unless the walk hashed something else. */
export function workOidOf(w: WalkResult, index: StatusIndex, i: number): string {
  return w.workOid.get(i) ?? entryOid(index, i);
}

export function blobOid(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** True when `rel` is the prefix itself, inside it, or a folder on the way to it. */
function related(rel: string, prefix: string, isDir: boolean): boolean {
  if (rel === prefix || rel.startsWith(`${prefix}/`)) return true;
  return isDir && prefix.startsWith(`${rel}/`);
}

const TWO32 = 0x100000000;
const sec = (ms: number): number => Math.floor(ms / 1000) % TWO32;
const LSTAT = { throwIfNoEntry: false } as const;
const DIRENTS = { withFileTypes: true } as const;
const SEP = path.sep;

/**
 * One pass over the working tree: lstat every tracked file and hash only those whose stat differs
 * from the index (or are racily clean); list untracked files, honouring ignore files per folder.
 * Ignored folders are entered only when they hold tracked files. Nested repositories are skipped.
 * Written as plain loops over Dirents with index fields read in place: on big trees the walk's own
 * allocations, not the system calls, were most of its time.
 */
export function walkWorkingTree(o: WalkOptions): WalkResult {
  const ix = o.index;
  const buf = ix.buf;
  const { conflicted } = ix;
  const prefix = o.prefix;
  const workMode = new Uint32Array(ix.paths.length);
  const workOid = new Map<number, string>();
  const untracked: string[] = [];
  const conflictedPresent: string[] = [];
  const hashStart = Date.now() - 2000;
  let hashed = 0;

  const hashFile = (rel: string, full: string, st: fs.Stats, isLink: boolean): string => {
    const key = statKey(st);
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

  const visitTracked = (relDir: string, name: string, full: string, i: number): void => {
    const st = fs.lstatSync(full, LSTAT);
    if (!st) return;
    const isLink = st.isSymbolicLink();
    if (!isLink && !st.isFile()) return; // now a folder or a special file: gone as far as git is concerned
    const at = ix.at[i]!;
    const indexMode = u32(buf, at + MODE);
    let mode = isLink ? MODE_LINK : (st.mode & 0o111) !== 0 ? MODE_EXEC : MODE_FILE;
    if (!o.fileMode && !isLink && (indexMode === MODE_FILE || indexMode === MODE_EXEC)) mode = indexMode;
    workMode[i] = mode;
    // Whole seconds only, as git built without USE_NSEC (Debian's, and git's default) compares them:
    // index writers disagree on nanoseconds (isomorphic-git derives them from a float). The racy rule
    // keeps this sound: a file whose mtime second is not older than the index's is hashed anyway.
    // Git keeps stat fields truncated to 32 bits; compare the same way (dev is not compared, as in git).
    const mtimeSec = u32(buf, at + MTIME);
    const clean =
      mode === indexMode &&
      mtimeSec < o.indexMtimeSec &&
      st.size % TWO32 === u32(buf, at + SIZE) &&
      sec(st.mtimeMs) === mtimeSec &&
      (!o.trustCtime || sec(st.ctimeMs) === u32(buf, at + CTIME)) &&
      st.ino % TWO32 === u32(buf, at + INO) &&
      st.uid === u32(buf, at + UID) &&
      st.gid === u32(buf, at + GID);
    if (clean) return;
    const oid = hashFile(relDir ? `${relDir}/${name}` : name, full, st, isLink);
    if (oid !== entryOid(ix, i)) workOid.set(i, oid);
  };

  const walk = (folder: Folder | undefined, relDir: string, absDir: string, patterns: IgnorePattern[], parentIgnored: boolean): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(absDir, DIRENTS);
    } catch {
      return; // vanished or unreadable: nothing of it can be listed
    }
    const n = entries.length;
    for (let k = 0; k < n; k++) {
      const d = entries[k]!;
      if (d.name === '.gitignore' && !d.isDirectory()) {
        const text = readTextOrNull(`${absDir}${SEP}.gitignore`);
        if (text) patterns = [...patterns, ...parseIgnoreFile(text, relDir)];
        break;
      }
    }
    const noPatterns = patterns.length === 0;
    const files = folder?.files;
    const subdirs = folder?.dirs;
    for (let k = 0; k < n; k++) {
      const d = entries[k]!;
      const name = d.name;
      if (name === '.git') continue;
      // Plain concatenation: path.join's normalisation costs more than the lstat on big trees.
      const full = `${absDir}${SEP}${name}`;
      let isDir = d.isDirectory();
      let isFile = !isDir && (d.isFile() || d.isSymbolicLink());
      if (!isDir && !isFile && !d.isFIFO() && !d.isSocket() && !d.isBlockDevice() && !d.isCharacterDevice()) {
        // Some file systems report no type in directory entries.
        const st = fs.lstatSync(full, LSTAT);
        isDir = !!st?.isDirectory();
        isFile = !!st && (st.isFile() || st.isSymbolicLink());
      }
      if (prefix && !related(relDir ? `${relDir}/${name}` : name, prefix, isDir)) continue;
      const i = files?.get(name);
      if (isDir) {
        if (i !== undefined && u32(buf, ix.at[i]! + MODE) === MODE_GITLINK) {
          workMode[i] = MODE_GITLINK; // a submodule: not entered
          continue;
        }
        const rel = relDir ? `${relDir}/${name}` : name;
        // A tracked file that became a folder stays unseen (deleted); the folder is walked as any other.
        const ignored = parentIgnored || (!noPatterns && matchIgnore(patterns, rel, true) === true);
        const sub = subdirs?.get(name);
        if (sub) walk(sub, rel, full, patterns, ignored);
        else if (!ignored && !fs.existsSync(`${full}${SEP}.git`)) walk(undefined, rel, full, patterns, false);
      } else if (isFile) {
        if (i !== undefined) visitTracked(relDir, name, full, i);
        else {
          const rel = relDir ? `${relDir}/${name}` : name;
          if (conflicted.has(rel)) conflictedPresent.push(rel);
          else if (!parentIgnored && (noPatterns || matchIgnore(patterns, rel, false) !== true)) untracked.push(rel);
        }
      }
    }
  };
  walk(ix.root, '', o.dir, o.excludes, false);
  return { workMode, workOid, untracked, conflictedPresent, hashed };
}

function readTextOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
