import { useMemo, useRef } from 'react';
import type { HistoryCommit } from '../../store/history-slice';
import { emptyLaneState, extendLanes, type LaneRow, type LaneState } from './graph-lanes';

interface Cache {
  commits: readonly HistoryCommit[];
  state: LaneState;
  rows: LaneRow[];
  widest: number;
}

/**
 * Lane rows for a list that grows page by page: only the new commits are laid out, and their
 * rows are appended to the same array (no copy of 100k rows per page). The list is append-only
 * until it is replaced, which starts over with a new array.
 */
export function useLaneRows(commits: readonly HistoryCommit[], enabled: boolean): { rows: LaneRow[]; widest: number } | null {
  const cache = useRef<Cache | null>(null);
  return useMemo(() => {
    if (!enabled) return null;
    let current = cache.current;
    const grew = current !== null && commits.length >= current.commits.length && current.commits[0] === commits[0] && current.commits.at(-1) === commits[current.commits.length - 1];
    if (!current || !grew) current = { commits: [], state: emptyLaneState(), rows: [], widest: 1 };
    const added = commits.slice(current.rows.length);
    const next = extendLanes(current.state, added);
    const rows = current.rows;
    for (const row of next.rows) rows.push(row);
    const widest = next.rows.reduce((w, r) => Math.max(w, r.width), current.widest);
    cache.current = { commits, state: next.state, rows, widest };
    return { rows, widest };
  }, [commits, enabled]);
}
