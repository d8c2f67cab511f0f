import type { Workspace } from '../../../shared/domain';
import { describeError } from '../lib/error-text';
import { useAppStore } from '../store/store-context';
import { ChangedFiles } from './changed-files';
import { WorkspaceFacts } from './workspace-facts';

/** The Overview tab: what the workspace is, where it stands, what changed. */
export function WorkspaceDetail({ workspace }: { workspace: Workspace }) {
  const entry = useAppStore((s) => s.statuses[workspace.id]);
  const status = entry?.status ?? null;
  const loading = entry?.loading ?? true;
  const error = entry?.error ? describeError(entry.error) : null;

  return (
    <div className="overview">
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
    </div>
  );
}
