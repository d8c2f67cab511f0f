import { cacheFor, fs, git, run } from './git';
import { ReposyncError, toReposyncError } from '../errors';
import { parseCommit, parseCommitLinks, parseTree, peel } from './fast';
import { writeTree, type TreeItem } from './object-write';
import { mergeBases } from './merge-base';
import { sharedStore, yieldIfBusy } from './shared-store';

/** One file in a tree: its blob (or link/submodule) id and git mode as a number. */
export interface TreeFile {
  oid: string;
  mode: number;
}

/** Both absent, or the same blob with the same mode. */
export const sameFile = (a?: TreeFile, b?: TreeFile): boolean => (!a && !b) || (!!a && !!b && a.oid === b.oid && a.mode === b.mode);

import { MODE_EXEC, MODE_FILE, MODE_GITLINK, MODE_LINK, MODE_TREE } from './modes';

export { MODE_EXEC, MODE_FILE, MODE_GITLINK, MODE_LINK, MODE_TREE };

// Objects are read through the fast store (native zlib, pack .idx lookups), not isomorphic-git's
// object layer (pako, a loose-file probe per read): a pull reads every tree on three sides.
function readPeeled(dir: string, oid: string, want: 'tree' | 'blob' | 'commit'): Buffer {
  const store = sharedStore(dir);
  const missing = (id: string) => new ReposyncError('not_found', `The object ${id} is not in the repository.`, { oid: id });
  const read = (id: string) => {
    const obj = store.read(id);
    if (!obj) throw missing(id);
    return obj;
  };
  let obj = read(oid);
  if (obj.type === 'tag') {
    // Through annotated tags; the common case (not a tag) reads the object once, not twice.
    const peeled = peel(store, oid);
    if (!peeled) throw missing(oid);
    obj = read(peeled.oid);
  }
  if (obj.type === 'commit' && want === 'tree') obj = read(parseCommitLinks(obj.data).tree);
  if (obj.type !== want) throw new ReposyncError('internal', `The object ${oid} is not a ${want}.`, { oid });
  return obj.data;
}

/** git's canon_mode: what a tree's mode means, whatever odd octal an old tool wrote. */
function canonMode(raw: string): number {
  const mode = parseInt(raw, 8);
  switch (mode & 0o170000) {
    case MODE_TREE: return MODE_TREE;
    case MODE_LINK: return MODE_LINK;
    case 0o100000: return mode & 0o100 ? MODE_EXEC : MODE_FILE;
    default: return MODE_GITLINK;
  }
}

export async function readTreeItems(dir: string, oid: string): Promise<TreeItem[]> {
  await yieldIfBusy();
  return run('read tree', async () => readTreeItemsSync(dir, oid));
}

/** `readTreeItems` without the yield: for callers that walk many trees and yield themselves. */
export function readTreeItemsSync(dir: string, oid: string): TreeItem[] {
  try {
    return parseTree(readPeeled(dir, oid, 'tree')).map((e) => ({ name: e.name, mode: canonMode(e.mode), oid: e.oid }));
  } catch (err) {
    const mapped = toReposyncError(err);
    if (mapped.code === 'internal' && !(err instanceof ReposyncError)) mapped.details.during = 'read tree';
    throw mapped;
  }
}

export async function readBlob(dir: string, oid: string): Promise<Uint8Array> {
  await yieldIfBusy();
  // A copy: the store's bytes may be shared with its cache.
  return run('read file', async () => Buffer.from(readPeeled(dir, oid, 'blob')));
}

export interface CommitInfo {
  oid: string;
  tree: string;
  parents: string[];
  message: string;
}

export async function readCommitInfo(dir: string, oid: string): Promise<CommitInfo> {
  await yieldIfBusy();
  return run('read commit', async () => {
    const commit = parseCommit(readPeeled(dir, oid, 'commit'));
    return { oid, tree: commit.tree, parents: commit.parents, message: commit.message };
  });
}

/** The commit a ref points at, or null when the ref does not exist (unborn branch, nothing fetched). */
export async function resolveRefOid(dir: string, ref: string): Promise<string | null> {
  try {
    return await git.resolveRef({ fs, dir, ref });
  } catch (err) {
    if ((err as { code?: string }).code === 'NotFoundError') return null;
    throw err;
  }
}

