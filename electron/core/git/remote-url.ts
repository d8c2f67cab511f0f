import { ReposyncError } from '../errors';
import { registerSecret } from '../redact';
import type { Credentials } from '../credentials';

export interface CheckedRemoteUrl {
  /** The URL without any user:password part (what may be stored and shown). */
  url: string;
  /** Credentials that were written into the URL, used for this call only and never stored. */
  inline: Credentials | null;
}

const HTTPS_HINT = 'Use the repository\'s HTTPS address instead (like https://host/owner/repo.git).';

/** `git@github.com:owner/repo.git` → `https://github.com/owner/repo.git`, as a hint to the user. */
function httpsFromScp(url: string): string | null {
  const m = /^(?:[\w.-]+@)?([\w.-]+):(?!\/\/)(.+)$/.exec(url);
  if (!m) return null;
  return `https://${m[1]}/${m[2]!.replace(/^\/+/, '')}`;
}

/**
 * Only smart HTTP(S) remotes are supported (isomorphic-git speaks nothing else). Every other kind
 * of address gets `unsupported` with a message that says what to use instead.
 */
export function checkRemoteUrl(raw: string): CheckedRemoteUrl {
  const url = raw.trim();
  if (!url) throw new ReposyncError('invalid_input', 'A repository address is required.', { field: 'url' });
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'ssh' || scheme === 'git+ssh' || scheme === 'ssh+git') {
    throw new ReposyncError('unsupported', `SSH addresses are not supported. ${HTTPS_HINT}`, { field: 'url', scheme });
  }
  if (scheme === 'git') {
    throw new ReposyncError('unsupported', `The git:// protocol is not supported. ${HTTPS_HINT}`, { field: 'url', scheme });
  }
  if (scheme === 'file') {
    throw new ReposyncError('unsupported', 'Local folders (file://) cannot be used as a remote; use the repository\'s HTTPS address.', {
      field: 'url',
      scheme,
    });
  }
  if (!scheme) {
    if (/^([a-z]:[\\/]|[\\/]|\.{1,2}([\\/]|$)|~)/i.test(url)) {
      throw new ReposyncError('unsupported', 'Local folders cannot be used as a remote; use the repository\'s HTTPS address.', {
        field: 'url',
        scheme: 'path',
      });
    }
    const suggestion = httpsFromScp(url);
    if (suggestion) {
      throw new ReposyncError('unsupported', `SSH addresses (user@host:path) are not supported. ${HTTPS_HINT}`, {
        field: 'url',
        scheme: 'ssh',
        suggestion,
      });
    }
    throw new ReposyncError('invalid_input', `"${url.slice(0, 200)}" is not a repository address. ${HTTPS_HINT}`, { field: 'url' });
  }
  if (scheme !== 'http' && scheme !== 'https') {
    throw new ReposyncError('unsupported', `${scheme}:// addresses are not supported. ${HTTPS_HINT}`, { field: 'url', scheme });
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ReposyncError('invalid_input', 'The repository address is not a valid URL.', { field: 'url' });
  }
  if (!parsed.hostname) throw new ReposyncError('invalid_input', 'The repository address has no host.', { field: 'url' });
  let inline: Credentials | null = null;
  if (parsed.username || parsed.password) {
    inline = { username: decodeURIComponent(parsed.username) || 'x-access-token', password: decodeURIComponent(parsed.password) };
    if (inline.password) registerSecret(inline.password);
    else inline = null;
    parsed.username = '';
    parsed.password = '';
  }
  parsed.hash = '';
  // isomorphic-git appends /info/refs itself; a trailing slash would make `//info/refs`.
  const clean = parsed.toString().replace(/\/+$/, '');
  return { url: clean, inline };
}
