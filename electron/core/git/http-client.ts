import http from 'node:http';
import https from 'node:https';
import type { GitHttpRequest, GitHttpResponse, HttpClient } from 'isomorphic-git';
import { ReposyncError, toReposyncError } from '../errors';
import { VERSION } from '../version';

export interface TransportOptions {
  /** Cancel: destroys the socket in flight, so the transfer really stops. */
  signal?: AbortSignal;
  /** Give up when the server sends nothing for this long (connecting, waiting or mid-transfer). */
  idleTimeoutMs: number;
  /**
   * Ref advertisements (`GET …/info/refs?service=git-upload-pack`) already received in this
   * operation, each answered once more from memory: a clone reads the refs to tell a tag from a
   * branch and isomorphic-git's fetch then asks again, a whole server round trip for the same
   * answer. Never for receive-pack (a push must see the refs as they are).
   */
  advertisements?: Map<string, RecordedResponse>;
  /**
   * Called once a request has been handed to the OS in full, while the server works on it: idle
   * time on this thread that a caller can use for work it needs next (it must not take long).
   */
  onSent?: () => void;
}

export interface RecordedResponse {
  /** Where the answer came from (after redirects). */
  url: string;
  statusCode: number;
  statusMessage: string;
  headers: Record<string, string>;
  body: Buffer;
}

const UPLOAD_PACK_ADVERTISEMENT = /\/info\/refs\?service=git-upload-pack$/;

const MAX_REDIRECTS = 5;

interface Exchange {
  res: http.IncomingMessage;
  /** Re-arm the idle timer (the server just sent something). */
  arm: () => void;
}

/**
 * isomorphic-git's HttpClient on Node's own http/https, per operation: it honours the operation's
 * AbortSignal and an idle timeout, and remembers the first transport failure. isomorphic-git often
 * wraps a broken stream into a parse error; `failure` lets the caller report what really happened.
 */
export class Transport implements HttpClient {
  failure: ReposyncError | null = null;
  /** Answers to requests sent ahead (see prefetch), by URL, until isomorphic-git asks. */
  private readonly early = new Map<string, Promise<GitHttpResponse>>();

  constructor(private readonly options: TransportOptions) {}

  /**
   * Send now the request isomorphic-git's fetch starts with: the ref advertisement, unsigned, as
   * its first ask is. Its fetch spends milliseconds reading config and refs before it asks, and
   * the server takes longer still to answer: the two now overlap. Whatever the answer is (a 401 or
   * an error too), its own request gets it, as if it had sent it itself; a request made
   * differently (signed) is sent as usual, and this answer dropped.
   */
  prefetch(url: string): void {
    if (!UPLOAD_PACK_ADVERTISEMENT.test(url) || this.early.has(url)) return;
    const answer = this.request({ url, method: 'GET', headers: {} });
    answer.catch(() => undefined); // handed over to, and awaited by, the request that takes it
    this.early.set(url, answer);
  }

  /** Answers sent ahead that nobody asked for are read to the end, so their sockets and idle timers go. */
  dropPrefetched(): void {
    for (const answer of this.early.values()) answer.then((res) => drain(res.body), () => undefined);
    this.early.clear();
  }

