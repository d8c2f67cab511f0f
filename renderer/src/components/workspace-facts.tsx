import type { Workspace, WorkspaceStatus } from '../../../shared/domain';
import { HeadCommit } from './head-commit';
import { BranchIcon, CommitIcon, FolderIcon, GlobeIcon } from './icons';

function branchText(workspace: Workspace, status: WorkspaceStatus | null): string {
  if (status?.detached) return `Detached at ${status.head?.oid.slice(0, 7) ?? 'an unknown commit'}`;
  return status?.branch ?? workspace.branch ?? 'No branch yet';
}

/** Where the workspace lives and what it points at, as a description list. */
export function WorkspaceFacts({ workspace, status }: { workspace: Workspace; status: WorkspaceStatus | null }) {
  return (
    <dl className="facts">
      <div className="fact">
        <dt>
          <FolderIcon /> Folder
        </dt>
        <dd>
          <code className="path-inline">{workspace.path}</code>
          {workspace.pathPrefix && <span className="muted"> · syncing only {workspace.pathPrefix}/</span>}
        </dd>
      </div>
      <div className="fact">
        <dt>
          <GlobeIcon /> Remote
        </dt>
        <dd>
          {workspace.remoteUrl ? (
            <code className="path-inline">{workspace.remoteUrl}</code>
          ) : (
            <span className="muted">None. This repository has no remote to sync with yet.</span>
          )}
        </dd>
      </div>
      <div className="fact">
        <dt>
          <BranchIcon /> Branch
        </dt>
        <dd>{branchText(workspace, status)}</dd>
      </div>
      <div className="fact">
        <dt>
          <CommitIcon /> Last commit
        </dt>
        <dd>{status ? <HeadCommit commit={status.head} /> : <span className="muted">…</span>}</dd>
      </div>
    </dl>
  );
}
