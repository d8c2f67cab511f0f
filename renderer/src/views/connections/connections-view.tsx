/*
 * Connections names: region 'Connections' (heading level 2), button 'Add connection', list
 * 'Connections' with one listitem per connection (named by its label) holding status
 * 'Test result for <label>' and buttons 'Test <label>', 'Edit <label>', 'Delete <label>', and
 * 'Re-enter token' when the token expired. The vault line says where tokens are kept.
 * Add dialog: dialog 'Add connection' — radio group 'Provider' ('GitHub' | 'GitHub Enterprise' |
 *   'GitHub App' | 'GitLab' | 'Gitea' | 'Plain HTTPS Git'); textboxes 'Repository URL',
 *   'User name', 'API URL' / 'Server URL', 'App ID', 'Installation ID', 'Label (optional)';
 *   password field 'Token' (find it with getByLabel: password inputs have no textbox role);
 *   buttons 'Save connection', 'Cancel'. Errors sit under their field (aria-invalid).
 * Edit dialog: dialog 'Edit “<label>”' — textbox 'Label', password 'New token', 'Save changes'.
 * Delete: alertdialog 'Delete “<label>”?' — list 'Workspaces that will be forgotten',
 *   buttons 'Cancel', 'Confirm delete'.
 */
import { useState } from 'react';
import { LockIcon, PlusIcon, KeyIcon } from '../../components/icons';
import { useAppStore } from '../../store/store-context';
import { AddConnectionDialog } from './add-connection-dialog';
import { ConnectionCard } from './connection-card';
import { vaultText } from './connection-text';
import { DeleteConnectionDialog } from './delete-connection-dialog';
import { EditConnectionDialog } from './edit-connection-dialog';

type Open = { kind: 'add' } | { kind: 'edit'; id: string; focusSecret: boolean } | { kind: 'delete'; id: string } | null;

/** Saved accounts on Git hosts, and where their tokens are kept. */
export function ConnectionsView() {
  const connections = useAppStore((s) => s.connections);
  const state = useAppStore((s) => s.connectionsState);
  const vaultKind = useAppStore((s) => s.info?.vaultKind);
  const route = useAppStore((s) => s.route);
  const navigate = useAppStore((s) => s.navigate);
  const [local, setOpen] = useState<Open>(null);
  const vault = vaultText(vaultKind);

  // "Re-enter token" elsewhere (a toast) arrives as the route's editId.
  const editId = route.page === 'connections' ? route.editId : undefined;
  const open: Open = editId && connections.some((c) => c.id === editId) ? { kind: 'edit', id: editId, focusSecret: true } : local;
  const close = () => {
    setOpen(null);
    if (editId) navigate({ page: 'connections' });
  };
  const target = open && open.kind !== 'add' ? connections.find((c) => c.id === open.id) : undefined;

  return (
    <section className="page" aria-labelledby="connections-title">
      <header className="page-header">
        <div>
          <h2 id="connections-title" className="page-title">
            Connections
          </h2>
          <p className="page-lead">Accounts on Git hosts. Workspaces use them to pull, push and list repositories.</p>
        </div>
        <div className="toolbar">
          <button type="button" className="button button-primary" onClick={() => setOpen({ kind: 'add' })}>
            <PlusIcon />
            Add connection
          </button>
        </div>
      </header>

      <p className={`vault-line${vaultKind === 'encrypted_file' ? ' vault-weak' : ''}`}>
        <LockIcon />
        <span>
          Tokens are kept in: <strong>{vault.short}</strong>
        </span>
      </p>

      {state === 'ready' && connections.length === 0 && (
        <div className="page-empty">
          <KeyIcon />
          <p className="page-empty-title">No connections yet</p>
          <p className="muted">
            Add one to clone private repositories, pick them from a list, and push. Public repositories work without one.
          </p>
        </div>
      )}
      {state === 'loading' && <p className="muted">Loading…</p>}
      {state === 'error' && <p className="muted">The connections could not be loaded. They will appear once Reposync answers.</p>}
      {connections.length > 0 && (
        <ul className="conn-list" aria-label="Connections">
          {connections.map((c) => (
            <ConnectionCard
              key={c.id}
              connection={c}
              onEdit={(focusSecret) => setOpen({ kind: 'edit', id: c.id, focusSecret })}
              onDelete={() => setOpen({ kind: 'delete', id: c.id })}
            />
          ))}
        </ul>
      )}

      {open?.kind === 'add' && <AddConnectionDialog onClose={close} />}
      {open?.kind === 'edit' && target && <EditConnectionDialog connection={target} focusSecret={open.focusSecret} onClose={close} />}
      {open?.kind === 'delete' && target && <DeleteConnectionDialog connection={target} onClose={close} />}
    </section>
  );
}
