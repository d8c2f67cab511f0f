import nodeFs from 'node:fs';
import path from 'node:path';
import type { CommitSummary, FileChange } from '../../../shared/domain';
import { type RunOptions, runGitTask } from '../workers/pool';
import { type ParsedCommit, findGitDir, openObjectStore, parseCommit, resolveRef } from './fast';
import { cacheFor, fs, git, run } from './git';
import { sharedStore } from './shared-store';
import type { WorktreeFile } from './worktree';

export interface HeadInfo {
  branch: string | null;
  detached: boolean;
  head: CommitSummary | null;
}

/** Current branch and HEAD commit; an empty repository (unborn branch) has a branch but no commit. */
export async function readHead(dir: string): Promise<HeadInfo> {
  return run('read HEAD', async () => readHeadFast(dir) ?? readHeadIso(dir));
}

/**
 * readHead through the fast reader: isomorphic-git parses a pack's whole .idx into a map on its
 * first read, 50–90 ms of the calling (main) thread for a 50k-file repository, for one commit.
 * Null where the fast reader does not apply (a format it refuses): then isomorphic-git. It also
 * reads linked worktrees (a .git file), where isomorphic-git found no HEAD commit.
 */
function readHeadFast(dir: string): HeadInfo | null {
  let symbolic: string | null;
  let oid: string | null;
  let commit: ParsedCommit;
  try {
    const gitdir = findGitDir(dir);
    const text = nodeFs.readFileSync(path.join(gitdir, 'HEAD'), 'utf8').trim();
    symbolic = text.startsWith('ref: ') ? text.slice(5).trim() : null;
    oid = resolveRef(gitdir, 'HEAD');
    if (!oid) return symbolic?.startsWith('refs/heads/') ? { branch: symbolic.slice(11), detached: false, head: null } : null;
    // The main thread's shared store serves a plain repository (ahead/behind reads it next).
    const shared = gitdir === path.join(dir, '.git');
    const store = shared ? sharedStore(dir) : openObjectStore(gitdir);
    let obj: ReturnType<typeof store.read>;
    try {
      obj = store.read(oid);
    } finally {
      if (!shared) store.close();
    }
    if (obj?.type !== 'commit') return null;
    commit = parseCommit(obj.data);
  } catch {
    return null;
  }
  const branch = symbolic?.startsWith('refs/heads/') ? symbolic.slice(11) : null;
  if (symbolic && !branch) return null; // HEAD on a ref that is not a branch: as isomorphic-git names it
  return headInfo(branch, oid, commit.message, commit.author);
}

function headInfo(branch: string | null, oid: string, message: string, author: { name: string; email: string; timestamp: number }): HeadInfo {
  return {
    branch,
    detached: branch === null,
    head: {
      oid,
      subject: message.split('\n', 1)[0] ?? '',
      authorName: author.name,
      authorEmail: author.email,
      date: new Date(author.timestamp * 1000).toISOString(),
    },
  };
}

async function readHeadIso(dir: string): Promise<HeadInfo> {
  const branch = (await git.currentBranch({ fs, dir, fullname: false })) ?? null;
  let oid: string;
  try {
    oid = await git.resolveRef({ fs, dir, ref: 'HEAD' });
  } catch (err) {
    if ((err as { code?: string }).code === 'NotFoundError') return { branch, detached: false, head: null };
    throw err;
  }
  const { commit } = await git.readCommit({ fs, dir, oid, cache: cacheFor(dir) });
  return headInfo(branch, oid, commit.message, commit.author);
}

// statusMatrix rows are [path, HEAD, WORKDIR, STAGE]: 0 absent, 1 same as HEAD, 2 differs from HEAD,
// 3 (stage only) differs from both HEAD and the working file. See isomorphic-git's statusMatrix docs.
export function classify(row: [string, number, number, number]): FileChange | null {
  const [path, head, workdir, stage] = row;
  if (head === 1 && workdir === 1 && stage === 1) return null;
  if (head === 0) {
    if (stage === 0) return workdir === 2 ? { path, kind: 'untracked', staged: false } : null;
    // In the index but not in HEAD: added (even if since deleted from disk, it is still an add in progress).
    return { path, kind: workdir === 0 ? 'deleted' : 'added', staged: true };
  }
  if (workdir === 0) return { path, kind: 'deleted', staged: stage === 0 };
  if (stage === 0) {
    // Removed from the index but still on disk (`git rm --cached`): deleted as far as the next commit goes.
    return { path, kind: 'deleted', staged: true };
  }
  return { path, kind: 'modified', staged: stage !== 1 };
}

/**
 * Changed files under `prefix` (all files when empty), sorted by path: the stat-based status
 * (status-fast.ts) on the Git worker thread. Conflict stages in the index come back as `conflicted`.
 */
export async function readChanges(dir: string, prefix = '', options: Pick<RunOptions, 'signal'> = {}): Promise<FileChange[]> {
  const { changes } = await runGitTask('status', { dir, prefix }, { signal: options.signal, key: dir });
  return changes;
}

/**
 * Every working file git would see (tracked, conflicted, untracked and not ignored) with its blob
 * id, scanned on the Git worker thread: the snapshot of a backup. See status-scan.ts.
 */
export async function readWorkingFiles(dir: string, options: Pick<RunOptions, 'signal'> = {}): Promise<Map<string, WorktreeFile>> {
  return runGitTask('scan', { dir }, { signal: options.signal, key: dir });
}

/** The former status through isomorphic-git's statusMatrix: kept as the test oracle of `readChanges`. */
export async function readChangesIso(dir: string, prefix = ''): Promise<FileChange[]> {
  return run('read status', async () => {
    const filepaths = prefix ? [prefix.replace(/\/+$/, '')] : undefined;
    const matrix = await git.statusMatrix({ fs, dir, filepaths, cache: cacheFor(dir) });
    const out: FileChange[] = [];
    for (const row of matrix) {
      const change = classify(row as [string, number, number, number]);
      if (change) out.push(change);
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  });
}
