import { afterAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/contract';
import { BRIDGE_EVENT_CHANNEL } from '../../shared/bridge';
import type { Envelope } from '../../shared/errors';
import { cleanupTempDirs, makeRepo, tempDir } from '../../test/support/repo';
import { createCore } from '../core';
import { EventBus } from '../core/events';
import { createMemorySettingsStore } from '../core/settings-store';
import { forwardEvents, registerContract } from './ipc-adapter';
import { isTrustedSender } from './sender';

/** The shape of an Electron invoke event that the trust check reads. */
interface FakeEvent {
  senderFrame: { url: string; parent: object | null } | null;
}

class FakeIpcMain {
  readonly handlers = new Map<string, (event: FakeEvent, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: FakeEvent, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  /** What `ipcRenderer.invoke` does: unknown channels reject, like Electron's "No handler registered". */
  async invoke(event: FakeEvent, channel: string, input: unknown): Promise<Envelope<unknown>> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return (await handler(event, input)) as Envelope<unknown>;
  }
}

const mainFrame = (url: string): FakeEvent => ({ senderFrame: { url, parent: null } });
const subFrame = (url: string): FakeEvent => ({ senderFrame: { url, parent: {} } });
const ours = mainFrame('app://reposync/index.html');

function setup() {
  const home = tempDir('reposync-ipc-');
  const core = createCore({ home, mode: 'electron', version: '9.9.9', store: createMemorySettingsStore() });
  const ipc = new FakeIpcMain();
  const registered = registerContract(ipc, core, {
    isTrusted: (event: FakeEvent) =>
      event.senderFrame !== null && isTrustedSender({ url: event.senderFrame.url, isMainFrame: event.senderFrame.parent === null }),
  });
  return { home, core, ipc, registered };
}

afterAll(() => cleanupTempDirs());

describe('registerContract', () => {
  it('registers exactly the contract channels, once each', () => {
    const { ipc, registered } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    expect(registered.sort()).toEqual([...CHANNELS].sort());
  });

  it('answers a trusted main-frame call through the core', async () => {
    const { ipc, home } = setup();
    const info = await ipc.invoke(ours, 'app.info', {});
    expect(info).toMatchObject({ ok: true, value: { name: 'Reposync', mode: 'electron', home, version: '9.9.9' } });
    expect(await ipc.invoke(ours, 'workspaces.list', {})).toEqual({ ok: true, value: [] });
  });

  it.each([
    ['a sub-frame of our page', subFrame('app://reposync/index.html')],
    ['a destroyed frame', { senderFrame: null }],
    ['about:blank', mainFrame('about:blank')],
    ['file://', mainFrame('file:///work/main/dist/renderer/index.html')],
    ['data:', mainFrame('data:text/html,hi')],
    ['a loopback page', mainFrame('http://127.0.0.1:4173/')],
    ['another app host', mainFrame('app://evil/index.html')],
    ['devtools', mainFrame('devtools://devtools/bundled/inspector.html')],
  ])('refuses %s with forbidden before looking at the input', async (_label, event) => {
    const { ipc } = setup();
    for (const channel of ['app.info', 'workspaces.add']) {
      const res = await ipc.invoke(event as FakeEvent, channel, { path: '/etc' });
      expect(res.ok).toBe(false);
      if (!res.ok) {
        expect(res.error.code).toBe('forbidden');
        expect(res.error.requestId).toMatch(/\S/);
      }
    }
  });

  it('does nothing for an untrusted caller, even with valid input', async () => {
    const { ipc } = setup();
    const repo = makeRepo();
    const refused = await ipc.invoke(subFrame('app://reposync/index.html'), 'workspaces.add', { path: repo });
    expect(refused.ok ? null : refused.error.code).toBe('forbidden');
    expect(await ipc.invoke(ours, 'workspaces.list', {})).toEqual({ ok: true, value: [] });
    const added = await ipc.invoke(ours, 'workspaces.add', { path: repo });
    expect(added.ok).toBe(true);
  });

  it('treats a trust check that throws as untrusted', async () => {
    const ipc = new FakeIpcMain();
    const core = { call: async (): Promise<Envelope<unknown>> => ({ ok: true, value: 'should not run' }) };
    registerContract(ipc, core, {
      isTrusted: () => {
        throw new Error('Object has been destroyed');
      },
    });
    const res = await ipc.invoke(ours, 'app.info', {});
    expect(res.ok ? null : res.error.code).toBe('forbidden');
  });

  it('turns invalid input into invalid_input', async () => {
    const { ipc } = setup();
    for (const [channel, input] of [
      ['app.info', { extra: 1 }],
      ['workspaces.get', { workspaceId: '../../etc' }],
      ['workspaces.add', { path: '' }],
      ['workspaces.status', 'not an object'],
      ['operations.get', { operationId: 42 }],
    ] as const) {
      const res = await ipc.invoke(ours, channel, input);
      expect(res.ok, channel).toBe(false);
      if (!res.ok) expect(res.error.code, channel).toBe('invalid_input');
    }
  });

  it('leaves channels outside the contract unregistered', async () => {
    const { ipc } = setup();
    await expect(ipc.invoke(ours, 'fs.readFile', { path: '/etc/passwd' })).rejects.toThrow(/No handler/);
  });
});

describe('forwardEvents', () => {
  it('sends every event to every current window and survives a failing one', () => {
    const bus = new EventBus();
    const received: unknown[][] = [];
    let windows = [
      { send: (...args: unknown[]) => received.push(['a', ...args]) },
      {
        send: () => {
          throw new Error('Object has been destroyed');
        },
      },
      { send: (...args: unknown[]) => received.push(['c', ...args]) },
    ];
    const stop = forwardEvents(bus, () => windows);
    bus.emit('workspace.changed', { workspaceId: 'w1', reason: 'added' });
    expect(received).toEqual([
      ['a', BRIDGE_EVENT_CHANNEL, 'workspace.changed', { workspaceId: 'w1', reason: 'added' }],
      ['c', BRIDGE_EVENT_CHANNEL, 'workspace.changed', { workspaceId: 'w1', reason: 'added' }],
    ]);
    windows = [];
    bus.emit('workspace.changed', { workspaceId: 'w2', reason: 'removed' });
    expect(received).toHaveLength(2);
    stop();
  });

  it('stops forwarding after unsubscribe', () => {
    const bus = new EventBus();
    const sent: unknown[] = [];
    const stop = forwardEvents(bus, () => [{ send: (...args: unknown[]) => sent.push(args) }]);
    stop();
    bus.emit('workspace.changed', { workspaceId: 'w1', reason: 'updated' });
    expect(sent).toEqual([]);
  });
});
