import { registerSecret } from '../redact';

/**
 * Where connection secrets live, keyed by connection id. Electron backs it with the OS keychain
 * (safeStorage); the host and CLI with an AES-256-GCM file, which is weaker (the key sits on the same disk).
 */
export interface Vault {
  kind: 'os_keychain' | 'encrypted_file';
  get(id: string): Promise<string | null>;
  set(id: string, secret: string): Promise<void>;
  delete(id: string): Promise<void>;
}

/** Wraps a vault so every secret it hands out or takes in is known to the redactor before anyone can log it. */
export function redactingVault(inner: Vault): Vault {
  return {
    kind: inner.kind,
    async get(id) {
      const secret = await inner.get(id);
      if (secret !== null) registerSecret(secret);
      return secret;
    },
    async set(id, secret) {
      registerSecret(secret);
      await inner.set(id, secret);
    },
    delete: (id) => inner.delete(id),
  };
}
