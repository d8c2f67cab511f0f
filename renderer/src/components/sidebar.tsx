import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Workspace } from '../../../shared/domain';
import { statusBadge } from '../lib/status-text';
import type { PageName } from '../store/navigation-slice';
import { isActive } from '../store/operations-slice';
import { useAppStore } from '../store/store-context';
import { ActivityIcon, GearIcon, GridIcon, KeyIcon, PlusIcon } from './icons';

/** Workspaces without a group come first, then one titled list per group. */
export function groupWorkspaces(workspaces: Workspace[]): [string | null, Workspace[]][] {
  const groups = new Map<string | null, Workspace[]>();
  for (const w of workspaces) {
    const list = groups.get(w.group) ?? [];
    list.push(w);
    groups.set(w.group, list);
  }
  return [...groups.entries()].sort(([a], [b]) => (a === null ? -1 : b === null ? 1 : a.localeCompare(b)));
}

function WorkspaceItem({ workspace, selected }: { workspace: Workspace; selected: boolean }) {
  const openWorkspace = useAppStore((s) => s.openWorkspace);
  const status = useAppStore((s) => s.statuses[workspace.id]?.status ?? null);
  const badge = status ? statusBadge(status) : null;
  const nameId = `ws-name-${workspace.id}`;
  const descId = `ws-desc-${workspace.id}`;
  return (
    <li>
      <button
        type="button"
        className="nav-item"
        aria-current={selected ? 'true' : undefined}
        aria-labelledby={nameId}
        aria-describedby={descId}
        onClick={() => openWorkspace(workspace.id)}
      >
        <span className="nav-item-text">
          <span id={nameId} className="nav-item-name">
            {workspace.name}
          </span>
          <span id={descId} className="nav-item-path">
            <bdi>{workspace.path}</bdi>
            {badge && <span className="sr-only">, {badge.label}</span>}
          </span>
        </span>
        {badge && <span className={`nav-dot tone-${badge.tone}`} aria-hidden="true" title={badge.label} />}
      </button>
    </li>
  );
}

function PageLink({ page, icon, label, count }: { page: PageName; icon: ReactNode; label: string; count?: ReactNode }) {
  const current = useAppStore((s) => s.route.page === page);
  const navigate = useAppStore((s) => s.navigate);
  return (
    <li>
      <button
        type="button"
        className="page-link"
        aria-current={current ? 'page' : undefined}
        onClick={() => navigate({ page } as Parameters<typeof navigate>[0])}
      >
        {icon}
        <span className="page-link-label">{label}</span>
        {count}
      </button>
    </li>
  );
}

/** The left column: the app's pages, then every workspace and the way to add one. */
export function Sidebar({ onAdd }: { onAdd(): void }) {
  const { workspaces, route, listState } = useAppStore(
    useShallow((s) => ({ workspaces: s.workspaces, route: s.route, listState: s.listState })),
  );
  const running = useAppStore((s) => Object.values(s.operations).filter(isActive).length);
  const selectedId = route.page === 'workspace' ? route.workspaceId : null;
  const empty = listState === 'ready' && workspaces.length === 0;
  return (
    <aside className="sidebar">
      <nav aria-label="Pages" className="pages-nav">
        <ul className="nav-list">
          <PageLink page="workspaces" icon={<GridIcon />} label="Workspaces" />
          <PageLink page="connections" icon={<KeyIcon />} label="Connections" />
          <PageLink
            page="operations"
            icon={<ActivityIcon />}
            label="Operations"
            count={running > 0 ? <span className="count count-live">{running}<span className="sr-only"> running</span></span> : undefined}
          />
          <PageLink page="settings" icon={<GearIcon />} label="Settings" />
        </ul>
      </nav>
      <nav aria-label="Workspaces" className="workspaces-nav">
        <div className="sidebar-header">
          <h2 className="sidebar-title">Workspaces</h2>
          {workspaces.length > 0 && <span className="count">{workspaces.length}</span>}
        </div>
        <div className="sidebar-scroll">
          {empty && <p className="sidebar-note">No workspaces yet. They will be listed here.</p>}
          {listState === 'loading' && <p className="sidebar-note">Loading…</p>}
          {groupWorkspaces(workspaces).map(([group, list]) => (
            <div key={group ?? ''} className="nav-group">
              {group && <h3 className="nav-group-title">{group}</h3>}
              <ul className="nav-list">
                {list.map((w) => (
                  <WorkspaceItem key={w.id} workspace={w} selected={w.id === selectedId} />
                ))}
              </ul>
            </div>
          ))}
        </div>
        {/* Only beside a list: while empty, the empty state's own button is the one call to action. */}
        {workspaces.length > 0 && (
          <div className="sidebar-footer">
            <button type="button" className="button button-block" onClick={onAdd}>
              <PlusIcon />
              Add workspace
            </button>
          </div>
        )}
      </nav>
    </aside>
  );
}
