import { useState } from 'react';
import type { PullPreview, PullResult } from '../../../../shared/contract';
import type { Workspace } from '../../../../shared/domain';
import type { ErrorPayload } from '../../../../shared/errors';
import { Dialog } from '../../components/dialog';
import { ProgressBar } from '../../components/progress-bar';
import { describeError } from '../../lib/error-text';
import { useAppStore } from '../../store/store-context';
import { pullSummary } from '../../store/sync-slice';
import { choicesToRequest, previewGroups, type FileChoice } from './pull-plan';
import './pull.css';
import '../undo/sync-dialogs.css';

type Strategy = 'merge' | 'ff-only';

const CHOICE_LABELS: Record<FileChoice, string> = { auto: 'Resolve in the editor', ours: 'Keep mine', theirs: 'Take theirs' };

/**
 * Pull with a look first: choose the strategy, preview what would change (a dry run that leaves
 * the files alone), decide per file, and pull. Conflicts lead to the Conflicts tab.
 */
export function PullDialog({ workspace, onClose }: { workspace: Workspace; onClose(): void }) {
  const previewPull = useAppStore((s) => s.previewPull);
  const pullChanges = useAppStore((s) => s.pullChanges);
  const openWorkspace = useAppStore((s) => s.openWorkspace);
  const activity = useAppStore((s) => s.syncActivity[workspace.id]);
  const operation = useAppStore((s) => (activity?.operationId ? s.operations[activity.operationId] : undefined));
  const [strategy, setStrategy] = useState<Strategy>('merge');
  const [preview, setPreview] = useState<PullPreview | null>(null);
  const [choices, setChoices] = useState<Record<string, FileChoice>>({});
  const [commitFirst, setCommitFirst] = useState(false);
  const [blocked, setBlocked] = useState<string[]>([]);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const [result, setResult] = useState<PullResult | null>(null);
  const busy = activity !== undefined;

  const runPreview = async () => {
    setError(null);
    setResult(null);
    const outcome = await previewPull({ workspaceId: workspace.id, strategy });
    if (!outcome.ok) return setError(outcome.error);
    setPreview(outcome.value);
    setBlocked(outcome.value.blockedBy);
  };

  const runPull = async () => {
    setError(null);
    const outcome = await pullChanges({
      workspaceId: workspace.id,
      strategy,
      ...choicesToRequest(preview, choices),
      localChanges: commitFirst ? 'commit' : 'refuse',
    });
    if (!outcome.ok) {
      if (outcome.error.code === 'dirty_worktree' && Array.isArray(outcome.error.details.files)) setBlocked(outcome.error.details.files.map(String));
      return setError(outcome.error);
    }
    setResult(outcome.value);
  };

  const resolve = () => {
    onClose();
    openWorkspace(workspace.id, 'conflicts');
  };

  const upToDate = preview?.upToDate ?? false;
  return (
    <Dialog title={`Pull “${workspace.name}”`} description={<p>Bring in the commits on “{workspace.branch ?? 'the remote branch'}” that you do not have yet.</p>} onClose={onClose}>
      {result ? (
        <PullOutcome result={result} onResolve={resolve} onClose={onClose} />
      ) : (
        <div className="pull-body">
          <fieldset className="pull-strategy" disabled={busy}>
            <legend className="field-label">Strategy</legend>
            <label className="radio-card">
              <input type="radio" name="strategy" checked={strategy === 'merge'} onChange={() => setStrategy('merge')} />
              <span>
                <strong>Merge</strong>
                <span className="radio-hint muted">Combine both sides when needed.</span>
              </span>
            </label>
            <label className="radio-card">
              <input type="radio" name="strategy" checked={strategy === 'ff-only'} onChange={() => setStrategy('ff-only')} />
              <span>
                <strong>Fast-forward only</strong>
                <span className="radio-hint muted">Stop if you have commits of your own.</span>
              </span>
            </label>
          </fieldset>

          {preview &&
            (upToDate ? (
              <p className="callout callout-ok">Already up to date: the remote has nothing new.</p>
            ) : (
              <PreviewList preview={preview} willMerge={!preview.fastForward || commitFirst} choices={choices} onChoose={(path, c) => setChoices((all) => ({ ...all, [path]: c }))} disabled={busy} />
            ))}

          {blocked.length > 0 && (
            <div className="callout callout-warn pull-blocked">
              <p>
                <strong>You have uncommitted changes in files the pull would change:</strong>
              </p>
              <ul className="pull-files">
                {blocked.slice(0, 20).map((f) => (
                  <li key={f} className="mono">
                    {f}
                  </li>
                ))}
                {blocked.length > 20 && <li className="muted">and {blocked.length - 20} more</li>}
              </ul>
              <label className="inline-check">
                <input type="checkbox" checked={commitFirst} onChange={(e) => setCommitFirst(e.target.checked)} disabled={busy} />
                Commit my local changes first
              </label>
            </div>
          )}

          {error && error.code !== 'dirty_worktree' && <PullError error={error} onMerge={() => setStrategy('merge')} strategy={strategy} />}
          {busy && operation && <ProgressBar operation={operation} label={activity?.action === 'preview' ? 'Preview progress' : 'Pull progress'} />}

          <div className="dialog-actions">
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => void runPreview()}>
              {activity?.action === 'preview' && <span className="spinner" aria-hidden="true" />}
              {preview ? 'Preview again' : 'Preview'}
            </button>
            <button
              type="button"
              className="button button-primary"
              disabled={busy || upToDate || (blocked.length > 0 && !commitFirst)}
              title={blocked.length > 0 && !commitFirst ? 'Commit your local changes first (the option above), or push them.' : undefined}
              onClick={() => void runPull()}
            >
              {activity?.action === 'pull' && <span className="spinner" aria-hidden="true" />}
              {activity?.action === 'pull' ? 'Pulling…' : 'Pull'}
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}

interface PreviewListProps {
  preview: PullPreview;
  /** Both sides will have commits (also when local changes are committed first). */
  willMerge: boolean;
  choices: Record<string, FileChoice>;
  onChoose(path: string, c: FileChoice): void;
  disabled: boolean;
}

function PreviewList({ preview, willMerge, choices, onChoose, disabled }: PreviewListProps) {
  return (
    <section className="pull-preview" aria-label="Preview">
      <p className="pull-preview-lead">
        {willMerge ? 'Both sides will have new commits: they will be merged.' : 'Only the remote has new commits: your files move forward to its version.'}
      </p>
      {previewGroups(preview).map((group) => (
        <div key={group.key} className="pull-group">
          <h4 className="pull-group-title">
            {group.title} <span className="count">{group.files.length}</span>
          </h4>
          <ul className="pull-files" aria-label={group.title}>
            {group.files.slice(0, 200).map((path) => (
              <li key={path} className="pull-file">
                <span className="pull-file-path mono" title={path}>
                  {path}
                </span>
                {(group.key === 'conflicting' || group.key === 'updated') && (
                  <select
                    className="select"
                    aria-label={`Choice for ${path}`}
                    value={choices[path] ?? 'auto'}
                    disabled={disabled}
                    onChange={(e) => onChoose(path, e.target.value as FileChoice)}
                  >
                    {(group.key === 'updated' ? (['auto', 'ours'] as const) : (['auto', 'ours', 'theirs'] as const)).map((c) => (
                      <option key={c} value={c}>
                        {c === 'auto' && group.key === 'updated' ? 'Update' : CHOICE_LABELS[c]}
                      </option>
                    ))}
                  </select>
                )}
              </li>
            ))}
            {group.files.length > 200 && <li className="muted">and {group.files.length - 200} more</li>}
          </ul>
        </div>
      ))}
    </section>
  );
}

function PullError({ error, strategy, onMerge }: { error: ErrorPayload; strategy: Strategy; onMerge(): void }) {
  const text = describeError(error);
  return (
    <div className="callout callout-danger" role="alert">
      <p>
        <strong>{text.title}.</strong> {text.message}
      </p>
      {error.code === 'non_fast_forward' && strategy === 'ff-only' && (
        <button type="button" className="button" onClick={onMerge}>
          Use Merge instead
        </button>
      )}
    </div>
  );
}

function PullOutcome({ result, onResolve, onClose }: { result: PullResult; onResolve(): void; onClose(): void }) {
  const conflicted = result.outcome === 'conflicted';
  return (
    <div className="pull-body" role="status">
      {conflicted ? (
        <div className="callout callout-warn">
          <p>
            <strong>
              {result.conflicting.length} file{result.conflicting.length === 1 ? '' : 's'} changed on both sides.
            </strong>{' '}
            Nothing is lost: choose what to keep in the conflict editor, then complete the merge (or abort it to go back).
          </p>
        </div>
      ) : (
        <p className="callout callout-ok">{pullSummary(result)}</p>
      )}
      <div className="dialog-actions">
        {conflicted ? (
          <button type="button" className="button button-primary" onClick={onResolve}>
            Resolve conflicts
          </button>
        ) : (
          <button type="button" className="button button-primary" onClick={onClose}>
            Done
          </button>
        )}
      </div>
    </div>
  );
}

/** Opens the Pull dialog; for the workspace page's header or the Changes view. */
export function PullButton({ workspace, label = 'Pull…' }: { workspace: Workspace; label?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)}>
        {label}
      </button>
      {open && <PullDialog workspace={workspace} onClose={() => setOpen(false)} />}
    </>
  );
}
