import fs from 'node:fs';
import path from 'node:path';
import { parseIndex, readIndexBytes } from './index-file';
import { hashObject, serializeTree, type TreeItem, writeBlob, writeObject } from './object-write';
import { sharedStore } from './shared-store';
import { type RepoScan, scanRepo } from './status-fast';
import { entryMode, isIntentToAdd } from './status-index';
import { scanWorkingFiles } from './status-scan';
import { MODE_GITLINK, MODE_LINK, MODE_TREE, type TreeFile } from './trees';

/**
 * `writeFlatTree` for snapshots (backups): the same root tree id, but a tree the repository already
 * has, packed or loose, is not written again. A backup of an unchanged tree then writes only the
 * trees on the path to changed files, instead of every folder as a new loose object.
 */
export function writeSnapshotTree(dir: string, files: Map<string, TreeFile>): string {
  interface Node { files: TreeItem[]; dirs: Map<string, Node> }
  const root: Node = { files: [], dirs: new Map() };
  for (const [full, f] of files) {
    const parts = full.split('/');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      let next = node.dirs.get(part);
      if (!next) node.dirs.set(part, (next = { files: [], dirs: new Map() }));
      node = next;
    }
    node.files.push({ name: parts[parts.length - 1]!, mode: f.mode, oid: f.oid });
  }
  // The thread's shared store: its pack indexes are already loaded when the worker indexed the
  // fetched pack or checked files out, and stay loaded for the checkout that follows a backup.
  const store = sharedStore(dir);
  const write = (node: Node): string => {
    const content = serializeTree([...node.files, ...[...node.dirs].map(([name, child]) => ({ name, mode: MODE_TREE, oid: write(child) }))]);
    const oid = hashObject('tree', content);
    return store.has(oid) ? oid : writeObject(dir, 'tree', content);
  };
  return write(root);
}

/**
 * Make sure every scanned file's content exists as a blob (a snapshot commit must be complete).
 * `known` holds blob ids already in the object database (the index's), which are skipped.
 */
export function storeWorktreeBlobs(dir: string, files: Map<string, TreeFile>, known: Set<string>): void {
  for (const [rel, f] of files) {
    if (known.has(f.oid)) continue;
    const full = path.join(dir, rel);
    const content = f.mode === MODE_LINK ? Buffer.from(fs.readlinkSync(full, { encoding: 'buffer' })) : fs.readFileSync(full);
    const written = writeBlob(dir, content);
    // The file changed between scan and read: record what was actually stored.
    if (written !== f.oid) files.set(rel, { ...f, oid: written });
  }
}

/**
 * The tree the snapshot would write, without writing it, when the working tree is exactly the
 * index (no edit, no untracked file, no conflict, no submodule) and the index carries a valid
 * cache-tree that git wrote: that cache-tree root is the tree of the index's entries. Serializing
 * and hashing every folder's tree again was ~60 ms of a pull on a 1,500-file tree. Null otherwise.
 * Reposync's own index writes carry no cache-tree, so a stale one is never trusted.
 */
function indexTreeIfClean(dir: string, { index, walked }: RepoScan): string | null {
  const root = index.cacheTree;
  if (!root || root.entries !== index.total || !index.allMerged || index.paths.length !== index.total) return null;
  if (walked.untracked.length > 0 || walked.conflictedPresent.length > 0 || walked.workOid.size > 0) return null;
  for (let i = 0; i < index.paths.length; i++) {
    const mode = entryMode(index, i);
    if (mode === MODE_GITLINK || walked.workMode[i] !== mode || isIntentToAdd(index, i)) return null;
  }
  return sharedStore(dir).has(root.oid) ? root.oid : null;
}

/**
 * The whole snapshot of a backup in one synchronous step, run on the Git worker thread (the
 * `snapshot` task): scan the working tree (tracked plus untracked, not ignored), store the blobs
 * the object database lacks, write the tree. Returns the root tree id. Only objects are written
 * (each one atomically), so an interrupted snapshot leaves at most unreferenced objects.
 */
export function snapshotWorkingTree(dir: string): string {
  const scan = scanRepo(dir);
  const same = indexTreeIfClean(dir, scan);
  if (same) return same;
  const files = scanWorkingFiles(dir, scan);
  const known = new Set(parseIndex(readIndexBytes(dir)).map((e) => e.oid));
  storeWorktreeBlobs(dir, files, known);
  return writeSnapshotTree(dir, files);
}
