import http from 'node:http';
import net from 'node:net';
import { WebSocket } from 'ws';

/** Test-only helpers: raw HTTP (so Host, Origin and odd paths go out exactly as written) and a WS client. */

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function request(
  port: number,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers: { Host: `127.0.0.1:${port}`, ...options.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Send bytes as-is (for request lines Node's client would refuse to build); resolves with the status. */
export function rawStatus(port: number, requestText: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(requestText));
    let data = '';
    socket.on('data', (c) => {
      data += c.toString('latin1');
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)));
  });
}

export interface TestSocket {
  ws: WebSocket;
  frames: unknown[];
  call(id: string | number, channel: string, input?: unknown): Promise<Record<string, unknown>>;
  sendRaw(text: string | Buffer): void;
  waitFor(match: (frame: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** Open a socket; rejects with the HTTP status when the host refuses the upgrade. */
export function openSocket(url: string, headers: Record<string, string>): Promise<TestSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const frames: Array<Record<string, unknown>> = [];
    const waiters: Array<{ match: (f: Record<string, unknown>) => boolean; resolve: (f: Record<string, unknown>) => void }> = [];
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Record<string, unknown>;
      frames.push(frame);
      for (const w of [...waiters]) {
        if (w.match(frame)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(frame);
        }
      }
    });
    const waitFor = (match: (f: Record<string, unknown>) => boolean) =>
      new Promise<Record<string, unknown>>((res) => {
        const seen = frames.find(match);
        if (seen) res(seen);
        else waiters.push({ match, resolve: res });
      });
    ws.on('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode }));
      ws.terminate();
    });
    ws.on('error', (err) => reject(err));
    ws.on('open', () =>
      resolve({
        ws,
        frames,
        waitFor,
        call(id, channel, input) {
          ws.send(JSON.stringify({ id, channel, input }));
          return waitFor((f) => f.id === id);
        },
        sendRaw: (text) => ws.send(text),
        close: () =>
          new Promise<void>((res) => {
            if (ws.readyState === WebSocket.CLOSED) return res();
            ws.once('close', () => res());
            ws.close();
          }),
      }),
    );
  });
}
