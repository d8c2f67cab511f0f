import type { Operation } from '../../../../shared/domain';
import type { Tone } from '../../lib/status-text';
import type { StatusEntry } from '../../store/workspaces-slice';
import { operationFraction } from '../../store/operations-slice';

export interface WorkspaceBadge {
  label: string;
  tone: Tone;
  /** A longer sentence for the tooltip and screen readers. */
  detail: string;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const VERBS: Partial<Record<Operation['kind'], string>> = {
  clone: 'Cloning',
  fetch: 'Fetching',
  pull: 'Pulling',
  push: 'Pushing',
  bulk_pull: 'Pulling',
  promote: 'Promoting',
  undo: 'Undoing',
  merge: 'Merging',
};

/**
 * One glance at a workspace: running work first (busy), then a failed status read (error),
 * then where it stands against its remote. The label is the text; the tone only adds colour.
 */
export function workspaceBadge(entry: StatusEntry | undefined, active: Operation | undefined): WorkspaceBadge | null {
  if (active) {
    const fraction = operationFraction(active);
    const verb = VERBS[active.kind] ?? 'Busy';
    const label = fraction === undefined ? `${verb}…` : `${verb} ${Math.round(fraction * 100)}%`;
    return { label, tone: 'info', detail: `${active.title}: ${active.phase || 'starting'}` };
  }
  if (entry?.error) return { label: 'Error', tone: 'danger', detail: entry.error.message };
  const status = entry?.status;
  if (!status) return null;
  switch (status.state) {
    case 'in_sync':
      return { label: 'In sync', tone: 'ok', detail: 'The folder matches the remote branch.' };
    case 'changes':
      return { label: plural(status.files.length, 'change'), tone: 'info', detail: `${plural(status.files.length, 'file')} changed locally, not pushed yet.` };
    case 'local_ahead':
      return { label: `Ahead ${status.ahead}`, tone: 'info', detail: `${plural(status.ahead, 'commit')} to push.` };
    case 'remote_ahead':
      return { label: `Behind ${status.behind}`, tone: 'warn', detail: `${plural(status.behind, 'new commit')} on the remote to pull.` };
    case 'diverged':
      return {
        label: `Ahead ${status.ahead}, behind ${status.behind}`,
        tone: 'warn',
        detail: 'Both sides have new commits: pull to merge them, then push.',
      };
    case 'conflicted': {
      const n = status.conflicts.length || status.files.filter((f) => f.kind === 'conflicted').length;
      return { label: n ? `${plural(n, 'conflict')}` : 'Conflicts', tone: 'danger', detail: 'A pull stopped on files changed on both sides.' };
    }
    case 'no_remote':
      return { label: 'No remote', tone: 'neutral', detail: 'This repository has no remote to sync with.' };
  }
}
