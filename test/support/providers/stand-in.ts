import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Shared plumbing of the provider stand-ins: a loopback http server, request counting and
 * rate-limit switches. Each stand-in implements only documented endpoints with documented shapes.
 */
export interface RateLimitSwitch {
  /** `429` answers 429 + Retry-After; `403` answers GitHub's primary-limit 403 with X-RateLimit-Remaining: 0. */
  mode: '429' | '403';
  /** How many of the next requests are refused. */
  times: number;
  retryAfterSeconds?: number;
  /** For `403`: seconds from now until X-RateLimit-Reset. */
  resetInSeconds?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface StandInRequest extends RecordedRequest {
  url: URL;
}

export interface StandInReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface StandIn {
  url: string;
  /** Every request received, in order (rate-limited ones included). */
  requests: RecordedRequest[];
  rateLimit: RateLimitSwitch | null;
  /** Epoch ms of the stand-in's clock; tests may replace it to share a fake clock with the client. */
  now: () => number;
  close(): Promise<void>;
}

export type RouteHandler = (req: StandInRequest, standIn: StandIn) => StandInReply | Promise<StandInReply>;

export interface StandInOptions {
  /** Headers every answer carries (rate-limit budget etc.), computed per request. */
  commonHeaders?: (standIn: StandIn) => Record<string, string>;
  /** The rate-limit answer of this provider for the switch. */
  rateLimited: (sw: RateLimitSwitch, standIn: StandIn) => StandInReply;
}

export async function startStandIn(route: RouteHandler, options: StandInOptions): Promise<StandIn> {
  const sockets = new Set<import('node:net').Socket>();
  const standIn: StandIn = {
    url: '',
    requests: [],
    rateLimit: null,
    now: () => Date.now(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      // keep the text
    }
    const url = new URL(req.url ?? '/', standIn.url);
    const recorded: StandInRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, url };
    standIn.requests.push({ method: recorded.method, path: recorded.path, query: recorded.query, headers: recorded.headers, body });
    let reply: StandInReply;
    try {
      const sw = standIn.rateLimit;
      if (sw && sw.times > 0) {
        sw.times -= 1;
        reply = options.rateLimited(sw, standIn);
      } else {
        reply = await route(recorded, standIn);
      }
    } catch (err) {
      reply = { status: 500, body: { message: String(err) } };
    }
    const headers: Record<string, string> = { ...(options.commonHeaders?.(standIn) ?? {}), ...(reply.headers ?? {}) };
    if (reply.body !== undefined) headers['content-type'] ??= 'application/json; charset=utf-8';
    res.writeHead(reply.status, headers);
    res.end(reply.body === undefined ? undefined : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return standIn;
}

/** `Link` header in GitHub/Gitea/GitLab form for page-numbered lists. */
export function linkHeader(base: URL, page: number, lastPage: number): string {
  const at = (p: number) => {
    const u = new URL(base);
    u.searchParams.set('page', String(p));
    return u.toString();
  };
  const parts: string[] = [];
  if (page < lastPage) parts.push(`<${at(page + 1)}>; rel="next"`, `<${at(lastPage)}>; rel="last"`);
  if (page > 1) parts.push(`<${at(1)}>; rel="first"`, `<${at(page - 1)}>; rel="prev"`);
  return parts.join(', ');
}

export function paginate<T>(items: T[], page: number, perPage: number): { slice: T[]; lastPage: number } {
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  return { slice: items.slice((page - 1) * perPage, page * perPage), lastPage };
}

export function intParam(q: URLSearchParams, name: string, fallback: number): number {
  const v = Number(q.get(name));
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

export function bearerOrToken(header: string | string[] | undefined): string | null {
  const m = /^(?:token|bearer)\s+(\S+)$/i.exec(String(header ?? ''));
  return m ? m[1]! : null;
}
