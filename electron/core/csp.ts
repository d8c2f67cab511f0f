/**
 * The Content-Security-Policy for the renderer, the same in Electron (app:// protocol) and in the
 * host (HTTP). Only our own origin may load scripts; no eval, no inline script, no plugins,
 * no framing. `connectSrc` adds the host's WebSocket, which 'self' does not cover in every browser.
 */
export function buildCsp(options: { connectSrc?: string[] } = {}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    // CodeMirror and React set element styles at run time; scripts stay locked down.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...(options.connectSrc ?? [])],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
    'frame-src': ["'none'"],
    'worker-src': ["'self'", 'blob:'],
  };
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}
