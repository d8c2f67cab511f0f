import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { gitCli } from '../support/repo';

/**
 * Raw object writing for hostile fixtures: git itself refuses to build trees with names like
 * `..` or `.git`, so these are deflated and hashed by hand into a bare repository.
 */
export function writeLoose(gitDir: string, type: 'blob' | 'tree' | 'commit', body: Buffer): string {
  const raw = Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]);
  const oid = createHash('sha1').update(raw).digest('hex');
  const file = path.join(gitDir, 'objects', oid.slice(0, 2), oid.slice(2));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, zlib.deflateSync(raw));
  return oid;
}

export const blob = (gitDir: string, content: string | Buffer): string => writeLoose(gitDir, 'blob', Buffer.from(content));

export interface RawEntry {
  mode: '100644' | '100755' | '120000' | '40000' | '160000';
  name: string;
  oid: string;
}

/** A tree with the entries exactly as given (names unchecked, order kept). */
export function tree(gitDir: string, entries: RawEntry[]): string {
  const parts = entries.map((e) => Buffer.concat([Buffer.from(`${e.mode} ${e.name}\0`, 'utf8'), Buffer.from(e.oid, 'hex')]));
  return writeLoose(gitDir, 'tree', Buffer.concat(parts));
}

export const file = (gitDir: string, name: string, content: string): RawEntry => ({ mode: '100644', name, oid: blob(gitDir, content) });
export const dir = (gitDir: string, name: string, entries: RawEntry[]): RawEntry => ({ mode: '40000', name, oid: tree(gitDir, entries) });
export const link = (gitDir: string, name: string, target: string): RawEntry => ({ mode: '120000', name, oid: blob(gitDir, target) });

/** A commit of `treeOid` on `branch` (parent: the branch's current tip, if any). */
export function commitOnBranch(gitDir: string, treeOid: string, branch: string, message: string): string {
  let parent: string | null = null;
  try {
    parent = gitCli(gitDir, 'rev-parse', '--verify', '-q', `refs/heads/${branch}`).trim();
  } catch {
    parent = null;
  }
  const args = ['commit-tree', treeOid, '-m', message, ...(parent ? ['-p', parent] : [])];
  const oid = gitCli(gitDir, ...args).trim();
  gitCli(gitDir, 'update-ref', `refs/heads/${branch}`, oid);
  return oid;
}
