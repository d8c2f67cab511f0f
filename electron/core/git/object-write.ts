import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { replaceFile } from '../fs-atomic';
import { sharedStore } from './shared-store';

/**
 * Loose-object writes of our own: each object goes to a temp file and is renamed into place, so a
 * killed process never leaves a truncated object that `git fsck` rejects (isomorphic-git writes
 * in place), and Node's native zlib/crypto do the work.
 */
export type ObjectType = 'blob' | 'tree' | 'commit';

export interface TreeItem {
  name: string;
  mode: number;
  oid: string;
}

export interface Signature {
  name: string;
  email: string;
  /** Seconds since the epoch. */
  timestamp: number;
  /** Minutes east of UTC, as git prints it (+0100 → 60). */
  offset: number;
}

export interface CommitFields {
  tree: string;
  parents: string[];
  author: Signature;
  committer: Signature;
  message: string;
}

function wrap(type: ObjectType, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${type} ${content.length}\0`, 'latin1'), content]);
}

export function hashObject(type: ObjectType, content: Uint8Array): string {
  // Header and content fed separately: no copy of the content (a pull hashes every file it checks).
  return createHash('sha1').update(`${type} ${content.length}\0`, 'latin1').update(content).digest('hex');
}

export function writeObject(dir: string, type: ObjectType, content: Uint8Array): string {
  const wrapped = wrap(type, content);
  const oid = createHash('sha1').update(wrapped).digest('hex');
  // An object a fetched pack already holds (a fast-forward's trees, a backup of unchanged files) is
  // not written again as a loose object: that would be a deflate and a file per object for nothing.
  if (!hasObject(dir, oid)) replaceFile(objectFile(dir, oid), zlib.deflateSync(wrapped), 0o444);
  return oid;
}

const objectFile = (dir: string, oid: string): string => path.join(dir, '.git', 'objects', oid.slice(0, 2), oid.slice(2));
const hasObject = (dir: string, oid: string): boolean => fs.existsSync(objectFile(dir, oid)) || sharedStore(dir).has(oid);

/** An object hashed and deflated ahead of need (while a fetch waits on the network), for writeDeflated. */
export interface DeflatedObject {
  oid: string;
  deflated: Buffer;
}

export function deflateObject(type: ObjectType, content: Uint8Array): DeflatedObject {
  const wrapped = wrap(type, content);
  return { oid: createHash('sha1').update(wrapped).digest('hex'), deflated: zlib.deflateSync(wrapped) };
}

/** writeObject of an object deflateObject prepared. */
export function writeDeflated(dir: string, obj: DeflatedObject): string {
  if (!hasObject(dir, obj.oid)) replaceFile(objectFile(dir, obj.oid), obj.deflated, 0o444);
  return obj.oid;
}

export function writeBlob(dir: string, content: Uint8Array): string {
  return writeObject(dir, 'blob', content);
}

// Git sorts tree entries by name, comparing a sub-tree's name as if it ended in '/'.
function sortKey(item: TreeItem): Buffer {
  return Buffer.from(item.mode === 0o040000 ? `${item.name}/` : item.name, 'utf8');
}

export function serializeTree(items: TreeItem[]): Buffer {
  const sorted = [...items].sort((a, b) => Buffer.compare(sortKey(a), sortKey(b)));
  return Buffer.concat(
    sorted.flatMap((i) => [Buffer.from(`${i.mode.toString(8)} ${i.name}\0`, 'utf8'), Buffer.from(i.oid, 'hex')]),
  );
}

export function writeTree(dir: string, items: TreeItem[]): string {
  return writeObject(dir, 'tree', serializeTree(items));
}

function formatSignature(s: Signature): string {
  const sign = s.offset < 0 ? '-' : '+';
  const abs = Math.abs(s.offset);
  const tz = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
  return `${s.name} <${s.email}> ${s.timestamp} ${tz}`;
}

export function serializeCommit(c: CommitFields): Buffer {
  const lines = [`tree ${c.tree}`, ...c.parents.map((p) => `parent ${p}`), `author ${formatSignature(c.author)}`, `committer ${formatSignature(c.committer)}`];
  const message = c.message.endsWith('\n') ? c.message : `${c.message}\n`;
  return Buffer.from(`${lines.join('\n')}\n\n${message}`, 'utf8');
}

export function writeCommit(dir: string, c: CommitFields): string {
  return writeObject(dir, 'commit', serializeCommit(c));
}

/** A signature for now, in this machine's time zone. */
export function signatureNow(name: string, email: string, when = new Date()): Signature {
  // Names and e-mails with <, > or newlines would corrupt the commit header.
  const clean = (s: string) => s.replace(/[<>\n\r]/g, '').trim();
  return { name: clean(name), email: clean(email), timestamp: Math.floor(when.getTime() / 1000), offset: -when.getTimezoneOffset() };
}
