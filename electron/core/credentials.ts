import type { Workspace } from '../../shared/domain';
import { registerSecret } from './redact';

/** What a remote needs to let us in: HTTP Basic credentials (a token is the password). */
export interface Credentials {
  username: string;
  password: string;
}

/** A remote not tied to a workspace yet: testing a URL before adding it, or cloning. */
export interface RemoteTarget {
  url: string;
  connectionId: string | null;
}

/**
 * The seam between the engine and wherever secrets live (the vault behind connections in the app,
 * a token from an environment variable in the CLI). Secrets come from here only: never from the
 * renderer, never from `.git/config` or the settings file.
 */
export interface CredentialProvider {
  forWorkspace(ws: Workspace): Promise<Credentials | null>;
  /** Credentials for a bare URL (clone, test before add); providers without it fall back to none. */
  forRemote?(target: RemoteTarget): Promise<Credentials | null>;
}

export const noCredentials: CredentialProvider = {
  forWorkspace: async () => null,
  forRemote: async () => null,
};

/**
 * One token for every remote (the CLI's `--token-env VAR`). GitHub, GitLab and Gitea all accept a
 * token as the Basic password whatever the username; `x-access-token` is the name GitHub documents.
 */
export function tokenCredentialProvider(token: string, username = 'x-access-token'): CredentialProvider {
  registerSecret(token);
  const creds = { username, password: token };
  return { forWorkspace: async () => creds, forRemote: async () => creds };
}

/** Credentials for a workspace or a bare target, whichever the caller has. */
export async function credentialsFor(provider: CredentialProvider, target: Workspace | RemoteTarget): Promise<Credentials | null> {
  const creds = 'id' in target ? await provider.forWorkspace(target) : ((await provider.forRemote?.(target)) ?? null);
  if (creds) registerSecret(creds.password);
  return creds;
}
