import fs from 'node:fs';
import path from 'node:path';
import { buildCsp } from '../core/csp';
import { checkRequestPath, mimeTypeFor, resolveIndex, resolveStaticFile } from '../core/renderer-files';
import { APP_HOST, APP_SCHEME, parseUrl } from './app-origin';

/**
 * The app:// scheme serves the built renderer (dist/renderer) and nothing else. Electron glue
 * registers it; the decisions live here so they can be tested in plain Node.
 */

/** `protocol.registerSchemesAsPrivileged` entry. No `corsEnabled` (it would let other origins read our files), no bypassCSP. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;

const MAX_URL = 4096;

/** The path segments of an app:// URL, or null when it is not ours or looks like traversal. */
function requestSegments(rawUrl: string): string[] | null {
  if (rawUrl.length > MAX_URL || rawUrl.includes('\\') || rawUrl.includes('\0')) return null;
  const url = parseUrl(rawUrl);
  if (!url || url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST) return null;
  if (url.port !== '' || url.username !== '' || url.password !== '') return null;
  // The raw path, not url.pathname: the URL parser has already folded '..' and '%2e%2e' away.
  const pathStart = rawUrl.indexOf('/', rawUrl.indexOf('//') + 2);
  const rawPath = pathStart === -1 ? '/' : (rawUrl.slice(pathStart).split(/[?#]/)[0] ?? '/');
  const checked = checkRequestPath(rawPath);
  return checked.ok ? checked.segments : null;
}

/**
 * The file an app:// URL stands for, inside `rendererDir` after following symlinks, or null.
 * Extension-less paths that match no file are client-side routes and get index.html.
 */
export function resolveAppRequest(rawUrl: string, rendererDir: string): string | null {
  const segments = requestSegments(rawUrl);
  if (!segments) return null;
  let rootReal: string;
  try {
    rootReal = fs.realpathSync(rendererDir);
  } catch {
    return null;
  }
  const target = resolveStaticFile(rootReal, segments);
  if (target.kind === 'file') return target.file;
  return target.kind === 'index' ? (resolveIndex(rootReal)?.file ?? null) : null;
}

/** Headers on every app:// response: the renderer's CSP and no MIME sniffing. */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': buildCsp(),
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: appResponseHeaders('text/plain; charset=utf-8') });
}

/** The `protocol.handle('app', …)` handler, written against the web Request/Response Node also has. */
export async function handleAppRequest(request: Request, rendererDir: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed.\n');
  const file = resolveAppRequest(request.url, rendererDir);
  if (!file) {
    if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
      return plain(503, 'The Reposync UI has not been built yet. Run `node scripts/build.mjs renderer`.\n');
    }
    return plain(404, 'Not found.\n');
  }
  let body: Buffer;
  try {
    body = await fs.promises.readFile(file);
  } catch {
    return plain(404, 'Not found.\n');
  }
  const headers = appResponseHeaders(mimeTypeFor(file));
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
}
