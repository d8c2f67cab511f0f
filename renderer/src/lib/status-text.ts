import type { ChangeKind, WorkspaceStatus } from '../../../shared/domain';

export type Tone = 'ok' | 'info' | 'warn' | 'danger' | 'neutral';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The one-glance summary of a workspace: text first, the tone only adds colour to it. */
export function statusBadge(status: WorkspaceStatus): { label: string; tone: Tone } {
  switch (status.state) {
    case 'in_sync':
      return { label: 'In sync', tone: 'ok' };
    case 'changes':
      return { label: plural(status.files.length, 'change', 'changes'), tone: 'info' };
    case 'local_ahead':
      return { label: plural(status.ahead, 'commit to push', 'commits to push'), tone: 'info' };
    case 'remote_ahead':
      return { label: plural(status.behind, 'commit to pull', 'commits to pull'), tone: 'info' };
    case 'diverged':
      return { label: `Diverged (${status.ahead} ahead, ${status.behind} behind)`, tone: 'warn' };
    case 'conflicted':
      return { label: plural(status.conflicts.length || status.files.length, 'conflict', 'conflicts'), tone: 'danger' };
    case 'no_remote':
      return { label: 'No remote', tone: 'neutral' };
  }
}

export const CHANGE_LABELS: Record<ChangeKind, string> = {
  added: 'Added',
  modified: 'Modified',
  deleted: 'Deleted',
  untracked: 'Untracked',
  conflicted: 'Conflicted',
};

