import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir } from '../../../test/support/repo';
import { ReposyncError } from '../errors';
import { SafeStorageVault, type SafeStorageLike } from './safe-storage-vault';

afterAll(cleanupTempDirs);

/** A stand-in for Electron's safeStorage: reversible, but not plain text, like the real one. */
function fakeSafeStorage(backend = 'gnome_libsecret', available = true): SafeStorageLike {
  const mask = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
  return {
    isEncryptionAvailable: () => available,
    encryptString: (s) => mask(Buffer.from(`sealed:${s}`, 'utf8')),
    decryptString: (b) => {
      const text = mask(b).toString('utf8');
      if (!text.startsWith('sealed:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return text.slice(7);
    },
    getSelectedStorageBackend: () => backend,
  };
}

async function rejection(p: Promise<unknown>): Promise<ReposyncError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ReposyncError);
  return err as ReposyncError;
}

describe('safeStorage vault', () => {
  it('seals secrets with the OS keychain and binds them to their id', async () => {
    const file = path.join(tempDir(), 'secrets.json');
    const vault = new SafeStorageVault(fakeSafeStorage(), { file, allowWeakStorage: () => false, platform: 'linux' });
    expect(vault.kind).toBe('os_keychain');
    await vault.set('a', 'token-aaaaaaaa');
    await vault.set('b', 'token-bbbbbbbb');
    expect(await vault.get('a')).toBe('token-aaaaaaaa');
    expect(fs.readFileSync(file, 'utf8')).not.toContain('token-aaaaaaaa');
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    data.entries.a = data.entries.b;
    fs.writeFileSync(file, JSON.stringify(data));
    const err = await rejection(vault.get('a'));
    expect(err.details.reason).toBe('vault_tampered');
    await vault.delete('b');
    expect(await vault.get('b')).toBeNull();
  });

  it('refuses basic_text on Linux unless the user opted in, and explains why', async () => {
    const file = path.join(tempDir(), 'secrets.json');
    let allow = false;
    const vault = new SafeStorageVault(fakeSafeStorage('basic_text'), { file, allowWeakStorage: () => allow, platform: 'linux' });
    const err = await rejection(vault.set('a', 'token-aaaaaaaa'));
    expect(err.code).toBe('forbidden');
    expect(err.message).toMatch(/No OS keychain.*fixed key/s);
    expect(fs.existsSync(file)).toBe(false);
    allow = true;
    await vault.set('a', 'token-aaaaaaaa');
    expect(await vault.get('a')).toBe('token-aaaaaaaa');
    // Other platforms have no basic_text backend to worry about.
    const mac = new SafeStorageVault(fakeSafeStorage('basic_text'), { file, allowWeakStorage: () => false, platform: 'darwin' });
    await mac.set('m', 'token-mmmmmmmm');
  });

  it('refuses to store anything when encryption is unavailable', async () => {
    const file = path.join(tempDir(), 'secrets.json');
    const vault = new SafeStorageVault(fakeSafeStorage('gnome_libsecret', false), { file, allowWeakStorage: () => true, platform: 'linux' });
    expect((await rejection(vault.set('a', 'token-aaaaaaaa'))).code).toBe('forbidden');
  });
});
