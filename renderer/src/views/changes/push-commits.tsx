import type { PushResult } from '../../../../shared/contract';
import type { Workspace } from '../../../../shared/domain';
import { UploadIcon } from '../../components/icons';
import { useAppStore } from '../../store/store-context';
import type { Outcome } from '../../store/sync-slice';

/** Nothing left to commit, but earlier commits (e.g. from a refused push) still wait to be pushed. */
export function PushCommits({ workspace, ahead, onPushed }: { workspace: Workspace; ahead: number; onPushed(outcome: Outcome<PushResult>): void }) {
  const pushChanges = useAppStore((s) => s.pushChanges);
  const activity = useAppStore((s) => s.syncActivity[workspace.id]);
  const push = async () => {
    // The channel requires a message; it is unused, as there is nothing new to commit.
    onPushed(await pushChanges({ workspaceId: workspace.id, message: 'Push commits' }));
  };
  return (
    <button type="button" className="button button-primary" disabled={activity !== undefined} onClick={() => void push()}>
      {activity?.action === 'push' ? <span className="spinner" aria-hidden="true" /> : <UploadIcon />}
      Push {ahead} commit{ahead === 1 ? '' : 's'}
    </button>
  );
}
