import { randomUUID } from 'node:crypto';
import type { Envelope, ErrorCode } from '../../shared/errors';

/** An error the host itself answers with (before the core is reached), shaped like the core's. */
export function hostError(code: ErrorCode, message: string, details: Record<string, unknown> = {}): Envelope<never> {
  return { ok: false, error: { code, message, details, requestId: randomUUID() } };
}
