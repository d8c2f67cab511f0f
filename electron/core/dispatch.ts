import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { contract, isChannel, type Channel, type Output, type ParsedInput } from '../../shared/contract';
import type { Envelope } from '../../shared/errors';
import { ReposyncError, toErrorPayload } from './errors';
import type { Logger } from './log';

/** Who is calling: used for logs and, later, per-client policies. */
export interface CallContext {
  requestId: string;
  origin: 'ipc' | 'host' | 'cli' | 'test';
}

export type Handler<C extends Channel> = (input: ParsedInput<C>, ctx: CallContext) => Promise<Output<C>>;
export type Handlers = { [C in Channel]: Handler<C> };

/**
 * The one entry point for every channel, used by the IPC adapter, the host and the tests:
 * validate the input, run the handler, validate the output (unknown fields are dropped, so
 * nothing a handler forgot to strip can leak), and wrap the result or the error as data.
 */
export async function dispatch(
  handlers: Handlers,
  channelName: unknown,
  rawInput: unknown,
  origin: CallContext['origin'],
  log?: Logger,
): Promise<Envelope<unknown>> {
  const requestId = randomUUID();
  try {
    if (!isChannel(channelName)) {
      throw new ReposyncError('invalid_input', 'Unknown channel.', { channel: String(channelName).slice(0, 100) });
    }
    const def = contract[channelName] as { input: z.ZodType; output: z.ZodType };
    const parsed = def.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || '(input)';
      throw new ReposyncError('invalid_input', `Invalid ${field}: ${issue?.message ?? 'bad value'}.`, {
        field,
        issues: parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    }
    const handler = handlers[channelName] as (input: unknown, ctx: CallContext) => Promise<unknown>;
    const value = await handler(parsed.data, { requestId, origin });
    const checked = def.output.safeParse(value);
    if (!checked.success) {
      throw new ReposyncError('internal', `The engine returned a malformed answer for ${channelName}.`, {
        issues: checked.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    }
    return { ok: true, value: checked.data };
  } catch (err) {
    const payload = toErrorPayload(err, requestId);
    if (payload.code === 'internal') log?.error('channel failed', { channel: String(channelName), requestId, err });
    return { ok: false, error: payload };
  }
}
