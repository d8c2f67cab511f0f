import type { CommitInfo, HistoryPage } from '../../../shared/contract/history';
import type { ObjectCache } from './object-cache';

export interface PageQuery {
  /** Resolved start commit (a cursor carries its own). */
  ref: string;
  cursor: string | null;
  limit: number;
  /** Checked repository-relative path, no trailing slash. */
  path: string | null;
  search: string | null;
}

/**
 * Where history pages come from: the persisted index (`FastSource`, design §7) or a walk over
 * isomorphic-git objects (`WalkSource`, its fallback). Both answer the same questions with the
 * same order and the same cursor meaning.
 */
export interface HistorySource {
  page(query: PageQuery): Promise<HistoryPage>;
  /** One commit's info (with its touched paths); `not_found` for unknown ids. */
  commit(oid: string): Promise<CommitInfo>;
  /** The object reads shared by detail, diff and file views. */
  readonly objects: ObjectCache;
  /** Brings a persisted index up to date with the refs (in the background); absent when there is none. */
  refresh?(): Promise<void>;
  /** Releases what it holds open (a running build, the index file's descriptor). */
  close?(): void;
}
