import { useEffect, useRef, useState } from 'react';
import type { Backup } from '../../../../shared/contract';
import type { Workspace } from '../../../../shared/domain';
import type { ErrorPayload } from '../../../../shared/errors';
import { Dialog } from '../../components/dialog';
import { describeError } from '../../lib/error-text';
import { useAppStore } from '../../store/store-context';
import './sync-dialogs.css';

const KIND_TEXT: Record<Backup['kind'], string> = {
  pull: 'Before a pull',
  complete: 'Before completing a merge',
  abort: 'Before aborting a merge',
  undo: 'Before an undo',
  commit: 'Before committing local changes',
};

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/**
 * Lists the backups taken before each sync and restores the chosen one (the newest by default),
 * after saying exactly what comes back. The undo is itself backed up, so it can be undone.
 */
export function UndoDialog({ workspace, onClose }: { workspace: Workspace; onClose(): void }) {
  const loadBackups = useAppStore((s) => s.loadBackups);
  const undoSync = useAppStore((s) => s.undoSync);
  const busy = useAppStore((s) => s.syncActivity[workspace.id]?.action === 'undo');
  const [backups, setBackups] = useState<Backup[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const cancel = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let live = true;
    void loadBackups(workspace.id).then((o) => {
      if (!live) return;
      if (!o.ok) return setError(o.error);
      setBackups(o.value);
      setChosen(o.value[0]?.id ?? null);
    });
    return () => {
      live = false;
    };
  }, [workspace.id, loadBackups]);

  const backup = backups?.find((b) => b.id === chosen) ?? null;
  const confirm = async () => {
    if (!backup || busy) return;
    setError(null);
    const outcome = await undoSync({ workspaceId: workspace.id, backupId: backup.id });
    if (outcome.ok) onClose();
    else setError(outcome.error);
  };

  return (
    <Dialog role="alertdialog" title="Undo last sync" onClose={onClose} initialFocus={cancel}
      description={<p>Reposync keeps a backup of your files and commits before every sync. Restoring one puts everything back as it was at that moment.</p>}>
      {backups === null && !error && <p className="muted">Reading the backups…</p>}
      {backups?.length === 0 && <p className="callout callout-info">There is nothing to undo yet: no sync has changed this workspace.</p>}
      {backups && backups.length > 0 && (
        <fieldset className="backup-list">
          <legend className="field-label">Restore to</legend>
          {backups.slice(0, 10).map((b, i) => (
            <label key={b.id} className="radio-card">
              <input type="radio" name="backup" checked={chosen === b.id} onChange={() => setChosen(b.id)} />
              <span>
                <strong>{KIND_TEXT[b.kind]}</strong>
                {i === 0 && <span className="chip backup-latest">latest</span>}
                <span className="muted"> — {when(b.createdAt)}</span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {backup && (
        <div className="callout callout-warn undo-summary">
          <p>
            <strong>This will restore:</strong>
          </p>
          <ul>
            <li>
              the branch “{backup.branch ?? workspace.branch ?? '?'}” at commit <code className="sha">{(backup.previousHead ?? 'none').slice(0, 7)}</code>
            </li>
            <li>every file as it was on {when(backup.createdAt)}, including changes you had not committed then</li>
            {backup.inMerge && <li>the unfinished merge you were resolving at that moment</li>}
          </ul>
          <p className="muted">What you have now is backed up first, so you can undo this too.</p>
        </div>
      )}
      {error && (
        <p className="callout callout-danger" role="alert">
          <strong>{describeError(error).title}.</strong> {describeError(error).message}
        </p>
      )}
      <div className="dialog-actions">
        <button ref={cancel} type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button-danger" disabled={!backup || busy} onClick={() => void confirm()}>
          {busy && <span className="spinner" aria-hidden="true" />}
          Restore backup
        </button>
      </div>
    </Dialog>
  );
}

export function UndoButton({ workspace }: { workspace: Workspace }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)}>
        Undo last sync…
      </button>
      {open && <UndoDialog workspace={workspace} onClose={() => setOpen(false)} />}
    </>
  );
}
