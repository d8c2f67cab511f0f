import path from 'node:path';
import { entryFromStat, readIndex, writeIndex, type IndexEntry } from '../git/index-file';
import { dropCache } from '../git/git';
import type { Identity } from '../git/identity';
import { signatureNow, writeCommit } from '../git/object-write';
import { appendReflog, writeRef } from '../git/ref-write';
import { readCommitInfo, readFlatTree } from '../git/trees';
import type { Backup } from './backup';

/**
 * `localChanges: 'commit'`: commit the working tree exactly as the backup saw it (what
 * `git add -A && git commit` would commit: tracked and untracked, not ignored), then make the
 * index match it and move the branch. Returns the new HEAD (unchanged when there was nothing).
 */
export async function commitLocalChanges(dir: string, branch: string, head: string | null, backup: Backup, who: Identity): Promise<string | null> {
  const snapshotTree = (await readCommitInfo(dir, backup.commit)).tree;
  const headTree = head ? (await readCommitInfo(dir, head)).tree : null;
  if (snapshotTree === headTree) return head;
  const sig = signatureNow(who.name, who.email);
  const message = 'Save local changes before pulling\n';
  const commit = writeCommit(dir, { tree: snapshotTree, parents: head ? [head] : [], author: sig, committer: sig, message });
  const files = await readFlatTree(dir, snapshotTree);
  const previous = new Map(readIndex(dir).filter((e) => e.stage === 0).map((e) => [e.path, e]));
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
