import path from 'node:path';
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { ReposyncError } from '../errors';
import { type EolRules, checkoutRules, isAttributesPath, smudgeToWorktree } from './eol';
import { findGitDir } from './fast/git-dir';
import { bareEntry, entryFromStat, readIndexReusing, writeIndex, type IndexEntry } from './index-file';
import { MODE_EXEC, MODE_GITLINK, MODE_LINK } from './modes';
import { assertSafeRepoPath, ensureSafeParents, hasSymlinkParent } from './safe-path';
import { sharedStore } from './shared-store';
import type { TreeFile } from './trees';

/**
 * The synchronous body of a checkout (checkout.ts), run by the Git worker thread's `checkout`
 * task. It imports nothing of isomorphic-git, so the worker bundle stays small and starts fast;
 * blobs come from the fast object store.
 */

/** One change to a working file: new content (from a blob, or given bytes) or removal. */
export type WorktreeChange =
  | { path: string; kind: 'write'; oid: string; mode: number; content?: Uint8Array }
  | { path: string; kind: 'delete' };

/** What the index should hold for a path afterwards. */
export type IndexChange =
  | { kind: 'file'; file: TreeFile } // stage 0, stat data taken from the file on disk
  | { kind: 'conflict'; stages: Array<{ stage: 1 | 2 | 3; file: TreeFile }> }
  | { kind: 'remove' };

function readBlobBytes(dir: string, oid: string): Uint8Array {
  const obj = sharedStore(dir).read(oid);
  if (!obj) throw new ReposyncError('not_found', `The object ${oid} is not in the repository.`, { oid });
  if (obj.type !== 'blob') throw new ReposyncError('internal', `The object ${oid} is not a blob.`, { oid });
  return obj.data;
}

/**
 * `keep`: folders (relative) that will hold a file afterwards; climbing stops there (trying to
 * remove a folder that is not empty costs a failing rmdir and the error Node builds for it).
 */
function removeEmptyParents(root: string, rel: string, keep?: Set<string>): void {
  let current = path.dirname(path.join(root, rel));
  for (let folder = path.posix.dirname(rel); current.startsWith(root + path.sep); folder = path.posix.dirname(folder)) {
    if (keep?.has(folder)) return;
    try {
      fs.rmdirSync(current);
    } catch {
      return; // not empty (or already gone): stop climbing
    }
    current = path.dirname(current);
  }
}

// Temp names: one random tag per thread and a counter, instead of random bytes per file.
const tmpTag = randomBytes(6).toString('hex');
let tmpCount = 0;
const TEMP_NAME = /^\.reposync-[0-9a-f]{12}-\d+\.tmp$/;

/**
 * Remove the temp files a killed checkout left in the folders of `paths` (its rename never came),
 * and those folders if that leaves them empty. A full restore removes them as files the backup
 * lacks; a narrow one (a pull's) looks only at the paths it restores, so it clears their folders
 * explicitly.
 */
export function removeCheckoutTemps(dir: string, paths: string[]): void {
  const folders = new Set(paths.map((p) => path.posix.dirname(p)));
  for (const folder of folders) {
    if (folder !== '.' && hasSymlinkParent(dir, `${folder}/x`)) continue;
    const full = folder === '.' ? dir : path.join(dir, folder);
    let names: string[];
    try {
      if (!fs.lstatSync(full).isDirectory()) continue;
      names = fs.readdirSync(full);
    } catch {
      continue;
    }
    const temps = names.filter((name) => TEMP_NAME.test(name));
    for (const name of temps) fs.rmSync(path.join(full, name), { force: true });
    // A folder the checkout made for a file it never got to write is left empty: remove it, as
    // the full restore does.
    if (temps.length > 0 && folder !== '.') removeEmptyParents(dir, `${folder}/${temps[0]}`);
  }
}

/**
 * Replace an existing regular file's content in place, as git's checkout also writes files
 * directly: creating a temp file per file (a new inode, then a rename) was most of a checkout's
 * time. A kill mid-write leaves a partial file, but every caller journals first and backs up each
 * path it writes (pull, merge, restore; see backup.ts), so recovery restores it. O_NOFOLLOW: a
 * symlink put there since the lstat is refused, never written through. The exec bit follows the
 * read bits, as git sets it. False when the file cannot be opened for writing (nothing changed).
 */
