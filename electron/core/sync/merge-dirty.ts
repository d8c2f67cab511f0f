import path from 'node:path';
import fs from 'node:fs';
import { idleTimer } from '../idle-timer';
import { EolRules, cleanToGit } from '../git/eol';
import { findGitDir, parseCommitLinks, resolveRef } from '../git/fast';
import { readIndexBytes, readIndexReusing, type IndexEntry } from '../git/index-file';
import { type DeflatedObject, deflateObject, hashObject, writeDeflated } from '../git/object-write';
import { blobOrNull, sharedStore } from '../git/shared-store';
import { symlinkParentCheck } from '../git/safe-path';
import { narrowSnapshot } from '../git/snapshot-tree';
import { knownWorkOid } from '../git/status-fast';
import { MODE_EXEC, MODE_LINK } from '../git/modes';
import type { TreeFile } from '../git/trees';
import type { MergePlan, PlannedPath } from './merge-trees';

/**
 * A working file's blob id and mode twice: `clean`, its content as git would store it (line
 * endings converted, eol.ts), which is what is compared with the merge's sides; `raw`, its bytes
 * as they are, which is what a backup must keep. They differ only for text with CRLF on disk.
 */
function worktreeFiles(dir: string, rel: string, st: fs.Stats, eol: EolRules, staged: IndexEntry | undefined): { clean: TreeFile; raw: TreeFile } {
  const full = path.join(dir, rel);
  const known = knownWorkOid(dir, rel, st);
  if (st.isSymbolicLink()) {
    const link = { oid: known ?? hashObject('blob', Buffer.from(fs.readlinkSync(full), 'utf8')), mode: MODE_LINK };
    return { clean: link, raw: link };
  }
  const mode = st.mode & 0o100 ? MODE_EXEC : 0o100644;
  const action = eol.action(rel);
  if (action === 'binary') {
    const file = { oid: known ?? hashObject('blob', fs.readFileSync(full)), mode };
    return { clean: file, raw: file };
  }
  const bytes = fs.readFileSync(full);
  const raw = { oid: hashObject('blob', bytes), mode };
  const cleaned = cleanToGit(bytes, action, () => blobOrNull(dir, staged?.oid));
  return { raw, clean: cleaned === bytes ? raw : { oid: hashObject('blob', cleaned), mode } };
}

/** True when the symlink among `rel`'s parents is a tracked link that the plan deletes. */
function underRemovedLink(dir: string, rel: string, plan: MergePlan): boolean {
  const parts = rel.split('/');
  for (let i = 1; i < parts.length; i++) {
    const parent = parts.slice(0, i).join('/');
    const st = fs.lstatSync(path.join(dir, parent), { throwIfNoEntry: false });
    if (!st?.isSymbolicLink()) continue;
    const change = plan.paths.find((q) => q.path === parent);
    return !!change && change.ours?.mode === MODE_LINK && !change.result;
  }
  return false;
}

/** What the merge leaves at a path: a file, absent (null), or undefined when that is not settled (a conflict). */
function incomingFile(p: PlannedPath): TreeFile | null | undefined {
  if (p.conflict) return undefined;
  if (!p.result) return null;
  return { oid: p.content ? hashObject('blob', p.content) : p.result.oid, mode: p.result.mode };
}

function sameFile(a: { oid: string; mode: number } | null, b: TreeFile | null | undefined): boolean {
  return !!a && !!b && a.oid === b.oid && a.mode === b.mode;
}

/**
 * Paths the merge would create, update or delete (or mark conflicted) that hold uncommitted work:
 * staged or unstaged edits, a local deletion, an untracked file or folder in the way (unless it
 * already holds exactly the incoming content), or a file where a folder must go. A tracked path
 * whose working file (and index) already hold exactly the merge result (the same edit, or the same
 * deletion) is not blocked. Like git, paths
 * the merge does not touch may stay dirty.
 *
 * `disk`, when given, receives what each path examined holds in the working tree now (a file's
 * blob id and mode, or null: missing, an empty folder, behind a symlinked parent). When nothing is
 * blocked that is every plan path: a pull's narrow backup is made from it without reading again.
 */
