import type { SliceCreator } from './types';

export const WORKSPACE_TABS = ['overview', 'changes', 'history', 'conflicts'] as const;
export type WorkspaceTab = (typeof WORKSPACE_TABS)[number];

/** Where the window is. No router library: the hash mirrors this so a reload keeps the place. */
export type Route =
  | { page: 'workspaces' }
  /** `editId` opens that connection's edit dialog (e.g. from a "Re-enter token" action); not kept in the hash. */
  | { page: 'connections'; editId?: string }
  | { page: 'operations' }
  | { page: 'settings' }
  | { page: 'workspace'; workspaceId: string; tab: WorkspaceTab };

export type PageName = Exclude<Route['page'], 'workspace'>;

const PAGES: PageName[] = ['workspaces', 'connections', 'operations', 'settings'];

/** `#/workspaces/<id>/history` → the workspace's History tab; anything unknown → the dashboard. */
export function parseHash(hash: string): Route {
  const parts = hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  const [first, id, tab] = parts;
  if (first === 'workspaces' && id) {
    return { page: 'workspace', workspaceId: id, tab: WORKSPACE_TABS.includes(tab as WorkspaceTab) ? (tab as WorkspaceTab) : 'overview' };
  }
  if (PAGES.includes(first as PageName)) return { page: first as PageName } as Route;
  return { page: 'workspaces' };
}

/** The dashboard is the home page: it has no hash, so the address stays clean at start. */
export function formatHash(route: Route): string {
  switch (route.page) {
    case 'workspaces':
      return '';
    case 'workspace':
      return `#/workspaces/${encodeURIComponent(route.workspaceId)}/${route.tab}`;
    default:
      return `#/${route.page}`;
  }
}

export function sameRoute(a: Route, b: Route): boolean {
  return formatHash(a) === formatHash(b) && (a.page !== 'connections' || b.page !== 'connections' || a.editId === b.editId);
}

export interface NavigationSlice {
  route: Route;
  navigate(route: Route): void;
  /** Opens a workspace's page (and makes it the selected one, so its status is read). */
  openWorkspace(workspaceId: string, tab?: WorkspaceTab): void;
  /** The Connections page with that connection's edit dialog open (token field first). */
  editConnection(connectionId: string): void;
  /** The workspace whose settings dialog is open (a "Set author" fix opens it), or null. */
  settingsFor: string | null;
  editWorkspaceSettings(workspaceId: string | null): void;
}

function initialRoute(): Route {
  return typeof window === 'undefined' ? { page: 'workspaces' } : parseHash(window.location.hash);
}

export const createNavigationSlice: SliceCreator<NavigationSlice> = () => (set, get) => ({
  route: initialRoute(),
  navigate(route) {
    if (sameRoute(route, get().route)) return;
    set({ route });
    if (route.page === 'workspace' && get().selectedId !== route.workspaceId) get().selectWorkspace(route.workspaceId);
  },
  openWorkspace(workspaceId, tab = 'overview') {
    get().navigate({ page: 'workspace', workspaceId, tab });
  },
  editConnection(connectionId) {
    get().navigate({ page: 'connections', editId: connectionId });
  },
  settingsFor: null,
  editWorkspaceSettings(workspaceId) {
    if (workspaceId) get().openWorkspace(workspaceId, 'overview');
    set({ settingsFor: workspaceId });
  },
});
