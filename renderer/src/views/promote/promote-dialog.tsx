import { useEffect, useRef, useState } from 'react';
import type { PromotionRecord } from '../../../../shared/contract';
import type { Workspace } from '../../../../shared/domain';
import type { ErrorPayload } from '../../../../shared/errors';
import { Dialog } from '../../components/dialog';
import { ProgressBar } from '../../components/progress-bar';
import { describeError } from '../../lib/error-text';
import { useAppStore } from '../../store/store-context';
import '../undo/sync-dialogs.css';

/**
 * Moves an environment branch (staging, production, …) to a branch, tag or commit and pushes it.
 * Two steps: choose, then confirm "from → to"; a diverged environment needs an explicit merge.
 */
export function PromoteDialog({ workspace, onClose }: { workspace: Workspace; onClose(): void }) {
  const promote = useAppStore((s) => s.promote);
  const loadPromotions = useAppStore((s) => s.loadPromotions);
  const activity = useAppStore((s) => s.syncActivity[workspace.id]);
  const operation = useAppStore((s) => (activity?.operationId ? s.operations[activity.operationId] : undefined));
  const envs = workspace.environments;
  const [environment, setEnvironment] = useState(envs[0] ?? '');
  const [ref, setRef] = useState(workspace.branch ?? 'main');
  const [allowMerge, setAllowMerge] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const [history, setHistory] = useState<PromotionRecord[]>([]);
  const back = useRef<HTMLButtonElement>(null);
  const busy = activity?.action === 'promote';

  useEffect(() => {
    let live = true;
    void loadPromotions({ workspaceId: workspace.id, limit: 5 }).then((o) => live && o.ok && setHistory(o.value));
    return () => {
      live = false;
    };
  }, [workspace.id, loadPromotions]);

  const run = async () => {
    setError(null);
    const outcome = await promote({ workspaceId: workspace.id, environment, ref: ref.trim(), allowMerge });
    if (outcome.ok) onClose();
    else {
      setError(outcome.error);
      setConfirming(false);
    }
  };

  if (envs.length === 0) {
    return (
      <Dialog title="Promote" onClose={onClose}>
        <p className="callout callout-info">This workspace has no environments yet. Add environment branches (such as staging or production) in its settings first.</p>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
      </Dialog>
    );
  }

  const last = history.find((h) => h.environment === environment);
  return (
    <Dialog title={confirming ? `Promote to ${environment}?` : 'Promote'} role={confirming ? 'alertdialog' : 'dialog'} onClose={onClose} initialFocus={confirming ? back : undefined}
      description={<p>Point an environment branch at a tested version and push it.</p>}>
      {!confirming ? (
        <div className="form">
          <div className="field">
            <label className="field-label" htmlFor="promote-env">
              Environment
            </label>
            <select id="promote-env" className="select select-field" value={environment} onChange={(e) => setEnvironment(e.target.value)}>
              {envs.map((e) => (
                <option key={e} value={e}>
                  {e}
                </option>
              ))}
            </select>
            {last && (
              <p className="field-hint">
                Last promoted {new Date(last.at).toLocaleString()} to <code>{last.ref}</code> by {last.by.name}.
              </p>
            )}
          </div>
          <div className="field">
            <label className="field-label" htmlFor="promote-ref">
              Version to promote
            </label>
            <input id="promote-ref" className="input input-mono" value={ref} onChange={(e) => setRef(e.target.value)} spellCheck={false} />
            <p className="field-hint">A branch, a tag or a commit id.</p>
          </div>
          <label className="inline-check">
            <input type="checkbox" checked={allowMerge} onChange={(e) => setAllowMerge(e.target.checked)} />
            Merge if {environment || 'the environment'} has commits the version lacks
          </label>
        </div>
      ) : (
        <div className="promote-confirm">
          <div className="promote-flow">
            <span className="promote-end">
              <span className="promote-label">From</span>
              <code className="promote-ref">{ref.trim()}</code>
            </span>
            <span className="promote-arrow" aria-hidden="true">
              →
            </span>
            <span className="promote-end">
              <span className="promote-label">To</span>
              <code className="promote-ref">{environment}</code>
            </span>
          </div>
          <p className="muted">
            “{environment}” on the remote moves from its current commit to “{ref.trim()}”{allowMerge ? ' (with a merge commit if the two have diverged)' : ''}. Anyone deploying from “
            {environment}” gets this version.
            {last && ` It was last set to ${last.ref} (${last.to.slice(0, 7)}) by ${last.by.name}.`}
          </p>
        </div>
      )}
      {error && (
        <div className="callout callout-danger" role="alert">
          <strong>{describeError(error).title}.</strong> {describeError(error).message}
          {error.code === 'non_fast_forward' && !allowMerge && <p>Tick “Merge if … has commits the version lacks” to promote with a merge commit.</p>}
        </div>
      )}
      {busy && operation && <ProgressBar operation={operation} label="Promote progress" />}
      <div className="dialog-actions">
        {confirming ? (
          <>
            <button ref={back} type="button" className="button" onClick={() => setConfirming(false)} disabled={busy}>
              Back
            </button>
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void run()}>
              {busy && <span className="spinner" aria-hidden="true" />}
              Confirm promote
            </button>
          </>
        ) : (
          <>
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="button" className="button button-primary" disabled={!environment || !ref.trim()} onClick={() => setConfirming(true)}>
              Promote…
            </button>
          </>
        )}
      </div>
    </Dialog>
  );
}

export function PromoteButton({ workspace }: { workspace: Workspace }) {
  const [open, setOpen] = useState(false);
  if (workspace.environments.length === 0) return null;
  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)}>
        Promote…
      </button>
      {open && <PromoteDialog workspace={workspace} onClose={() => setOpen(false)} />}
    </>
  );
}
