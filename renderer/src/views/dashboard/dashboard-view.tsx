/*
 * Dashboard names: region 'Workspaces' (heading level 2), combobox 'Group' (All groups | <group> |
 * No group), button 'Pull all in group' (with one group chosen; `sync.bulkPull`), button 'Add workspace', one list per group ('<group>', 'No group', or 'All workspaces' when nothing is grouped), each
 * listitem named by its workspace with button '<name>' (opens it), a status badge, 'Synced …' /
 * 'Never synced', buttons 'Pull <name>' and 'Push <name>'.
 */
import { useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { EmptyState } from '../../components/empty-state';
import { DownloadIcon, PlusIcon } from '../../components/icons';
import { groupWorkspaces } from '../../components/sidebar';
import { isActive } from '../../store/operations-slice';
import { useAppStore } from '../../store/store-context';
import { WorkspaceRow } from './workspace-row';

const ALL = '\u0000all';
const NONE = '\u0000none';

/** Every workspace at a glance, by group, with the two actions people use most. */
export function DashboardView({ onAdd }: { onAdd(): void }) {
  const { workspaces, listState } = useAppStore(useShallow((s) => ({ workspaces: s.workspaces, listState: s.listState })));
  const refreshStatus = useAppStore((s) => s.refreshStatus);
  const navigate = useAppStore((s) => s.navigate);
  const pullGroup = useAppStore((s) => s.pullGroup);
  const bulkRunning = useAppStore((s) => Object.values(s.operations).some((op) => op.kind === 'bulk_pull' && isActive(op)));
  const [group, setGroup] = useState(ALL);
  const filterId = useId();

  // The dashboard needs every workspace's status, not only the selected one's.
  const unread = useAppStore((s) => s.workspaces.filter((w) => !s.statuses[w.id]).map((w) => w.id).join('\n'));
  useEffect(() => {
    for (const id of unread.split('\n')) if (id) void refreshStatus(id);
  }, [unread, refreshStatus]);

  if (listState === 'ready' && workspaces.length === 0) {
    return <EmptyState onAdd={onAdd} onConnections={() => navigate({ page: 'connections' })} />;
  }
  if (listState === 'error') {
    return <p className="muted main-note">The workspaces could not be loaded. They will appear once Reposync answers.</p>;
  }
  if (listState !== 'ready') return <p className="muted main-note">Loading…</p>;

  const groups = groupWorkspaces(workspaces);
  const names = groups.map(([g]) => g).filter((g): g is string => g !== null);
  const hasUngrouped = groups.some(([g]) => g === null);
  // A group that no longer exists (its last workspace was removed) falls back to all.
  const current = group === ALL || (group === NONE && hasUngrouped) || names.includes(group) ? group : ALL;
  const shown = groups.filter(([g]) => current === ALL || (current === NONE ? g === null : g === current));

  return (
    <section className="page dashboard" aria-labelledby="dashboard-title">
      <header className="page-header">
        <div>
          <h2 id="dashboard-title" className="page-title">
            Workspaces
          </h2>
          <p className="page-lead">Every folder Reposync keeps in step with its repository.</p>
        </div>
        <div className="toolbar">
          {names.length > 0 && (
            <div className="inline-field">
              <label htmlFor={filterId}>Group</label>
              <select id={filterId} className="select" value={current} onChange={(e) => setGroup(e.target.value)}>
                <option value={ALL}>All groups</option>
                {names.map((g) => (
                  <option key={g} value={g}>
                    {g}
                  </option>
                ))}
                {hasUngrouped && <option value={NONE}>No group</option>}
              </select>
            </div>
          )}
          {current !== ALL && current !== NONE && (
            <button
              type="button"
              className="button"
              aria-disabled={bulkRunning || undefined}
              title={bulkRunning ? 'A bulk pull is running' : `Pull every workspace of “${current}”`}
              onClick={() => !bulkRunning && void pullGroup(current)}
            >
              <DownloadIcon />
              Pull all in group
            </button>
          )}
          <button type="button" className="button button-primary" onClick={onAdd}>
            <PlusIcon />
            Add workspace
          </button>
        </div>
      </header>
      {shown.map(([g, list]) => (
        <section key={g ?? ''} className="ws-group" aria-label={names.length > 0 ? (g ?? 'No group') : undefined}>
          {names.length > 0 && <h3 className="ws-group-title">{g ?? 'No group'}</h3>}
          <ul className="ws-list" aria-label={g ?? (names.length > 0 ? 'No group' : 'All workspaces')}>
            {list.map((w) => (
              <WorkspaceRow key={w.id} workspace={w} />
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
