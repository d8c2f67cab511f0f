import { useShallow } from 'zustand/react/shallow';
import type { Workspace } from '../../../shared/domain';
import { statusBadge } from '../lib/status-text';
import { useAppStore } from '../store/store-context';
import { PlusIcon } from './icons';

/** Workspaces without a group come first, then one titled list per group. */
function groupWorkspaces(workspaces: Workspace[]): [string | null, Workspace[]][] {
  const groups = new Map<string | null, Workspace[]>();
  for (const w of workspaces) {
    const list = groups.get(w.group) ?? [];
    list.push(w);
    groups.set(w.group, list);
  }
  return [...groups.entries()].sort(([a], [b]) => (a === null ? -1 : b === null ? 1 : a.localeCompare(b)));
}

function WorkspaceItem({ workspace, selected }: { workspace: Workspace; selected: boolean }) {
  const selectWorkspace = useAppStore((s) => s.selectWorkspace);
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
        onClick={() => selectWorkspace(workspace.id)}
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

/** The left column: every workspace, and the way to add one. */
export function Sidebar({ onAdd }: { onAdd(): void }) {
  const { workspaces, selectedId, listState } = useAppStore(
    useShallow((s) => ({ workspaces: s.workspaces, selectedId: s.selectedId, listState: s.listState })),
  );
  const empty = listState === 'ready' && workspaces.length === 0;
  return (
    <nav className="sidebar" aria-label="Workspaces">
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
  );
}
