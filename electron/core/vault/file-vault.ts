import fs from 'node:fs';
import path from 'node:path';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ReposyncError } from '../errors';
import { writeFileAtomic } from '../fs-atomic';
import type { Vault } from './vault';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

const Entry = z.object({ iv: z.string(), tag: z.string(), ciphertext: z.string() });
const VaultFile = z.object({ version: z.literal(1), entries: z.record(z.string(), Entry) });
type VaultFile = z.infer<typeof VaultFile>;

/** The id is the GCM associated data: an entry copied under another id fails authentication. */
const aad = (id: string) => Buffer.from(`reposync-vault:v1:${id}`, 'utf8');

export interface FileVaultOptions {
  /** Defaults to process.platform; permission checks only make sense on POSIX. */
  platform?: NodeJS.Platform;
}

/**
 * The host/CLI vault: AES-256-GCM with a random key in `vault.key` (mode 0600) and the sealed
 * secrets in `vault.json`. Weaker than an OS keychain: anyone who can read both files as this
 * user can decrypt them; it only keeps tokens out of plain sight (backups, grep, screen shares).
 */
export function createFileVault(home: string, options: FileVaultOptions = {}): Vault {
  const keyFile = path.join(home, 'vault.key');
  const dataFile = path.join(home, 'vault.json');
  const posix = (options.platform ?? process.platform) !== 'win32';
  let key: Buffer | null = null;

  const loadKey = (create: boolean): Buffer | null => {
    if (key) return key;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(keyFile);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      if (!create) return null;
      createKeyFile(keyFile);
      stat = fs.statSync(keyFile);
    }
    if (!stat.isFile()) throw new ReposyncError('forbidden', `${keyFile} is not a regular file; Reposync will not use it as its vault key.`);
    if (posix && (stat.mode & 0o077) !== 0) {
      const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
      throw new ReposyncError(
        'forbidden',
        `The vault key ${keyFile} can be read by other users (mode ${mode}). Anyone who can read it can decrypt every saved token, ` +
          `so Reposync refuses to use it. Make it private with: chmod 600 "${keyFile}"`,
        { path: keyFile, mode, reason: 'vault_key_permissions' },
      );
    }
    const bytes = fs.readFileSync(keyFile);
    if (bytes.length !== KEY_BYTES) {
      throw new ReposyncError('internal', `The vault key ${keyFile} is damaged (wrong length); saved tokens cannot be read.`, {
        path: keyFile,
        reason: 'vault_key_damaged',
      });
    }
    key = bytes;
    return key;
  };

  const readFile = (): VaultFile => {
    let text: string;
    try {
      text = fs.readFileSync(dataFile, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, entries: {} };
      throw err;
    }
    try {
      return VaultFile.parse(JSON.parse(text));
    } catch {
      throw new ReposyncError('internal', `The vault file ${dataFile} is damaged and cannot be read; saved tokens must be entered again.`, {
        path: dataFile,
        reason: 'vault_corrupt',
      });
    }
  };

  /** A damaged file is kept aside for the user (never silently overwritten) before a fresh one is started. */
  const readForWrite = (): VaultFile => {
    try {
      return readFile();
    } catch (err) {
      if (!(err instanceof ReposyncError) || err.details.reason !== 'vault_corrupt') throw err;
      fs.renameSync(dataFile, `${dataFile}.corrupt-${Date.now()}`);
      return { version: 1, entries: {} };
    }
  };

  const write = (file: VaultFile) => writeFileAtomic(dataFile, JSON.stringify(file, undefined, '\t'), 0o600);

  return {
    kind: 'encrypted_file',
    async get(id) {
      const entry = readFile().entries[id];
      if (!entry) return null;
      const k = loadKey(false);
      if (!k) throw tampered(id, 'the vault key is missing');
      return open(k, id, entry);
    },
    async set(id, secret) {
      const k = loadKey(true)!;
      const file = readForWrite();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', k, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(id));
      const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      file.entries[id] = { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
      write(file);
    },
    async delete(id) {
      const file = readForWrite();
      if (!(id in file.entries)) return;
      delete file.entries[id];
      write(file);
    },
  };
}

function open(key: Buffer, id: string, entry: z.infer<typeof Entry>): string {
  const iv = Buffer.from(entry.iv, 'base64');
  const tag = Buffer.from(entry.tag, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw tampered(id, 'the entry is malformed');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(id));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(entry.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw tampered(id, 'it fails its integrity check');
  }
}

function tampered(id: string, why: string): ReposyncError {
  return new ReposyncError(
    'internal',
    `The saved secret of connection ${id} cannot be decrypted (${why}): vault.json or vault.key was changed outside Reposync. ` +
      `Enter the token again to replace it.`,
    { connectionId: id, reason: 'vault_tampered' },
  );
}

/**
 * Create the key so no other process ever sees a partial or world-readable file: write a private
 * temp file, then hard-link it into place (fails if another process won the race; then theirs is used).
 */
function createKeyFile(keyFile: string): void {
  fs.mkdirSync(path.dirname(keyFile), { recursive: true, mode: 0o700 });
  const tmp = `${keyFile}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeSync(fd, randomBytes(KEY_BYTES));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(tmp, keyFile);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
