import { ReposyncError } from '../errors';
import { mergeBases } from '../git/merge-base';
import { writeBlob, writeCommit } from '../git/object-write';
import { run } from '../git/git';
import { sharedStore } from '../git/shared-store';
import { applyToTree, readCommitInfo, type TreeFile } from '../git/trees';
import { planMerge } from './merge-trees';

/** Nested criss-crosses deeper than this merge with their newest base (git's recursion has no such case in practice). */
const MAX_DEPTH = 8;
// A fixed identity and time: the same bases give the same virtual commit, run after run.
const VIRTUAL_SIGNATURE = { name: 'Reposync', email: 'reposync@localhost', timestamp: 0, offset: 0 };

/**
 * The commit to merge `ours` and `theirs` against. Usually their one merge base; after a criss-cross
 * (both sides merged each other: two or more best common ancestors) a virtual one, as git's
 * recursive and ort strategies build it: the bases merged with each other (recursively, against
 * their own base), a file they conflict on holding the conflict markers. Taking just one of the
 * bases instead shows changes the other base already has as new, which gives false conflicts or
 * undoes a side's change. The virtual commit is written to the object store (unreachable, as
 * `git merge-tree` leaves its objects); null for unrelated histories.
 */
export async function mergeBaseForMerge(dir: string, ours: string, theirs: string, depth = 0): Promise<string | null> {
  const bases = await run('find merge base', async () => mergeBases(sharedStore(dir), ours, theirs));
  if (bases.length <= 1 || depth >= MAX_DEPTH) return bases[0] ?? null;
  // git merges the bases oldest first into the running virtual base; mergeBases lists newest first.
  const ordered = [...bases].reverse();
  let virtual = ordered[0]!;
  try {
    for (const next of ordered.slice(1)) virtual = await mergeTwo(dir, virtual, next, depth + 1);
  } catch (err) {
    // Bases that cannot be put in one tree (a file on one, a folder on the other): merge against
    // the newest base alone, as before; the merge itself then reports what it cannot combine.
    if (err instanceof ReposyncError && err.code === 'unsupported') return bases[0]!;
    throw err;
  }
  return virtual;
}

async function mergeTwo(dir: string, a: string, b: string, depth: number): Promise<string> {
  const base = await mergeBaseForMerge(dir, a, b, depth);
  const tree = async (c: string | null): Promise<string | null> => (c ? (await readCommitInfo(dir, c)).tree : null);
  const ours = await tree(a);
  const plan = await planMerge(dir, { base: await tree(base), ours, theirs: await tree(b) }, { useOurs: [], useTheirs: [] });
  const changes = new Map<string, TreeFile | null>();
  for (const p of plan.paths) {
    // A conflict keeps what the working file would get: diff3 markers for text, ours for binary.
    changes.set(p.path, p.result && p.content ? { oid: writeBlob(dir, p.content), mode: p.result.mode } : p.result);
  }
  const merged = await applyToTree(dir, ours, changes);
  return writeCommit(dir, { tree: merged, parents: [a, b], author: VIRTUAL_SIGNATURE, committer: VIRTUAL_SIGNATURE, message: 'virtual merge base\n' });
}
