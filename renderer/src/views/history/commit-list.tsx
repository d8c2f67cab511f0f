import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { describeError } from '../../lib/error-text';
import { relativeTime } from '../../lib/relative-time';
import type { HistoryCommit, HistoryListState } from '../../store/history-slice';
import { CommitGraph, graphWidth } from './commit-graph';
import type { LaneRow } from './graph-lanes';
import { useLaneRows } from './use-lane-rows';

/** Fixed, so 100k rows cost nothing to lay out. */
export const COMMIT_ROW_HEIGHT = 48;
/** Ask for the next page while this many loaded rows are still below the view. */
const PREFETCH_ROWS = 60;
/** Rows rendered beyond each edge of the view, so a fast scroll never shows a blank row. */
const OVERSCAN = 12;
/** One formatter for every row's tooltip (`toLocaleString()` builds one per call); same output. */
const FULL_DATE = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });

/** The full date as the tooltip, made when the pointer comes: formatting every row up front costs more than the row. */
function showFullDate(event: PointerEvent<HTMLElement>): void {
  const el = event.currentTarget;
  if (el.title) return;
  const iso = el.getAttribute('datetime') ?? '';
  const date = new Date(iso);
  el.title = Number.isNaN(date.getTime()) ? iso : FULL_DATE.format(date);
}

export function commitDomId(oid: string): string {
  return `commit-${oid}`;
}

const CommitRow = memo(function CommitRow({
  commit,
  lane,
  graph,
  selected,
  position,
  total,
  onSelect,
}: {
  commit: HistoryCommit;
  lane: LaneRow | null;
  graph: number;
  selected: boolean;
  /** 1-based place in the whole list, and the list's size (-1 while more may load): rows are virtual. */
  position: number;
  total: number;
  onSelect(oid: string): void;
}) {
  const date = commit.authorDate;
  return (
    <div
      id={commitDomId(commit.oid)}
      role="option"
      aria-selected={selected}
      aria-posinset={position}
      aria-setsize={total}
      className={lane ? 'commit-row' : 'commit-row commit-row-plain'}
      onClick={() => onSelect(commit.oid)}
      data-oid={commit.oid}
    >
      {lane && <CommitGraph row={lane} height={COMMIT_ROW_HEIGHT} width={graph} />}
      <div className="commit-row-text">
        <span className="commit-subject">{commit.subject || <span className="muted">(no message)</span>}</span>
        <span className="commit-row-meta">
          <span className="commit-author">{commit.authorName}</span>
          <span aria-hidden="true">·</span>
          <time dateTime={date} onPointerEnter={showFullDate}>
            {relativeTime(date)}
          </time>
          <span className="commit-oid mono">{commit.oid.slice(0, 7)}</span>
        </span>
      </div>
    </div>
  );
});

export interface CommitListProps {
  list: HistoryListState;
  selected: string | null;
  showGraph: boolean;
  emptyText: string;
  onSelect(oid: string): void;
  /** Enter on the list: move into the selected commit's detail. */
  onOpen(): void;
  onLoadMore(): void;
}

/**
 * The commit list: a listbox with one tab stop, arrows move the selection (which shows the
 * commit), Enter opens its detail. Rows are virtualized; the next page loads as the end nears.
 */
export function CommitList({ list, selected, showGraph, emptyText, onSelect, onOpen, onLoadMore }: CommitListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const { commits } = list;
  const lanes = useLaneRows(commits, showGraph);
  const graph = lanes ? graphWidth(lanes.widest) : 0;
  const footer = !list.complete || list.error ? 1 : 0;
  const count = commits.length + footer;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => COMMIT_ROW_HEIGHT,
    overscan: OVERSCAN,
    // Before the scroller has a size (first render, jsdom): a typical list height.
    initialRect: { width: 400, height: 600 },
  });
  const items = virtualizer.getVirtualItems();
  const range = { start: items[0]?.index ?? 0, end: items.length > 0 ? items[items.length - 1]!.index + 1 : 0 };
  const lastVisible = Math.max(0, range.end - 1);
  const scrollToIndex = useCallback((index: number) => virtualizer.scrollToIndex(index, { align: 'auto' }), [virtualizer]);

  const wantMore = !list.complete && !list.loading && !list.error && lastVisible >= commits.length - PREFETCH_ROWS;
  useEffect(() => {
    if (wantMore) onLoadMore();
  }, [wantMore, commits.length, onLoadMore]);

  // Only when the selection or the list changes: not on every scroll step (100k rows to search).
  const selectedIndex = useMemo(() => (selected ? commits.findIndex((c) => c.oid === selected) : -1), [commits, selected]);
  useEffect(() => {
    if (selectedIndex >= 0) scrollToIndex(selectedIndex);
  }, [selectedIndex, scrollToIndex]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (commits.length === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 480) / COMMIT_ROW_HEIGHT) - 1);
    const from = selectedIndex < 0 ? -1 : selectedIndex;
    const moves: Record<string, number> = {
      ArrowDown: from + 1,
      ArrowUp: from - 1,
      PageDown: from + page,
      PageUp: from - page,
      Home: 0,
      End: commits.length - 1,
    };
    if (event.key === 'Enter' && selectedIndex >= 0) {
      event.preventDefault();
      onOpen();
      return;
    }
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const index = Math.max(0, Math.min(commits.length - 1, target));
    onSelect(commits[index]!.oid);
  };

  if (commits.length === 0 && list.complete && !list.error) {
    return <p className="history-empty muted">{emptyText}</p>;
  }

  return (
    <div
      ref={scrollRef}
      className="commit-list"
      role="listbox"
      aria-label="Commits"
      aria-busy={list.loading || undefined}
      aria-activedescendant={selectedIndex >= 0 ? commitDomId(selected!) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div className="commit-list-rows" style={{ height: count * COMMIT_ROW_HEIGHT }}>
        {/* Each row placed on its own: when the window moves, rows that stay do not move, so they are not laid out or painted again. */}
        {rowIndexes(range.start, range.end).map((index) => {
          const commit = commits[index];
          return (
            <div key={commit ? commit.oid : 'footer'} className="commit-list-item" style={{ transform: `translateY(${index * COMMIT_ROW_HEIGHT}px)` }}>
              {commit ? (
                <CommitRow
                  commit={commit}
                  lane={lanes?.rows[index] ?? null}
                  graph={graph}
                  selected={commit.oid === selected}
                  position={index + 1}
                  total={list.complete ? commits.length : -1}
                  onSelect={onSelect}
                />
              ) : (
                <ListFooter list={list} onRetry={onLoadMore} />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function rowIndexes(start: number, end: number): number[] {
  const out: number[] = [];
  for (let i = start; i < end; i++) out.push(i);
  return out;
}

function ListFooter({ list, onRetry }: { list: HistoryListState; onRetry(): void }) {
  if (list.error) {
    const { title, message } = describeError(list.error);
    return (
      <div className="commit-list-footer" role="alert">
        <span>
          <strong>{title}.</strong> {message}
        </span>
        <button type="button" className="button diff-button" onClick={onRetry}>
          Retry
        </button>
      </div>
    );
  }
  return (
    <div className="commit-list-footer muted" role="status">
      <span className="spinner" aria-hidden="true" />
      {list.filter.search || list.filter.path ? 'Searching older commits…' : 'Loading more commits…'}
    </div>
  );
}
