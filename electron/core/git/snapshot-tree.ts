import fs from 'node:fs';
import path from 'node:path';
import { parseIndex, readIndexBytes } from './index-file';
import { hashObject, serializeTree, type TreeItem, writeBlob, writeObject } from './object-write';
import { hasSymlinkParent } from './safe-path';
import { readTreeData } from './fast/changed-paths';
import type { ObjectStore } from './fast/object-store';
import { parseCommitLinks } from './fast/parse-commit';
import { parseTree } from './fast/parse-tree';
import { sharedStore } from './shared-store';
import { type RepoScan, scanRepo } from './status-fast';
import { entryMode, isIntentToAdd } from './status-index';
import { scanWorkingFiles } from './status-scan';
import { MODE_EXEC, MODE_FILE, MODE_GITLINK, MODE_LINK, MODE_TREE } from './modes';
import type { TreeFile } from './trees';

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
 * cache-tree that git wrote, and no line-ending rule could make a file's bytes differ from its
 * blob: that cache-tree root is the tree of the index's entries. Serializing
 * and hashing every folder's tree again was ~60 ms of a pull on a 1,500-file tree. Null otherwise.
 * Reposync's own index writes carry no cache-tree, so a stale one is never trusted.
 */
function indexTreeIfClean(dir: string, { index, walked, eol }: RepoScan): string | null {
  // With line-ending rules a file equal to the index may hold other bytes (CRLF) on disk.
  if (eol.active) return null;
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

/**
 * What the working tree holds at each of `paths` now, for restoring a narrow backup: files and
 * symlinks with their blob id and mode; a path that is missing, a folder, or behind a symlinked
 * parent (outside the tree) is absent. Ignored or not does not matter: these are paths a sync writes.
 */
export function readPathFiles(dir: string, paths: string[]): Map<string, TreeFile> {
  const out = new Map<string, TreeFile>();
  for (const rel of paths) {
    if (hasSymlinkParent(dir, rel)) continue;
    const full = path.join(dir, rel);
    const st = fs.lstatSync(full, { throwIfNoEntry: false });
    if (!st || !(st.isFile() || st.isSymbolicLink())) continue;
    const link = st.isSymbolicLink();
    const content = link ? Buffer.from(fs.readlinkSync(full, { encoding: 'buffer' })) : fs.readFileSync(full);
    out.set(rel, { oid: hashObject('blob', content), mode: link ? MODE_LINK : st.mode & 0o100 ? MODE_EXEC : MODE_FILE });
  }
  return out;
}

function readObjectData(store: ObjectStore, oid: string, type: string): Buffer {
  const obj = store.read(oid);
  if (!obj || obj.type !== type) throw new Error(`The ${type} ${oid} is missing from the repository.`);
  return obj.data;
}

type Overlay = Map<string, TreeFile | null>;

/**
 * `base` with each path of `files` set to its file or removed (null), written without
 * isomorphic-git: only the folders on a path whose entry really changes are serialized and
 * stored; an unchanged folder keeps its id. A removal never drops a folder of the same name (the
 * disk had a folder where the path would be a file: the folder's own paths say what it holds).
 * Returns null for an empty tree.
 */
function overlayTree(dir: string, base: string | null, files: Overlay): string | null {
  const store = sharedStore(dir);
  const items = new Map<string, TreeItem>();
  if (base) for (const e of parseTree(readTreeData(store, base))) items.set(e.name, { name: e.name, mode: parseInt(e.mode, 8), oid: e.oid });
  const own = new Map<string, TreeFile | null>();
  const nested = new Map<string, Overlay>();
  for (const [p, f] of files) {
    const slash = p.indexOf('/');
    if (slash < 0) own.set(p, f);
    else {
      const name = p.slice(0, slash);
      if (!nested.has(name)) nested.set(name, new Map());
      nested.get(name)!.set(p.slice(slash + 1), f);
    }
  }
  let changed = false;
  for (const [name, sub] of nested) {
    const current = items.get(name);
    const was = current?.mode === MODE_TREE ? current.oid : null;
    const now = overlayTree(dir, was, sub);
    if (now === was) continue;
    changed = true;
    if (now) items.set(name, { name, mode: MODE_TREE, oid: now });
    else items.delete(name);
  }
  for (const [name, f] of own) {
    const current = items.get(name);
    if (f && !(current && current.oid === f.oid && current.mode === f.mode)) {
      items.set(name, { name, mode: f.mode, oid: f.oid });
      changed = true;
    } else if (!f && current && current.mode !== MODE_TREE) {
      items.delete(name);
      changed = true;
    }
  }
  if (!changed) return base;
  if (items.size === 0) return null;
  const content = serializeTree([...items.values()]);
  const oid = hashObject('tree', content);
  return store.has(oid) ? oid : writeObject(dir, 'tree', content);
}

/**
 * A pull's narrow snapshot: HEAD's tree (`head`) with each path of `disk` as the working tree holds
 * it (null: absent), from the blocked-path check that just looked at each one (merge-dirty.ts). A
 * pull writes and deletes only those paths, so they are all a rollback or an undo of it has to put
 * back (backup.ts reads just them); hashing the whole working tree instead was most of a pull's
 * time when the files' stat data was stale (a copied or touched folder). `atHead` holds HEAD's
 * file at each path (the plan's "ours"): a path that matches it needs no edit, so a clean pull's
 * snapshot is HEAD's own tree and writes nothing. A differing file's blob is stored if missing.
 */
export function narrowSnapshot(dir: string, head: string | null, disk: Map<string, TreeFile | null>, atHead: Map<string, TreeFile | null>): string {
  const store = sharedStore(dir);
  const base = head ? parseCommitLinks(readObjectData(store, head, 'commit')).tree : null;
  const edits: Overlay = new Map();
  for (const [rel, f] of disk) {
    const was = atHead.get(rel) ?? null;
    if (f && was && f.oid === was.oid && f.mode === was.mode) continue;
    if (!f && !was) continue;
    if (!f || store.has(f.oid)) {
      edits.set(rel, f);
      continue;
    }
    const full = path.join(dir, rel);
    const content = f.mode === MODE_LINK ? Buffer.from(fs.readlinkSync(full, { encoding: 'buffer' })) : fs.readFileSync(full);
    edits.set(rel, { oid: writeBlob(dir, content), mode: f.mode });
  }
  return overlayTree(dir, base, edits) ?? writeObject(dir, 'tree', new Uint8Array());
}
