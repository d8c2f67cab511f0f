import { FolderIcon, KeyIcon, PlusIcon } from './icons';

/** First run: what a workspace is and the first steps to a folder that stays in sync. */
export function EmptyState({ onAdd, onConnections }: { onAdd(): void; onConnections?(): void }) {
  return (
    <section className="empty" aria-labelledby="empty-title">
      <div className="empty-art" aria-hidden="true">
        <FolderIcon size={40} />
      </div>
      <h2 id="empty-title" className="empty-title">
        Add your first workspace
      </h2>
      <p className="empty-lead">
        A <strong>workspace</strong> is a folder on this computer kept in step with a Git repository. Reposync shows
        what changed, and pulls and pushes with a click.
      </p>
      <ol className="steps">
        <li>
          <span className="step-title">Connect your Git host (optional)</span>
          <span className="step-text">
            GitHub, GitLab, Gitea or any HTTPS Git server. The token is kept in a vault, never in the folder.
          </span>
        </li>
        <li>
          <span className="step-title">Add a folder or clone a repository</span>
          <span className="step-text">Pick a folder that already has a .git folder, or clone one into a new folder.</span>
        </li>
        <li>
          <span className="step-title">Pull and push with a click</span>
          <span className="step-text">Reposync backs up local work before every sync, so nothing is lost.</span>
        </li>
      </ol>
      <div className="empty-actions">
        <button type="button" className="button button-primary button-large" onClick={onAdd}>
          <PlusIcon />
          Add workspace
        </button>
        {onConnections && (
          <button type="button" className="button button-large" onClick={onConnections}>
            <KeyIcon />
            Add a connection
          </button>
        )}
      </div>
    </section>
  );
}
