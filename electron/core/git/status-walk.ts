import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type EolRules, cleanToGit } from './eol';
import { type IgnorePattern, matchIgnore, parseIgnoreFile } from './ignore';
import { MODE_GITLINK, MODE_LINK } from './modes';
import { type Child, MODE, SIZE, type StatusIndex, entryOid, findChild, u32 } from './status-index';
import { DIRENT_DIR, DIRENT_FILE, DIRENT_LINK, DIRENT_UNKNOWN, ST_CTIME_MS, ST_INO, ST_MODE, ST_MTIME_MS, ST_SIZE, type StatFields, isFileMode, isLinkMode, listFolder, lstatFields, newStatFields } from './status-fs';
import { STAT_GONE, type StatRules, diskMode, onDisk, statClean } from './status-stat';
import { type SharedStat, type StatLayout, startStatJob } from './status-stat-pool';


/**
 * Hashes remembered between status calls: `key` is the full stat, so any touch invalidates it.
 * `conv` is the line-ending conversion the id was computed with ('' none: the id is also the raw
 * bytes' id), so a changed .gitattributes or core.autocrlf hashes the file again.
 */
export type HashCache = Map<string, { key: string; oid: string; conv: string }>;

/** What a HashCache entry is valid for: any write changes the ctime at least, a replaced file the inode. */
export const statKey = (st: StatFields): string => `${st[ST_MTIME_MS]}:${st[ST_CTIME_MS]}:${st[ST_INO]}:${st[ST_SIZE]}:${st[ST_MODE]}`;

export interface WalkOptions extends StatRules {
  /** The working tree's folder, absolute. */
  dir: string;
  index: StatusIndex;
  excludes: IgnorePattern[];
  prefix: string;
  cache: HashCache;
  /** core.sparseCheckout, and files outside the patterns not expected (see the end of the walk). */
  sparseCheckout: boolean;
  /**
   * Line-ending rules (eol.ts), or none. The walk adds to `attrFolders` each folder it lists that
   * holds a .gitattributes; the rules read only those, and do nothing while there are none and
   * core.autocrlf is off.
   */
  eol?: { rules: EolRules; attrFolders: Set<string>; indexBlob: (oid: string) => Uint8Array | null };
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

const SEP = path.sep;
const { S_IFMT, S_IFDIR } = fs.constants;

/**
 * One pass over the working tree: lstat every tracked file (on helper threads too when the index
 * is big) and hash only those whose stat differs from the index (or are racily clean); list
 * untracked files, honouring ignore files per folder. Ignored folders are entered only when they
 * hold tracked files. Nested repositories are skipped. Written as plain loops over listings with
 * index fields read in place: on big trees the walk's own allocations, not the system calls, were
 * most of its time.
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

  const eol = o.eol;
  /**
   * What git hashes for tracked file `i`: its bytes after the clean conversion (CRLF to LF for
   * text). `conv` names the conversion, and for a guessed one the index's blob, which decides it.
   */
  const hashFile = (rel: string, full: string, st: StatFields, isLink: boolean, i: number): string => {
    const key = statKey(st);
    let action = eol && !isLink && eol.rules.active ? eol.rules.action(rel) : 'binary';
    let conv = '';
    if (action !== 'binary') {
      // As git's ie_modified(): a size other than the index's recorded one (when it has one) is a
      // change, content unread; a file checked out with CRLF is recorded with its CRLF size.
      const indexSize = u32(buf, ix.at[i]! + SIZE);
      if (indexSize !== 0 && indexSize !== st[ST_SIZE]! % 0x100000000) {
        conv = `size:${indexSize}`;
        action = 'binary';
      } else conv = action.startsWith('auto') ? `${action}:${entryOid(ix, i)}` : action;
    }
    const cached = o.cache.get(rel);
    if (cached && cached.key === key && cached.conv === conv) return cached.oid;
    hashed++;
    let content: Buffer = isLink ? Buffer.from(fs.readlinkSync(full, { encoding: 'buffer' })) : fs.readFileSync(full);
    if (action !== 'binary' && eol) content = cleanToGit(content, action, () => eol.indexBlob(entryOid(ix, i)));
    const oid = blobOid(content);
    // A file modified within the last moments may change again within the same timestamp tick.
    if (st[ST_MTIME_MS]! < hashStart) o.cache.set(rel, { key, oid, conv });
    else o.cache.delete(rel);
    return oid;
  };

  /** Stats tracked file `i` (at `full`) and compares it with its entry, hashing it when the stat data differs. */
  const st = newStatFields();
  const statTracked = (full: string, i: number): void => {
    if (!lstatFields(full, st)) return;
    const at = ix.at[i]!;
    const mode = diskMode(st, u32(buf, at + MODE), o.fileMode);
    if (mode === 0) return; // now a folder or a special file: gone as far as git is concerned
    workMode[i] = mode;
    if (statClean(buf, at, st, mode, o)) return;
    const oid = hashFile(ix.paths[i]!, full, st, mode === MODE_LINK, i);
    if (oid !== entryOid(ix, i)) workOid.set(i, oid);
  };

  // On a big tree the tracked files are stat'ed by helper threads while this one lists folders;
  // the walk then only notes which entries it saw on disk, as files, in real folders.
  const shared = startSharedStat(o);
  const seen = shared ? new Uint8Array(ix.paths.length) : null;
  const visitTracked = (full: string, i: number): void => {
    if (seen) seen[i] = 1;
    else statTracked(full, i);
  };