  request = async (req: GitHttpRequest): Promise<GitHttpResponse> => {
    const early = this.early.get(req.url);
    if (early && (req.method ?? 'GET') === 'GET' && Object.keys(req.headers ?? {}).length === 0 && !req.body) {
      this.early.delete(req.url);
      return early;
    }
    // Asked differently (signed): the answer sent ahead is not this request's.
    if (early) this.dropPrefetched();
    const body = req.body ? await collectBody(req.body) : undefined;
    let url = req.url;
    let headers: Record<string, string> = { ...(req.headers ?? {}) };
    const method = req.method ?? 'GET';
    const cache = method === 'GET' && UPLOAD_PACK_ADVERTISEMENT.test(req.url) ? this.options.advertisements : undefined;
    // Keyed by the credentials sent too: an answer to a signed-in request is never replayed to an
    // anonymous one (isomorphic-git learns it must sign in from the 401, and signs the pack request).
    const authorization = Object.entries(req.headers ?? {}).find(([k]) => k.toLowerCase() === 'authorization')?.[1] ?? '';
    const key = `${req.url}\0${authorization}`;
    const known = cache?.get(key);
    if (known) {
      cache!.delete(key); // once: a later call in the same operation asks the server again
      return replay(method, known);
    }
    for (let hop = 0; ; hop++) {
      const exchange = await this.once(url, method, headers, body);
      const { res } = exchange;
      const location = res.headers.location;
      if (method !== 'GET' || hop >= MAX_REDIRECTS || ![301, 302, 303, 307, 308].includes(res.statusCode ?? 0) || !location) {
        const response = this.wrap(url, method, exchange);
        if (!cache || response.statusCode !== 200) return response;
        const recorded = { url, statusCode: 200, statusMessage: response.statusMessage ?? '', headers: response.headers ?? {}, body: await collectBody(response.body!) };
        cache.set(key, recorded);
        return replay(method, recorded);
      }
      res.resume();
      const next = new URL(String(location), url);
      const from = new URL(url);
      if (from.protocol === 'https:' && next.protocol !== 'https:') {
        throw new ReposyncError('forbidden', 'The server redirected from HTTPS to an insecure address; refusing to follow.', { status: res.statusCode });
      }
      // Credentials are for the host the user chose, never for wherever a redirect points.
      if (next.origin !== from.origin) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'authorization'));
      url = next.toString();
    }
  };

  private once(url: string, method: string, headers: Record<string, string>, body: Buffer | undefined): Promise<Exchange> {
    const { signal, idleTimeoutMs } = this.options;
    if (signal?.aborted) return Promise.reject(this.fail(cancelled()));
    const target = new URL(url);
    const lib = target.protocol === 'https:' ? https : http;
    const allHeaders: Record<string, string> = { 'user-agent': `git/2.0 (reposync ${VERSION})`, ...headers };
    if (body) allHeaders['content-length'] = String(body.length);
    return new Promise((resolve, reject) => {
      const req = lib.request(target, { method, headers: allHeaders });
      let timer: NodeJS.Timeout | undefined;
      const stop = (err: ReposyncError) => {
        this.fail(err);
        req.destroy(err);
        reject(err);
      };
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(
          () => stop(new ReposyncError('timeout', `The server did not answer within ${idleTimeoutMs < 1000 ? `${idleTimeoutMs} ms` : `${Math.round(idleTimeoutMs / 1000)} s`}.`, { host: target.host })),
          idleTimeoutMs,
        );
        // A body nobody reads to the end must not keep the process (the CLI) alive until the timer fires.
        timer.unref();
      };
      const onAbort = () => stop(cancelled());
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      arm();
      req.on('error', (err) => {
        done();
        reject(this.fail(toReposyncError(err)));
      });
      req.on('response', (res) => {
        arm();
        res.on('end', done);
        res.on('close', done);
        resolve({ res, arm });
      });
      if (this.options.onSent) req.once('finish', this.options.onSent);
      req.end(body);
    });
  }

  private wrap(url: string, method: string, { res, arm }: Exchange): GitHttpResponse {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    return {
      url,
      method,
      statusCode: res.statusCode ?? 0,
      statusMessage: res.statusMessage ?? '',
      headers,
      body: this.iterate(res, arm),
    };
  }

  /** The body as isomorphic-git reads it; every chunk re-arms the idle timer. */
  private async *iterate(res: http.IncomingMessage, arm: () => void): AsyncIterableIterator<Uint8Array> {
    try {
      for await (const chunk of res) {
        arm();
        yield chunk as Buffer;
      }
    } catch (err) {
      throw this.fail(toReposyncError(err));
    }
  }

  private fail(err: ReposyncError): ReposyncError {
    this.failure ??= err;
    return err;
  }
}

function replay(method: string, r: RecordedResponse): GitHttpResponse {
  return { url: r.url, method, statusCode: r.statusCode, statusMessage: r.statusMessage, headers: { ...r.headers }, body: (async function* () { yield r.body; })() };
}

function cancelled(): ReposyncError {
  return new ReposyncError('cancelled', 'The operation was cancelled.');
}

async function drain(body: GitHttpResponse['body']): Promise<void> {
  try {
    for await (const _ of body ?? []) {
      // discarded
    }
  } catch {
    // An answer nobody uses: how it ends does not matter.
  }
}

async function collectBody(body: NonNullable<GitHttpRequest['body']>): Promise<Buffer> {
  const parts: Buffer[] = [];
  const source = body as AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  for await (const part of source) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}
