import fs from 'node:fs';
import path from 'node:path';
import type { FileDiff } from '../../../shared/contract/history';
import type { WorkingFile } from '../../../shared/contract/changes';
import { ReposyncError } from '../errors';
import { EolRules, cleanToGit } from '../git/eol';
import { findGitDir } from '../git/fast';
import { readIndexReusing } from '../git/index-file';
import { readBlobObject } from '../git/objects';
import { blobOrNull } from '../git/shared-store';
import { resolveRefOrNull } from '../git/refs';
import { hasSymlinkParent } from '../git/safe-path';
import { MODE_EXEC, MODE_FILE, MODE_GITLINK, MODE_LINK, readFileAt, type TreeFile } from '../git/trees';
import { HARD_MAX_DIFF_BYTES, MAX_DIFF_BYTES, MAX_FILE_AT_BYTES, isBinary } from '../history/detail';
import { diffLines } from '../history/line-diff';
import { toRepoPath } from '../history/safe-path';

export interface WorkingDiffOptions {
  full?: boolean;
  ignoreWhitespace?: boolean;
}

/** Where the workspace lives and which part of the repository it covers. */
export interface WorkspaceArea {
  path: string;
  pathPrefix: string;
}

/** What the file is on disk: bytes (maybe only the first ones, when huge), mode and full size. */
interface DiskSide {
  mode: number;
  size: number;
  /** The whole content, or just enough to sniff binary-ness when the file is over the hard cap. */
  bytes: Uint8Array;
  complete: boolean;
}

const SNIFF_BYTES = 8000;

/**
 * Check a caller's path: repository-relative, no `..` or `.git`, inside the workspace's prefix and
 * not reached through a symlinked folder (reading through one would leave the workspace).
 */
export function checkWorkingPath(area: WorkspaceArea, input: string): string {
  const rel = toRepoPath(input);
  const prefix = area.pathPrefix.replace(/^\/+|\/+$/g, '');
  if (prefix && rel !== prefix && !rel.startsWith(`${prefix}/`)) {
    throw new ReposyncError('unsafe_path', `${rel.slice(0, 300)} is outside the workspace's folder "${prefix}".`, { path: rel.slice(0, 300) });
  }
  if (hasSymlinkParent(area.path, rel)) {
    throw new ReposyncError('unsafe_path', `${rel.slice(0, 300)} is reached through a symbolic link, which may lead outside the workspace.`, { path: rel.slice(0, 300) });
  }
  return rel;
}

function readPrefix(file: string, max: number): Uint8Array {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(max);
    const n = fs.readSync(fd, buf, 0, max, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/** The file on disk as git would hash it (a symlink is its target text); null when absent. */
function readDisk(root: string, rel: string, cap: number): DiskSide | null {
  const full = path.join(root, rel);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(full);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw err;
  }
  if (st.isSymbolicLink()) {
    const target = Buffer.from(fs.readlinkSync(full), 'utf8');
    return { mode: MODE_LINK, size: target.length, bytes: target, complete: true };
  }
  if (st.isDirectory()) return null;
  if (!st.isFile()) throw new ReposyncError('unsupported', `${rel} is not a regular file.`, { path: rel });
  const mode = st.mode & 0o111 ? MODE_EXEC : MODE_FILE;
  if (st.size > cap) return { mode, size: st.size, bytes: readPrefix(full, SNIFF_BYTES), complete: false };
  return { mode, size: st.size, bytes: fs.readFileSync(full), complete: true };
}

async function readHeadSide(dir: string, rel: string): Promise<TreeFile | null> {
  const head = await resolveRefOrNull(dir, 'HEAD');
  return readFileAt(dir, head, rel);
}

const modeText = (mode: number): string => mode.toString(8).padStart(6, '0');

/**
 * The uncommitted change of one file: the last commit (HEAD) against the file on disk, which is
 * exactly what a push would commit. Hunks are git's (`git diff HEAD -- path`).
 */
export async function workingFileDiff(area: WorkspaceArea, input: string, options: WorkingDiffOptions = {}): Promise<FileDiff> {
  const rel = checkWorkingPath(area, input);
  const before = await readHeadSide(area.path, rel);
  if (before?.mode === MODE_GITLINK) throw new ReposyncError('unsupported', `${rel} is a submodule, which Reposync does not support.`, { path: rel });
  const disk = readDisk(area.path, rel, HARD_MAX_DIFF_BYTES);
  if (!before && !disk) {
    if (fs.existsSync(path.join(area.path, rel))) throw new ReposyncError('invalid_input', `${rel} is a folder; choose a file.`, { path: rel });
    throw new ReposyncError('not_found', `${rel} is neither in the last commit nor on disk.`, { path: rel });
  }
  const status: FileDiff['status'] = !before ? 'added' : !disk ? 'deleted' : 'modified';
  const out: FileDiff = { path: rel, status, binary: false, tooLarge: false, additions: 0, deletions: 0, hunks: [] };
  if (before) out.oldMode = modeText(before.mode);
  if (disk) out.newMode = modeText(disk.mode);

  const oldBytes = before ? await readBlobObject(area.path, before.oid) : new Uint8Array(0);
  // The disk side as git would store it (line endings converted, eol.ts): `git diff HEAD` compares
  // that, so a file checked out with CRLF shows no change.
  const newBytes = disk?.complete && disk.mode !== MODE_LINK ? cleanWorking(area.path, rel, disk.bytes) : (disk?.bytes ?? new Uint8Array(0));
  out.binary = isBinary(oldBytes) || isBinary(newBytes);
  if (out.binary) return out;
  const biggest = Math.max(oldBytes.length, disk?.size ?? 0);
  if (!disk?.complete && disk) return { ...out, tooLarge: true };
  if (biggest > HARD_MAX_DIFF_BYTES || (biggest > MAX_DIFF_BYTES && !options.full)) return { ...out, tooLarge: true };
  const d = diffLines(oldBytes, newBytes, { ignoreWhitespace: options.ignoreWhitespace });
  return { ...out, additions: d.additions, deletions: d.deletions, hunks: d.hunks };
}

function cleanWorking(dir: string, rel: string, bytes: Uint8Array): Uint8Array {
  const action = new EolRules(dir, findGitDir(dir)).action(rel);
  return cleanToGit(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), action, () =>
    blobOrNull(dir, readIndexReusing(dir).find((e) => e.path === rel && e.stage === 0)?.oid),
  );
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The file as it is on disk now, for previews; `exists: false` when it was deleted. */
export async function workingFileAt(area: WorkspaceArea, input: string): Promise<WorkingFile> {
  const rel = checkWorkingPath(area, input);
  const disk = readDisk(area.path, rel, MAX_FILE_AT_BYTES);
  if (!disk) {
    if (fs.existsSync(path.join(area.path, rel))) throw new ReposyncError('invalid_input', `${rel} is a folder; choose a file.`, { path: rel });
    return { path: rel, exists: false, binary: false, size: 0, tooLarge: false, text: null, base64: null };
  }
  const binary = isBinary(disk.bytes);
  const base = { path: rel, exists: true, binary, size: disk.size };
  if (!disk.complete) return { ...base, tooLarge: true, text: null, base64: null };
  let text: string | null = null;
  if (!binary) {
    try {
      text = strictUtf8.decode(disk.bytes);
    } catch {
      text = null;
    }
  }
  return { ...base, tooLarge: false, text, base64: text === null ? Buffer.from(disk.bytes).toString('base64') : null };
}
