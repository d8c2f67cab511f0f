import type { CommitInfo, FileAt, FileDiff, HistoryCommitDetail } from '../../../shared/contract/history';
import type { ErrorPayload } from '../../../shared/errors';
import { toErrorPayload } from '../lib/error-text';
import type { SliceCreator } from './types';

/** What the list shows: one workspace, optionally one path (file history) and a search. */
export interface HistoryFilter {
  path: string | null;
  search: string | null;
}

/** A list row: the commit without its path list (100k commits must stay light in memory). */
export type HistoryCommit = Omit<CommitInfo, 'paths' | 'pathsTruncated' | 'body'>;

export interface HistoryListState {
  workspaceId: string;
  filter: HistoryFilter;
  commits: HistoryCommit[];
  /** The cursor for the next page; null once the end is reached (`complete`). */
  cursor: string | null;
  complete: boolean;
  loading: boolean;
  error: ErrorPayload | null;
}

export interface CommitDetailState {
  oid: string;
  loading: boolean;
  detail: HistoryCommitDetail | null;
  error: ErrorPayload | null;
}

export type DiffMode = 'unified' | 'split';

export interface HistorySlice {
  historyList: HistoryListState | null;
  historySelected: string | null;
  historyDetail: CommitDetailState | null;
  diffMode: DiffMode;
  diffIgnoreWhitespace: boolean;
  /** Shows that workspace's history with that filter; a different one starts a fresh list. */
  openHistory(workspaceId: string, filter?: Partial<HistoryFilter>, options?: { reload?: boolean }): Promise<void>;
  /** Loads pages until at least one more commit arrived or the history ended; one call at a time. */
  loadMoreHistory(): Promise<void>;
  /** Selects a commit and reads its detail (the newest selection wins). */
  selectCommit(oid: string | null): Promise<void>;
  setDiffMode(mode: DiffMode): void;
  setDiffIgnoreWhitespace(on: boolean): void;
  fetchFileDiff(workspaceId: string, oid: string, path: string, options: { full?: boolean; ignoreWhitespace?: boolean }): Promise<FileDiff>;
  fetchFileAt(workspaceId: string, oid: string, path: string): Promise<FileAt>;
}

const FIRST_PAGE = 100;
const NEXT_PAGE = 300;
const DIFF_MODE_KEY = 'reposync.diffMode';
const WHITESPACE_KEY = 'reposync.diffIgnoreWhitespace';

function sameFilter(a: HistoryFilter, b: HistoryFilter): boolean {
  return a.path === b.path && a.search === b.search;
}

function toRow({ paths: _paths, pathsTruncated: _t, body: _body, ...row }: CommitInfo): HistoryCommit {
  return row;
}

export const createHistorySlice: SliceCreator<HistorySlice> = ({ client, settings }) => (set, get) => {
  // Each fresh list gets a generation; answers for an older one are dropped.
  let generation = 0;
  let loadingGeneration = -1;
  let detailRequest = 0;

  const patchList = (gen: number, patch: Partial<HistoryListState>): boolean => {
    if (gen !== generation) return false;
    set((s) => (s.historyList ? { historyList: { ...s.historyList, ...patch } } : {}));
    return true;
  };

  return {
    historyList: null,
    historySelected: null,
    historyDetail: null,
    diffMode: settings.get(DIFF_MODE_KEY) === 'split' ? 'split' : 'unified',
    diffIgnoreWhitespace: settings.get(WHITESPACE_KEY) === 'true',

    async openHistory(workspaceId, filter = {}, options = {}) {
      const wanted: HistoryFilter = { path: filter.path?.trim() || null, search: filter.search?.trim() || null };
      const current = get().historyList;
      if (!options.reload && current && current.workspaceId === workspaceId && sameFilter(current.filter, wanted) && !current.error) return;
      generation++;
      const keepSelection = current?.workspaceId === workspaceId;
      set({
        historyList: { workspaceId, filter: wanted, commits: [], cursor: null, complete: false, loading: false, error: null },
        ...(keepSelection ? {} : { historySelected: null, historyDetail: null }),
      });
      await get().loadMoreHistory();
    },

    async loadMoreHistory() {
      const list = get().historyList;
      if (!list || list.complete || loadingGeneration === generation) return;
      const gen = generation;
      loadingGeneration = gen;
      patchList(gen, { loading: true, error: null });
      let cursor = list.cursor;
      let first = list.commits.length === 0 && cursor === null;
      try {
        // A page may be short or even empty while the cursor goes on (the engine walks at most
        // so many commits per call): keep asking until something arrives or the end is reached.
        for (;;) {
          const page = await client.invoke('history.list', {
            workspaceId: list.workspaceId,
            limit: first ? FIRST_PAGE : NEXT_PAGE,
            ...(cursor ? { cursor } : {}),
            ...(list.filter.path ? { path: list.filter.path } : {}),
            ...(list.filter.search ? { search: list.filter.search } : {}),
          });
          first = false;
          cursor = page.nextCursor;
          const rows = page.commits.map(toRow);
          const alive = gen === generation;
          if (!alive) return;
          set((s) =>
            s.historyList
              ? { historyList: { ...s.historyList, commits: rows.length ? [...s.historyList.commits, ...rows] : s.historyList.commits, cursor, complete: cursor === null } }
              : {},
          );
          if (rows.length > 0 || cursor === null) break;
        }
        patchList(gen, { loading: false });
      } catch (err) {
        patchList(gen, { loading: false, error: toErrorPayload(err) });
      } finally {
        if (loadingGeneration === gen) loadingGeneration = -1;
      }
    },

    async selectCommit(oid) {
      const request = ++detailRequest;
      const list = get().historyList;
      if (!oid || !list) {
        set({ historySelected: oid, historyDetail: null });
        return;
      }
      if (get().historyDetail?.oid === oid && !get().historyDetail?.error) {
        set({ historySelected: oid });
        return;
      }
      set({ historySelected: oid, historyDetail: { oid, loading: true, detail: null, error: null } });
      try {
        const detail = await client.invoke('history.commit', { workspaceId: list.workspaceId, oid });
        if (request === detailRequest) set({ historyDetail: { oid, loading: false, detail, error: null } });
      } catch (err) {
        if (request === detailRequest) set({ historyDetail: { oid, loading: false, detail: null, error: toErrorPayload(err) } });
      }
    },

    setDiffMode(mode) {
      settings.set(DIFF_MODE_KEY, mode);
      set({ diffMode: mode });
    },

    setDiffIgnoreWhitespace(on) {
      settings.set(WHITESPACE_KEY, String(on));
      set({ diffIgnoreWhitespace: on });
    },

    fetchFileDiff(workspaceId, oid, path, options) {
      return client.invoke('history.fileDiff', {
        workspaceId,
        oid,
        path,
        full: options.full ?? false,
        ignoreWhitespace: options.ignoreWhitespace ?? false,
      });
    },

    fetchFileAt(workspaceId, oid, path) {
      return client.invoke('history.fileAt', { workspaceId, oid, path });
    },
  };
};
