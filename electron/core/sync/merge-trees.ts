import { ReposyncError } from '../errors';
import { assertSafeRepoPath } from '../git/safe-path';
import type { TreeItem } from '../git/object-write';
import { yieldIfBusy } from '../git/shared-store';
import { MODE_GITLINK, MODE_LINK, MODE_TREE, readBlob, readTreeItemsSync, sameFile, type TreeFile } from '../git/trees';
import { isBinary, mergeText } from './merge-text';

export type ConflictKind = 'both_modified' | 'deleted_by_us' | 'deleted_by_them' | 'added_by_both';

/** A path where theirs differs from both base and ours: the only paths a merge has to decide. */
export interface PathTriple {
  path: string;
  base?: TreeFile;
  ours?: TreeFile;
  theirs?: TreeFile;
}

export interface PlannedPath extends PathTriple {
  /** What the merged tree holds (null: absent). For a conflict: what the working file becomes. */
  result: TreeFile | null;
  /** Bytes not yet in the object database (a clean text merge, or conflict markers). */
  content?: Uint8Array;
  conflict?: { kind: ConflictKind; binary: boolean };
}

export interface MergePlan {
  paths: PlannedPath[];
  created: string[];
  updated: string[];
  deleted: string[];
  conflicting: string[];
}

export interface PathChoices {
  useOurs: string[];
  useTheirs: string[];
}


/**
 * Walk three trees together, descending only where theirs differs from both base and ours: a
 * folder whose tree id is the same on theirs and on one other side is skipped without being read.
 * Trees are read synchronously through the fast store and memoised by id (in a fast-forward base
 * and ours are the same tree), with a turn of the event loop every 10 ms of work.
 */
export async function collectTriples(dir: string, base: string | null, ours: string | null, theirs: string | null): Promise<PathTriple[]> {
  const out: PathTriple[] = [];
  const memo = new Map<string, Map<string, TreeItem>>();
  const none = new Map<string, TreeItem>();
  const items = (oid?: string | null): Map<string, TreeItem> => {
    if (!oid) return none;
    let m = memo.get(oid);
    if (!m) memo.set(oid, (m = new Map(readTreeItemsSync(dir, oid).map((i) => [i.name, i]))));
    return m;
  };
  const tree = (e?: TreeItem) => (e?.mode === MODE_TREE ? e.oid : undefined);
  const file = (e?: TreeItem) => (e && e.mode !== MODE_TREE ? { oid: e.oid, mode: e.mode } : undefined);
  const walk = async (b: string | undefined, o: string | undefined, t: string | undefined, prefix: string): Promise<void> => {
    await yieldIfBusy();
    const [bi, oi, ti] = [items(b), items(o), items(t)];
    const names = [...new Set([...bi.keys(), ...oi.keys(), ...ti.keys()])].sort();
    for (const name of names) {
      const [be, oe, te] = [bi.get(name), oi.get(name), ti.get(name)];
      if (sameFile(te, oe) || sameFile(te, be)) continue;
      const path = prefix ? `${prefix}/${name}` : name;
      if (tree(be) || tree(oe) || tree(te)) await walk(tree(be), tree(oe), tree(te), path);
      const triple = { path, base: file(be), ours: file(oe), theirs: file(te) };
      if ((triple.base || triple.ours || triple.theirs) && !sameFile(triple.theirs, triple.ours) && !sameFile(triple.theirs, triple.base)) out.push(triple);
    }
  };
  await walk(base ?? undefined, ours ?? undefined, theirs ?? undefined, '');
  return out;
}

function chosen(list: string[], path: string): boolean {
  return list.some((p) => path === p || path.startsWith(p.endsWith('/') ? p : `${p}/`));
}

function mergeMode(t: PathTriple): number | null {
  const { base, ours, theirs } = t;
  if (!ours || !theirs) return (ours ?? theirs)!.mode;
  if (ours.mode === theirs.mode) return ours.mode;
  if (base && ours.mode === base.mode) return theirs.mode;
  if (base && theirs.mode === base.mode) return ours.mode;
  return null;
}

