import { ReposyncError } from '../errors';
import { cacheFor, fs, git, run } from '../git/git';
import { assertBranchName, resolveRefOrNull } from '../git/refs';

const FULL_OID = /^[0-9a-f]{40}$/i;
const SHORT_OID = /^[0-9a-f]{4,39}$/i;

/**
 * The commit a user-typed ref names: a commit id (full or abbreviated), `HEAD`, a full ref, or a
 * short name looked up as git does (tags, then local branches, then `origin/…`). Annotated tags
 * are peeled to their commit. A name that is both a tag and a branch on different commits is
 * refused rather than guessed: promoting the wrong one would publish the wrong code.
 */
export async function resolveCommit(dir: string, ref: string): Promise<string> {
  const name = ref.trim();
  let oid: string | null = null;
  if (FULL_OID.test(name)) oid = name.toLowerCase();
  else {
    // Checked before any lookup: a name like `../config` must never become a path read under .git.
    if (name !== 'HEAD') assertBranchName(name, 'ref');
    oid = await resolveName(dir, name);
    if (!oid && SHORT_OID.test(name)) oid = await expandShort(dir, name);
  }
  if (!oid) {
    throw new ReposyncError('not_found', `No branch, tag or commit is called "${name.slice(0, 100)}" in this repository (fetch first if it is new on the remote).`, {
      field: 'ref',
      ref: name.slice(0, 255),
    });
  }
  return peelToCommit(dir, oid, name);
}

async function resolveName(dir: string, name: string): Promise<string | null> {
  if (name === 'HEAD' || name.startsWith('refs/')) return resolveRefOrNull(dir, name);
  const found: Array<[string, string]> = [];
  for (const full of [`refs/tags/${name}`, `refs/heads/${name}`, `refs/remotes/${name}`]) {
    const oid = await resolveRefOrNull(dir, full);
    if (oid) found.push([full, oid]);
  }
  if (found.length === 0) return null;
  const distinct = new Set(found.map(([, oid]) => oid));
  if (distinct.size > 1) {
    throw new ReposyncError('invalid_input', `"${name}" is ambiguous: ${found.map(([r]) => r).join(' and ')} point to different commits; give the full ref.`, {
      field: 'ref',
      candidates: found.map(([r]) => r),
    });
  }
  return found[0]![1];
}

async function expandShort(dir: string, short: string): Promise<string | null> {
  try {
    return await git.expandOid({ fs, dir, oid: short.toLowerCase(), cache: cacheFor(dir) });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'NotFoundError') return null;
    if (code === 'AmbiguousError') {
      throw new ReposyncError('invalid_input', `The commit id "${short}" is ambiguous; give more digits.`, { field: 'ref' });
    }
    throw err;
  }
}

async function peelToCommit(dir: string, start: string, name: string): Promise<string> {
  let oid = start;
  for (let depth = 0; depth < 10; depth++) {
    let obj: { type: string; object: unknown };
    try {
      obj = await git.readObject({ fs, dir, oid, cache: cacheFor(dir) });
    } catch (err) {
      if ((err as { code?: string }).code === 'NotFoundError') {
        throw new ReposyncError('not_found', `The commit ${oid} is not in this repository (fetch first).`, { field: 'ref', oid });
      }
      return run('read object', () => Promise.reject(err));
    }
    if (obj.type === 'commit') return oid;
    if (obj.type !== 'tag') break;
    oid = (obj.object as { object: string }).object;
  }
  throw new ReposyncError('invalid_input', `"${name.slice(0, 100)}" does not name a commit.`, { field: 'ref' });
}
