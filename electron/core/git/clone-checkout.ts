import fs from 'node:fs';
import path from 'node:path';
import { ReposyncError } from '../errors';
import { checkoutRules, isAttributesPath, smudgeToWorktree } from './eol';
import { openObjectStore, parseCommitLinks, parseTree, peel } from './fast';
import { entryFromStat, writeIndex, type IndexEntry } from './index-file';
import { MODE_EXEC, MODE_GITLINK, MODE_LINK, MODE_TREE } from './modes';
import { assertSafeRepoPath } from './safe-path';


interface Item {
  path: string;
  mode: number;
  oid: string;
}

/**
 * The first checkout of a fresh clone: every file of `commit`'s tree written into `dir` (a new
 * folder nobody else writes to) and one index with the stat data of what was written. Blobs come
 * from the fast object store (native zlib, packs read at offsets), not isomorphic-git's object
 * layer, and it all runs on the Git worker thread. Every path is checked before the first file is
 * written: a hostile tree is refused whole with `unsafe_path`. Returns the number of files.
 */
export function checkoutCommit(dir: string, commit: string): number {
  const store = openObjectStore(path.join(dir, '.git'), { cacheBytes: 32 * 1024 * 1024 });
  try {
    const peeled = peel(store, commit);
    if (!peeled || peeled.type !== 'commit') throw new ReposyncError('not_found', `The commit ${commit} is not in the repository.`, { oid: commit });
    const head = store.read(peeled.oid);
    if (!head) throw new ReposyncError('not_found', `The commit ${peeled.oid} is not in the repository.`, { oid: peeled.oid });
    const items: Item[] = [];
    const walk = (treeOid: string, prefix: string): void => {
      const tree = store.read(treeOid);
      if (!tree || tree.type !== 'tree') throw new ReposyncError('not_found', `The tree ${treeOid} is missing from the repository.`, { oid: treeOid });
      const seen = new Set<string>();
      for (const e of parseTree(tree.data)) {
        const rel = prefix + e.name;
        // A tree entry never holds a '/', nor repeats a name (git fsck: fullPathname, duplicateEntries).
        if (e.name.includes('/') || seen.has(e.name)) {
          throw new ReposyncError('unsafe_path', `Refusing the path "${rel.slice(0, 300)}": the tree names it ${e.name.includes('/') ? 'with a slash' : 'twice'}.`, { path: rel.slice(0, 1000) });
        }
        seen.add(e.name);
        assertSafeRepoPath(rel);
        const mode = parseInt(e.mode, 8);
        if (mode === MODE_TREE) walk(e.oid, `${rel}/`);
        else items.push({ path: rel, mode, oid: e.oid });
      }
    };
    walk(parseCommitLinks(head.data).tree, '');

    // Line endings as git's checkout writes them (eol.ts), from the attributes files of this tree.
    const attrFiles = new Map<string, () => Uint8Array | null>();
    for (const item of items) if (item.mode !== MODE_LINK && item.mode !== MODE_GITLINK && isAttributesPath(item.path)) attrFiles.set(item.path, () => store.read(item.oid)?.data ?? null);
    const eol = checkoutRules(dir, path.join(dir, '.git'), attrFiles);
    const converts = eol.active;
    const made = new Set<string>();
    const index: IndexEntry[] = [];
    for (const item of items) {
      const full = path.join(dir, item.path);
      const parent = path.dirname(item.path);
      if (parent !== '.' && !made.has(parent)) {
        // Only folders this checkout made: a folder is never a link here, since names are unique per tree.
        fs.mkdirSync(path.dirname(full), { recursive: true });
        for (let p = parent; p !== '.' && !made.has(p); p = path.posix.dirname(p)) made.add(p);
      }
      if (item.mode === MODE_GITLINK) {
        fs.mkdirSync(full);
        made.add(item.path);
      } else {
        const blob = store.read(item.oid);
        if (!blob || blob.type !== 'blob') throw new ReposyncError('not_found', `The file ${item.path} (${item.oid}) is missing from the repository.`, { path: item.path });
        if (item.mode === MODE_LINK) fs.symlinkSync(blob.data.toString('utf8'), full);
        else fs.writeFileSync(full, converts ? smudgeToWorktree(blob.data, eol.action(item.path)) : blob.data, { mode: item.mode === MODE_EXEC ? 0o755 : 0o644, flag: 'wx' });
      }
      index.push(entryFromStat(full, item.path, item.oid, item.mode === MODE_EXEC || item.mode === MODE_LINK || item.mode === MODE_GITLINK ? item.mode : 0o100644));
    }
    writeIndex(dir, index);
    return items.length;
  } finally {
    store.close();
  }
}
