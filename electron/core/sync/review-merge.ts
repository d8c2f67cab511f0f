import { ReposyncError } from '../errors';
import { MODE_GITLINK, findMergeBase, readBlob, readFileAt } from '../git/trees';
import { resolveRefOrNull, setRef } from '../git/refs';
import { isBinary, mergeText } from './merge-text';

/**
 * Pushing again to a review branch that others have committed to (a reviewer's suggestion, a
 * teammate's fix) must not overwrite their edits with the copy of the file in this folder, which
 * never saw them. So each pushed file is merged three ways: the base is what this folder last
 * pushed to the branch (or, before any push, where the branch and HEAD meet), "theirs" is the
 * branch's tip and "mine" is the file on disk. Edits in different lines combine; edits to the same
 * lines refuse the push with nothing changed.
 */

/** The commit this folder last pushed to a review branch (a ref, so the objects are kept). */
export const pushedRef = (branch: string): string => `refs/reposync/pushed/${branch}`;

export async function recordPushed(dir: string, branch: string, commit: string): Promise<void> {
  await setRef(dir, pushedRef(branch), commit);
}

/**
 * The commit the files on disk were last equal to on the branch's side: the last push from here
 * when the tip still descends from it (the branch was not rewritten), else the merge base of HEAD
 * and the tip. Null when there is nothing to merge with (no tip, or the tip is that base already).
 */
export async function reviewBase(dir: string, branch: string, tip: string | null, head: string | null): Promise<string | null> {
  if (!tip || !head || tip === head) return null;
  const last = await resolveRefOrNull(dir, pushedRef(branch));
  if (last === tip) return null;
  if (last && (await findMergeBase(dir, last, tip)) === last) return last;
  return findMergeBase(dir, head, tip);
}

async function fileAt(dir: string, commit: string | null, filepath: string): Promise<Buffer | null> {
  const file = await readFileAt(dir, commit, filepath);
  if (!file || file.mode === MODE_GITLINK) return null;
  // A symlink's blob is its target, which is how the file on disk is read too (commitOnto).
  return Buffer.from(await readBlob(dir, file.oid));
}

const same = (a: Buffer | null, b: Buffer | null): boolean => (a === null || b === null ? a === b : a.equals(b));

/**
 * The content to commit for each path on top of `tip` (null: delete it), given the files on disk.
 * Throws `conflict` when both sides changed the same lines of a file, or one side deleted a file
 * the other changed.
 */
export function reviewMerger(dir: string, branch: string, base: string, tip: string): (filepath: string, mine: Buffer | null) => Promise<Buffer | null> {
  return async (filepath, mine) => {
    const [b, theirs] = await Promise.all([fileAt(dir, base, filepath), fileAt(dir, tip, filepath)]);
    if (same(theirs, b) || same(mine, theirs)) return mine;
    if (same(mine, b)) return theirs;
    if (mine && theirs && !isBinary(mine) && !isBinary(theirs) && !(b && isBinary(b))) {
      const dec = new TextDecoder();
      const merged = mergeText(b ? dec.decode(b) : '', dec.decode(mine), dec.decode(theirs));
      if (merged.conflicts === 0) return Buffer.from(merged.text);
    }
    throw new ReposyncError(
      'conflict',
      `"${filepath}" was also changed on the review branch "${branch}" since you last pushed to it, in the same lines as your change. Nothing was pushed and your files are unchanged: push to a new branch, or copy their change into your file and push again.`,
      { branch, path: filepath },
    );
  };
}
