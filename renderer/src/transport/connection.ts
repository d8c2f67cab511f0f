import type { Transport } from '../../../shared/client';

/** How the UI is connected to the engine. Electron IPC is always `open`. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

/** A transport that can also tell the UI whether it is connected right now. */
export interface UiTransport extends Transport {
  readonly kind: 'electron' | 'host';
  connectionState(): ConnectionState;
  /** Called on every state change; returns an unsubscribe function. */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  /** Stop reconnecting and release the socket (tests, page unload). */
  close(): void;
}
