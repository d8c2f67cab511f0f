// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionState } from './connection';
import { hostTransport, type SocketLike } from './host-transport';

/** Plays the server's side of a browser WebSocket: the test opens, answers and drops it. */
class FakeSocket implements SocketLike {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: { id: string; channel: string; input: unknown }[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.drop();
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop() {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onerror?.({});
    this.onclose?.({});
  }
}

const latest = () => FakeSocket.all[FakeSocket.all.length - 1]!;

function make() {
  const states: ConnectionState[] = [];
  const transport = hostTransport('ws://127.0.0.1:9/ws', {
    WebSocketImpl: FakeSocket,
    initialDelayMs: 100,
    maxDelayMs: 400,
    random: () => 1,
  });
  transport.onConnectionChange((s) => states.push(s));
  return { transport, states };
}

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('hostTransport', () => {
  it('queues calls until the socket opens, then matches answers by id', async () => {
    const { transport, states } = make();
    expect(transport.connectionState()).toBe('connecting');
    const first = transport.invoke('workspaces.list', {});
    const second = transport.invoke('workspaces.get', { workspaceId: 'x' });
    expect(latest().sent).toEqual([]);
    latest().open();
    expect(states).toEqual(['open']);
    const [a, b] = latest().sent;
    expect(a).toMatchObject({ channel: 'workspaces.list', input: {} });
    expect(b).toMatchObject({ channel: 'workspaces.get', input: { workspaceId: 'x' } });
    const error = { code: 'not_found', message: 'no', details: {}, requestId: 'r1' };
    latest().receive({ id: b!.id, ok: false, error });
    latest().receive({ id: a!.id, ok: true, value: [] });
    await expect(first).resolves.toEqual({ ok: true, value: [] });
    await expect(second).resolves.toEqual({ ok: false, error });
  });

  it('delivers pushed events to subscribers until they unsubscribe', () => {
    const { transport } = make();
    latest().open();
    const seen: unknown[] = [];
    const off = transport.on('workspace.changed', (p) => seen.push(p));
    latest().receive({ event: 'workspace.changed', payload: { workspaceId: 'a', reason: 'added' } });
    latest().receive({ event: 'operation.updated', payload: {} });
    off();
    latest().receive({ event: 'workspace.changed', payload: { workspaceId: 'b', reason: 'added' } });
    expect(seen).toEqual([{ workspaceId: 'a', reason: 'added' }]);
  });

  it('fails calls in flight with a network error when the socket drops, and reconnects with backoff', async () => {
    const { transport, states } = make();
    latest().open();
    const inFlight = transport.invoke('workspaces.list', {});
    latest().drop();
    const answer = await inFlight;
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.error.code).toBe('network');
    expect(states).toEqual(['open', 'reconnecting']);

    // Between attempts there is no socket: calls fail at once instead of hanging.
    const meanwhile = await transport.invoke('workspaces.list', {});
    expect(!meanwhile.ok && meanwhile.error.code).toBe('network');

    const delays: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      const before = FakeSocket.all.length;
      let waited = 0;
      while (FakeSocket.all.length === before) {
        vi.advanceTimersByTime(50);
        waited += 50;
      }
      delays.push(waited);
      latest().drop();
    }
    expect(delays).toEqual([100, 200, 400, 400]);

    vi.advanceTimersByTime(400);
    latest().open();
    expect(transport.connectionState()).toBe('open');
    expect(states.at(-1)).toBe('open');
    const again = transport.invoke('workspaces.list', {});
    latest().receive({ id: latest().sent[0]!.id, ok: true, value: ['ok'] });
    await expect(again).resolves.toEqual({ ok: true, value: ['ok'] });
  });

  it('fails calls queued on a socket that never opened', async () => {
    const { transport } = make();
    const queued = transport.invoke('app.info', {});
    latest().drop();
    const answer = await queued;
    expect(!answer.ok && answer.error.code).toBe('network');
    expect(transport.connectionState()).toBe('reconnecting');
  });

  it('ignores junk frames and answers to unknown ids', async () => {
    const { transport } = make();
    latest().open();
    const call = transport.invoke('app.info', {});
    latest().onmessage?.({ data: 'not json' });
    latest().receive({ id: 'nope', ok: true, value: 1 });
    latest().receive({ id: null, ok: false, error: { code: 'invalid_input' } });
    latest().receive({ id: latest().sent[0]!.id, ok: true, value: 2 });
    await expect(call).resolves.toEqual({ ok: true, value: 2 });
  });

  it('stops reconnecting once closed', async () => {
    const { transport } = make();
    latest().open();
    const pending = transport.invoke('app.info', {});
    transport.close();
    expect(!(await pending).ok).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(FakeSocket.all).toHaveLength(1);
    const after = await transport.invoke('app.info', {});
    expect(!after.ok && after.error.code).toBe('network');
  });
});
