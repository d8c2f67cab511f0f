import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/errors';
import { createCore } from '.';
import { createMemorySettingsStore } from './settings-store';
import { ReposyncError } from './errors';

const core = () =>
  createCore({ home: '/nowhere', mode: 'host', version: '1.2.3', store: createMemorySettingsStore() });

describe('dispatch envelope', () => {
  it('wraps a value as {ok:true,value}', async () => {
    const res = await core().call('app.info', {}, 'test');
    expect(res.ok).toBe(true);
    if (res.ok) expect(res.value).toMatchObject({ name: 'Reposync', version: '1.2.3', mode: 'host' });
  });

  it('rejects an unknown channel as invalid_input', async () => {
    const res = await core().call('nope.never', {}, 'test');
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('names the bad field', async () => {
    const res = await core().call('workspaces.add', { path: 42 }, 'test');
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('invalid_input');
      expect(res.error.details.field).toBe('path');
      expect(res.error.requestId).toMatch(/[0-9a-f-]{36}/);
    }
  });

  it('rejects unknown keys rather than ignoring them', async () => {
    const res = await core().call('workspaces.list', { evil: true }, 'test');
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('maps thrown errors to a code from the closed list and redacts them', async () => {
    const c = core();
    (c.handlers as Record<string, unknown>)['app.info'] = async () => {
      throw new ReposyncError('network', 'could not reach https://alice:ghp_abcdefghijklmnopqrstuvwxyz0123@example.com/x', {
        url: 'https://alice:s3cr3t-token@example.com/x',
        token: 'abc',
      });
    };
    const res = await c.call('app.info', {}, 'test');
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(ERROR_CODES).toContain(res.error.code);
      expect(JSON.stringify(res.error)).not.toMatch(/ghp_|s3cr3t|alice/);
      expect(res.error.details.token).toBe('***');
    }
  });

  it('turns a plain exception into internal without crashing', async () => {
    const c = core();
    (c.handlers as Record<string, unknown>)['app.info'] = async () => {
      throw new TypeError('boom');
    };
    expect(await c.call('app.info', {}, 'test')).toMatchObject({ ok: false, error: { code: 'internal', message: 'boom' } });
  });

  it('drops output fields the contract does not declare', async () => {
    const c = core();
    const real = c.handlers['app.info'];
    (c.handlers as Record<string, unknown>)['app.info'] = async (i: never, ctx: never) => ({ ...(await real(i, ctx)), secret: 'x' });
    const res = await c.call('app.info', {}, 'test');
    expect(res.ok && 'secret' in (res.value as object)).toBe(false);
  });
});
