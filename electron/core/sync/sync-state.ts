import type { SyncState, Workspace } from '../../../shared/domain';
import { readTracking } from '../git/ahead-behind';

export interface SyncFacts {
  hasRemote: boolean;
  conflicted: boolean;
  changedFiles: number;
  ahead: number;
  behind: number;
}

/** One word for the workspace badge; the most pressing fact wins (conflicts, then local edits, then commits). */
export function deriveSyncState(f: SyncFacts): SyncState {
  if (f.conflicted) return 'conflicted';
  if (!f.hasRemote) return f.changedFiles > 0 ? 'changes' : 'no_remote';
  if (f.changedFiles > 0) return 'changes';
  if (f.ahead > 0 && f.behind > 0) return 'diverged';
  if (f.ahead > 0) return 'local_ahead';
  if (f.behind > 0) return 'remote_ahead';
  return 'in_sync';
}

/** Commits between HEAD and the remote-tracking ref of the workspace's branch (0/0 without a remote or branch). */
export async function readAheadBehind(ws: Workspace, checkedOut: string | null): Promise<{ ahead: number; behind: number }> {
  const branch = ws.branch ?? checkedOut;
  if (!ws.remoteUrl || !branch) return { ahead: 0, behind: 0 };
  const { ahead, behind } = await readTracking(ws.path, branch);
  return { ahead, behind };
}
