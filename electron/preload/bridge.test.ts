import { describe, expect, it } from 'vitest';
import { BRIDGE_EVENT_CHANNEL, decodeBridgeNames, encodeBridgeNames } from '../../shared/bridge';
import { CHANNELS, EVENT_NAMES } from '../../shared/contract';
import type { Envelope } from '../../shared/errors';
import { createBridge, type IpcRendererLike } from './bridge';

type Listener = (event: unknown, ...args: unknown[]) => void;

/** An ipcRenderer stand-in that records calls and lets the test push events as main would. */
class FakeIpcRenderer implements IpcRendererLike {
  readonly calls: Array<{ channel: string; args: unknown[] }> = [];
  readonly listeners = new Map<string, Set<Listener>>();
  answer: (channel: string, input: unknown) => Promise<unknown> = async () => ({ ok: true, value: 'pong' });

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.calls.push({ channel, args });
    return this.answer(channel, args[0]);
  }
  on(channel: string, listener: Listener): this {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)?.add(listener);
    return this;
  }
  removeListener(channel: string, listener: Listener): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }
  emit(channel: string, ...args: unknown[]): void {
    const event = { sender: 'the ipcRenderer itself', senderId: 0, ports: [] };
    for (const listener of this.listeners.get(channel) ?? []) listener(event, ...args);
  }
  count(channel: string): number {
    return this.listeners.get(channel)?.size ?? 0;
  }
}

const names = { channels: CHANNELS, events: EVENT_NAMES };

describe('createBridge: invoke', () => {
  it('forwards contract channels with their input and returns main’s envelope', async () => {
    const ipc = new FakeIpcRenderer();
    const bridge = createBridge(ipc, names);
    expect(await bridge.invoke('app.info', {})).toEqual({ ok: true, value: 'pong' });
    expect(ipc.calls).toEqual([{ channel: 'app.info', args: [{}] }]);
  });

  it.each(['fs.readFile', 'app.info ', '__proto__', 'constructor', 'electron-store-get-data', BRIDGE_EVENT_CHANNEL, ''])(
    'rejects %j with invalid_input and never reaches ipc',
    async (channel) => {
      const ipc = new FakeIpcRenderer();
      const res = await createBridge(ipc, names).invoke(channel, {});
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.error).toMatchObject({ code: 'invalid_input', message: 'Unknown channel.' });
      expect(ipc.calls).toEqual([]);
    },
  );

  it('rejects non-string channel names', async () => {
    const ipc = new FakeIpcRenderer();
    const res = await createBridge(ipc, names).invoke({ toString: () => 'app.info' } as unknown as string, {});
    expect(res.ok ? null : res.error.code).toBe('invalid_input');
    expect(ipc.calls).toEqual([]);
  });

  it('maps an uncloneable input to invalid_input and other failures to internal', async () => {
    const ipc = new FakeIpcRenderer();
    const bridge = createBridge(ipc, names);
    ipc.answer = async () => {
      throw new Error('An object could not be cloned.');
    };
    const bad = (await bridge.invoke('workspaces.add', { path: () => 1 })) as Envelope<unknown>;
    expect(bad.ok ? null : bad.error.code).toBe('invalid_input');
    ipc.answer = async () => {
      throw new Error("Error invoking remote method 'app.info': reply was never sent");
    };
    const lost = await bridge.invoke('app.info', {});
    expect(lost.ok ? null : lost.error.code).toBe('internal');
    if (!lost.ok) expect(lost.error.requestId).toMatch(/\S/);
  });

  it('refuses everything when main handed over no names', async () => {
    const ipc = new FakeIpcRenderer();
    const bridge = createBridge(ipc, decodeBridgeNames([]));
    const res = await bridge.invoke('app.info', {});
    expect(res.ok ? null : res.error.code).toBe('invalid_input');
    expect(() => bridge.on('workspace.changed', () => {})).toThrow(/Unknown Reposync event/);
  });
});

