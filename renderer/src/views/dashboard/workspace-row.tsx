import type { Workspace } from '../../../../shared/domain';
import { BranchIcon, DownloadIcon, UploadIcon } from '../../components/icons';
import { relativeTime } from '../../lib/relative-time';
import { activeOperationFor } from '../../store/operations-slice';
import { useAppStore } from '../../store/store-context';
import { Badge } from './badge';
import { workspaceBadge } from './workspace-badge';

/** One workspace on the dashboard: where it stands, when it last synced, Pull and Push. */
export function WorkspaceRow({ workspace }: { workspace: Workspace }) {
  const entry = useAppStore((s) => s.statuses[workspace.id]);
  const active = useAppStore((s) => activeOperationFor(s.operations, workspace.id));
  const openWorkspace = useAppStore((s) => s.openWorkspace);
  const pullWorkspace = useAppStore((s) => s.pullWorkspace);
  const badge = workspaceBadge(entry, active);
  const lastSync = entry?.status?.lastSyncAt ?? workspace.lastSyncAt;
  const branch = entry?.status?.branch ?? workspace.branch;
  const noRemote = entry?.status?.state === 'no_remote' || workspace.remoteUrl === null;
  const nameId = `dash-name-${workspace.id}`;

  return (
    <li className="ws-row" aria-labelledby={nameId}>
      <div className="ws-row-main">
        <button type="button" id={nameId} className="ws-row-name" onClick={() => openWorkspace(workspace.id)}>
          {workspace.name}
        </button>
        <span className="ws-row-path" title={workspace.path}>
          <bdi>{workspace.path}</bdi>
        </span>
      </div>
      <div className="ws-row-meta">
        {branch && (
          <span className="ws-row-branch" title="Branch">
            <BranchIcon /> {branch}
          </span>
        )}
        <span className="muted ws-row-sync">
          {lastSync ? (
            <>
              Synced <time dateTime={lastSync} title={new Date(lastSync).toLocaleString()}>{relativeTime(lastSync)}</time>
            </>
          ) : (
            'Never synced'
          )}
        </span>
      </div>
      <div className="ws-row-status">
        {badge ? <Badge badge={badge} /> : <span className="muted">Checking…</span>}
      </div>
      <div className="ws-row-actions">
        <button
          type="button"
          className="button button-small"
          aria-label={`Pull ${workspace.name}`}
          aria-disabled={active || noRemote ? true : undefined}
          title={active ? `${active.title} is running` : noRemote ? 'No remote to pull from' : 'Download and merge the remote branch'}
          onClick={() => !active && !noRemote && void pullWorkspace(workspace.id)}
        >
          <DownloadIcon />
          Pull
        </button>
        <button
          type="button"
          className="button button-small"
          aria-label={`Push ${workspace.name}`}
          title="Choose changes to commit and push"
          onClick={() => openWorkspace(workspace.id, 'changes')}
        >
          <UploadIcon />
          Push
        </button>
      </div>
    </li>
  );
}
