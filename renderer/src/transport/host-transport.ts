import type { Envelope, ErrorPayload } from '../../../shared/errors';
import type { ConnectionState, UiTransport } from './connection';

/** The part of the browser's WebSocket this transport uses, so tests can hand in a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}
export type SocketFactory = new (url: string) => SocketLike;

export interface HostTransportOptions {
  WebSocketImpl?: SocketFactory;
  /** First retry delay; doubles per failed attempt up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** 0..1; spreads retries of many tabs so a restarted host is not hit all at once. */
  random?: () => number;
}

const OPEN = 1;

interface Pending {
  resolve: (envelope: Envelope<unknown>) => void;
  /** Set while the call waits for the socket to open. */
  frame?: string;
}

let localRequests = 0;
function networkError(message: string): Envelope<unknown> {
  const error: ErrorPayload = { code: 'network', message, details: {}, requestId: `local-${++localRequests}` };
  return { ok: false, error };
}

/**
 * The contract over the host's WebSocket: frames `{id, channel, input}` answered by
 * `{id, ok, value|error}`, engine events pushed as `{event, payload}`. Reconnects with
 * exponential backoff; calls in flight when the socket drops fail with a `network` error,
 * because the host may or may not have run them and only the caller can decide to retry.
 */
export function hostTransport(url: string, options: HostTransportOptions = {}): UiTransport {
  const Impl: SocketFactory = options.WebSocketImpl ?? (WebSocket as unknown as SocketFactory);
  const initialDelay = options.initialDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 10_000;
  const random = options.random ?? Math.random;

  let socket: SocketLike | null = null;
  let state: ConnectionState = 'connecting';
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let nextId = 0;
  const pending = new Map<string, Pending>();
  const eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();

  const setState = (next: ConnectionState): void => {
    if (next === state) return;
    state = next;
    for (const listener of [...stateListeners]) listener(next);
  };

  const failAll = (message: string): void => {
    const calls = [...pending.values()];
    pending.clear();
    for (const call of calls) call.resolve(networkError(message));
  };

  const onMessage = (data: unknown): void => {
    let frame: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(String(data));
      if (!parsed || typeof parsed !== 'object') return;
      frame = parsed as Record<string, unknown>;
    } catch {
      return;
    }
    if (typeof frame.event === 'string') {
      for (const listener of [...(eventListeners.get(frame.event) ?? [])]) listener(frame.payload);
      return;
    }
    const id = frame.id === null || frame.id === undefined ? null : String(frame.id);
    const call = id === null ? undefined : pending.get(id);
    if (!call || id === null) return;
    pending.delete(id);
    call.resolve(frame.ok === true ? { ok: true, value: frame.value } : { ok: false, error: frame.error as ErrorPayload });
  };

  const scheduleReconnect = (): void => {
    const base = Math.min(maxDelay, initialDelay * 2 ** attempt);
    attempt += 1;
    timer = setTimeout(connect, base * (0.5 + random() * 0.5));
  };

  function connect(): void {
    timer = undefined;
    const ws = new Impl(url);
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      attempt = 0;
      setState('open');
      for (const call of pending.values()) {
        if (call.frame === undefined) continue;
        ws.send(call.frame);
        delete call.frame;
      }
    };
    ws.onmessage = (ev) => {
      if (socket === ws) onMessage(ev.data);
    };
    // A failed connection fires error then close; close alone does the work.
    ws.onerror = () => {};
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      failAll('The connection to Reposync was lost before it answered. Check the result and try again.');
      if (closed) return;
      setState('reconnecting');
      scheduleReconnect();
    };
  }

  connect();

  return {
    kind: 'host',
    invoke(channel, input) {
      if (closed) return Promise.resolve(networkError('The connection to Reposync is closed.'));
      if (!socket) return Promise.resolve(networkError('Not connected to Reposync right now.'));
      const id = String(++nextId);
      const frame = JSON.stringify({ id, channel, input });
      const ws = socket;
      return new Promise((resolve) => {
        if (ws.readyState === OPEN) {
          pending.set(id, { resolve });
          ws.send(frame);
        } else {
          pending.set(id, { resolve, frame });
        }
      });
    },
    on(event, listener) {
      let set = eventListeners.get(event);
      if (!set) eventListeners.set(event, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    connectionState: () => state,
    onConnectionChange(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
    close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      const ws = socket;
      socket = null;
      failAll('The connection to Reposync is closed.');
      ws?.close();
    },
  };
}
