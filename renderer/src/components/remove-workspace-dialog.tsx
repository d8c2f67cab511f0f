import { useRef, useState } from 'react';
import type { Workspace } from '../../../shared/domain';
import { useAppStore } from '../store/store-context';
import { Dialog } from './dialog';

/** Asks before forgetting a workspace, and says plainly that nothing on disk is deleted. */
export function RemoveWorkspaceDialog({ workspace, onClose }: { workspace: Workspace; onClose(): void }) {
  const removeWorkspace = useAppStore((s) => s.removeWorkspace);
  const [busy, setBusy] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);

  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    const removed = await removeWorkspace(workspace.id);
    setBusy(false);
    if (removed) onClose();
  };

  return (
    <Dialog
      role="alertdialog"
      title={`Remove “${workspace.name}”?`}
      description={
        <>
          <p>Reposync will stop keeping this workspace in sync.</p>
          <p>
            The folder <code className="path-inline">{workspace.path}</code> and all its files stay untouched on
            disk. You can add it again at any time.
          </p>
        </>
      }
      onClose={onClose}
      initialFocus={cancel}
    >
      <div className="dialog-actions">
        <button ref={cancel} type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="button button-danger"
          aria-disabled={busy || undefined}
          onClick={() => void confirm()}
        >
          {busy && <span className="spinner" aria-hidden="true" />}
          Confirm remove
        </button>
      </div>
    </Dialog>
  );
}
