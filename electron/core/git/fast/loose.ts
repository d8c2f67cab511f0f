import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { type GitObject, type ObjectType, corrupt } from './types';

const TYPES = new Set<string>(['commit', 'tree', 'blob', 'tag']);

/** Reads a loose object (`objects/ab/cdef…`, zlib of "<type> <size>\0<data>"); null when absent. */
export function readLoose(objectsDir: string, oid: string): GitObject | null {
  const file = path.join(objectsDir, oid.slice(0, 2), oid.slice(2));
  let raw: Buffer;
  try {
    raw = fs.readFileSync(file);
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT' || (err as { code?: string }).code === 'ENOTDIR') return null;
    throw err;
  }
  let inflated: Buffer;
  try {
    inflated = zlib.inflateSync(raw);
  } catch (err) {
    throw corrupt(`loose object ${oid} cannot be inflated`, { file }, err);
  }
  const nul = inflated.indexOf(0);
  const header = nul > 0 ? inflated.toString('latin1', 0, nul) : '';
  const space = header.indexOf(' ');
  const type = header.slice(0, space);
  const size = Number(header.slice(space + 1));
  if (space < 0 || !TYPES.has(type) || !Number.isInteger(size) || size !== inflated.length - nul - 1) {
    throw corrupt(`loose object ${oid} has a bad header`, { file });
  }
  return { type: type as ObjectType, data: inflated.subarray(nul + 1) };
}

export function hasLoose(objectsDir: string, oid: string): boolean {
  return fs.existsSync(path.join(objectsDir, oid.slice(0, 2), oid.slice(2)));
}
