import { ReposyncError } from '../errors';

/** Where the next page starts: the walk from `start` after `popped` commits, for one query. */
export interface CursorState {
  start: string;
  popped: number;
  ref: string;
  path: string | null;
  search: string | null;
}

export function encodeCursor(state: CursorState): string {
  const body = { v: 1, s: state.start, n: state.popped, r: state.ref, p: state.path, q: state.search };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

const invalid = (): never => {
  throw new ReposyncError('invalid_input', 'The history cursor is not valid; start again from the first page.', { field: 'cursor' });
};

export function decodeCursor(cursor: string, query: { ref: string; path: string | null; search: string | null }): CursorState {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return invalid();
  }
  const b = body as { v?: unknown; s?: unknown; n?: unknown; r?: unknown; p?: unknown; q?: unknown } | null;
  if (!b || b.v !== 1 || typeof b.s !== 'string' || !/^[0-9a-f]{40}$/.test(b.s)) return invalid();
  if (typeof b.n !== 'number' || !Number.isSafeInteger(b.n) || b.n < 1) return invalid();
  if (b.r !== query.ref || (b.p ?? null) !== query.path || (b.q ?? null) !== query.search) {
    throw new ReposyncError('invalid_input', 'The history cursor belongs to another query (ref, path or search changed).', { field: 'cursor' });
  }
  return { start: b.s, popped: b.n, ref: query.ref, path: query.path, search: query.search };
}
