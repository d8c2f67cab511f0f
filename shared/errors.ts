import { z } from 'zod';

/** The one closed list of error codes that may cross the contract boundary. */
export const ERROR_CODES = [
  'invalid_input',
  'not_found',
  'auth_failed',
  'forbidden',
  'network',
  'timeout',
  'rate_limited',
  'non_fast_forward',
  'conflict',
  'dirty_worktree',
  'busy',
  'cancelled',
  'unsupported',
  'unsafe_path',
  'internal',
] as const;

export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** What an error looks like as data: the only shape the renderer, the host and the CLI see. */
export const ErrorPayload = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).default({}),
  requestId: z.string(),
});
export type ErrorPayload = z.infer<typeof ErrorPayload>;

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
