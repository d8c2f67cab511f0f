/**
 * Where the renderer lives inside Electron: `app://reposync/`, a privileged custom scheme
 * (standard + secure), never file://. Every trust decision in main (IPC senders, navigation,
 * event targets) asks the same question through `isAppUrl`.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'reposync';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Parse without throwing; null for anything that is not a URL. */
export function parseUrl(raw: unknown): URL | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 8192) return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * True when `raw` is on our origin. Compared field by field: Node's URL reports the origin of
 * non-special schemes as "null", so `url.origin` cannot be used here.
 */
export function isAppUrl(raw: unknown): boolean {
  const url = parseUrl(raw);
  return (
    url !== null &&
    url.protocol === `${APP_SCHEME}:` &&
    url.hostname === APP_HOST &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  );
}