  const child: Child = { file: -1, from: 0, to: 0, next: 0 };
  /**
   * Lists folder `relDir`. Its tracked entries are the positions [lo, hi) (see status-index.ts):
   * none in a folder git does not know, whose files are all untracked.
   */
  const walk = (lo: number, hi: number, relDir: string, absDir: string, patterns: IgnorePattern[], parentIgnored: boolean): void => {
    let names: string[];
    let types: number[];
    try {
      ({ names, types } = listFolder(absDir));
    } catch {
      return; // vanished or unreadable: nothing of it can be listed
    }
    const n = names.length;
    const attrFolders = o.eol?.attrFolders;
    for (let k = 0; k < n; k++) {
      const name = names[k]!;
      if (name === '.gitignore' && types[k] !== DIRENT_DIR) {
        const text = readTextOrNull(`${absDir}${SEP}.gitignore`);
        if (text) patterns = [...patterns, ...parseIgnoreFile(text, relDir)];
      } else if (name === '.gitattributes' && attrFolders && types[k] !== DIRENT_DIR) attrFolders.add(relDir);
    }
    const noPatterns = patterns.length === 0;
    const base = relDir ? `${relDir}/` : '';
    let cursor = lo;
    for (let k = 0; k < n; k++) {
      const name = names[k]!;
      if (name === '.git') continue;
      // Plain concatenation: path.join's normalisation costs more than the lstat on big trees.
      const full = `${absDir}${SEP}${name}`;
      const type = types[k]!;
      let isDir = type === DIRENT_DIR;
      let isFile = type === DIRENT_FILE || type === DIRENT_LINK;
      if (type === DIRENT_UNKNOWN) {
        // Some file systems report no type in directory entries.
        const found = lstatFields(full, st);
        isDir = found && (st[ST_MODE]! & S_IFMT) === S_IFDIR;
        isFile = found && (isFileMode(st[ST_MODE]!) || isLinkMode(st[ST_MODE]!));
      }
      if (prefix && !related(base + name, prefix, isDir)) continue;
      findChild(ix, lo, hi, cursor, base, name, isDir, child);
      cursor = child.next;
      const i = child.file;
      if (isDir) {
        if (i >= 0 && u32(buf, ix.at[i]! + MODE) === MODE_GITLINK) {
          workMode[i] = MODE_GITLINK; // a submodule: not entered
          continue;
        }
        const rel = base + name;
        const { from, to } = child;
        // A tracked file that became a folder stays unseen (deleted); the folder is walked as any other.
        const ignored = parentIgnored || (!noPatterns && matchIgnore(patterns, rel, true) === true);
        if (from < to || ix.conflictDirs.has(rel)) walk(from, to, rel, full, patterns, ignored);
        else if (!ignored && !fs.existsSync(`${full}${SEP}.git`)) walk(0, 0, rel, full, patterns, false);
      } else if (isFile) {
        if (i >= 0) visitTracked(full, i);
        else {
          const rel = base + name;
          if (conflicted.has(rel)) conflictedPresent.push(rel);
          else if (!parentIgnored && (noPatterns || matchIgnore(patterns, rel, false) !== true)) untracked.push(rel);
        }
      }
    }
  };
  walk(0, ix.paths.length, '', o.dir, o.excludes, false);
  if (shared && seen) {
    const prefix = `${o.dir}${SEP}`;
    // The chunks left when the walk is done are stat'ed here as without helpers, only the entries
    // the walk saw (the others are gone); the helpers' chunks come back as results.
    const { result, mine } = shared.finish((from, to) => {
      for (let i = from; i < to; i++) if (seen[i]) statTracked(onDisk(prefix, ix.paths[i]!), i);
    });
    for (let i = 0; i < seen.length; i++) {
      // Not seen: not on disk, or beyond a symlink or a nested repository: gone.
      if (!seen[i] || mine[(i / shared.chunk) | 0]) continue;
      const r = result[i]!;
      if (r > STAT_GONE) workMode[i] = r; // clean, with this mode
      else if (r !== STAT_GONE) statTracked(onDisk(prefix, ix.paths[i]!), i);
    }
  }
  // As git: whatever is on disk (or not) at these paths, they are as the index says. In a sparse
  // checkout, a skip-worktree file found on disk is compared as any other (git 2.37+ clears the
  // bit of files present outside the patterns, unless sparse.expectFilesOutsideOfPatterns).
  const asIndex = (i: number): void => {
    workMode[i] = u32(buf, ix.at[i]! + MODE);
    workOid.delete(i);
  };
  for (const i of ix.assumeUnchanged) asIndex(i);
  for (const i of ix.skipWorktree) if (!o.sparseCheckout || workMode[i] === 0) asIndex(i);
  return { workMode, workOid, untracked, conflictedPresent, hashed };
}

function readTextOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** The stat pass on helper threads for a big index (null: stat during the walk, on this thread). */
function startSharedStat(o: WalkOptions): SharedStat | null {
  const ix = o.index;
  return startStatJob(o.dir, ix.paths.length, () => statLayout(ix), o);
}

/** Each entry's stat data and path bytes, for the helpers. */
function statLayout(ix: StatusIndex): StatLayout {
  const n = ix.paths.length;
  const table = new Uint32Array(3 * n);
  if (ix.pathAt) {
    for (let i = 0; i < n; i++) {
      table[3 * i] = ix.at[i]!;
      table[3 * i + 1] = ix.pathAt[2 * i]!;
      table[3 * i + 2] = ix.pathAt[2 * i + 1]!;
    }
    return { index: ix.buf, names: null, table };
  }
  // Index version 4 keeps paths prefix-compressed: lay them out whole for the helpers.
  const parts = ix.paths.map((p) => Buffer.from(p, 'utf8'));
  let pos = 0;
  for (let i = 0; i < n; i++) {
    table[3 * i] = ix.at[i]!;
    table[3 * i + 1] = pos;
    pos += parts[i]!.length;
    table[3 * i + 2] = pos;
  }
  return { index: ix.buf, names: Buffer.concat(parts), table };
}
