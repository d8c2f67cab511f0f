import fs from 'node:fs';
import path from 'node:path';
import { parseIndex, readIndexBytes } from './index-file';
import { hashObject, serializeTree, type TreeItem, writeBlob, writeObject } from './object-write';
import { sharedStore } from './shared-store';
import { scanWorkingFiles } from './status-scan';
import { MODE_LINK, MODE_TREE, type TreeFile } from './trees';

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
 * The whole snapshot of a backup in one synchronous step, run on the Git worker thread (the
 * `snapshot` task): scan the working tree (tracked plus untracked, not ignored), store the blobs
 * the object database lacks, write the tree. Returns the root tree id. Only objects are written
 * (each one atomically), so an interrupted snapshot leaves at most unreferenced objects.
 */
export function snapshotWorkingTree(dir: string): string {
  const files = scanWorkingFiles(dir);
  const known = new Set(parseIndex(readIndexBytes(dir)).map((e) => e.oid));
  storeWorktreeBlobs(dir, files, known);
  return writeSnapshotTree(dir, files);
}
