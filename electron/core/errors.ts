import { randomUUID } from 'node:crypto';
import type { ErrorCode, ErrorPayload } from '../../shared/errors';
import { redact, redactText } from './redact';

/** The engine's one error type: a code from the closed list, a human message and structured details. */
export class ReposyncError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReposyncError';
    this.code = code;
    this.details = details;
  }
}

export const fail = (code: ErrorCode, message: string, details?: Record<string, unknown>): never => {
  throw new ReposyncError(code, message, details);
};

// isomorphic-git's error codes, mapped once here (see its src/errors/*.js).
const GIT_CODES: Record<string, ErrorCode> = {
  NotFoundError: 'not_found',
  HttpError: 'network',
  SmartHttpError: 'network',
  UserCanceledError: 'cancelled',
  FastForwardError: 'non_fast_forward',
  PushRejectedError: 'non_fast_forward',
  MergeConflictError: 'conflict',
  MergeNotSupportedError: 'conflict',
  CheckoutConflictError: 'dirty_worktree',
  UnmergedPathsError: 'conflict',
  UnsafeFilepathError: 'unsafe_path',
  AlreadyExistsError: 'invalid_input',
  InvalidRefNameError: 'invalid_input',
  InvalidFilepathError: 'unsafe_path',
  MissingNameError: 'invalid_input',
  MissingParameterError: 'invalid_input',
  UnknownTransportError: 'unsupported',
  UrlParseError: 'invalid_input',
  EmptyServerResponseError: 'network',
  NoRefspecError: 'invalid_input',
  CommitNotFetchedError: 'not_found',
  MaxDepthError: 'unsupported',
  RemoteCapabilityError: 'unsupported',
  // A ref the server refused (hook, protected branch); a non-fast-forward refusal is told apart in git/remote.ts.
  GitPushError: 'forbidden',
};

const NODE_NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH',
  'ECONNABORTED', 'UND_ERR_SOCKET', 'ERR_STREAM_PREMATURE_CLOSE',
]);

/** Turns anything thrown into a ReposyncError with a code from the closed list. */
export function toReposyncError(err: unknown): ReposyncError {
  if (err instanceof ReposyncError) return err;
  const e = err as { code?: unknown; message?: unknown; data?: unknown; name?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  const code = typeof e?.code === 'string' ? e.code : undefined;
  if (code && code in GIT_CODES) {
    const data = (e?.data ?? {}) as Record<string, unknown>;
    if (code === 'HttpError') {
      const status = Number(data.statusCode);
      if (status === 401) return new ReposyncError('auth_failed', 'The server refused the credentials.', { status }, { cause: err });
      if (status === 403) return new ReposyncError('forbidden', 'The server denied access to this repository.', { status }, { cause: err });
      if (status === 404) return new ReposyncError('not_found', 'The repository was not found on the server.', { status }, { cause: err });
      if (status === 429) return new ReposyncError('rate_limited', 'The server asks to slow down.', { status }, { cause: err });
      if (status >= 500) return new ReposyncError('network', `The server had an internal error (HTTP ${status}); try again later.`, { status }, { cause: err });
    }
    return new ReposyncError(GIT_CODES[code]!, message, { gitCode: code, ...plainData(data) }, { cause: err });
  }
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return new ReposyncError('timeout', message, { errno: code }, { cause: err });
  if (code && NODE_NETWORK_CODES.has(code)) return new ReposyncError('network', message, { errno: code }, { cause: err });
  // A caller's path Node itself refuses (a NUL byte, a name longer than the OS allows) is bad input.
  if (code === 'ERR_INVALID_ARG_VALUE' && /null bytes/.test(message)) return new ReposyncError('invalid_input', 'A path contains a NUL byte.', { errno: code }, { cause: err });
  if (code === 'ENAMETOOLONG') return new ReposyncError('invalid_input', 'A file or folder name is longer than this system allows.', { errno: code }, { cause: err });
  if (code === 'ENOENT') return new ReposyncError('not_found', message, { errno: code }, { cause: err });
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new ReposyncError('forbidden', message, { errno: code }, { cause: err });
  if (code === 'ENOSPC') return new ReposyncError('internal', 'The disk is full.', { errno: code }, { cause: err });
  if (e?.name === 'AbortError') return new ReposyncError('cancelled', 'The operation was cancelled.', {}, { cause: err });
  return new ReposyncError('internal', message, {}, { cause: err });
}

function plainData(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) out[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[k] = v.slice(0, 200);
  }
  return out;
}

/** The wire form of an error: redacted, with a request id to find it in the logs. */
export function toErrorPayload(err: unknown, requestId: string = randomUUID()): ErrorPayload {
  const e = toReposyncError(err);
  return {
    code: e.code,
    message: redactText(e.message),
    details: redact(e.details) as Record<string, unknown>,
    requestId,
  };
}
