import { ReposyncError } from '../errors';

/** Time, injectable so tests can run rate-limit back-off without waiting. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new ReposyncError('cancelled', 'The request was cancelled.'));
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new ReposyncError('cancelled', 'The request was cancelled.'));
      }, { once: true });
    }),
};

export interface RateLimitSnapshot {
  limit: number;
  remaining: number;
  resetAt: string | null;
}

export interface HttpPolicy {
  clock: Clock;
  /** Retries after a rate-limit answer; at most 2 so a user action never hangs for long. */
  maxRetries: number;
  /** Longest single wait; a provider asking for more fails at once with `rate_limited` and `resetAt`. */
  maxWaitMs: number;
  timeoutMs: number;
  onRateLimit?: (snapshot: RateLimitSnapshot) => void;
  signal?: AbortSignal;
}

export const defaultPolicy = (over: Partial<HttpPolicy> = {}): HttpPolicy => ({
  clock: systemClock,
  maxWaitMs: 60_000,
  timeoutMs: 30_000,
  ...over,
  maxRetries: Math.min(over.maxRetries ?? 2, 2),
});

export type HeaderBag = Headers | Record<string, string | number | undefined>;
export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

export function header(headers: HeaderBag, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const v = headers[name.toLowerCase()] ?? headers[name];
  return v === undefined ? undefined : String(v);
}

/** GitHub/Gitea send `X-RateLimit-*`, GitLab `RateLimit-*`; reset is epoch seconds in both. */
export function readRateLimit(headers: HeaderBag): RateLimitSnapshot | null {
  const pick = (n: string) => header(headers, `x-ratelimit-${n}`) ?? header(headers, `ratelimit-${n}`);
  const limit = Number(pick('limit'));
  const remaining = Number(pick('remaining'));
  if (!Number.isFinite(limit) || !Number.isFinite(remaining) || pick('limit') === undefined || pick('remaining') === undefined) return null;
  const reset = Number(pick('reset'));
  return {
    limit: Math.max(0, Math.trunc(limit)),
    remaining: Math.max(0, Math.trunc(remaining)),
    resetAt: Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000).toISOString() : null,
  };
}

export function isRateLimited(status: number, headers: HeaderBag): boolean {
  if (status === 429) return true;
  if (status !== 403) return false;
  const remaining = header(headers, 'x-ratelimit-remaining') ?? header(headers, 'ratelimit-remaining');
  // GitHub's secondary limits answer 403 with Retry-After and quota left.
  return remaining === '0' || header(headers, 'retry-after') !== undefined;
}

/** When the provider says the next request may go out (epoch ms); secondary limits without hints wait a minute, as GitHub documents. */
export function retryAt(headers: HeaderBag, now: number): number {
  const retryAfter = header(headers, 'retry-after');
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return now + Math.max(0, seconds) * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return date;
  }
  const reset = Number(header(headers, 'x-ratelimit-reset') ?? header(headers, 'ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) return reset * 1000;
  return now + 60_000;
}

/**
 * A fetch with Reposync's rules for provider APIs: a timeout, cancellation, rate-limit bookkeeping,
 * and a bounded wait-and-retry on 429 / rate-limit 403. The last rate-limited answer is returned as is,
 * so the client raises its usual error and the caller maps it to `rate_limited`.
 */
export function createPolicyFetch(policy: HttpPolicy): FetchLike {
  return async (input, init = {}) => {
    for (let attempt = 0; ; attempt++) {
      const timeout = AbortSignal.timeout(policy.timeoutMs);
      const signals = [timeout, init.signal, policy.signal].filter((s): s is AbortSignal => Boolean(s));
      let res: Response;
      try {
        res = await fetch(input, { ...init, signal: AbortSignal.any(signals) });
      } catch (err) {
        throw fetchFailure(err, input, timeout, policy);
      }
      const snapshot = readRateLimit(res.headers);
      if (snapshot) policy.onRateLimit?.(snapshot);
      if (!isRateLimited(res.status, res.headers) || attempt >= policy.maxRetries) return res;
      const wait = retryAt(res.headers, policy.clock.now()) - policy.clock.now();
      if (wait > policy.maxWaitMs) return res;
      await res.body?.cancel().catch(() => undefined);
      await policy.clock.sleep(Math.max(0, wait), policy.signal ?? (init.signal as AbortSignal | undefined));
    }
  };
}

function fetchFailure(err: unknown, input: string | URL, timeout: AbortSignal, policy: HttpPolicy): ReposyncError {
  const host = safeHost(input);
  // gitbeaker adds its own AbortSignal.timeout; either deadline is a timeout, not a cancel.
  if (timeout.aborted || (err as { name?: string })?.name === 'TimeoutError') {
    return new ReposyncError('timeout', `${host} did not answer within ${Math.round(policy.timeoutMs / 1000)} s.`, { host });
  }
  if ((err as { name?: string })?.name === 'AbortError') return new ReposyncError('cancelled', 'The request was cancelled.', { host });
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code;
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return new ReposyncError('timeout', `${host} did not answer in time.`, { host, errno: code });
  return new ReposyncError('network', `Could not reach ${host}: ${cause?.message ?? (err as Error)?.message ?? 'network error'}.`, {
    host,
    ...(code ? { errno: code } : {}),
  }, { cause: err });
}

function safeHost(input: string | URL): string {
  try {
    return new URL(String(input)).host;
  } catch {
    return 'the server';
  }
}
