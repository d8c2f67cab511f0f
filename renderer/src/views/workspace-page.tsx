import { useRef, type KeyboardEvent } from 'react';
import type { Workspace } from '../../../shared/domain';
import { DownloadIcon, GearIcon, RefreshIcon, TrashIcon, UploadIcon } from '../components/icons';
import { OperationBanner } from '../components/operation-banner';
import { WorkspaceDetail } from '../components/workspace-detail';
import { WorkspaceSettingsDialog } from '../components/workspace-settings-dialog';
import { WORKSPACE_TABS, type WorkspaceTab } from '../store/navigation-slice';
import { activeOperationFor } from '../store/operations-slice';
import { useAppStore } from '../store/store-context';
import { ChangesView } from './changes/changes-view';
import { ConflictsView } from './conflicts/conflicts-view';
import { Badge } from './dashboard/badge';
import { workspaceBadge } from './dashboard/workspace-badge';
import { HistoryView } from './history/history-view';

const TAB_LABELS: Record<WorkspaceTab, string> = {
  overview: 'Overview',
  changes: 'Changes',
  history: 'History',
  conflicts: 'Conflicts',
};

/** "Conflicts, 2 unresolved": the count badge read as words. */
function tabName(tab: WorkspaceTab, conflicts: number, changed: number): string {
  if (tab === 'conflicts' && conflicts > 0) return `Conflicts, ${conflicts} unresolved`;
  if (tab === 'changes' && changed > 0) return `Changes, ${changed} changed`;
  return TAB_LABELS[tab];
}

function TabContent({ tab, workspace }: { tab: WorkspaceTab; workspace: Workspace }) {
  switch (tab) {
    case 'overview':
      return <WorkspaceDetail workspace={workspace} />;
    case 'changes':
      return <ChangesView workspace={workspace} />;
    case 'history':
      return <HistoryView workspace={workspace} />;
    case 'conflicts':
      return <ConflictsView workspace={workspace} />;
  }
}

/**
 * One workspace: its header (status, Pull, Push, Refresh, Remove) and four tabs. The tabs are
 * an ARIA tablist: one Tab stop, arrows/Home/End move and activate, the panel follows.
 */
export function WorkspacePage({ workspace, tab, onRemove }: { workspace: Workspace; tab: WorkspaceTab; onRemove(): void }) {
  const entry = useAppStore((s) => s.statuses[workspace.id]);
  const active = useAppStore((s) => activeOperationFor(s.operations, workspace.id));
  const refreshStatus = useAppStore((s) => s.refreshStatus);
  const openWorkspace = useAppStore((s) => s.openWorkspace);
  const pullWorkspace = useAppStore((s) => s.pullWorkspace);
  const settingsOpen = useAppStore((s) => s.settingsFor === workspace.id);
  const editSettings = useAppStore((s) => s.editWorkspaceSettings);
  const tabs = useRef<Record<string, HTMLButtonElement | null>>({});
  const status = entry?.status ?? null;
  const loading = entry?.loading ?? true;
  const badge = workspaceBadge(entry, active);
  const conflicts = status?.conflicts.length ?? 0;
  const inMerge = status?.state === 'conflicted';
  const changed = status?.files.length ?? 0;
  const idBase = `ws-${workspace.id}`;

  const select = (next: WorkspaceTab) => {
    openWorkspace(workspace.id, next);
    tabs.current[next]?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const index = WORKSPACE_TABS.indexOf(tab);
    const last = WORKSPACE_TABS.length - 1;
    const target =
      event.key === 'ArrowRight' ? (index + 1) % (last + 1)
      : event.key === 'ArrowLeft' ? (index + last) % (last + 1)
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : null;
    if (target === null) return;
    event.preventDefault();
    select(WORKSPACE_TABS[target] as WorkspaceTab);
  };

  return (
    <article className="detail workspace-page" aria-labelledby="detail-title">
      <header className="detail-header">
        <div className="detail-heading">
          <h2 id="detail-title" className="detail-title">
            {workspace.name}
          </h2>
          {badge && <Badge badge={badge} />}
          {workspace.group && <span className="chip">{workspace.group}</span>}
        </div>
        <div className="toolbar">
          <button
            type="button"
            className="button"
            aria-disabled={active ? true : undefined}
            title={active ? `${active.title} is running` : 'Download and merge the remote branch'}
            onClick={() => !active && void pullWorkspace(workspace.id)}
          >
            <DownloadIcon />
            Pull
          </button>
          <button type="button" className="button" title="Choose changes to commit and push" onClick={() => select('changes')}>
            <UploadIcon />
            Push
          </button>
          <button type="button" className="button" aria-busy={loading || undefined} onClick={() => void refreshStatus(workspace.id)}>
            <span className={loading ? 'icon-wrap spin' : 'icon-wrap'}>
              <RefreshIcon />
            </span>
            Refresh
          </button>
          <button type="button" className="button" onClick={() => editSettings(workspace.id)}>
            <GearIcon />
            Settings…
          </button>
          <button type="button" className="button button-quiet-danger" onClick={onRemove}>
            <TrashIcon />
            Remove workspace…
          </button>
        </div>
      </header>

      <OperationBanner workspaceId={workspace.id} />

      <div className="tabs" role="tablist" aria-label="Workspace sections" onKeyDown={onKeyDown}>
        {WORKSPACE_TABS.map((t) => (
          <button
            key={t}
            ref={(el) => {
              tabs.current[t] = el;
            }}
            type="button"
            role="tab"
            id={`${idBase}-tab-${t}`}
            aria-selected={t === tab}
            aria-controls={`${idBase}-panel`}
            tabIndex={t === tab ? 0 : -1}
            className={`tab${t === 'conflicts' && inMerge ? ' tab-alert' : ''}`}
            aria-label={tabName(t, conflicts, status?.files.length ?? 0)}
            onClick={() => select(t)}
          >
            {TAB_LABELS[t]}
            {t === 'conflicts' && conflicts > 0 && <span className="count count-danger">{conflicts}</span>}
            {t === 'changes' && changed > 0 && <span className="count">{changed}</span>}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`${idBase}-panel`} aria-labelledby={`${idBase}-tab-${tab}`} tabIndex={-1}>
        <TabContent tab={tab} workspace={workspace} />
      </div>
      {settingsOpen && <WorkspaceSettingsDialog workspace={workspace} onClose={() => editSettings(null)} />}
    </article>
  );
}
