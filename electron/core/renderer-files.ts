import fs from 'node:fs';
import path from 'node:path';

/**
 * Which file of the built renderer a request path stands for, and nothing else: shared by the
 * headless host (HTTP) and the Electron app:// scheme, so both refuse the same things. Paths are
 * checked twice: the raw path is refused on anything that smells of traversal (so there is no
 * decoding trick to reason about), and the file found is realpath'd and must still sit inside the
 * renderer folder (so a symlink cannot lead out).
 */

export type PathCheck = { ok: true; segments: string[] } | { ok: false; reason: string };

// Encoded '.', '/', '\', NUL and '%' itself: a built renderer never needs them, attackers do.
const ENCODED_SUSPECTS = /%(2e|2f|5c|00|25)/i;
const MAX_PATH = 2048;

export function checkRequestPath(rawPath: string): PathCheck {
  if (!rawPath.startsWith('/')) return { ok: false, reason: 'not an absolute path' };
  if (rawPath.length > MAX_PATH) return { ok: false, reason: 'path too long' };
  if (rawPath.includes('\\') || rawPath.includes('\0')) return { ok: false, reason: 'backslash or NUL' };
  if (ENCODED_SUSPECTS.test(rawPath)) return { ok: false, reason: 'encoded separator or dot' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, reason: 'malformed percent-encoding' };
  }
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f\\]/.test(decoded)) return { ok: false, reason: 'control character or backslash' };
  const segments = decoded.split('/').filter((s) => s.length > 0);
  for (const segment of segments) {
    // '.' and '..' walk; other dot-names are hidden files nobody should fetch; ':' is a drive or stream on Windows.
    if (segment.startsWith('.')) return { ok: false, reason: 'dot segment' };
    if (segment.includes(':')) return { ok: false, reason: 'colon in segment' };
  }
  return { ok: true, segments };
}

export type StaticTarget =
  | { kind: 'file'; file: string; stat: fs.Stats }
  | { kind: 'index' }
  | { kind: 'not_found' }
  | { kind: 'refused'; reason: string };

export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Where a checked path leads inside `rootReal` (already realpath'd). Extension-less misses are
 * client-side routes and get index.html; misses with an extension are real 404s.
 */
export function resolveStaticFile(rootReal: string, segments: string[]): StaticTarget {
  if (segments.length === 0) return { kind: 'index' };
  const candidate = path.join(rootReal, ...segments);
  if (!isInside(rootReal, candidate)) return { kind: 'refused', reason: 'outside the renderer folder' };
  let real: string;
  try {
    real = fs.realpathSync(candidate);
  } catch {
    return path.extname(segments[segments.length - 1] ?? '') ? { kind: 'not_found' } : { kind: 'index' };
  }
  if (!isInside(rootReal, real)) return { kind: 'refused', reason: 'symlink leads outside the renderer folder' };
  const stat = fs.statSync(real);
  if (stat.isFile()) return { kind: 'file', file: real, stat };
  return stat.isDirectory() ? { kind: 'index' } : { kind: 'not_found' };
}

/** index.html itself, held to the same realpath rule. */
export function resolveIndex(rootReal: string): { file: string; stat: fs.Stats } | null {
  try {
    const real = fs.realpathSync(path.join(rootReal, 'index.html'));
    const stat = fs.statSync(real);
    return isInside(rootReal, real) && stat.isFile() ? { file: real, stat } : null;
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
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export function mimeTypeFor(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
