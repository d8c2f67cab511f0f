import type { Workspace } from '../../../shared/domain';
import { describeError } from '../lib/error-text';
import { useAppStore } from '../store/store-context';
import { ChangedFiles } from './changed-files';
import { RefreshIcon, TrashIcon } from './icons';
import { OperationBanner } from './operation-banner';
import { StatusBadge } from './status-badge';
import { WorkspaceFacts } from './workspace-facts';

interface WorkspaceDetailProps {
  workspace: Workspace;
  onRemove(): void;
}

/** The main pane for one workspace: what it is, where it stands, what changed. */
export function WorkspaceDetail({ workspace, onRemove }: WorkspaceDetailProps) {
  const entry = useAppStore((s) => s.statuses[workspace.id]);
  const refreshStatus = useAppStore((s) => s.refreshStatus);
  const status = entry?.status ?? null;
  const loading = entry?.loading ?? true;
  const error = entry?.error ? describeError(entry.error) : null;

  return (
    <article className="detail" aria-labelledby="detail-title">
      <header className="detail-header">
        <div className="detail-heading">
          <h2 id="detail-title" className="detail-title">
            {workspace.name}
          </h2>
          {status && <StatusBadge status={status} />}
          {workspace.group && <span className="chip">{workspace.group}</span>}
        </div>
        <div className="toolbar">
          <button
            type="button"
            className="button"
            aria-busy={loading || undefined}
            onClick={() => void refreshStatus(workspace.id)}
          >
            <span className={loading ? 'icon-wrap spin' : 'icon-wrap'}>
              <RefreshIcon />
            </span>
            Refresh
          </button>
          <button type="button" className="button button-quiet-danger" onClick={onRemove}>
            <TrashIcon />
            Remove workspace…
          </button>
        </div>
      </header>

      <OperationBanner workspaceId={workspace.id} />

      {error && (
        <div className="callout callout-danger" role="alert">
          <strong>{error.title}.</strong> {error.message}
        </div>
      )}

      <WorkspaceFacts workspace={workspace} status={status} />

      <section className="changes" aria-labelledby="changes-title" aria-busy={loading || undefined}>
        <h3 id="changes-title" className="section-title">
          Changed files
          {status && <span className="count">{status.files.length}</span>}
        </h3>
        {status ? (
          <ChangedFiles files={status.files} hasCommits={status.head !== null} />
        ) : (
          !error && <p className="muted empty-note">Reading the folder…</p>
        )}
      </section>
    </article>
  );
}
