import type { IndexChange, WorktreeChange } from '../git/checkout';
import { writeBlob } from '../git/object-write';
import type { TreeFile } from '../git/trees';
import type { MergePlan } from './merge-trees';
import type { MergeStatePath } from './merge-state';

/** What a plan turns into on disk: working-file changes, index changes, and (when clean) tree changes. */
export interface Materialized {
  worktree: WorktreeChange[];
  index: Map<string, IndexChange>;
  tree: Map<string, TreeFile | null>;
  conflicts: MergeStatePath[];
}

/**
 * Write the plan's new blobs and describe its effect. Conflicts follow git: stages 1/2/3 in the
 * index; the working file gets diff3 markers (text), keeps ours (binary, deleted by them), or
 * gets theirs (deleted by us).
 */
export function materializePlan(dir: string, plan: MergePlan): Materialized {
  const out: Materialized = { worktree: [], index: new Map(), tree: new Map(), conflicts: [] };
  for (const p of plan.paths) {
    const result = p.result && p.content ? { oid: writeBlob(dir, p.content), mode: p.result.mode } : p.result;
    if (!p.conflict) {
      out.tree.set(p.path, result);
      if (result) {
        out.worktree.push({ path: p.path, kind: 'write', oid: result.oid, mode: result.mode, content: p.content });
        out.index.set(p.path, { kind: 'file', file: result });
      } else {
        out.worktree.push({ path: p.path, kind: 'delete' });
        out.index.set(p.path, { kind: 'remove' });
      }
      continue;
    }
    const stages: Array<{ stage: 1 | 2 | 3; file: TreeFile }> = [];
    if (p.base) stages.push({ stage: 1, file: p.base });
    if (p.ours) stages.push({ stage: 2, file: p.ours });
    if (p.theirs) stages.push({ stage: 3, file: p.theirs });
    out.index.set(p.path, { kind: 'conflict', stages });
    if (result && (!p.ours || p.content)) out.worktree.push({ path: p.path, kind: 'write', oid: result.oid, mode: result.mode, content: p.content });
    out.conflicts.push({ path: p.path, kind: p.conflict.kind, binary: p.conflict.binary });
  }
  return out;
}
