import type { Operation } from '../../shared/domain';
import type { Envelope } from '../../shared/errors';
import { createCore, type Core, type CoreOptions } from '../../electron/core';
import { tempDir } from './repo';

/** A core with its own data folder, as the host or CLI would build it. */
export function newCore(options: Partial<CoreOptions> = {}): Core {
  return createCore({ home: tempDir('reposync-home-'), mode: 'host', version: '0.0.0', ...options });
}

/** The value of a successful call; a failed one throws with its error payload in the message. */
export async function ok<T>(p: Promise<Envelope<unknown>>): Promise<T> {
  const res = await p;
  if (!res.ok) throw new Error(`call failed: ${JSON.stringify(res.error)}`);
  return res.value as T;
}

/** The error payload of a call that must fail. */
export async function err(p: Promise<Envelope<unknown>>): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  const res = await p;
  if (res.ok) throw new Error(`call unexpectedly succeeded: ${JSON.stringify(res.value)}`);
  return res.error;
}

/** Wait for an operation to finish and return it (its result or error inside). */
export async function finished(core: Core, operationId: string): Promise<Operation> {
  await core.services.operations.idle();
  for (;;) {
    const op = await ok<Operation>(core.call('operations.get', { operationId }, 'test'));
    if (op.status !== 'running' && op.status !== 'queued') return op;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Start an operation-returning call and wait for it to end. */
export async function runOp(core: Core, channel: string, input: unknown): Promise<Operation> {
  const { operationId } = await ok<{ operationId: string }>(core.call(channel, input, 'test'));
  return finished(core, operationId);
}
