import { FolderIcon, PlusIcon } from './icons';

/** First run: what a workspace is and how to get the first one. */
export function EmptyState({ onAdd }: { onAdd(): void }) {
  return (
    <section className="empty" aria-labelledby="empty-title">
      <div className="empty-art" aria-hidden="true">
        <FolderIcon size={40} />
      </div>
      <h2 id="empty-title" className="empty-title">
        Add your first workspace
      </h2>
      <p className="empty-lead">
        A <strong>workspace</strong> is a folder on this computer that holds a Git repository. Reposync keeps an eye on
        it: what changed, which branch it is on, and whether it is in step with its remote.
      </p>
      <ol className="steps">
        <li>
          <span className="step-title">Pick a folder</span>
          <span className="step-text">One that already contains a Git repository (it has a .git folder).</span>
        </li>
        <li>
          <span className="step-title">See where it stands</span>
          <span className="step-text">Branch, last commit and every changed file, at a glance.</span>
        </li>
        <li>
          <span className="step-title">Nothing is touched</span>
          <span className="step-text">Adding or removing a workspace never changes the files in the folder.</span>
        </li>
      </ol>
      <button type="button" className="button button-primary button-large" onClick={onAdd}>
        <PlusIcon />
        Add workspace
      </button>
    </section>
  );
}
