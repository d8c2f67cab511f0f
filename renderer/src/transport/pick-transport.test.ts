// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { hostSocketUrl, pickTransport } from './pick-transport';

afterEach(() => {
  delete window.reposync;
});

describe('pickTransport', () => {
  it('uses the preload bridge when Electron provides one', async () => {
    const calls: unknown[] = [];
    window.reposync = {
      invoke: async (channel, input) => {
        calls.push([channel, input]);
        return { ok: true, value: 'pong' };
      },
      on: () => () => {},
    };
    const transport = pickTransport();
    expect(transport.kind).toBe('electron');
    expect(transport.connectionState()).toBe('open');
    await expect(transport.invoke('app.info', {})).resolves.toEqual({ ok: true, value: 'pong' });
    expect(calls).toEqual([['app.info', {}]]);
  });

  it('derives the socket URL from the page', () => {
    expect(hostSocketUrl({ protocol: 'http:', host: '127.0.0.1:4123' })).toBe('ws://127.0.0.1:4123/ws');
    expect(hostSocketUrl({ protocol: 'https:', host: 'example.test' })).toBe('wss://example.test/ws');
  });
});
