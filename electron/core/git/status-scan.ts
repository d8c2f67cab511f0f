import fs from 'node:fs';
import path from 'node:path';
import { type RepoScan, scanRepo } from './status-fast';
import { fieldsOfStats } from './status-fs';
import { blobOid, statKey, workOidOf } from './status-walk';
import { MODE_EXEC, MODE_FILE, MODE_GITLINK, MODE_LINK } from './modes';
import type { WorktreeFile } from './worktree';

/**
 * Every file of the working tree git would see, with its blob id: tracked files (stat-checked
 * against the index, hashed only when changed), files with conflict stages, and untracked files
 * that are not ignored. Submodules are left out. The fast replacement of worktree.ts's
 * `scanWorktree` (same result; the index is never written).
 *
 * The ids are those of the bytes on disk, never converted: a backup made from them restores
 * exactly what was there. Where line-ending rules apply to a tracked file, the status walk's id is
 * that of the converted content (what git compares), so such files are hashed again here as they
 * are, those ids remembered per workspace by stat data as the walk's are (`scan.rawHashes`).
 */
export function scanWorkingFiles(dir: string, scan: RepoScan = scanRepo(dir)): Map<string, WorktreeFile> {
  const { index, walked, eol } = scan;
  const files = new Map<string, WorktreeFile>();
  const converts = eol.active;
  const recent = Date.now() - 2000;
  const rawOid = (rel: string): string | null => {
    const full = path.join(dir, rel);
    const st = fs.lstatSync(full, { throwIfNoEntry: false });
    if (!st?.isFile()) return null; // gone (or replaced) since the walk
    const key = statKey(fieldsOfStats(st));
    const hit = scan.rawHashes.get(rel);
    if (hit && hit.key === key) return hit.oid;
    const content = readOrNull(full);
    if (!content) return null;
    const oid = blobOid(content);
    // A file modified within the last moments may change again within the same timestamp tick.
    if (st.mtimeMs < recent) scan.rawHashes.set(rel, { key, oid, conv: '' });
    return oid;
  };
  for (let i = 0; i < index.paths.length; i++) {
    const mode = walked.workMode[i]!;
    if (mode === 0 || mode === MODE_GITLINK) continue;
    const rel = index.paths[i]!;
    if (converts && mode !== MODE_LINK && eol.action(rel) !== 'binary') {
      const oid = rawOid(rel);
      if (oid) files.set(rel, { oid, mode, tracked: true });
      continue;
    }
    files.set(rel, { oid: workOidOf(walked, index, i), mode, tracked: true });
  }
  const hashOne = (rel: string, tracked: boolean): void => {
    const full = path.join(dir, rel);
    const st = fs.lstatSync(full, { throwIfNoEntry: false });
    if (!st) return; // gone since the walk
    const link = st.isSymbolicLink();
    if (!link && !st.isFile()) return;
    const content = link ? Buffer.from(fs.readlinkSync(full, { encoding: 'buffer' })) : fs.readFileSync(full);
    files.set(rel, { oid: blobOid(content), mode: link ? MODE_LINK : st.mode & 0o111 ? MODE_EXEC : MODE_FILE, tracked });
  };
  for (const rel of walked.conflictedPresent) hashOne(rel, true);
  for (const rel of walked.untracked) hashOne(rel, false);
  return files;
}

function readOrNull(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch {
    return null; // gone since the walk
  }
}
