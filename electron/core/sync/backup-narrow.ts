import type { WorktreeChange } from '../git/checkout';
import { readCommitInfo, readFlatTree, resolveRefOid, sameFile, type TreeFile } from '../git/trees';
import { runGitTask } from '../workers/pool';


/**
 * Paths that commits made after the backup changed (HEAD now against the backup's HEAD) and that
 * the backed-up sync did not touch, with what they held at the backup's HEAD. Only paths whose
 * working file is still exactly HEAD's version: going back to an older backup then also takes back
 * what later syncs brought, but never a local edit. Empty in the usual case (undoing the last
 * sync, or rolling back one that never moved the branch): HEAD's changes are then the sync's own.
 */
async function laterChanges(dir: string, previousHead: string | null, touched: Set<string>): Promise<Map<string, TreeFile | undefined>> {
  const out = new Map<string, TreeFile | undefined>();
  const head = await resolveRefOid(dir, 'HEAD');
  if (!head || head === previousHead) return out;
  const tree = async (c: string | null) => (c ? (await readCommitInfo(dir, c)).tree : null);
  const [was, now] = await Promise.all([readFlatTree(dir, await tree(previousHead)), readFlatTree(dir, await tree(head))]);
  const changed = new Set<string>();
  for (const [p, f] of now) if (!touched.has(p) && !sameFile(f, was.get(p))) changed.add(p);
  for (const p of was.keys()) if (!touched.has(p) && !now.has(p)) changed.add(p);
  if (changed.size === 0) return out;
  const disk = await runGitTask('pathFiles', { dir, paths: [...changed] }, { key: dir });
  for (const p of changed) if (sameFile(disk.get(p), now.get(p))) out.set(p, was.get(p));
  return out;
}

/**
 * The working-file changes that restore a narrow (pull) backup: each touched path back to what the
 * backup holds for it, or removed when the backup has none (the pull created it). Nothing else is
 * touched: the pull changed no other file, so edits made since to other files survive an undo.
 * Temp files a killed checkout left beside the touched paths are removed first.
 */
export async function narrowRestoreChanges(dir: string, previousHead: string | null, tree: string, touchedList: string[]): Promise<WorktreeChange[]> {
  const touched = new Set(touchedList);
  const [backedUp, later] = await Promise.all([readFlatTree(dir, tree), laterChanges(dir, previousHead, touched)]);
  const wanted = new Map<string, TreeFile | undefined>([...touchedList.map((p) => [p, backedUp.get(p)] as const), ...later]);
  const current = await runGitTask('pathFiles', { dir, paths: [...wanted.keys()] }, { key: dir });
  const changes: WorktreeChange[] = [];
  for (const [p, f] of wanted) {
    const now = current.get(p);
    if (sameFile(now, f)) continue;
    changes.push(f ? { path: p, kind: 'write', oid: f.oid, mode: f.mode } : { path: p, kind: 'delete' });
  }
  return changes;
}
