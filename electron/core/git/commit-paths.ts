import nodeFs from 'node:fs';
import path from 'node:path';
import type { FileChange } from '../../../shared/domain';
import { ReposyncError } from '../errors';
import { cacheFor, fs, git, run } from './git';
import { EolRules, cleanToGit } from './eol';
import { findGitDir } from './fast';
import { entryFromStat, type IndexEntry, readIndexReusing, writeIndex } from './index-file';
import { writeBlob, writeCommit, signatureNow } from './object-write';
import { blobOrNull } from './shared-store';
import { resolveRefOrNull, setRef } from './refs';
import { editTree, type TreeEdit } from './tree-edit';

export interface CommitAuthor {
  name: string;
  email: string;
}

/** `user.name` / `user.email` from the repository's own config, when both are set. */
export async function readConfiguredAuthor(dir: string): Promise<CommitAuthor | null> {
  return run('read author', async () => {
    const name = (await git.getConfig({ fs, dir, path: 'user.name' })) as string | undefined;
    const email = (await git.getConfig({ fs, dir, path: 'user.email' })) as string | undefined;
    return name?.trim() && email?.trim() ? { name: name.trim(), email: email.trim() } : null;
  });
}

/** The current branch as a full ref, even before its first commit; detached HEAD is refused. */
export async function currentBranchRef(dir: string): Promise<string> {
  const ref = await run('read branch', () => git.currentBranch({ fs, dir, fullname: true }));
  if (!ref) throw new ReposyncError('invalid_input', 'HEAD is detached (not on a branch); check out a branch before committing.', {});
  return ref;
}

/**
 * Commit exactly these changes on top of HEAD, whatever else is staged: the new tree is HEAD's
 * tree with only these paths replaced, and the index is updated for only these paths, so every
 * other change (staged or not) stays as it was. Returns the new commit, or null when the tree
 * would not change.
 */
export async function commitChanges(dir: string, changes: FileChange[], message: string, author: CommitAuthor): Promise<string | null> {
  return run('commit', async () => {
    const branchRef = await currentBranchRef(dir);
    const head = await resolveRefOrNull(dir, 'HEAD');
    const baseTree = head ? (await git.readCommit({ fs, dir, oid: head, cache: cacheFor(dir) })).commit.tree : null;
    const trustModes = await trustsFileModes(dir);

    const edits = new Map<string, TreeEdit>();
    const added = new Map<string, nodeFs.Stats>();
    const removed: string[] = [];
    for (const change of changes) {
      if (change.kind === 'conflicted') {
        throw new ReposyncError('conflict', `${change.path} has an unresolved conflict; resolve it before pushing.`, { path: change.path });
      }
      const stat = nodeFs.lstatSync(path.join(dir, change.path), { throwIfNoEntry: false });
      if (change.kind === 'deleted' || !stat) removed.push(change.path);
      else if (!stat.isDirectory()) added.set(change.path, stat);
    }
    // One index update per kind (not per file): each isomorphic-git index update rewrites the whole index.
    if (removed.length) await git.remove({ fs, dir, filepath: removed, cache: cacheFor(dir) });
    for (const p of removed) edits.set(p, null);
    if (added.size) {
      // Staged as `git add` stages them (line endings converted as git does, eol.ts), one index
      // write for all; a tracked file stays tracked even when a .gitignore pattern matches it.
      const entries = readIndexReusing(dir);
      const clean = workingContent(dir, entries);
      const staged: IndexEntry[] = [];
      for (const [p, stat] of added) {
        const mode = await fileMode(dir, stat, trustModes, baseTree, p);
        const oid = writeBlob(dir, clean(p, stat));
        staged.push(entryFromStat(path.join(dir, p), p, oid, parseInt(mode, 8)));
        edits.set(p, { oid, mode });
      }
      writeIndex(dir, [...entries.filter((e) => !added.has(e.path)), ...staged]);
    }
    if (edits.size === 0) return null;
    const tree = await editTree(dir, baseTree, edits);
    if (tree === baseTree) return null;
    const now = Math.floor(Date.now() / 1000);
    const offset = new Date().getTimezoneOffset();
    const who = { ...author, timestamp: now, timezoneOffset: offset };
    const oid = await git.commit({
      fs,
      dir,
      message: message.endsWith('\n') ? message : `${message}\n`,
      author: who,
      committer: who,
      tree,
      parent: head ? [head] : [],
      ref: branchRef,
      // The branch is moved below with an atomic write, not by isomorphic-git's plain file write.
      noUpdateBranch: true,
      cache: cacheFor(dir),
    });
    await setRef(dir, branchRef, oid);
    return oid;
  });
}

