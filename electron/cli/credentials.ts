import type { OptionValues } from './command';
import { usageError } from './errors';

/** The token from `--token-env` and the user name to send with it; the engine turns it into a CredentialProvider. */
export interface TokenSource {
  token: string;
  username: string;
}

const DEFAULT_USERNAME = 'x-access-token';

// A mistyped `--token-env ghp_xxx` puts the token itself where a name belongs; only names that
// look like conventional variable names are echoed back.
const SAFE_NAME = /^[A-Z_][A-Z0-9_]{0,63}$/;

/**
 * `--token-env VAR [--username u]` → the token and the user name to send with it.
 * A missing or empty variable is bad usage (exit 2), found before the engine loads.
 */
export function tokenFromEnv(values: OptionValues, env: NodeJS.ProcessEnv, usage: string): TokenSource | null {
  const name = values['token-env'];
  if (typeof name !== 'string') {
    if (typeof values.username === 'string') throw usageError('--username only makes sense with --token-env VAR.', usage);
    return null;
  }
  // Both would be ambiguous: git would use the variable's token while pull requests used the connection's.
  if (typeof values.connection === 'string') throw usageError('Give either --connection <id> or --token-env VAR, not both.', usage);
  const shown = SAFE_NAME.test(name) ? `$${name}` : 'the variable named by --token-env';
  if (name === '' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw usageError(`--token-env takes the NAME of an environment variable holding the token, not the token itself.`, usage);
  }
  const token = env[name];
  if (!token || token.trim() === '') throw usageError(`${shown} is not set or empty; export the token in it first.`, usage);
  const username = typeof values.username === 'string' && values.username !== '' ? values.username : DEFAULT_USERNAME;
  return { token: token.trim(), username };
}
