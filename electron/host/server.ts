import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Core } from '../core';
import { buildCsp } from '../core/csp';
import { ReposyncError } from '../core/errors';
import { silentLogger, type Logger } from '../core/log';
import { registerSecret } from '../core/redact';
import { hostError } from './envelope';
import { hasValidToken, isAllowedHost, isAllowedOrigin, readQueryToken, tokenCookie, tokensEqual } from './guards';
import { handleInvoke, sendJson } from './invoke-route';
import { createSocketHub } from './sockets';
import { sendStatic } from './static-files';

export interface HostOptions {
  core: Core;
  /** 0 or undefined: any free port. */
  port?: number;
  /** The built renderer (dist/renderer); nothing outside it is ever served. */
  rendererDir: string;
  /** Random 32 bytes (hex) unless given; tests pass their own. */
  token?: string;
  log?: Logger;
  /** Largest POST body or WebSocket frame, in bytes. */
  maxPayload?: number;
}

export interface RunningHost {
  /** Open this once: it trades the token for a cookie. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const HOSTNAME = '127.0.0.1';
const DEFAULT_MAX_PAYLOAD = 5 * 1024 * 1024;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,256}$/;

function splitTarget(target: string | undefined): { rawPath: string; search: URLSearchParams } {
  const raw = target ?? '/';
  const q = raw.indexOf('?');
  return { rawPath: q < 0 ? raw : raw.slice(0, q), search: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
}

function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

/** Refuse an upgrade on the raw socket: there is no ServerResponse yet. */
function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  socket.destroy();
}

/**
 * The headless host: the same contract as Electron's IPC, over HTTP + WebSocket on 127.0.0.1,
 * plus the built renderer, so the real UI runs in any browser. Every request and socket must
 * carry the token (cookie or bearer) and name this server in Host/Origin.
 */
export async function createHost(options: HostOptions): Promise<RunningHost> {
  const { core, rendererDir } = options;
  const log = options.log ?? silentLogger;
  const maxPayload = options.maxPayload ?? DEFAULT_MAX_PAYLOAD;
  const token = options.token ?? randomBytes(32).toString('hex');
  if (!TOKEN_SHAPE.test(token)) {
    throw new ReposyncError('invalid_input', 'The host token must be 16–256 characters of A–Z, a–z, 0–9, "_" or "-".');
  }
  registerSecret(token);
  const hub = createSocketHub({ core, log, maxPayload });
  let port = 0;
  let headers: Record<string, string> = {};
  const unauthorised = (res: ServerResponse, api: boolean) =>
    api
      ? sendJson(res, 401, hostError('auth_failed', 'This request lacks the Reposync host token.'))
      : sendText(
          res,
          401,
          `Reposync: not signed in.\nOpen the address the host printed when it started (http://127.0.0.1:${port}/?token=…).\n`,
        );

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    const { rawPath, search } = splitTarget(req.url);
    // Only the path is logged: the query may hold the token.
    res.on('finish', () =>
      log.info('request', { method: req.method, path: rawPath.slice(0, 200), status: res.statusCode, ms: Date.now() - started }),
    );
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (!isAllowedHost(req.headers.host, port)) return sendText(res, 403, 'Forbidden: this server answers only to 127.0.0.1 and localhost.\n');
    if (!isAllowedOrigin(req.headers.origin, port)) return sendText(res, 403, 'Forbidden: requests from other sites are refused.\n');

    const queryToken = readQueryToken(search);
    if (queryToken !== undefined && (req.method === 'GET' || req.method === 'HEAD')) {
      if (!tokensEqual(queryToken, token)) return unauthorised(res, false);
      // Always to "/": the token leaves the address bar and no path can turn this into an open redirect.
      res.writeHead(302, { Location: '/', 'Set-Cookie': tokenCookie(token, port), 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    const api = rawPath === '/api' || rawPath.startsWith('/api/');
    if (!hasValidToken(req.headers, token, port)) return unauthorised(res, api);

    if (rawPath === '/api/invoke') {
      if (req.method !== 'POST') return sendText(res, 405, 'Use POST.\n', { Allow: 'POST' });
      return handleInvoke(req, res, core, maxPayload);
    }
    if (api) return sendJson(res, 404, hostError('not_found', 'No such API route.'));
    if (rawPath === '/ws') return sendText(res, 426, 'Connect with a WebSocket.\n', { Upgrade: 'websocket' });
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Only GET and HEAD.\n', { Allow: 'GET, HEAD' });
    sendStatic(req, res, rendererDir, rawPath);
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const { rawPath } = splitTarget(req.url);
    const refuse = (status: number, reason: string) => {
      log.info('socket refused', { path: rawPath.slice(0, 200), status });
      refuseUpgrade(socket, status, reason);
    };
    if (!isAllowedHost(req.headers.host, port)) return refuse(403, 'Forbidden host.');
    if (!isAllowedOrigin(req.headers.origin, port)) return refuse(403, 'Forbidden origin.');
    if (rawPath !== '/ws') return refuse(404, 'Not found.');
    if (!hasValidToken(req.headers, token, port)) return refuse(401, 'Missing or wrong token.');
    log.info('socket opened', { path: rawPath });
    hub.accept(req, socket, head);
  };

  const server = http.createServer({ requestTimeout: 60_000, headersTimeout: 20_000 }, (req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      log.error('request failed', { err });
      if (!res.headersSent) sendText(res, 500, 'Internal error.\n');
      else res.destroy();
    });
  });
  server.on('upgrade', onUpgrade);
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      void hub.close();
      reject(
        err.code === 'EADDRINUSE'
          ? new ReposyncError('busy', `Port ${options.port} is already in use; choose another with --port, or --port 0 for any free one.`, { port: options.port ?? 0 })
          : err,
      );
    };
    server.once('error', onError);
    server.listen(options.port ?? 0, HOSTNAME, () => {
      server.off('error', onError);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origins = [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`];
  headers = {
    'Content-Security-Policy': buildCsp({ connectSrc: origins }),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
  const origin = `http://${HOSTNAME}:${port}`;
  log.info('host listening', { origin });

  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close() {
      closing ??= (async () => {
        await hub.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
