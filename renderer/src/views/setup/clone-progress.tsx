import type { Operation } from '../../../../shared/domain';
import { ProgressBar } from '../../components/progress-bar';
import { CloneIcon } from '../../components/icons';

/** What is being cloned where, and how far it got (phase, percent). */
export function CloneProgress({ url, folder, operation }: { url: string; folder: string; operation: Operation | undefined }) {
  return (
    <div className="clone-progress" role="status" aria-label="Clone progress">
      <div className="clone-progress-head">
        <span className="mode-icon" aria-hidden="true">
          <CloneIcon />
        </span>
        <div className="clone-progress-text">
          <strong>Cloning…</strong>
          <code className="path-inline">{url}</code>
          <span className="muted">
            into <code className="path-inline">{folder}</code>
          </span>
        </div>
      </div>
      {operation ? <ProgressBar operation={operation} label="Cloning" /> : <progress className="progress-bar" aria-label="Cloning" />}
      <p className="muted clone-progress-note">Nothing is written to the folder until the download is complete, so cancelling leaves no trace.</p>
    </div>
  );
}
