import type { CommitInfo, FileAt, FileDiff } from '../../../shared/contract/history';
import { ReposyncError } from '../errors';
import { readBlobObject } from '../git/objects';
import { diffLines } from './line-diff';
import type { ObjectCache } from './object-cache';
import { pairRenames, type PairedChange } from './renames';
import { diffTrees } from './tree-diff';

/** Files bigger than this get `tooLarge` and no hunks unless asked with `full`. */
export const MAX_DIFF_BYTES = 1024 * 1024;
/** Even with `full`, a line diff of bigger files is refused (memory and time). */
export const HARD_MAX_DIFF_BYTES = 32 * 1024 * 1024;
/** `history.fileAt` returns content up to this size. */
export const MAX_FILE_AT_BYTES = 10 * 1024 * 1024;
/** A commit's detail lists at most this many files... */
export const MAX_DETAIL_FILES = 3000;
/** ...and hunks until this many diff lines; the rest come one by one through `history.fileDiff`. */
export const DETAIL_LINE_BUDGET = 50_000;

const SNIFF_BYTES = 8000;
const GITLINK = '160000';

/** git's buffer_is_binary: a NUL byte in the first 8000 bytes. */
export function isBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SNIFF_BYTES);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

async function content(dir: string, oid: string | null, mode: string | null): Promise<Uint8Array> {
  if (!oid) return new Uint8Array(0);
  // A submodule is a commit id, shown by git as one line of text.
  if (mode === GITLINK) return Buffer.from(`Subproject commit ${oid}\n`);
  return readBlobObject(dir, oid);
}

async function changesOf(objects: ObjectCache, oid: string, max = Infinity): Promise<{ changes: PairedChange[]; truncated: boolean; tree: string }> {
  const raw = await objects.commit(oid);
  const parentTree = raw.parents[0] ? (await objects.commit(raw.parents[0])).tree : null;
  const { changes, truncated } = await diffTrees(objects, parentTree, raw.tree, max);
  const paired = await pairRenames(changes, { read: (blob) => readBlobObject(objects.dir, blob), maxBytes: MAX_DIFF_BYTES });
  return { changes: paired, truncated, tree: raw.tree };
}

interface DiffOptions {
  full?: boolean;
  ignoreWhitespace?: boolean;
  /** Leave hunks out (the commit's diff budget is spent). */
  skipHunks?: boolean;
}

async function fileDiffOf(dir: string, c: PairedChange, options: DiffOptions): Promise<FileDiff> {
  const status: FileDiff['status'] = c.oldPath ? 'renamed' : !c.oldOid ? 'added' : !c.newOid ? 'deleted' : 'modified';
  const out: FileDiff = { path: c.path, status, binary: false, tooLarge: false, additions: 0, deletions: 0, hunks: [] };
  if (c.oldPath) out.oldPath = c.oldPath;
  if (c.oldMode) out.oldMode = c.oldMode;
  if (c.newMode) out.newMode = c.newMode;
  if (options.skipHunks) return { ...out, tooLarge: true };
  const [before, after] = await Promise.all([content(dir, c.oldOid, c.oldMode), content(dir, c.newOid, c.newMode)]);
  out.binary = isBinary(before) || isBinary(after);
  if (out.binary) return out;
  const biggest = Math.max(before.length, after.length);
  if (biggest > HARD_MAX_DIFF_BYTES || (biggest > MAX_DIFF_BYTES && !options.full)) return { ...out, tooLarge: true };
  const d = diffLines(before, after, { ignoreWhitespace: options.ignoreWhitespace });
  return { ...out, additions: d.additions, deletions: d.deletions, hunks: d.hunks };
}

export async function commitDetail(
  objects: ObjectCache,
  info: CommitInfo,
): Promise<{ commit: CommitInfo; files: FileDiff[]; truncated: boolean }> {
  const { changes, truncated } = await changesOf(objects, info.oid, MAX_DETAIL_FILES);
  const files: FileDiff[] = [];
  let budget = DETAIL_LINE_BUDGET;
  let skipped = truncated;
  for (const c of changes) {
    const diff = await fileDiffOf(objects.dir, c, { skipHunks: budget <= 0 });
    if (budget <= 0) skipped = true;
    for (const h of diff.hunks) budget -= h.lines.length;
    files.push(diff);
  }
  return { commit: info, files, truncated: skipped };
}

export async function fileDiff(objects: ObjectCache, oid: string, path: string, options: DiffOptions): Promise<FileDiff> {
  const { changes } = await changesOf(objects, oid);
  const change = changes.find((c) => c.path === path) ?? changes.find((c) => c.oldPath === path);
  if (!change) throw new ReposyncError('not_found', `${path} was not changed by commit ${oid.slice(0, 12)}.`, { path, oid });
  return fileDiffOf(objects.dir, change, options);
}

export async function fileAt(objects: ObjectCache, oid: string, path: string): Promise<FileAt> {
  const raw = await objects.commit(oid);
  const entry = await objects.entryAt(raw.tree, path);
  if (!entry) throw new ReposyncError('not_found', `${path} does not exist in commit ${raw.oid.slice(0, 12)}.`, { path, oid: raw.oid });
  if (entry.type === 'tree') throw new ReposyncError('invalid_input', `${path} is a folder, not a file.`, { path });
  if (entry.type === 'commit') throw new ReposyncError('unsupported', `${path} is a submodule, which Reposync does not support.`, { path });
  const bytes = await readBlobObject(objects.dir, entry.oid);
  const binary = isBinary(bytes);
  const base = { path, oid: raw.oid, blobOid: entry.oid, binary, size: bytes.length };
  if (bytes.length > MAX_FILE_AT_BYTES) return { ...base, tooLarge: true, text: null, base64: null };
  const text = binary ? null : decodeUtf8(bytes);
  return { ...base, tooLarge: false, text, base64: text === null ? Buffer.from(bytes).toString('base64') : null };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}
