import { ReposyncError, toReposyncError } from '../errors';
import { redactText } from '../redact';
import { type HeaderBag, isRateLimited, readRateLimit, retryAt } from './http-policy';

/** A non-2xx answer from a provider API, as our own small clients raise it. */
export class ProviderHttpError extends Error {
  constructor(
    readonly status: number,
    readonly headers: HeaderBag,
    readonly providerMessage: string,
  ) {
    super(`HTTP ${status}: ${providerMessage}`);
    this.name = 'ProviderHttpError';
  }
}

/** Reads `message` / `error` the way GitHub, GitLab and Gitea put it in error bodies. */
export async function readErrorMessage(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown; error_description?: unknown };
    const m = body.message ?? body.error_description ?? body.error;
    if (typeof m === 'string') return m;
    if (m !== undefined) return JSON.stringify(m);
  } catch {
    // not JSON: use the text itself
  }
  return text.trim() || res.statusText || `HTTP ${res.status}`;
}

export async function throwForStatus(res: Response): Promise<void> {
  if (res.ok) return;
  throw new ProviderHttpError(res.status, res.headers, await readErrorMessage(res));
}

interface StatusLike {
  status: number;
  headers: HeaderBag;
  message: string;
}

/** Finds the HTTP answer in whatever a client threw: ours, Octokit's RequestError, or a cause chain. */
function statusOf(err: unknown): StatusLike | ReposyncError | null {
  let cur: unknown = err;
  for (let depth = 0; cur && depth < 5; depth++) {
    if (cur instanceof ReposyncError) return cur;
    if (cur instanceof ProviderHttpError) return { status: cur.status, headers: cur.headers, message: cur.providerMessage };
    const e = cur as { status?: unknown; response?: { headers?: HeaderBag; data?: unknown }; message?: unknown; cause?: unknown };
    // Octokit wraps fetch failures as status 500 without a response; the real reason is in `cause`.
    if (typeof e.status === 'number' && e.response) {
      const data = e.response.data as { message?: unknown } | undefined;
      const message = typeof data?.message === 'string' ? data.message : typeof e.message === 'string' ? e.message : '';
      return { status: e.status, headers: e.response.headers ?? {}, message };
    }
    cur = e.cause;
  }
  return null;
}

/** One mapping of provider failures to the closed list of codes; the provider's message is kept, redacted. */
export function mapProviderError(err: unknown, provider: string, now: number = Date.now()): ReposyncError {
  const found = statusOf(err);
  if (found instanceof ReposyncError) return found;
  if (!found) return toReposyncError(err);
  const { status, headers } = found;
  const said = redactText(found.message).slice(0, 300) || `HTTP ${status}`;
  const details: Record<string, unknown> = { status, provider };
  if (isRateLimited(status, headers)) {
    const resetAt = new Date(retryAt(headers, now)).toISOString();
    const limit = readRateLimit(headers);
    return new ReposyncError('rate_limited', `${provider} rate limit reached; try again after ${resetAt}.`, {
      ...details,
      resetAt,
      ...(limit ? { limit: limit.limit, remaining: limit.remaining } : {}),
    });
  }
  if (status === 401) return new ReposyncError('auth_failed', `${provider} refused the credentials: ${said}`, details);
  if (status === 403) return new ReposyncError('forbidden', `${provider} denied access: ${said}`, details);
  if (status === 404) return new ReposyncError('not_found', `${provider} did not find it: ${said}`, details);
  if (status === 400 || status === 409 || status === 422) return new ReposyncError('invalid_input', `${provider} rejected the request: ${said}`, details);
  if (status === 408 || status === 504) return new ReposyncError('timeout', `${provider} timed out: ${said}`, details);
  if (status >= 500) return new ReposyncError('network', `${provider} had a server error (${status}): ${said}`, details);
  return new ReposyncError('internal', `${provider} answered ${status}: ${said}`, details);
}