describe('createBridge: on', () => {
  it('delivers only the payload of the named event, never the IPC event', () => {
    const ipc = new FakeIpcRenderer();
    const bridge = createBridge(ipc, names);
    const got: unknown[][] = [];
    bridge.on('workspace.changed', (...args: unknown[]) => got.push(args));
    ipc.emit(BRIDGE_EVENT_CHANNEL, 'workspace.changed', { workspaceId: 'w1', reason: 'added' });
    ipc.emit(BRIDGE_EVENT_CHANNEL, 'operation.updated', { id: 'op1' });
    ipc.emit(BRIDGE_EVENT_CHANNEL, 42, { id: 'garbage' });
    expect(got).toEqual([[{ workspaceId: 'w1', reason: 'added' }]]);
  });

  it('returns an unsubscribe function and detaches from ipc when nobody listens', () => {
    const ipc = new FakeIpcRenderer();
    const bridge = createBridge(ipc, names);
    const seen: string[] = [];
    const offA = bridge.on('workspace.changed', () => seen.push('a'));
    const offB = bridge.on('operation.updated', () => seen.push('b'));
    expect(ipc.count(BRIDGE_EVENT_CHANNEL)).toBe(1);
    offA();
    offA();
    ipc.emit(BRIDGE_EVENT_CHANNEL, 'workspace.changed', {});
    ipc.emit(BRIDGE_EVENT_CHANNEL, 'operation.updated', {});
    expect(seen).toEqual(['b']);
    offB();
    expect(ipc.count(BRIDGE_EVENT_CHANNEL)).toBe(0);
    bridge.on('operation.updated', () => seen.push('c'));
    ipc.emit(BRIDGE_EVENT_CHANNEL, 'operation.updated', {});
    expect(seen).toEqual(['b', 'c']);
  });

  it('keeps two subscriptions of the same function apart', () => {
    const ipc = new FakeIpcRenderer();
    const bridge = createBridge(ipc, names);
    let calls = 0;
    const listener = () => (calls += 1);
    const off1 = bridge.on('workspace.changed', listener);
    bridge.on('workspace.changed', listener);
    off1();
    ipc.emit(BRIDGE_EVENT_CHANNEL, 'workspace.changed', {});
    expect(calls).toBe(1);
  });

  it('isolates a throwing listener from the others', () => {
    const ipc = new FakeIpcRenderer();
    const bridge = createBridge(ipc, names);
    const seen: string[] = [];
    const original = console.error;
    console.error = () => {};
    try {
      bridge.on('workspace.changed', () => {
        throw new Error('boom');
      });
      bridge.on('workspace.changed', () => seen.push('ok'));
      ipc.emit(BRIDGE_EVENT_CHANNEL, 'workspace.changed', {});
    } finally {
      console.error = original;
    }
    expect(seen).toEqual(['ok']);
  });

  it('throws for unknown events and non-function listeners', () => {
    const bridge = createBridge(new FakeIpcRenderer(), names);
    expect(() => bridge.on('reposync:event', () => {})).toThrow(/Unknown Reposync event/);
    expect(() => bridge.on('hasOwnProperty', () => {})).toThrow(/Unknown Reposync event/);
    expect(() => bridge.on('workspace.changed', 'alert(1)' as unknown as () => void)).toThrow(/function/);
  });
});

describe('bridge names on the command line', () => {
  it('round-trips the contract names', () => {
    const decoded = decodeBridgeNames(['/usr/lib/electron', '--type=renderer', ...encodeBridgeNames(names), '--other']);
    expect(decoded.channels).toEqual([...CHANNELS]);
    expect(decoded.events).toEqual([...EVENT_NAMES]);
  });

  it('drops anything that is not a noun.verb name', () => {
    const argv = ['--reposync-channels=app.info,../x,rm -rf,a.b;c,,workspaces.list', '--reposync-events=workspace.changed,__proto__'];
    expect(decodeBridgeNames(argv)).toEqual({ channels: ['app.info', 'workspaces.list'], events: ['workspace.changed'] });
    expect(encodeBridgeNames({ channels: ['ok.name', 'bad,name'], events: [] })).toEqual(['--reposync-channels=ok.name', '--reposync-events=']);
  });
});