async function decide(dir: string, t: PathTriple, choices: PathChoices): Promise<PlannedPath> {
  const { base, ours, theirs } = t;
  if (chosen(choices.useTheirs, t.path)) return { ...t, result: theirs ?? null };
  if (chosen(choices.useOurs, t.path) || sameFile(theirs, base)) return { ...t, result: ours ?? null };
  if (sameFile(ours, base)) return { ...t, result: theirs ?? null };
  const load = async (f?: TreeFile) => (f && f.mode !== MODE_GITLINK ? readBlob(dir, f.oid) : null);
  const [bb, ob, tb] = await Promise.all([load(base), load(ours), load(theirs)]);
  const special = [base, ours, theirs].some((f) => f && (f.mode === MODE_LINK || f.mode === MODE_GITLINK));
  const binary = isBinary(bb) || isBinary(ob) || isBinary(tb);
  const kind: ConflictKind = !base ? 'added_by_both' : !ours ? 'deleted_by_us' : !theirs ? 'deleted_by_them' : 'both_modified';
  if (kind === 'deleted_by_us') return { ...t, result: theirs!, conflict: { kind, binary } };
  if (kind === 'deleted_by_them') return { ...t, result: ours!, conflict: { kind, binary } };
  const mode = mergeMode(t);
  if (mode !== null && ours!.oid === theirs!.oid) return { ...t, result: { oid: ours!.oid, mode } };
  if (binary || special) return { ...t, result: ours!, conflict: { kind, binary } };
  const dec = new TextDecoder();
  const merged = mergeText(bb ? dec.decode(bb) : '', dec.decode(ob!), dec.decode(tb!));
  const content = new TextEncoder().encode(merged.text);
  const resultMode = mode ?? ours!.mode;
  if (merged.conflicts === 0 && mode !== null && kind === 'both_modified') return { ...t, result: { oid: '', mode: resultMode }, content };
  return { ...t, result: { oid: '', mode: resultMode }, content, conflict: { kind, binary: false } };
}

/**
 * Decide every path of a three-way merge without writing anything (a dry run uses this as is).
 * Per-path choices (`useOurs`/`useTheirs`, a path or a folder) win before a conflict is declared.
 */
export async function planMerge(dir: string, trees: { base: string | null; ours: string | null; theirs: string | null }, choices: PathChoices): Promise<MergePlan> {
  const triples = await collectTriples(dir, trees.base, trees.ours, trees.theirs);
  // A hostile tree (`..`, `.git`, `.GIT `…) is refused before anything is written, even in a dry run.
  for (const t of triples) assertSafeRepoPath(t.path);
  const paths: PlannedPath[] = [];
  for (const t of triples) {
    await yieldIfBusy(); // a merge decides hundreds of paths, some by reading and merging blobs
    paths.push(await decide(dir, t, choices));
  }
  const plan: MergePlan = { paths: [], created: [], updated: [], deleted: [], conflicting: [] };
  for (const p of paths) {
    if (p.conflict) plan.conflicting.push(p.path);
    else if (!p.result && p.ours) plan.deleted.push(p.path);
    else if (p.result && !p.ours) plan.created.push(p.path);
    else if (p.result && p.ours && (p.content || !sameFile(p.result, p.ours))) plan.updated.push(p.path);
    else continue; // ours kept as is
    plan.paths.push(p);
  }
  assertNoFileFolderClash(plan, triples);
  return plan;
}

// A file replaced by a folder on one side and edited on the other cannot be put in one tree.
function assertNoFileFolderClash(plan: MergePlan, triples: PathTriple[]): void {
  const kept = new Set(plan.paths.filter((p) => p.result).map((p) => p.path));
  const planned = new Set(plan.paths.map((p) => p.path)); // a Set: hundreds of paths × triples was quadratic
  for (const t of triples) if (t.ours && !planned.has(t.path)) kept.add(t.path);
  for (const p of kept) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      if (kept.has(parent)) {
        throw new ReposyncError('unsupported', `"${parent}" is a file on one side and a folder on the other; merge it with git by hand.`, { path: parent });
      }
    }
  }
}
