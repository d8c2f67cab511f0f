/*
 * Accessible names, for tests (Playwright `getByRole(role, { name })`) and assistive tech.
 * Names are matched as substrings unless `exact: true`.
 *
 * Top bar
 *   heading 'Reposync' (level 1)
 *   status  'Connection'      text: 'Connected' | 'Connecting…' | 'Reconnecting…' (browser/host only)
 *   combobox 'Theme'          options 'System' | 'Light' | 'Dark'
 * Sidebar: navigation 'Workspaces'
 *   button <workspace name>   one per workspace; the selected one has aria-current="true"
 *   button 'Add workspace'    hidden while there are no workspaces (the empty state has it then)
 * Empty state
 *   heading 'Add your first workspace', button 'Add workspace'
 * Add dialog: dialog 'Add workspace' (the rest of the page is inert while it is open)
 *   textbox 'Folder' | 'Name' | 'Path prefix' | 'Group'   (optional ones read "Name (optional)")
 *   button 'Browse…'          only when app.info.canPickFolder (Electron)
 *   button 'Add workspace' (submit), button 'Cancel'; Escape closes
 *   Field errors: text under the field, tied by aria-describedby; the input gets aria-invalid.
 *   Errors without a field: role=alert inside the dialog.
 * Detail: article <workspace name>
 *   heading <workspace name> (level 2), status badge text ('In sync' | 'N changes' | 'No remote' | …)
 *   button 'Refresh', button 'Remove workspace…'
 *   list 'Changed files' with one listitem per file: '<Kind> <path>', Kind = Added | Modified |
 *   Deleted | Untracked | Conflicted
 *   Status read errors: role=alert in the pane.
 * Remove dialog: alertdialog 'Remove “<name>”?'
 *   button 'Cancel' (focused first), button 'Confirm remove'
 * Toasts: status 'Notifications'; each toast has a title ('Workspace added', 'Workspace removed',
 *   or an error title such as 'Not found') and a button 'Dismiss'.
 */
import { useEffect, useState } from 'react';
import type { Workspace } from '../../shared/domain';
import { AddWorkspaceDialog } from './components/add-workspace-dialog';
import { EmptyState } from './components/empty-state';
import { RemoveWorkspaceDialog } from './components/remove-workspace-dialog';
import { Sidebar } from './components/sidebar';
import { Toasts } from './components/toasts';
import { TopBar } from './components/top-bar';
import { WorkspaceDetail } from './components/workspace-detail';
import { useAppStore } from './store/store-context';

/** The workspace to remove is fixed when the dialog opens, not whatever is selected later. */
type OpenDialog = { kind: 'add' } | { kind: 'remove'; workspace: Workspace } | null;

export function App({ showConnection }: { showConnection: boolean }) {
  const theme = useAppStore((s) => s.theme);
  const listState = useAppStore((s) => s.listState);
  const selected = useAppStore((s) => s.workspaces.find((w) => w.id === s.selectedId) ?? null);
  const hasWorkspaces = useAppStore((s) => s.workspaces.length > 0);
  const [dialog, setDialog] = useState<OpenDialog>(null);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  const close = () => setDialog(null);
  return (
    <>
      <div className="shell" data-app-shell>
        <TopBar showConnection={showConnection} />
        <div className="body">
          <Sidebar onAdd={() => setDialog({ kind: 'add' })} />
          <main className="main" tabIndex={-1}>
            {selected ? (
              <WorkspaceDetail workspace={selected} onRemove={() => setDialog({ kind: 'remove', workspace: selected })} />
            ) : listState === 'ready' && !hasWorkspaces ? (
              <EmptyState onAdd={() => setDialog({ kind: 'add' })} />
            ) : listState === 'error' ? (
              <p className="muted main-note">The workspaces could not be loaded. They will appear once Reposync answers.</p>
            ) : (
              <p className="muted main-note">Loading…</p>
            )}
          </main>
        </div>
      </div>
      {dialog?.kind === 'add' && <AddWorkspaceDialog onClose={close} />}
      {dialog?.kind === 'remove' && <RemoveWorkspaceDialog workspace={dialog.workspace} onClose={close} />}
      <Toasts />
    </>
  );
}
