import type { Envelope, ErrorPayload } from '../../../shared/errors';
import type { Channel, EventName, EventPayload, Input, Output } from '../../../shared/contract';
import type { ConnectionState, UiTransport } from '../transport/connection';

type Handler = (input: unknown) => unknown;

/**
 * A test double of our own Transport interface: channel handlers are plain functions that
 * return a value (ok) or throw `fail(...)` (an error envelope). Records every call.
 */
export class FakeTransport implements UiTransport {
  readonly kind = 'host' as const;
  readonly calls: { channel: string; input: unknown }[] = [];
  private readonly handlers = new Map<string, Handler>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private state: ConnectionState = 'open';

  handle<C extends Channel>(channel: C, handler: (input: Input<C>) => Output<C> | Promise<Output<C>>): this {
    this.handlers.set(channel, handler as Handler);
    return this;
  }

  async invoke(channel: string, input: unknown): Promise<Envelope<unknown>> {
    this.calls.push({ channel, input });
    const handler = this.handlers.get(channel);
    try {
      if (!handler) throw new FakeFailure(errorPayload('internal', `no fake handler for ${channel}`));
      return { ok: true, value: await handler(input) };
    } catch (err) {
      if (err instanceof FakeFailure) return { ok: false, error: err.payload };
      throw err;
    }
  }

  on(event: string, listener: (payload: unknown) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }

  callsTo(channel: Channel): unknown[] {
    return this.calls.filter((c) => c.channel === channel).map((c) => c.input);
  }

  connectionState(): ConnectionState {
    return this.state;
  }
  onConnectionChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }
  setConnection(state: ConnectionState): void {
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }
  close(): void {}
}

export class FakeFailure extends Error {
  constructor(readonly payload: ErrorPayload) {
    super(payload.message);
  }
}

export function errorPayload(code: ErrorPayload['code'], message: string, details: Record<string, unknown> = {}): ErrorPayload {
  return { code, message, details, requestId: 'test-request' };
}

/** Throw this from a fake handler to answer with an error envelope. */
export function fail(code: ErrorPayload['code'], message: string, details: Record<string, unknown> = {}): never {
  throw new FakeFailure(errorPayload(code, message, details));
}
