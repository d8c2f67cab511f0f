import { ReposyncError } from '../errors';
import { cacheFor, fs, git, run } from './git';

/** A parsed commit as the history code needs it; times are seconds, offsets in git's sign (+120 = UTC+2). */
export interface RawCommit {
  oid: string;
  tree: string;
  parents: string[];
  message: string;
  author: RawSignature;
  committer: RawSignature;
}

export interface RawSignature {
  name: string;
  email: string;
  timestamp: number;
  /** Minutes east of UTC, as git prints it (isomorphic-git stores the opposite sign). */
  offsetMinutes: number;
}

export interface RawTreeEntry {
  name: string;
  mode: string;
  oid: string;
  type: 'blob' | 'tree' | 'commit';
}

const FULL_OID = /^[0-9a-f]{40}$/;

function isWrongType(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === 'ObjectTypeError';
}

/**
 * Read-only object access for the history code (owned by history). Everything goes through
 * isomorphic-git with the repo's shared cache; a later fast path (pack index + native zlib,
 * design §7) can replace these functions without changing their callers.
 */
export async function readCommitObject(dir: string, oid: string): Promise<RawCommit> {
  return run('read commit', async () => {
    try {
      const { oid: id, commit } = await git.readCommit({ fs, dir, oid, cache: cacheFor(dir) });
      return {
        oid: id,
        tree: commit.tree,
        parents: commit.parent,
        message: commit.message,
        author: signature(commit.author),
        committer: signature(commit.committer),
      };
    } catch (err) {
      if (isWrongType(err)) throw new ReposyncError('not_found', `${oid} is not a commit.`, { oid });
      throw err;
    }
  });
}

function signature(s: { name: string; email: string; timestamp: number; timezoneOffset: number }): RawSignature {
  return { name: s.name, email: s.email, timestamp: s.timestamp, offsetMinutes: s.timezoneOffset === 0 ? 0 : -s.timezoneOffset };
}

export async function readTreeObject(dir: string, oid: string): Promise<RawTreeEntry[]> {
  return run('read tree', async () => {
    try {
      const { tree } = await git.readTree({ fs, dir, oid, cache: cacheFor(dir) });
      return tree.map((e) => ({ name: e.path, mode: e.mode, oid: e.oid, type: e.type }));
    } catch (err) {
      if (isWrongType(err)) throw new ReposyncError('not_found', `${oid} is not a tree.`, { oid });
      throw err;
    }
  });
}

export async function readBlobObject(dir: string, oid: string): Promise<Uint8Array> {
  return run('read blob', async () => {
    try {
      const { blob } = await git.readBlob({ fs, dir, oid, cache: cacheFor(dir) });
      return blob;
    } catch (err) {
      if (isWrongType(err)) throw new ReposyncError('not_found', `${oid} is not a file.`, { oid });
      throw err;
    }
  });
}

/**
 * A ref name, a full oid or an abbreviated oid (4+ hex digits) → the commit oid it names, with
 * annotated tags peeled. `null` when HEAD is unborn (an empty repository).
 */
export async function resolveCommitish(dir: string, ref: string): Promise<string | null> {
  return run('resolve ref', async () => {
    let oid: string | null = null;
    if (FULL_OID.test(ref)) oid = ref;
    else {
      try {
        oid = await git.resolveRef({ fs, dir, ref });
      } catch (err) {
        if ((err as { code?: string }).code !== 'NotFoundError') throw err;
        if (ref === 'HEAD') return null;
        if (/^[0-9a-f]{4,39}$/.test(ref)) oid = await expandAbbrev(dir, ref);
      }
    }
    if (!oid) throw new ReposyncError('not_found', `No branch, tag or commit named ${ref}.`, { ref });
    // readCommit peels annotated tags and fails on anything that is not a commit.
    return (await readCommitObject(dir, oid)).oid;
  });
}

/** A full or abbreviated commit id → the full id of that commit (tags peeled); `not_found` otherwise. */
export async function expandCommitOid(dir: string, oid: string): Promise<string> {
  return run('find commit', async () => {
    const lower = oid.toLowerCase();
    const full = FULL_OID.test(lower) ? lower : await expandAbbrev(dir, lower);
    if (!full) throw new ReposyncError('not_found', `No commit ${oid} in this repository.`, { oid });
    return (await readCommitObject(dir, full)).oid;
  });
}

async function expandAbbrev(dir: string, short: string): Promise<string | null> {
  try {
    return await git.expandOid({ fs, dir, oid: short, cache: cacheFor(dir) });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'NotFoundError') return null;
    if (code === 'AmbiguousError') throw new ReposyncError('invalid_input', `${short} matches more than one object.`, { oid: short });
    throw err;
  }
}
