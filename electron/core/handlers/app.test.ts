import { afterAll, describe, expect, it } from 'vitest';
import { createCore } from '..';
import { cleanupTempDirs, tempDir } from '../../../test/support/repo';

afterAll(cleanupTempDirs);

describe('app channels', () => {
  it('reports the vault actually in use and keeps the weak-storage opt-in across restarts', async () => {
    const home = tempDir('reposync-home-');
    const core = createCore({ home, mode: 'host', version: '1.0.0' });
    expect(await core.call('app.info', {}, 'test')).toMatchObject({ ok: true, value: { vaultKind: 'encrypted_file', canPickFolder: false } });
    expect(await core.call('app.settings', {}, 'test')).toEqual({ ok: true, value: { allowWeakStorage: false } });
    expect(await core.call('app.updateSettings', { allowWeakStorage: true }, 'test')).toEqual({ ok: true, value: { allowWeakStorage: true } });
    const again = createCore({ home, mode: 'host', version: '1.0.0' });
    expect(await again.call('app.settings', {}, 'test')).toEqual({ ok: true, value: { allowWeakStorage: true } });
    expect(await again.call('app.updateSettings', { allowWeakStorage: 'yes' }, 'test')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('says plainly that the host has no folder dialog', async () => {
    const core = createCore({ home: tempDir('reposync-home-'), mode: 'host', version: '1.0.0' });
    expect(await core.call('app.pickFolder', {}, 'test')).toMatchObject({ ok: false, error: { code: 'unsupported' } });
  });
});
