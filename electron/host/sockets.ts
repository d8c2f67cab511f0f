import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import type { Core } from '../core';
import type { Logger } from '../core/log';
import { hostError } from './envelope';
import { parseFrame } from './frames';

export interface SocketHubOptions {
  core: Core;
  log: Logger;
  /** Largest frame a client may send, in bytes. */
  maxPayload: number;
  /** Drop a client whose unsent data grows beyond this; it reconnects and reloads its state. */
  maxBuffered?: number;
  heartbeatMs?: number;
}

export interface SocketHub {
  /** Hand over an upgrade that already passed the host's checks. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  count(): number;
  close(): Promise<void>;
}

async function waitUntil(done: () => boolean, limitMs: number): Promise<void> {
  const until = Date.now() + limitMs;
  while (!done() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
}

function send(ws: WebSocket, frame: unknown): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
}

/** The contract over WebSocket: calls answered by id, every engine event pushed to every socket. */
export function createSocketHub(options: SocketHubOptions): SocketHub {
  const { core, log, maxPayload } = options;
  const maxBuffered = options.maxBuffered ?? 16 * 1024 * 1024;
  const wss = new WebSocketServer({ noServer: true, maxPayload, clientTracking: true });
  const alive = new WeakMap<WebSocket, boolean>();

  const onMessage = async (ws: WebSocket, data: RawData, isBinary: boolean): Promise<void> => {
    if (isBinary) {
      send(ws, { id: null, ...hostError('invalid_input', 'Binary frames are not supported; send JSON text.') });
      return;
    }
    const frame = parseFrame(data.toString());
    if (!frame.ok) {
      send(ws, { id: frame.id, ...hostError('invalid_input', frame.message) });
      return;
    }
    try {
      const envelope = await core.call(frame.channel, frame.input, 'host');
      send(ws, { id: frame.id, ...envelope });
    } catch (err) {
      // dispatch() wraps every failure already; this only guards the host against a broken core.
      log.error('socket call failed', { channel: frame.channel, err });
      send(ws, { id: frame.id, ...hostError('internal', 'The engine failed to answer.') });
    }
  };

  wss.on('connection', (ws) => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('message', (data, isBinary) => void onMessage(ws, data, isBinary));
    // An oversized frame closes that socket (ws does so with 1009); the host carries on.
    ws.on('error', (err) => log.warn('socket error', { err: err.message }));
  });

  const unsubscribe = core.services.events.subscribe((event, payload) => {
    const text = JSON.stringify({ event, payload });
    for (const ws of wss.clients) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      if (ws.bufferedAmount > maxBuffered) {
        log.warn('dropping a socket that does not keep up with events');
        ws.terminate();
        continue;
      }
      ws.send(text);
    }
  });

  // Sleeping laptops and killed tabs leave half-open sockets; ping them out.
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  return {
    accept(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    count: () => wss.clients.size,
    async close() {
      unsubscribe();
      clearInterval(heartbeat);
      for (const ws of wss.clients) ws.close(1001, 'Reposync is shutting down');
      // Give clients a moment to answer the close frame, then cut whoever has not.
      await waitUntil(() => wss.clients.size === 0, 500);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
