import fs from 'node:fs';
import path from 'node:path';
import { buildCsp } from '../core/csp';
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

// Encoded '.', '/', '\', NUL and '%': a built renderer never needs them, traversal tricks do.
const ENCODED_SUSPECTS = /%(2e|2f|5c|00|25)/i;
const MAX_URL = 4096;

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The path segments of an app:// URL, or null when it is not ours or looks like traversal. */
function requestSegments(rawUrl: string): string[] | null {
  if (rawUrl.length > MAX_URL || rawUrl.includes('\\') || rawUrl.includes('\0')) return null;
  const url = parseUrl(rawUrl);
  if (!url || url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST) return null;
  if (url.port !== '' || url.username !== '' || url.password !== '') return null;
  // Check the raw path too: the URL parser has already folded '..' and '%2e%2e' away.
  const pathStart = rawUrl.indexOf('/', rawUrl.indexOf('//') + 2);
  const rawPath = pathStart === -1 ? '' : (rawUrl.slice(pathStart).split(/[?#]/)[0] ?? '');
  if (ENCODED_SUSPECTS.test(rawPath) || /(^|\/)\.\.?(\/|$)/.test(rawPath)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f\\]/.test(decoded)) return null;
  const segments = decoded.split('/').filter((s) => s.length > 0);
  // Dot-names are walks or hidden files; ':' is a drive or a stream on Windows.
  if (segments.some((s) => s.startsWith('.') || s.includes(':'))) return null;
  return segments;
}

function realFile(rootReal: string, candidate: string): string | null {
  try {
    const real = fs.realpathSync(candidate);
    return isInside(rootReal, real) && fs.statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
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
  const index = () => realFile(rootReal, path.join(rootReal, 'index.html'));
  if (segments.length === 0) return index();
  const candidate = path.join(rootReal, ...segments);
  if (!isInside(rootReal, candidate)) return null;
  let stat: fs.Stats | null = null;
  try {
    stat = fs.lstatSync(candidate);
  } catch {
    stat = null;
  }
  if (!stat) return path.extname(segments[segments.length - 1] ?? '') ? null : index();
  const found = realFile(rootReal, candidate);
  if (found) return found;
  // A directory (or a symlink to one) inside the tree is a route; a symlink leading out is refused.
  try {
    const real = fs.realpathSync(candidate);
    return isInside(rootReal, real) && fs.statSync(real).isDirectory() ? index() : null;
  } catch {
    return null;
  }
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
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
  const headers = appResponseHeaders(contentTypeFor(file));
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
}
