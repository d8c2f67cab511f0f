import { randomUUID } from 'node:crypto';
import type { ErrorCode, ErrorPayload } from '../../shared/errors';

/** Exit codes: 0 ok, 1 the engine (or the operation) failed, 2 bad usage. */
export type ExitCode = 0 | 1 | 2;

/** Anything the CLI reports as a failure, with the engine's code and the exit code to use. */
export class CliError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;
  readonly requestId: string;
  readonly exitCode: 1 | 2;
  /** For bad usage: the command's usage text, printed on stderr. */
  readonly usage: string | null;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; requestId?: string; exitCode?: 1 | 2; usage?: string | null } = {},
  ) {
    super(message);
    this.name = 'CliError';
    this.code = code;
    this.details = options.details ?? {};
    this.requestId = options.requestId ?? randomUUID();
    this.exitCode = options.exitCode ?? 1;
    this.usage = options.usage ?? null;
  }

  static fromPayload(payload: ErrorPayload): CliError {
    return new CliError(payload.code, payload.message, { details: payload.details, requestId: payload.requestId });
  }
}

export function usageError(message: string, usage: string | null = null): CliError {
  return new CliError('invalid_input', message, { exitCode: 2, usage });
}