export function findBlockedPaths(dir: string, plan: MergePlan, disk?: Map<string, TreeFile | null>): string[] {
  const index = new Map<string, IndexEntry[]>();
  for (const e of readIndexReusing(dir)) index.set(e.path, [...(index.get(e.path) ?? []), e]);
  const blocked = new Set<string>();
  const touched = new Set(plan.paths.map((p) => p.path));
  const linkedParent = symlinkParentCheck(dir);
  const eol = new EolRules(dir, findGitDir(dir));
  for (const p of plan.paths) {
    const entries = index.get(p.path) ?? [];
    const staged = entries.find((e) => e.stage === 0);
    const head = p.ours;
    const wanted = incomingFile(p);
    const indexAtHead = staged ? !!head && staged.oid === head.oid && staged.mode === head.mode : !head;
    // A staged deletion of a file the merge deletes too already is the merge result.
    const indexAtResult = sameFile(staged ?? null, wanted) || (!staged && wanted === null);
    if (entries.some((e) => e.stage > 0) || !(indexAtHead || indexAtResult)) {
      blocked.add(p.path);
      continue;
    }
    disk?.set(p.path, null);
    if (linkedParent(p.path)) {
      // A tracked symlink the merge deletes (a link becoming a folder) is removed before anything
      // is written under that name; any other symlink in the way blocks the path.
      if (!underRemovedLink(dir, p.path, plan)) blocked.add(p.path);
      continue;
    }
    const full = path.join(dir, p.path);
    const st = fs.lstatSync(full, { throwIfNoEntry: false });
    if (!st) {
      // Deleted locally: fine when the merge deletes it too, else the local deletion would be lost.
      if (head && wanted !== null) blocked.add(p.path);
      continue;
    }
    if (st.isDirectory()) {
      if (fs.readdirSync(full).length > 0) blocked.add(p.path);
      continue;
    }
    const { clean: now, raw } = worktreeFiles(dir, p.path, st, eol, staged);
    disk?.set(p.path, raw);
    if (head) {
      const diskAtHead = indexAtHead && now.oid === head.oid && (head.mode === MODE_LINK || now.mode === head.mode);
      // A local edit that already is the merge result (the change came back through a merged
      // pull request) is not overwritten by anything different: the file simply becomes clean.
      if (!diskAtHead && !sameFile(now, wanted)) blocked.add(p.path);
      continue;
    }
    // Untracked where the merge writes: harmless only if it is already the incoming content.
    const incoming = p.content ? hashObject('blob', p.content) : p.result?.oid;
    if (p.conflict || now.oid !== incoming) blocked.add(p.path);
  }
  // A new file needs its folders: a file in the way that the merge does not remove blocks it.
  for (const p of plan.paths) {
    if (p.ours || !p.result) continue;
    const parts = p.path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      const st = fs.lstatSync(path.join(dir, parent), { throwIfNoEntry: false });
      if (!st) break;
      if (!st.isDirectory() && !(touched.has(parent) && !plan.paths.find((q) => q.path === parent)?.result)) {
        blocked.add(parent);
        break;
      }
    }
  }
  return [...blocked].sort();
}

/** The index as a blob, deflated by primeGuard; the backup copies the index into one. */
const PRIMED_MS = 10_000;
let primedIndex: { dir: string; bytes: Buffer; blob: DeflatedObject } | null = null;
// A pull refused or cancelled before its guard never takes it: an idle thread keeps nothing.
const dropPrimed = idleTimer(PRIMED_MS, () => (primedIndex = null));

/**
 * The Git worker's `primeGuard` task, run while the main thread plans a pull's merge (the worker
 * is idle then): what the guard does first, done ahead. The index is parsed into the reuse slot
 * (readIndexReusing: usually done already, during the fetch), and deflated as the backup's copy of
 * it; HEAD's commit and root tree are read, which narrowSnapshot starts from.
 */
export function primeGuard(dir: string): void {
  readIndexReusing(dir);
  const bytes = readIndexBytes(dir);
  primedIndex = bytes ? { dir, bytes, blob: deflateObject('blob', bytes) } : null;
  dropPrimed.touch();
  const head = resolveRef(findGitDir(dir), 'HEAD');
  const commit = head ? sharedStore(dir).read(head) : null;
  if (commit?.type === 'commit') sharedStore(dir).read(parseCommitLinks(commit.data).tree);
}

/**
 * The backup's copy of the index (backup.ts writes it as a blob on the main thread, where it is
 * then found written): deflated by primeGuard when the index has not changed since.
 */
function storeIndexBlob(dir: string): void {
  const primed = primedIndex;
  primedIndex = null;
  const bytes = readIndexBytes(dir);
  if (bytes) writeDeflated(dir, primed && primed.dir === dir && primed.bytes.equals(bytes) ? primed.blob : deflateObject('blob', bytes));
}

/**
 * The Git worker's `pullGuard` task: findBlockedPaths, then, when nothing is blocked, the narrow
 * snapshot of the plan's paths for the pull's backup (snapshot-tree.ts), made from what the check
 * just read, in the same step: no second pass over the files, no round trip between the two; and
 * the backup's copy of the index stored as a blob.
 * `head` is the commit the plan's "ours" side is (HEAD).
 */
export function guardPull(dir: string, plan: MergePlan, head: string | null): { blocked: string[]; tree: string | null } {
  const disk = new Map<string, TreeFile | null>();
  const blocked = findBlockedPaths(dir, plan, disk);
  if (blocked.length > 0) return { blocked, tree: null };
  storeIndexBlob(dir);
  return { blocked, tree: narrowSnapshot(dir, head, disk, new Map(plan.paths.map((p) => [p.path, p.ours ?? null]))) };
}

