import path from 'node:path';
import { entryFromStat, readIndex, writeIndex, type IndexEntry } from '../git/index-file';
import { dropCache } from '../git/git';
import type { Identity } from '../git/identity';
import { EolRules, cleanToGit } from '../git/eol';
import { findGitDir } from '../git/fast';
import { MODE_GITLINK, MODE_LINK } from '../git/modes';
import { signatureNow, writeBlob, writeCommit } from '../git/object-write';
import { blobOrNull } from '../git/shared-store';
import { appendReflog, writeRef } from '../git/ref-write';
import { readBlob, readCommitInfo, readFlatTree, type TreeFile, writeFlatTree } from '../git/trees';
import type { Backup } from './backup';

/**
 * `localChanges: 'commit'`: commit the working tree as the backup saw it (what
 * `git add -A && git commit` would commit: tracked and untracked, not ignored, line endings
 * converted as git add converts them), then make the
 * index match it and move the branch. Returns the new HEAD (unchanged when there was nothing).
 */
export async function commitLocalChanges(dir: string, branch: string, head: string | null, backup: Backup, who: Identity): Promise<string | null> {
  const snapshot = (await readCommitInfo(dir, backup.commit)).tree;
  const previous = new Map(readIndex(dir).filter((e) => e.stage === 0).map((e) => [e.path, e]));
  const files = await readFlatTree(dir, snapshot);
  const snapshotTree = await cleanSnapshot(dir, snapshot, files, previous);
  const headTree = head ? (await readCommitInfo(dir, head)).tree : null;
  if (snapshotTree === headTree) return head;
  const sig = signatureNow(who.name, who.email);
  const message = 'Save local changes before pulling\n';
  const commit = writeCommit(dir, { tree: snapshotTree, parents: head ? [head] : [], author: sig, committer: sig, message });
  const entries: IndexEntry[] = [];
  for (const [p, f] of files) {
    const old = previous.get(p);
    entries.push(old && old.oid === f.oid && old.mode === f.mode ? old : entryFromStat(path.join(dir, p), p, f.oid, f.mode));
  }
  writeIndex(dir, entries);
  dropCache(dir);
  writeRef(dir, `refs/heads/${branch}`, commit);
  appendReflog(dir, [`refs/heads/${branch}`, 'HEAD'], head, commit, sig, 'commit: Save local changes before pulling');
  return commit;
}

/**
 * The snapshot holds the bytes on disk (a backup restores them as they were); a commit holds what
 * `git add` stores: text with its line endings converted (eol.ts). `files` is updated to the
 * committed ids; returns the tree to commit (the snapshot's own when nothing converts).
 */
async function cleanSnapshot(dir: string, tree: string, files: Map<string, TreeFile>, index: Map<string, IndexEntry>): Promise<string> {
  const eol = new EolRules(dir, findGitDir(dir));
  if (!eol.active) return tree;
  let changed = false;
  for (const [p, f] of files) {
    const old = index.get(p);
    // The index's own blob on disk: git add leaves such a file as it is staged.
    if (f.mode === MODE_LINK || f.mode === MODE_GITLINK || old?.oid === f.oid) continue;
    const action = eol.action(p);
    if (action === 'binary') continue;
    const raw = Buffer.from(await readBlob(dir, f.oid));
    const clean = cleanToGit(raw, action, () => blobOrNull(dir, old?.oid));
    if (clean === raw) continue;
    files.set(p, { oid: writeBlob(dir, clean), mode: f.mode });
    changed = true;
  }
  return changed ? writeFlatTree(dir, files) : tree;
}
