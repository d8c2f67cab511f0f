/*
 * History tab. Accessible names (Playwright `getByRole(role, { name })`):
 *   region  'History'
 *   searchbox 'Search commits'          message or author; filters after a short pause
 *   textbox 'Path filter'               a file or folder: its history; Enter or leaving the field applies
 *   button  'Clear path filter'         only while a path filter is set
 *   button  'Refresh history'
 *   listbox 'Commits'                   one tab stop; option per commit (name starts with the subject);
 *                                       ↑/↓/PageUp/PageDown/Home/End select, Enter moves into the detail
 *   status  inside the list while more commits load; alert + button 'Retry' when a page fails
 *   region  'Commit details'            heading (level 3) = subject; buttons 'Parent commit <short oid>'
 *   list    'Files in this commit'      a button per file ('<Added|Modified|Deleted|Renamed> <path> +a −d'),
 *                                       the shown one has aria-current
 *   group   'Diff layout'               buttons 'Unified' | 'Split' (aria-pressed); remembered
 *   checkbox 'Hide whitespace changes'  remembered
 *   button  'History of this file' | 'Open file at this commit' | 'Back to diff'
 *   region  'Diff of <path>' / 'Lines of <path>'; button 'Show anyway' on the big-file guard
 *   region  'File <path>' / 'Contents of <path>' for the file at a commit
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { Workspace } from '../../../../shared/domain';
import { RefreshIcon } from '../../components/icons';
import { useAppStore } from '../../store/store-context';
import { CommitDetail } from './commit-detail';
import { CommitList } from './commit-list';
import './history.css';

const SEARCH_DELAY_MS = 300;

/** Fills the height left below the view's top, so the list and diff scroll inside it. */
function useFillHeight(ref: RefObject<HTMLElement | null>): number | null {
  const [height, setHeight] = useState<number | null>(null);
  useLayoutEffect(() => {
    const measure = () => {
      const el = ref.current;
      if (!el) return;
      let scroller: HTMLElement | null = el.parentElement;
      while (scroller && !/(auto|scroll)/.test(getComputedStyle(scroller).overflowY)) scroller = scroller.parentElement;
      const top = el.getBoundingClientRect().top + (scroller?.scrollTop ?? 0) - (scroller?.getBoundingClientRect().top ?? 0);
      const available = (scroller?.clientHeight ?? window.innerHeight) - top - 16;
      setHeight(Math.max(420, Math.floor(available)));
    };
    measure();
    window.addEventListener('resize', measure);
    // Content above the view can change size (a banner, wrapped buttons): measure again then.
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    const page = ref.current?.closest('article') ?? ref.current?.parentElement;
    if (observer && page) observer.observe(page);
    return () => {
      window.removeEventListener('resize', measure);
      observer?.disconnect();
    };
  }, [ref]);
  return height;
}