function overwrite(full: string, content: Uint8Array, exec: boolean, was: number): boolean {
  let fd: number;
  try {
    fd = fs.openSync(full, fs.constants.O_WRONLY | fs.constants.O_NOFOLLOW);
  } catch (err) {
    // Not writable as it is (permissions, a running program, a lock on Windows): nothing changed yet; the caller
    // replaces the file by rename instead.
    if (['EACCES', 'EPERM', 'ETXTBSY', 'EBUSY'].includes((err as NodeJS.ErrnoException).code ?? '')) return false;
    throw err;
  }
  try {
    // Written over, then cut to length, not truncated to zero first: ext4 flushes a file
    // truncated to zero and rewritten when it is closed (its replace-via-truncate safeguard),
    // which cost more than the write.
    for (let at = 0; at < content.length; ) at += fs.writeSync(fd, content, at, content.length - at, at);
    fs.ftruncateSync(fd, content.length);
    const perm = was & 0o777;
    const want = exec ? perm | ((perm & 0o444) >> 2) : perm & ~0o111;
    if (want !== perm) fs.fchmodSync(fd, want);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/**
 * `verified`: folders of this checkout already checked to be real folders (no symlink on the way);
 * each holds a file this checkout wrote, so nothing can turn it into a link before the end. It
 * saves an lstat per parent per file.
 */
function writeOne(root: string, rel: string, mode: number, content: Uint8Array, verified: Set<string>): void {
  // Only the folders not verified yet are looked at (each once per checkout, not once per file under it).
  ensureSafeParents(root, rel, verified);
  if (mode === MODE_LINK) for (const v of verified) if (v === rel || v.startsWith(`${rel}/`)) verified.delete(v);
  const full = path.join(root, rel);
  const existing = fs.lstatSync(full, { throwIfNoEntry: false });
  if (existing?.isDirectory()) {
    try {
      fs.rmdirSync(full);
    } catch {
      throw new ReposyncError('dirty_worktree', `"${rel}" is a folder with files in it where the pull needs a file.`, { files: [rel] });
    }
  }
  if (mode === MODE_GITLINK) {
    fs.mkdirSync(full, { recursive: true });
    return;
  }
  // In place only where that changes nothing but this file's bytes and exec bit: not through a
  // hard link (the other name would change too), not a file the user made read-only.
  if (mode !== MODE_LINK && existing?.isFile() && existing.nlink === 1 && existing.mode & 0o200) {
    if (overwrite(full, content, mode === MODE_EXEC, existing.mode)) return;
  }
  // Write beside the target and rename over it: a crash leaves the old file or the new one.
  const tmp = path.join(path.dirname(full), `.reposync-${tmpTag}-${tmpCount++}.tmp`);
  try {
    if (mode === MODE_LINK) fs.symlinkSync(Buffer.from(content).toString('utf8'), tmp);
    else fs.writeFileSync(tmp, content, { mode: mode === MODE_EXEC ? 0o755 : 0o644 });
    fs.renameSync(tmp, full);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * The line-ending rules files are written with (eol.ts), from the attributes files of the index as
 * it will be after this checkout: those the changes write, else the index's. Null when none
 * applies (no attributes file, core.autocrlf off): then nothing is converted, at no cost per file.
 */
function writeRules(dir: string, worktree: WorktreeChange[], index: Map<string, IndexChange>): EolRules | null {
  const attrFiles = new Map<string, () => Uint8Array | null>();
  for (const e of readIndexReusing(dir)) {
    if (e.stage === 0 && e.mode !== MODE_LINK && isAttributesPath(e.path)) attrFiles.set(e.path, () => readBlobBytes(dir, e.oid));
  }
  for (const [p, change] of index) {
    if (!isAttributesPath(p)) continue;
    if (change.kind === 'file' && change.file.mode !== MODE_LINK) attrFiles.set(p, () => readBlobBytes(dir, change.file.oid));
    else attrFiles.delete(p);
  }
  for (const c of worktree) {
    if (!isAttributesPath(c.path)) continue;
    if (c.kind === 'write' && c.mode !== MODE_LINK) attrFiles.set(c.path, () => c.content ?? readBlobBytes(dir, c.oid));
    else if (c.kind === 'delete' && !index.has(c.path)) attrFiles.delete(c.path);
  }
  const rules = checkoutRules(dir, findGitDir(dir), attrFiles);
  return rules.active ? rules : null;
}

export interface CheckoutOptions {
  /**
   * Write the given bytes as they are: a restore puts back the bytes a backup saw on disk, which
   * are not a checkout's (no line-ending conversion).
   */
  raw?: boolean;
}

/**
 * Apply changes to the working tree, then write the index once, atomically. Every path is
 * checked before anything is written. Files are written with git's line endings (eol.ts) unless
 * `raw`. Callers move the branch ref only after this returns, and restore their backup if it throws.
 */
export function applyCheckoutSync(dir: string, worktree: WorktreeChange[], index: Map<string, IndexChange>, options: CheckoutOptions = {}): void {
  for (const c of worktree) assertSafeRepoPath(c.path);
  for (const p of index.keys()) assertSafeRepoPath(p);

  const deletes = worktree.filter((c) => c.kind === 'delete').sort((a, b) => b.path.length - a.path.length);
  // The folders the writes below put files in: they end up non-empty whatever the deletes leave.
  const written = new Set<string>();
  for (const c of worktree) {
    if (c.kind !== 'write') continue;
    for (let f = path.posix.dirname(c.path); f !== '.' && !written.has(f); f = path.posix.dirname(f)) written.add(f);
  }
  for (const c of deletes) {
    if (hasSymlinkParent(dir, c.path)) throw new ReposyncError('unsafe_path', `Refusing to delete "${c.path}" through a symlink.`, { path: c.path });
    const full = path.join(dir, c.path);
    const st = fs.lstatSync(full, { throwIfNoEntry: false });
    if (st && !st.isDirectory()) fs.rmSync(full, { force: true });
    removeEmptyParents(dir, c.path, written);
  }
  const verified = new Set<string>();
  const eol = options.raw ? null : writeRules(dir, worktree, index);
  for (const c of worktree) {
    if (c.kind !== 'write') continue;
    let content = c.content ?? (c.mode === MODE_GITLINK ? new Uint8Array() : readBlobBytes(dir, c.oid));
    if (eol && c.mode !== MODE_LINK && c.mode !== MODE_GITLINK) content = smudgeToWorktree(content, eol.action(c.path));
    writeOne(dir, c.path, c.mode, content, verified);
  }

  if (index.size > 0) {
    const kept: IndexEntry[] = readIndexReusing(dir).filter((e) => !index.has(e.path));
    for (const [p, change] of index) {
      if (change.kind === 'file') kept.push(entryFromStat(path.join(dir, p), p, change.file.oid, change.file.mode));
      else if (change.kind === 'conflict') for (const s of change.stages) kept.push(bareEntry(p, s.file.oid, s.file.mode, s.stage));
    }
    writeIndex(dir, kept);
  }
}
