import type { ErrorCode, ErrorPayload } from '../../../shared/errors';

/** A short headline per error code; the engine's own message (already human) is the body. */
const TITLES: Record<ErrorCode, string> = {
  invalid_input: 'Check what you entered',
  not_found: 'Not found',
  auth_failed: 'Sign-in failed',
  forbidden: 'Not allowed',
  network: 'Connection problem',
  timeout: 'Took too long',
  rate_limited: 'Too many requests',
  non_fast_forward: 'Remote has new commits',
  conflict: 'Conflicting changes',
  dirty_worktree: 'Uncommitted changes in the way',
  busy: 'Workspace is busy',
  cancelled: 'Cancelled',
  unsupported: 'Not supported',
  unsafe_path: 'Unsafe path',
  internal: 'Something went wrong',
};

/** What to do next, where a code has an obvious next step. */
const HINTS: Partial<Record<ErrorCode, string>> = {
  network: 'Check the network and the server address, then try again.',
  busy: 'Wait for the running operation to finish, then try again.',
  internal: 'This is a bug in Reposync. The details are in the log.',
};

export interface ErrorText {
  title: string;
  message: string;
}

/** Turns an error from the engine (or anything thrown) into words for a toast or an alert. */
export function describeError(error: unknown): ErrorText {
  const payload = toErrorPayload(error);
  const title = TITLES[payload.code] ?? TITLES.internal;
  // A full disk is not a bug: the engine reports it as `internal` with the errno, which says what to do.
  if (payload.details.errno === 'ENOSPC') return { title: 'Disk full', message: `${payload.message} Free some space, then try again; nothing was half-written.` };
  const hint = HINTS[payload.code];
  return { title, message: hint ? `${payload.message} ${hint}` : payload.message };
}

/** Engine errors arrive as ClientError (an ErrorPayload); anything else is a bug on our side. */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error && typeof error === 'object' && 'code' in error && 'message' in error) {
    const e = error as Partial<ErrorPayload>;
    if (typeof e.code === 'string' && e.code in TITLES) {
      return { code: e.code, message: String(e.message), details: e.details ?? {}, requestId: e.requestId ?? '' };
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message, details: {}, requestId: '' };
}

/** The form field an error belongs to, when the engine named one. */
export function errorField(error: ErrorPayload): string | null {
  const field = error.details.field;
  if (typeof field === 'string' && field !== '(input)') return field;
  // "not a folder / not a repository" errors name the folder via details.path.
  if (typeof error.details.path === 'string') return 'path';
  return null;
}