export function HistoryView({ workspace }: { workspace: Workspace }) {
  const list = useAppStore((s) => (s.historyList?.workspaceId === workspace.id ? s.historyList : null));
  const selected = useAppStore((s) => s.historySelected);
  const detail = useAppStore((s) => s.historyDetail);
  const openHistory = useAppStore((s) => s.openHistory);
  const loadMoreHistory = useAppStore((s) => s.loadMoreHistory);
  const selectCommit = useAppStore((s) => s.selectCommit);

  const rootRef = useRef<HTMLElement>(null);
  const detailRef = useRef<HTMLElement>(null);
  const height = useFillHeight(rootRef);
  const [search, setSearch] = useState(list?.filter.search ?? '');
  const [pathDraft, setPathDraft] = useState(list?.filter.path ?? '');
  const path = list?.filter.path ?? null;
  const applied = list?.filter.search ?? '';
  const filterRef = useRef(list?.filter ?? null);
  filterRef.current = list?.filter ?? null;

  // Coming back to the tab keeps the list and its filter; another workspace starts unfiltered.
  // Only the workspace decides here: filter changes go through the handlers below.
  const shownWorkspace = useRef(workspace.id);
  useEffect(() => {
    const same = shownWorkspace.current === workspace.id;
    shownWorkspace.current = workspace.id;
    if (!same) {
      setSearch('');
      setPathDraft('');
    }
    const current = filterRef.current;
    void openHistory(workspace.id, same && current ? current : {});
  }, [workspace.id, openHistory]);

  useEffect(() => {
    if (search.trim() === applied) return;
    const timer = setTimeout(() => void openHistory(workspace.id, { path, search }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, applied, path, workspace.id, openHistory]);

  const applyPath = (next: string) => {
    setPathDraft(next);
    void openHistory(workspace.id, { path: next, search });
  };

  const showFileHistory = useCallback(
    (file: string) => {
      setPathDraft(file);
      void openHistory(workspace.id, { path: file, search: '' });
      setSearch('');
    },
    [openHistory, workspace.id],
  );

  const openDetail = useCallback(() => {
    const root = detailRef.current;
    const target = root?.querySelector<HTMLElement>('.commit-file[aria-current]') ?? root?.querySelector<HTMLElement>('#commit-detail-title') ?? root;
    target?.focus();
  }, []);

  // Like a mail client: the newest commit is shown until the user picks another.
  const first = list?.commits[0]?.oid;
  useEffect(() => {
    if (first && !selected) void selectCommit(first);
  }, [first, selected, selectCommit]);

  const onLoadMore = useCallback(() => void loadMoreHistory(), [loadMoreHistory]);
  const onSelect = useCallback((oid: string) => void selectCommit(oid), [selectCommit]);
  const detailOid = detail?.oid;
  const onRetryDetail = useCallback(() => detailOid && void selectCommit(detailOid), [detailOid, selectCommit]);
  const filtered = Boolean(path || applied);
  const emptyText = applied
    ? `No commits match “${applied}”${path ? ` in ${path}` : ''}.`
    : path
      ? `No commits changed ${path}.`
      : 'This branch has no commits yet.';

  return (
    <section ref={rootRef} className="history-view" aria-label="History" style={height ? { height } : undefined}>
      <div className="history-toolbar">
        <input
          type="search"
          className="input"
          aria-label="Search commits"
          placeholder="Search messages and authors"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <form
          className="history-path"
          onSubmit={(e) => {
            e.preventDefault();
            applyPath(pathDraft);
          }}
        >
          <input
            className="input input-mono"
            aria-label="Path filter"
            placeholder="Filter by file or folder"
            value={pathDraft}
            onChange={(e) => setPathDraft(e.target.value)}
            onBlur={() => pathDraft.trim() !== (path ?? '') && applyPath(pathDraft)}
          />
          {path && (
            <button type="button" className="button diff-button" onClick={() => applyPath('')}>
              Clear path filter
            </button>
          )}
        </form>
        <button
          type="button"
          className="icon-button"
          aria-label="Refresh history"
          title="Refresh history"
          onClick={() => void openHistory(workspace.id, { path, search: applied }, { reload: true })}
        >
          <RefreshIcon />
        </button>
      </div>
      {path && (
        <p className="history-filter-note">
          Showing the history of <code>{path}</code>
        </p>
      )}
      <div className="history-panes">
        <div className="history-list-pane">
          {list ? (
            <CommitList
              list={list}
              selected={selected}
              showGraph={!filtered}
              emptyText={emptyText}
              onSelect={onSelect}
              onOpen={openDetail}
              onLoadMore={onLoadMore}
            />
          ) : (
            <p className="history-empty muted" role="status">
              Loading history…
            </p>
          )}
        </div>
        <CommitDetail
          ref={detailRef}
          workspaceId={workspace.id}
          state={detail}
          onOpenCommit={onSelect}
          onFileHistory={showFileHistory}
          onRetry={onRetryDetail}
        />
      </div>
    </section>
  );
}
