import fs from 'node:fs';
import path from 'node:path';
import { ReposyncError } from '../../errors';
import { commonDir } from './git-dir';
import type { ObjectStore } from './object-store';
import { corrupt } from './types';

export interface RefValue {
  /** Full name of the ref finally read, after following symrefs (e.g. "refs/heads/main"). */
  name: string;
  oid: string;
  /** For an annotated tag in packed-refs: the object it peels to (the `^<oid>` line). */
  peeled?: string;
  /** The symrefs followed on the way, e.g. ["HEAD"]. */
  symrefs: string[];
}

const OID = /^[0-9a-f]{40}$/;
// git's dwim_ref rules (refs.c ref_rev_parse_rules), in git's order.
const DWIM = ['%s', 'refs/%s', 'refs/tags/%s', 'refs/heads/%s', 'refs/remotes/%s', 'refs/remotes/%s/HEAD'];

/** The subset of git check-ref-format that keeps a ref name inside the git directory. */
export function assertRefName(ref: string): void {
  const bad =
    typeof ref !== 'string' || ref === '' || ref.length > 1024 || ref.startsWith('/') || ref.endsWith('/') ||
    ref.endsWith('.') || ref.includes('..') || ref.includes('//') || ref.includes('@{') ||
    /[\x00-\x20\x7f~^:?*[\\]/.test(ref) || ref.split('/').some((c) => c.startsWith('.') || c.endsWith('.lock'));
  if (bad) throw new ReposyncError('invalid_input', 'That is not a valid Git ref name.', { ref: String(ref).slice(0, 200) });
}

// HEAD-like pseudo refs and a few namespaces live per worktree; everything else in the common dir.
function refFile(gitdir: string, name: string): string {
  const perWorktree = !name.startsWith('refs/') || /^refs\/(worktree|bisect|rewritten)\//.test(name);
  return path.join(perWorktree ? gitdir : commonDir(gitdir), name);
}

interface Packed {
  oid: string;
  peeled?: string;
}

/** Every ref in packed-refs, with peeled values for annotated tags. */
export function readPackedRefs(gitdir: string): Map<string, Packed> {
  const out = new Map<string, Packed>();
  let text: string;
  try {
    text = fs.readFileSync(path.join(commonDir(gitdir), 'packed-refs'), 'utf8');
  } catch {
    return out;
  }
  let last: Packed | undefined;
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('^')) {
      const peeled = line.slice(1).trim();
      if (last && OID.test(peeled)) last.peeled = peeled;
      continue;
    }
    const oid = line.slice(0, 40);
    const name = line.slice(41).trim();
    if (!OID.test(oid) || line[40] !== ' ' || !name) throw corrupt('packed-refs has a bad line', { gitdir });
    last = { oid };
    out.set(name, last);
  }
  return out;
}

function readOne(gitdir: string, name: string, packed: () => Map<string, Packed>): { oid?: string; symref?: string; peeled?: string } | null {
  let text: string | undefined;
  try {
    text = fs.readFileSync(refFile(gitdir, name), 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR') throw err;
  }
  if (text !== undefined) {
    const value = text.trim();
    if (value.startsWith('ref:')) return { symref: value.slice(4).trim() };
    if (OID.test(value.slice(0, 40))) return { oid: value.slice(0, 40) };
    throw corrupt(`ref ${name} has bad content`, { ref: name });
  }
  const hit = packed().get(name);
  return hit ? { ...hit } : null;
}

/**
 * Reads a ref the way `git rev-parse` finds one: "HEAD", "main", "v1.0", "origin/main",
 * "refs/heads/x" (loose files first, then packed-refs), following symrefs. A 40-hex oid is
 * returned as is. Null when nothing matches (including an unborn HEAD).
 */
export function readRef(gitdir: string, ref: string): RefValue | null {
  if (OID.test(ref)) return { name: ref, oid: ref, symrefs: [] };
  assertRefName(ref);
  let packedCache: Map<string, Packed> | undefined;
  const packed = (): Map<string, Packed> => (packedCache ??= readPackedRefs(gitdir));
  for (const rule of DWIM) {
    let name = rule.replace('%s', ref);
    const symrefs: string[] = [];
    for (let depth = 0; depth < 6; depth++) {
      const found = readOne(gitdir, name, packed);
      if (!found) break;
      if (found.symref !== undefined) {
        assertRefName(found.symref);
        symrefs.push(name);
        name = found.symref;
        continue;
      }
      const value: RefValue = { name, oid: found.oid!, symrefs };
      if (found.peeled) value.peeled = found.peeled;
      return value;
    }
    // A symref whose target does not exist (unborn branch) stops the search, as in git.
    if (symrefs.length > 0) return null;
  }
  return null;
}

export function resolveRef(gitdir: string, ref: string): string | null {
  return readRef(gitdir, ref)?.oid ?? null;
}

/** All refs under `prefix` (e.g. "refs/heads/"), loose ones winning over packed ones, sorted by name. */
export function listRefs(gitdir: string, prefix = 'refs/'): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of readPackedRefs(gitdir)) if (name.startsWith(prefix)) out.set(name, value.oid);
  const base = commonDir(gitdir);
  const walk = (rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(base, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const name = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(name);
      else if (e.isFile() && name.startsWith(prefix) && !name.endsWith('.lock')) {
        const text = fs.readFileSync(path.join(base, name), 'utf8').trim();
        if (OID.test(text.slice(0, 40))) out.set(name, text.slice(0, 40));
      }
    }
  };
  walk('refs');
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Follows annotated tags to the object they name (as `<oid>^{}`); null if an object is missing. */
export function peel(store: ObjectStore, oid: string): { oid: string; type: string } | null {
  for (let depth = 0; depth < 20; depth++) {
    const obj = store.read(oid);
    if (!obj) return null;
    if (obj.type !== 'tag') return { oid, type: obj.type };
    const m = /^object ([0-9a-f]{40})\n/.exec(obj.data.toString('latin1', 0, 48));
    if (!m) throw corrupt(`tag ${oid} has no object line`);
    oid = m[1]!;
  }
  throw corrupt('tag chain is too long');
}
