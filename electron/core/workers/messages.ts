import type { ErrorCode } from '../../../shared/errors';
import { ReposyncError } from '../errors';

/** What crosses the thread boundary: a request, and its result or error as plain data. */
export interface TaskRequest {
  id: number;
  task: string;
  input: unknown;
  /** Work done ahead of need: any other task waiting in the worker goes first (see git-worker.ts). */
  ahead?: boolean;
}

export interface ErrorData {
  code: ErrorCode;
  message: string;
  details: Record<string, unknown>;
}

export type TaskReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ErrorData };

export function errorToData(err: unknown): ErrorData {
  if (err instanceof ReposyncError) return { code: err.code, message: err.message, details: err.details };
  const e = err as NodeJS.ErrnoException;
  const code = e?.code;
  if (code === 'ENOENT') return { code: 'not_found', message: e.message, details: {} };
  if (code === 'EACCES' || code === 'EPERM') return { code: 'forbidden', message: e.message, details: {} };
  return { code: 'internal', message: err instanceof Error ? err.message : String(err), details: {} };
}

// The codes come from a ReposyncError built by our own worker; zod's enum is not loaded here to keep
// the worker bundle small.
export function dataToError(data: ErrorData): ReposyncError {
  return new ReposyncError(data.code, data.message, data.details);
}
