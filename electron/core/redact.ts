/**
 * The one place secrets are scrubbed before anything is logged, returned or shown.
 * Known secrets (tokens the vault handed out) are registered so they are caught anywhere;
 * well-known shapes (credentials in URLs, Authorization headers, provider tokens) are caught by pattern.
 */
const known = new Set<string>();

export function registerSecret(secret: string): void {
  if (secret.length >= 6) known.add(secret);
}

export function forgetSecret(secret: string): void {
  known.delete(secret);
}

const MASK = '***';
const PATTERNS: Array<[RegExp, string]> = [
  // https://user:token@host -> https://***@host
  [/([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+(?::[^/\s@]*)?@/gi, `$1${MASK}@`],
  [/(authorization\s*[:=]\s*)(?:basic|bearer|token)?\s*[^\s,;"']+/gi, `$1${MASK}`],
  [/(private-token\s*[:=]\s*)[^\s,;"']+/gi, `$1${MASK}`],
  [/\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,})\b/g, MASK],
  [/([?&](?:token|access_token|private_token|password)=)[^&\s]+/gi, `$1${MASK}`],
];

export function redactText(text: string): string {
  let out = text;
  for (const secret of known) if (out.includes(secret)) out = out.split(secret).join(MASK);
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}

const SECRET_KEYS = /^(token|password|secret|authorization|privatekey|private_key|accesstoken|access_token|cookie)$/i;

/** Deep copy with every string redacted and every secret-named field masked. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return MASK;
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) ? MASK : redact(v, depth + 1);
    return out;
  }
  return value;
}
