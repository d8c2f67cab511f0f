import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir } from '../../../test/support/repo';
import { ReposyncError } from '../errors';
import { redactText } from '../redact';
import { createFileVault } from './file-vault';
import { redactingVault } from './vault';

afterAll(cleanupTempDirs);

const posix = process.platform !== 'win32';

async function rejection(p: Promise<unknown>): Promise<ReposyncError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ReposyncError);
  return err as ReposyncError;
}

describe('file vault', () => {
  it('round-trips secrets, deletes them, and never writes them in clear', async () => {
    const home = tempDir();
    const vault = createFileVault(home);
    expect(vault.kind).toBe('encrypted_file');
    expect(await vault.get('a')).toBeNull();
    await vault.set('a', 'ghp_firstsecretvalue1234567890');
    await vault.set('b', 'ünïcødé-sécret');
    expect(await vault.get('a')).toBe('ghp_firstsecretvalue1234567890');
    expect(await vault.get('b')).toBe('ünïcødé-sécret');
    for (const f of fs.readdirSync(home)) {
      const bytes = fs.readFileSync(path.join(home, f));
      expect(bytes.includes('ghp_firstsecretvalue')).toBe(false);
      expect(bytes.includes('sécret')).toBe(false);
    }
    await vault.delete('a');
    await vault.delete('a');
    expect(await vault.get('a')).toBeNull();
    expect(JSON.parse(fs.readFileSync(path.join(home, 'vault.json'), 'utf8')).entries).not.toHaveProperty('a');
    // A second process (CLI next to the host) reads what the first wrote.
    expect(await createFileVault(home).get('b')).toBe('ünïcødé-sécret');
  });

  it.runIf(posix)('creates vault.key and vault.json private (0600)', async () => {
    const home = tempDir();
    await createFileVault(home).set('x', 'secret-value');
    expect(fs.statSync(path.join(home, 'vault.key')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(home, 'vault.json')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(home, 'vault.key')).size).toBe(32);
    expect(fs.readdirSync(home).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it.runIf(posix)('refuses a key file other users can read, and says how to fix it', async () => {
    const home = tempDir();
    await createFileVault(home).set('x', 'secret-value');
    fs.chmodSync(path.join(home, 'vault.key'), 0o644);
    const err = await rejection(createFileVault(home).get('x'));
    expect(err.code).toBe('forbidden');
    expect(err.message).toMatch(/other users.*0644.*chmod 600/s);
    fs.chmodSync(path.join(home, 'vault.key'), 0o600);
    expect(await createFileVault(home).get('x')).toBe('secret-value');
  });

  it('detects entries swapped between ids and flipped bytes, without crashing', async () => {
    const home = tempDir();
    const vault = createFileVault(home);
    await vault.set('one', 'secret-number-one');
    await vault.set('two', 'secret-number-two');
    const file = path.join(home, 'vault.json');
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    [data.entries.one, data.entries.two] = [data.entries.two, data.entries.one];
    fs.writeFileSync(file, JSON.stringify(data));
    const swapped = await rejection(createFileVault(home).get('one'));
    expect(swapped.code).toBe('internal');
    expect(swapped.details.reason).toBe('vault_tampered');
    expect(swapped.message).toMatch(/cannot be decrypted.*Enter the token again/s);

    [data.entries.one, data.entries.two] = [data.entries.two, data.entries.one];
    const ct = Buffer.from(data.entries.two.ciphertext, 'base64');
    ct[0]! ^= 0x01;
    data.entries.two.ciphertext = ct.toString('base64');
    fs.writeFileSync(file, JSON.stringify(data));
    expect(await createFileVault(home).get('one')).toBe('secret-number-one');
    expect((await rejection(createFileVault(home).get('two'))).details.reason).toBe('vault_tampered');
    // The damaged entry can be replaced by saving the token again.
    await createFileVault(home).set('two', 'secret-number-two-again');
    expect(await createFileVault(home).get('two')).toBe('secret-number-two-again');
  });

  it('reports a replaced key and a damaged file clearly, keeping the damaged file aside on write', async () => {
    const home = tempDir();
    await createFileVault(home).set('k', 'secret-value');
    fs.writeFileSync(path.join(home, 'vault.key'), Buffer.alloc(32, 7), { mode: 0o600 });
    expect((await rejection(createFileVault(home).get('k'))).details.reason).toBe('vault_tampered');
    fs.writeFileSync(path.join(home, 'vault.json'), '{ not json');
    expect((await rejection(createFileVault(home).get('k'))).details.reason).toBe('vault_corrupt');
    await createFileVault(home).set('k', 'fresh-secret');
    expect(await createFileVault(home).get('k')).toBe('fresh-secret');
    expect(fs.readdirSync(home).some((f) => f.startsWith('vault.json.corrupt-'))).toBe(true);
  });

  it('registers every secret it hands out with the redactor', async () => {
    const home = tempDir();
    await createFileVault(home).set('r', 'plain-looking-secret-42');
    expect(redactText('x plain-looking-secret-42 y')).toContain('plain-looking-secret-42');
    await redactingVault(createFileVault(home)).get('r');
    expect(redactText('x plain-looking-secret-42 y')).toBe('x *** y');
  });
});
