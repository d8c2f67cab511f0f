import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../shared/contract';
import { createServices } from '../services';
import { createMemorySettingsStore } from '../settings-store';
import { createHandlers } from '.';

describe('contract/handler parity', () => {
  const handlers = createHandlers(
    createServices({ home: '/nowhere', mode: 'host', version: '0.0.0', store: createMemorySettingsStore() }),
  );

  it('has a handler for every channel', () => {
    for (const name of CHANNELS) expect(typeof handlers[name], name).toBe('function');
  });

  it('has a channel for every handler', () => {
    expect(Object.keys(handlers).sort()).toEqual([...CHANNELS].sort());
  });
});
