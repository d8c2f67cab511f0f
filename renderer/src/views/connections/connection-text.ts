import type { AppInfo, Connection } from '../../../../shared/contract';
import type { Tone } from '../../lib/status-text';

export type ProviderChoice = 'github' | 'github_enterprise' | 'github_app' | 'gitlab' | 'gitea' | 'generic';

export const PROVIDER_LABELS: Record<ProviderChoice, string> = {
  github: 'GitHub',
  github_enterprise: 'GitHub Enterprise',
  github_app: 'GitHub App',
  gitlab: 'GitLab',
  gitea: 'Gitea',
  generic: 'Plain HTTPS Git',
};

const GITHUB_API = 'https://api.github.com';

/** Which of the setup choices a saved connection came from (GitHub Enterprise is GitHub with its own URL). */
export function providerChoice(connection: Connection): ProviderChoice {
  if (connection.provider === 'github') {
    if (connection.authKind === 'github_app') return 'github_app';
    return connection.baseUrl.replace(/\/+$/, '') === GITHUB_API ? 'github' : 'github_enterprise';
  }
  return connection.provider;
}

/** Where tokens live, said honestly: the host's encrypted file is weaker than an OS keychain. */
export function vaultText(kind: AppInfo['vaultKind'] | undefined): { short: string; explanation: string } {
  switch (kind) {
    case 'os_keychain':
      return {
        short: 'OS keychain',
        explanation: "Tokens are encrypted with your operating system's keychain and never written in plain text.",
      };
    case 'encrypted_file':
      return {
        short: 'Encrypted file (weaker than an OS keychain)',
        explanation:
          'Tokens are encrypted (AES-256-GCM) in a file in the data folder, with a key file only your user can read. Anyone who can read both files as you can read the tokens, so this is weaker than an OS keychain.',
      };
    default:
      return { short: '…', explanation: '' };
  }
}

const DAY = 24 * 3600 * 1000;

/** "Expires in 3 days" (warning under a week), "Expired 2 days ago" (error), or nothing. */
export function expiryText(expiresAt: string | null, now: number = Date.now()): { text: string; tone: Tone; expired: boolean } | null {
  if (!expiresAt) return null;
  const at = Date.parse(expiresAt);
  if (Number.isNaN(at)) return null;
  const days = Math.ceil((at - now) / DAY);
  if (at <= now) {
    const ago = Math.max(0, Math.floor((now - at) / DAY));
    return { text: ago === 0 ? 'Token expired today' : `Token expired ${ago} day${ago === 1 ? '' : 's'} ago`, tone: 'danger', expired: true };
  }
  const text = days <= 1 ? 'Token expires within a day' : `Token expires in ${days} days`;
  return { text, tone: days < 7 ? 'warn' : 'neutral', expired: false };
}

export function rateLimitText(connection: Connection): string | null {
  const rate = connection.rateLimit;
  if (!rate) return null;
  const reset = rate.resetAt ? `, resets ${new Date(rate.resetAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : '';
  return `API: ${rate.remaining.toLocaleString()} of ${rate.limit.toLocaleString()} requests left${reset}`;
}
