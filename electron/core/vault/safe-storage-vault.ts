import fs from 'node:fs';
import { z } from 'zod';
import { ReposyncError } from '../errors';
import { writeFileAtomic } from '../fs-atomic';
import type { Vault } from './vault';

/** The part of Electron's `safeStorage` the vault uses; passed in so this file never imports 'electron'. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' means no keyring was found and Chromium encrypts with a hard-coded key. */
  getSelectedStorageBackend?(): string;
}

export interface SafeStorageVaultOptions {
  /** Where the sealed blobs are kept, e.g. `<userData>/secrets.json`. */
  file: string;
  /** The user's opt-in to store secrets even when only `basic_text` is available. Read on every write. */
  allowWeakStorage: () => boolean;
  platform?: NodeJS.Platform;
}

const SealedFile = z.object({ version: z.literal(1), entries: z.record(z.string(), z.string()) });
type SealedFile = z.infer<typeof SealedFile>;
const Sealed = z.object({ id: z.string(), secret: z.string() });

/**
 * Electron's vault: secrets sealed by the OS keychain (Keychain, DPAPI, libsecret/kwallet) via safeStorage.
 * The id is sealed with the secret, so a blob copied under another id is refused.
 */
export class SafeStorageVault implements Vault {
  readonly kind = 'os_keychain' as const;

  constructor(
    private readonly safeStorage: SafeStorageLike,
    private readonly options: SafeStorageVaultOptions,
  ) {}

  async get(id: string): Promise<string | null> {
    const blob = this.read().entries[id];
    if (blob === undefined) return null;
    this.assertAvailable();
    let opened: z.infer<typeof Sealed>;
    try {
      opened = Sealed.parse(JSON.parse(this.safeStorage.decryptString(Buffer.from(blob, 'base64'))));
    } catch {
      throw unreadable(id, 'the OS keychain could not decrypt it');
    }
    if (opened.id !== id) throw unreadable(id, 'it belongs to another connection');
    return opened.secret;
  }

  async set(id: string, secret: string): Promise<void> {
    this.assertAvailable();
    this.assertStrongBackend();
    const file = this.read();
    file.entries[id] = this.safeStorage.encryptString(JSON.stringify({ id, secret })).toString('base64');
    writeFileAtomic(this.options.file, JSON.stringify(file, undefined, '\t'), 0o600);
  }

  async delete(id: string): Promise<void> {
    const file = this.read();
    if (!(id in file.entries)) return;
    delete file.entries[id];
    writeFileAtomic(this.options.file, JSON.stringify(file, undefined, '\t'), 0o600);
  }

  private assertAvailable(): void {
    if (!this.safeStorage.isEncryptionAvailable()) {
      throw new ReposyncError('forbidden', 'The OS keychain is not available, so Reposync cannot store or read tokens safely.', {
        reason: 'keychain_unavailable',
      });
    }
  }

  private assertStrongBackend(): void {
    if ((this.options.platform ?? process.platform) !== 'linux') return;
    const backend = this.safeStorage.getSelectedStorageBackend?.();
    if (backend === 'basic_text' && !this.options.allowWeakStorage()) {
      throw new ReposyncError(
        'forbidden',
        'No OS keychain (GNOME Keyring, KWallet) is available, so the token would be stored encrypted with a fixed key ' +
          'that any program can undo. Start a keyring service, or turn on "Allow weak secret storage" in Settings to save it anyway.',
        { reason: 'weak_storage', backend },
      );
    }
  }

  private read(): SealedFile {
    let text: string;
    try {
      text = fs.readFileSync(this.options.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, entries: {} };
      throw err;
    }
    const parsed = SealedFile.safeParse(safeJson(text));
    if (!parsed.success) {
      throw new ReposyncError('internal', `The secrets file ${this.options.file} is damaged; saved tokens must be entered again.`, {
        reason: 'vault_corrupt',
      });
    }
    return parsed.data;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function unreadable(id: string, why: string): ReposyncError {
  return new ReposyncError('internal', `The saved secret of connection ${id} cannot be read (${why}). Enter the token again to replace it.`, {
    connectionId: id,
    reason: 'vault_tampered',
  });
}
