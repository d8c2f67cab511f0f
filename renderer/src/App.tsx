/*
 * Accessible names, for tests (Playwright `getByRole(role, { name })`) and assistive tech.
 * Names are matched as substrings unless `exact: true`. Each view file lists its own names in
 * its header comment (dashboard, connections, setup, operations, settings).
 *
 * Top bar
 *   heading 'Reposync' (level 1)
 *   status  'Connection'      text: 'Connected' | 'Connecting…' | 'Reconnecting…' (browser/host only)
 *   button  'Operations: N running'   only while something runs; opens the Operations page
 * Sidebar
 *   navigation 'Pages': buttons 'Workspaces' | 'Connections' | 'Operations' | 'Settings'
 *     (the current page has aria-current="page"; Operations shows the running count)
 *   navigation 'Workspaces': button <workspace name> per workspace (aria-current="true" on the
 *     open one), button 'Add workspace' (hidden while there are none)
 * Pages (the URL hash follows: '' | #/connections | #/operations | #/settings |
 *   #/workspaces/<id>/<overview|changes|history|conflicts>)
 *   Workspaces (dashboard) → views/dashboard/dashboard-view.tsx; with no workspaces the empty
 *     state: heading 'Add your first workspace', buttons 'Add workspace', 'Add a connection'
 *   Workspace page → views/workspace-page.tsx:
 *     article <name>, heading <name> (level 2), status badge, buttons 'Pull', 'Push', 'Refresh',
 *     'Remove workspace…'; tablist 'Workspace sections' with tabs 'Overview' | 'Changes' |
 *     'History' | 'Conflicts' (names grow to 'Changes, N changed' / 'Conflicts, N unresolved' with
 *     their count badges; Conflicts has class tab-alert while a merge is unfinished), one
 *     tabpanel. Overview: list 'Changed files' ('<Kind> <path>'), status read errors as role=alert.
 *     A running operation shows status '<title>' with progressbar '<title> progress', button 'Cancel'.
 * Remove dialog: alertdialog 'Remove “<name>”?' — button 'Cancel' (focused first), 'Confirm remove'
 * Setup dialog: dialog 'Add workspace' → views/setup/setup-dialog.tsx
 * Toasts: status 'Notifications'; each toast has a title, a message, sometimes one action
 *   button ('Re-enter token' | 'Pull first' | 'Review changes' | 'Show operations' |
 *   'Resolve conflicts') and a button 'Dismiss'.
 */
import { useEffect, useState } from 'react';
import type { Workspace } from '../../shared/domain';
import { RemoveWorkspaceDialog } from './components/remove-workspace-dialog';
import { Sidebar } from './components/sidebar';
import { Toasts } from './components/toasts';
import { TopBar } from './components/top-bar';
import { useHashRoute } from './components/use-hash-route';
import { useAppStore } from './store/store-context';
import { ConnectionsView } from './views/connections/connections-view';
import { DashboardView } from './views/dashboard/dashboard-view';
import { OperationsView } from './views/operations/operations-view';
import { SettingsView } from './views/settings/settings-view';
import { SetupDialog } from './views/setup/setup-dialog';
import { WorkspacePage } from './views/workspace-page';
import './styles/shell-pages.css';
import './styles/connections.css';
import './styles/setup.css';

/** The workspace to remove is fixed when the dialog opens, not whatever is open later. */
type OpenDialog = { kind: 'add' } | { kind: 'remove'; workspace: Workspace } | null;

function useEngineData(): void {
  const connection = useAppStore((s) => s.connection);
  const loadConnections = useAppStore((s) => s.loadConnections);
  const loadOperations = useAppStore((s) => s.loadOperations);
  const startAutoFetch = useAppStore((s) => s.startAutoFetch);
  // connect-engine loads app info and workspaces; the rest is loaded (again) on every (re)open.
  useEffect(() => {
    if (connection !== 'open') return;
    void loadConnections();
    void loadOperations();
  }, [connection, loadConnections, loadOperations]);
  useEffect(() => startAutoFetch(), [startAutoFetch]);
}

/** A workspace page follows the selection; a page of a workspace that is gone falls back to the dashboard. */
function useRouteSelection(): void {
  const route = useAppStore((s) => s.route);
  const listState = useAppStore((s) => s.listState);
  const exists = useAppStore((s) => route.page === 'workspace' && s.workspaces.some((w) => w.id === route.workspaceId));
  const selectedId = useAppStore((s) => s.selectedId);
  const selectWorkspace = useAppStore((s) => s.selectWorkspace);
  const navigate = useAppStore((s) => s.navigate);
  useEffect(() => {
    if (route.page !== 'workspace') return;
    if (exists && selectedId !== route.workspaceId) selectWorkspace(route.workspaceId);
    if (!exists && listState === 'ready') navigate({ page: 'workspaces' });
  }, [route, exists, selectedId, listState, selectWorkspace, navigate]);
}

function Page({ onAdd, onRemove }: { onAdd(): void; onRemove(workspace: Workspace): void }) {
  const route = useAppStore((s) => s.route);
  const workspace = useAppStore((s) => (route.page === 'workspace' ? s.workspaces.find((w) => w.id === route.workspaceId) : undefined));
  switch (route.page) {
    case 'connections':
      return <ConnectionsView />;
    case 'operations':
      return <OperationsView />;
    case 'settings':
      return <SettingsView />;
    case 'workspace':
      return workspace ? (
        <WorkspacePage key={workspace.id} workspace={workspace} tab={route.tab} onRemove={() => onRemove(workspace)} />
      ) : (
        <p className="muted main-note">Loading…</p>
      );
    case 'workspaces':
      return <DashboardView onAdd={onAdd} />;
  }
}

export function App({ showConnection }: { showConnection: boolean }) {
  const theme = useAppStore((s) => s.theme);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  useHashRoute();
  useEngineData();
  useRouteSelection();

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  const close = () => setDialog(null);
  const add = () => setDialog({ kind: 'add' });
  return (
    <>
      <div className="shell" data-app-shell>
        <TopBar showConnection={showConnection} />
        <div className="body">
          <Sidebar onAdd={add} />
          <main className="main" tabIndex={-1}>
            <Page onAdd={add} onRemove={(workspace) => setDialog({ kind: 'remove', workspace })} />
          </main>
        </div>
      </div>
      {dialog?.kind === 'add' && <SetupDialog onClose={close} />}
      {dialog?.kind === 'remove' && <RemoveWorkspaceDialog workspace={dialog.workspace} onClose={close} />}
      <Toasts />
    </>
  );
}