/**
 * A commit of these working-tree changes on top of `parent` (null: a first commit), written as
 * objects only: no ref, the index and the working tree are left exactly as they are. The new tree
 * is `parent`'s tree with just these paths replaced by their current content (or removed).
 * Returns null when that tree equals `parent`'s (the changes are already there). `reconcile`, when
 * given, decides each path's committed content from the file on disk (null: absent or deleted).
 */
export async function commitOnto(
  dir: string,
  changes: FileChange[],
  parent: string | null,
  message: string,
  author: CommitAuthor,
  reconcile?: (filepath: string, mine: Buffer | null) => Promise<Buffer | null>,
): Promise<string | null> {
  return run('commit', async () => {
    const baseTree = parent ? (await git.readCommit({ fs, dir, oid: parent, cache: cacheFor(dir) })).commit.tree : null;
    const trustModes = await trustsFileModes(dir);
    const edits = new Map<string, TreeEdit>();
    let clean: ((rel: string, stat: nodeFs.Stats) => Buffer) | undefined;
    for (const change of changes) {
      if (change.kind === 'conflicted') {
        throw new ReposyncError('conflict', `${change.path} has an unresolved conflict; resolve it before pushing.`, { path: change.path });
      }
      const full = path.join(dir, change.path);
      const found = nodeFs.lstatSync(full, { throwIfNoEntry: false });
      if (found?.isDirectory() && change.kind !== 'deleted') continue;
      const stat = change.kind === 'deleted' ? undefined : found;
      let bytes: Buffer | null = stat ? (clean ??= workingContent(dir, readIndexReusing(dir)))(change.path, stat) : null;
      if (reconcile) bytes = await reconcile(change.path, bytes);
      if (!bytes) edits.set(change.path, null);
      // Kept from the parent when the file is not on disk here (reconcile kept their version).
      else edits.set(change.path, { oid: writeBlob(dir, bytes), mode: stat ? await fileMode(dir, stat, trustModes, baseTree, change.path) : await modeInTree(dir, baseTree, change.path) });
    }
    if (edits.size === 0) return null;
    const tree = await editTree(dir, baseTree, edits);
    if (tree === baseTree) return null;
    const who = signatureNow(author.name, author.email);
    return writeCommit(dir, { tree, parents: parent ? [parent] : [], author: who, committer: who, message });
  });
}

async function trustsFileModes(dir: string): Promise<boolean> {
  return ((await git.getConfig({ fs, dir, path: 'core.filemode' })) as unknown) !== false && process.platform !== 'win32';
}

async function fileMode(dir: string, stat: nodeFs.Stats, trustModes: boolean, baseTree: string | null, filepath: string): Promise<'100644' | '100755' | '120000'> {
  if (stat.isSymbolicLink()) return '120000';
  if (trustModes) return stat.mode & 0o111 ? '100755' : '100644';
  return modeInTree(dir, baseTree, filepath);
}

/**
 * The content a commit stores for a working file (`rel`, just lstat'ed as `stat`): a symlink's
 * target, or the file's bytes through git's clean conversion (CRLF to LF for text, eol.ts), so a
 * file checked out with CRLF is committed as git would commit it. `entries` is the index, whose
 * blob for the path decides a guessed-text file with CRLF (git keeps CRLF that is already stored).
 */
function workingContent(dir: string, entries: IndexEntry[]): (rel: string, stat: nodeFs.Stats) => Buffer {
  const eol = new EolRules(dir, findGitDir(dir));
  let byPath: Map<string, string> | undefined;
  const indexBlob = (rel: string): Uint8Array | null => {
    byPath ??= new Map(entries.filter((e) => e.stage === 0).map((e) => [e.path, e.oid]));
    return blobOrNull(dir, byPath.get(rel));
  };
  return (rel, stat) => {
    const full = path.join(dir, rel);
    if (stat.isSymbolicLink()) return Buffer.from(nodeFs.readlinkSync(full), 'utf8');
    return cleanToGit(nodeFs.readFileSync(full), eol.action(rel), () => indexBlob(rel));
  };
}

/** Where the file system cannot tell (Windows, core.filemode=false), keep the mode the file had. */
async function modeInTree(dir: string, tree: string | null, filepath: string): Promise<'100644' | '100755'> {
  if (!tree) return '100644';
  const parent = path.posix.dirname(filepath);
  try {
    const { tree: entries } = await git.readTree({ fs, dir, oid: tree, filepath: parent === '.' ? undefined : parent });
    return entries.find((e) => e.path === path.posix.basename(filepath))?.mode === '100755' ? '100755' : '100644';
  } catch {
    return '100644';
  }
}
