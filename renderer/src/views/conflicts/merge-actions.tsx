import { useRef, useState } from 'react';
import type { MergeConflicts } from '../../../../shared/contract';
import type { Workspace } from '../../../../shared/domain';
import type { ErrorPayload } from '../../../../shared/errors';
import { Dialog } from '../../components/dialog';
import { describeError } from '../../lib/error-text';
import { useAppStore } from '../../store/store-context';
import { hasConflictMarkers } from './conflict-markers';

/** Paths whose saved merged text still holds conflict markers. */
export function pathsWithMarkers(data: MergeConflicts): string[] {
  return data.paths.filter((p) => p.resolution && typeof p.resolution === 'object' && hasConflictMarkers(p.resolution.merged)).map((p) => p.path);
}

type Confirm = 'markers' | 'abort' | null;

/** Complete the merge (commit with two parents, optionally push) or abort it back to before the pull. */
export function MergeActions({ workspace, data }: { workspace: Workspace; data: MergeConflicts }) {
  const completeMerge = useAppStore((s) => s.completeMerge);
  const abortMerge = useAppStore((s) => s.abortMerge);
  const action = useAppStore((s) => s.syncActivity[workspace.id]?.action);
  const [message, setMessage] = useState('');
  const [push, setPush] = useState(workspace.remoteUrl !== null);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const unresolved = data.paths.filter((p) => p.resolution === null).length;
  const busy = action !== undefined;

  const complete = async () => {
    setConfirm(null);
    setError(null);
    const outcome = await completeMerge({ workspaceId: workspace.id, ...(message.trim() ? { message: message.trim() } : {}), push });
    if (!outcome.ok) setError(outcome.error);
  };
  const abort = async () => {
    setConfirm(null);
    setError(null);
    const outcome = await abortMerge(workspace.id);
    if (!outcome.ok) setError(outcome.error);
  };
  const onComplete = () => (pathsWithMarkers(data).length > 0 ? setConfirm('markers') : void complete());
  const marked = pathsWithMarkers(data);

  return (
    <section className="merge-actions" aria-label="Finish the merge">
      <div className="merge-actions-main">
        <label className="sr-only" htmlFor="merge-message">
          Merge message
        </label>
        <input
          id="merge-message"
          className="input"
          placeholder={`Merge remote changes into ${data.branch ?? workspace.branch ?? 'the branch'} (optional message)`}
          value={message}
          onChange={(e) => setMessage(e.target.value)}
        />
        {workspace.remoteUrl && (
          <label className="inline-check">
            <input type="checkbox" checked={push} onChange={(e) => setPush(e.target.checked)} />
            Push after completing
          </label>
        )}
      </div>
      <div className="merge-actions-buttons">
        <button type="button" className="button button-quiet-danger" disabled={busy} onClick={() => setConfirm('abort')}>
          {action === 'abort' && <span className="spinner" aria-hidden="true" />}
          Abort merge…
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={busy || unresolved > 0}
          aria-describedby={unresolved > 0 ? 'merge-blocker' : undefined}
          onClick={onComplete}
        >
          {action === 'complete' && <span className="spinner" aria-hidden="true" />}
          {action === 'complete' ? 'Completing…' : 'Complete merge'}
        </button>
      </div>
      {unresolved > 0 && (
        <p id="merge-blocker" className="field-hint merge-blocker">
          {unresolved} file{unresolved === 1 ? '' : 's'} still to resolve before the merge can be completed.
        </p>
      )}
      {error && (
        <p className="callout callout-danger" role="alert">
          <strong>{describeError(error).title}.</strong> {describeError(error).message}
        </p>
      )}

      {confirm === 'abort' && (
        <Dialog role="alertdialog" title="Abort the merge?" onClose={() => setConfirm(null)} initialFocus={cancelRef}
          description={
            <>
              <p>Everything returns to how it was before the pull: your files, your commits and any changes you had not committed.</p>
              <p>The choices made in the conflict editor are dropped. The remote commits stay downloaded, so you can pull again later.</p>
            </>
          }>
          <div className="dialog-actions">
            <button ref={cancelRef} type="button" className="button" onClick={() => setConfirm(null)}>
              Keep resolving
            </button>
            <button type="button" className="button button-danger" onClick={() => void abort()}>
              Abort merge
            </button>
          </div>
        </Dialog>
      )}
      {confirm === 'markers' && (
        <Dialog role="alertdialog" title="Complete with conflict markers?" onClose={() => setConfirm(null)} initialFocus={cancelRef}
          description={
            <>
              <p>These files still contain conflict markers (<code>&lt;&lt;&lt;&lt;&lt;&lt;&lt;</code>, <code>=======</code>, <code>&gt;&gt;&gt;&gt;&gt;&gt;&gt;</code>) and would be committed that way:</p>
              <ul className="pull-files">
                {marked.map((p) => (
                  <li key={p} className="mono">
                    {p}
                  </li>
                ))}
              </ul>
            </>
          }>
          <div className="dialog-actions">
            <button ref={cancelRef} type="button" className="button" onClick={() => setConfirm(null)}>
              Go back
            </button>
            <button type="button" className="button button-danger" onClick={() => void complete()}>
              Complete anyway
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
