import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from '../core';
import type { Envelope } from '../../shared/errors';
import { hostError } from './envelope';

export function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(text);
}

type BodyResult = { ok: true; text: string } | { ok: false; tooLarge: true } | { ok: false; tooLarge: false };

function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ ok: false, tooLarge: true });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) finish({ ok: false, tooLarge: true });
      else chunks.push(chunk);
    });
    req.on('end', () => finish({ ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => finish({ ok: false, tooLarge: false }));
    req.on('aborted', () => finish({ ok: false, tooLarge: false }));
  });
}

/**
 * `POST /api/invoke` with `{channel, input}` → the core's envelope, for scripts and tests.
 * Only JSON bodies: a form or text/plain POST (what a foreign page can send without a CORS
 * preflight) is refused even before the Origin and cookie checks would refuse it.
 */
export async function handleInvoke(req: IncomingMessage, res: ServerResponse, core: Core, limit: number): Promise<void> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    return sendJson(res, 415, hostError('invalid_input', 'Send the call as JSON (Content-Type: application/json).'));
  }
  const body = await readBody(req, limit);
  if (!body.ok) {
    if (!body.tooLarge) return;
    return sendJson(res, 413, hostError('invalid_input', `The request body is larger than ${limit} bytes.`, { limit }), {
      Connection: 'close',
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(body.text);
  } catch {
    return sendJson(res, 400, hostError('invalid_input', 'The request body is not valid JSON.'));
  }
  if (!data || typeof data !== 'object' || Array.isArray(data) || typeof (data as { channel?: unknown }).channel !== 'string') {
    return sendJson(res, 400, hostError('invalid_input', 'The body must be a JSON object {channel, input}.'));
  }
  const { channel, input } = data as { channel: string; input?: unknown };
  const envelope: Envelope<unknown> = await core.call(channel, input, 'host');
  sendJson(res, 200, envelope);
}