/** The best common ancestor of two commits; null for unrelated histories. */
export async function findMergeBase(dir: string, a: string, b: string): Promise<string | null> {
  return run('find merge base', async () => mergeBases(sharedStore(dir), a, b)[0] ?? null);
}

/** Every file of a tree, keyed by its full path (recursing into sub-trees). */
export async function readFlatTree(dir: string, treeOid: string | null, prefix = ''): Promise<Map<string, TreeFile>> {
  const out = new Map<string, TreeFile>();
  if (!treeOid) return out;
  const walk = async (oid: string, base: string): Promise<void> => {
    for (const item of await readTreeItems(dir, oid)) {
      const full = base ? `${base}/${item.name}` : item.name;
      if (item.mode === MODE_TREE) await walk(item.oid, full);
      else out.set(full, { oid: item.oid, mode: item.mode });
    }
  };
  await walk(treeOid, prefix);
  return out;
}

/** Write the trees for a flat map of files; returns the root tree id. */
export function writeFlatTree(dir: string, files: Map<string, TreeFile>): string {
  interface Node { files: TreeItem[]; dirs: Map<string, Node> }
  const root: Node = { files: [], dirs: new Map() };
  for (const [full, f] of files) {
    const parts = full.split('/');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      let next = node.dirs.get(part);
      if (!next) {
        next = { files: [], dirs: new Map() };
        node.dirs.set(part, next);
      }
      node = next;
    }
    node.files.push({ name: parts[parts.length - 1]!, mode: f.mode, oid: f.oid });
  }
  const write = (node: Node): string =>
    writeTree(dir, [...node.files, ...[...node.dirs].map(([name, child]) => ({ name, mode: MODE_TREE, oid: write(child) }))]);
  return write(root);
}

/**
 * A new tree: `base` with some files replaced (a TreeFile) or removed (null). Only the folders on
 * the changed paths are read and rewritten, so a pull touching 3 files of a 50k-file tree writes
 * a handful of tree objects. Emptied folders disappear, as in git.
 */
export async function applyToTree(dir: string, base: string | null, changes: Map<string, TreeFile | null>): Promise<string> {
  const rewrite = async (oid: string | null, local: Map<string, TreeFile | null>): Promise<string | null> => {
    const items = new Map<string, TreeItem>();
    if (oid) for (const item of await readTreeItems(dir, oid)) items.set(item.name, item);
    const byChild = new Map<string, Map<string, TreeFile | null>>();
    for (const [p, change] of local) {
      const slash = p.indexOf('/');
      if (slash < 0) {
        if (change) items.set(p, { name: p, mode: change.mode, oid: change.oid });
        else if (items.get(p)?.mode !== MODE_TREE) items.delete(p);
        continue;
      }
      const head = p.slice(0, slash);
      let sub = byChild.get(head);
      if (!sub) byChild.set(head, (sub = new Map()));
      sub.set(p.slice(slash + 1), change);
    }
    for (const [name, sub] of byChild) {
      const existing = items.get(name);
      const childOid = await rewrite(existing?.mode === MODE_TREE ? existing.oid : null, sub);
      if (childOid) items.set(name, { name, mode: MODE_TREE, oid: childOid });
      else if (existing?.mode === MODE_TREE) items.delete(name);
    }
    if (items.size === 0) return null;
    return writeTree(dir, [...items.values()]);
  };
  return (await rewrite(base, changes)) ?? writeTree(dir, []);
}

/** The file at `filepath` in a commit's tree, or null when it is absent there. */
export async function readFileAt(dir: string, commitOid: string | null, filepath: string): Promise<TreeFile | null> {
  if (!commitOid) return null;
  let tree = (await readCommitInfo(dir, commitOid)).tree;
  const parts = filepath.split('/');
  for (let i = 0; i < parts.length; i++) {
    const item = (await readTreeItems(dir, tree)).find((t) => t.name === parts[i]);
    if (!item) return null;
    if (i === parts.length - 1) return item.mode === MODE_TREE ? null : { oid: item.oid, mode: item.mode };
    if (item.mode !== MODE_TREE) return null;
    tree = item.oid;
  }
  return null;
}
