import type { Envelope, ErrorPayload } from './errors';
import type { Channel, EventName, EventPayload, Input, Output } from './contract';

/** How a client reaches the engine: Electron IPC (preload bridge) or the host's WebSocket. */
export interface Transport {
  invoke(channel: string, input: unknown): Promise<Envelope<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** An error that came back from the engine as data. */
export class ClientError extends Error implements ErrorPayload {
  readonly code: ErrorPayload['code'];
  readonly details: Record<string, unknown>;
  readonly requestId: string;
  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = 'ClientError';
    this.code = payload.code;
    this.details = payload.details;
    this.requestId = payload.requestId;
  }
}

export interface Client {
  invoke<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** A typed client derived from the contract: every channel name, input and output is checked by tsc. */
export function createClient(transport: Transport): Client {
  return {
    async invoke(channel, input) {
      const envelope = await transport.invoke(channel, input);
      if (!envelope.ok) throw new ClientError(envelope.error);
      return envelope.value as never;
    },
    on(event, listener) {
      return transport.on(event, listener as (payload: unknown) => void);
    },
  };
}
