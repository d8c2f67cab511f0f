import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkRequestPath, mimeTypeFor, resolveIndex, resolveStaticFile } from '../core/renderer-files';

/** The host's HTTP side of serving the built renderer; which file a path stands for is core/renderer-files.ts. */

/** Vite's hashed output under assets/ never changes; everything else is revalidated. */
export function cacheControlFor(rootReal: string, file: string): string {
  const rel = path.relative(rootReal, file).split(path.sep);
  return rel[0] === 'assets' && rel.length > 1 ? 'private, max-age=31536000, immutable' : 'no-cache';
}

function sendPlain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

/** Answer a GET/HEAD for the renderer. Security headers are the caller's job. */
export function sendStatic(req: IncomingMessage, res: ServerResponse, rendererDir: string, rawPath: string): void {
  const checked = checkRequestPath(rawPath);
  if (!checked.ok) return sendPlain(res, 400, 'Bad path.\n');
  let rootReal: string;
  try {
    rootReal = fs.realpathSync(rendererDir);
  } catch {
    return sendPlain(res, 503, 'The Reposync UI has not been built yet. Run `npm run build` (or `node scripts/build.mjs renderer`).\n');
  }
  const target = resolveStaticFile(rootReal, checked.segments);
  if (target.kind === 'refused') return sendPlain(res, 403, 'Forbidden.\n');
  if (target.kind === 'not_found') return sendPlain(res, 404, 'Not found.\n');
  const found = target.kind === 'file' ? target : resolveIndex(rootReal);
  if (!found) {
    return sendPlain(res, 503, 'The Reposync UI has not been built yet. Run `npm run build` (or `node scripts/build.mjs renderer`).\n');
  }
  const etag = `W/"${found.stat.size.toString(16)}-${Math.floor(found.stat.mtimeMs).toString(16)}"`;
  const headers = {
    'Content-Type': mimeTypeFor(found.file),
    'Cache-Control': cacheControlFor(rootReal, found.file),
    ETag: etag,
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': String(found.stat.size) });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = fs.createReadStream(found.file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
