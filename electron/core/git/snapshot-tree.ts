import { findGitDir, openObjectStore } from './fast';
import { hashObject, serializeTree, type TreeItem, writeObject } from './object-write';
import { MODE_TREE, type TreeFile } from './trees';

/**
 * `writeFlatTree` for snapshots (backups): the same root tree id, but a tree the repository already
 * has, packed or loose, is not written again. A backup of an unchanged tree then writes only the
 * trees on the path to changed files, instead of every folder as a new fsynced loose object.
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
  const store = openObjectStore(findGitDir(dir), { cacheBytes: 1 << 20 });
  try {
    const write = (node: Node): string => {
      const content = serializeTree([...node.files, ...[...node.dirs].map(([name, child]) => ({ name, mode: MODE_TREE, oid: write(child) }))]);
      const oid = hashObject('tree', content);
      return store.has(oid) ? oid : writeObject(dir, 'tree', content);
    };
    return write(root);
  } finally {
    store.close();
  }
}
