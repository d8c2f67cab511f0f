import { useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Connection } from '../../../../shared/contract';
import { Dialog } from '../../components/dialog';
import { useAppStore } from '../../store/store-context';

/** Asks before erasing a connection, naming every workspace the engine will forget with it. */
export function DeleteConnectionDialog({ connection, onClose }: { connection: Connection; onClose(): void }) {
  const deleteConnection = useAppStore((s) => s.deleteConnection);
  const using = useAppStore(useShallow((s) => s.workspaces.filter((w) => w.connectionId === connection.id)));
  const [busy, setBusy] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);

  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    const deleted = await deleteConnection(connection.id);
    setBusy(false);
    if (deleted) onClose();
  };

  return (
    <Dialog
      role="alertdialog"
      title={`Delete “${connection.label}”?`}
      description={
        <>
          <p>The connection and its saved token are erased from this computer. The account on the server is not touched.</p>
          {using.length > 0 ? (
            <>
              <p>
                These workspaces use it and will be <strong>forgotten</strong>. Their folders and files stay on disk:
              </p>
              <ul className="forget-list" aria-label="Workspaces that will be forgotten">
                {using.map((w) => (
                  <li key={w.id}>
                    <strong>{w.name}</strong> <code className="path-inline muted">{w.path}</code>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>No workspace uses it.</p>
          )}
        </>
      }
      onClose={onClose}
      initialFocus={cancel}
    >
      <div className="dialog-actions">
        <button ref={cancel} type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button-danger" aria-disabled={busy || undefined} onClick={() => void confirm()}>
          {busy && <span className="spinner" aria-hidden="true" />}
          Confirm delete
        </button>
      </div>
    </Dialog>
  );
}
