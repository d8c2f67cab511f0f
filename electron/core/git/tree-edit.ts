import type { TreeEntry } from 'isomorphic-git';
import { fs, git } from './git';

/** What a path becomes in the new tree: a blob with a mode, or gone (null). */
export type TreeEdit = { oid: string; mode: '100644' | '100755' | '120000' } | null;

/**
 * A new tree: `base` (a tree oid, or null for an empty repository) with `edits` applied, written
 * to the object store. Only the subtrees on an edited path are rewritten; folders left empty vanish,
 * as in git. Returns the root tree's oid.
 */
export async function editTree(dir: string, base: string | null, edits: Map<string, TreeEdit>): Promise<string> {
  const list = [...edits].map(([p, e]) => [p.split('/'), e] as [string[], TreeEdit]);
  return (await build(dir, base, list)) ?? (await git.writeTree({ fs, dir, tree: [] }));
}

async function build(dir: string, base: string | null, edits: Array<[string[], TreeEdit]>): Promise<string | null> {
  const entries = new Map<string, TreeEntry>();
  if (base) for (const e of (await git.readTree({ fs, dir, oid: base })).tree) entries.set(e.path, e);

  const byName = new Map<string, { own: TreeEdit | undefined; nested: Array<[string[], TreeEdit]> }>();
  for (const [parts, edit] of edits) {
    const [name, ...rest] = parts;
    if (!name) continue;
    const slot = byName.get(name) ?? { own: undefined, nested: [] };
    if (rest.length === 0) slot.own = edit;
    else slot.nested.push([rest, edit]);
    byName.set(name, slot);
  }

  for (const [name, { own, nested }] of byName) {
    // Order matters when a file turns into a folder or back: removals first, then the folder, then new files.
    if (own === null) entries.delete(name);
    if (nested.length > 0) {
      const current = entries.get(name);
      const sub = await build(dir, current?.type === 'tree' ? current.oid : null, nested);
      if (sub) entries.set(name, { mode: '040000', path: name, oid: sub, type: 'tree' });
      else if (current?.type === 'tree') entries.delete(name);
    }
    if (own) entries.set(name, { mode: own.mode, path: name, oid: own.oid, type: 'blob' });
  }
  if (entries.size === 0) return null;
  return git.writeTree({ fs, dir, tree: [...entries.values()] });
}
