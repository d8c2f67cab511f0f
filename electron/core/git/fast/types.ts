import { ReposyncError } from '../../errors';

export type ObjectType = 'commit' | 'tree' | 'blob' | 'tag';

export interface GitObject {
  type: ObjectType;
  data: Buffer;
}

// Type numbers as stored in pack entry headers (see git's Documentation/gitformat-pack.txt).
export const PACK_TYPES: Record<number, ObjectType> = { 1: 'commit', 2: 'tree', 3: 'blob', 4: 'tag' };
/** The same, by type name. */
export const TYPE_NUMBERS: Record<ObjectType, number> = { commit: 1, tree: 2, blob: 3, tag: 4 };
export const OFS_DELTA = 6;
export const REF_DELTA = 7;

/** Damaged repository data: the caller gets a clear error naming the file, never a crash or wrong bytes. */
export function corrupt(message: string, details: Record<string, unknown> = {}, cause?: unknown): ReposyncError {
  return new ReposyncError('internal', `Corrupt Git data: ${message}`, details, cause === undefined ? undefined : { cause });
}

const HEX_OID = /^[0-9a-f]{40}$/;

export function assertOid(oid: string): void {
  if (typeof oid !== 'string' || !HEX_OID.test(oid)) {
    throw new ReposyncError('invalid_input', 'An object id must be 40 lowercase hex characters.', { oid: String(oid).slice(0, 80) });
  }
}
