import { randomUUID } from 'node:crypto';
import { CHANNELS, type EventName } from '../../shared/contract';
import { BRIDGE_EVENT_CHANNEL } from '../../shared/bridge';
import type { Envelope } from '../../shared/errors';
import type { Core } from '../core';

/** The part of Electron's `ipcMain` this adapter uses, so tests can hand in a plain object. */
export interface IpcHandleTarget<E> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => unknown): void;
}

export interface RegisterOptions<E> {
  /** Asked first on every call; see `isTrustedSender`. */
  isTrusted: (event: E) => boolean;
}

export function forbiddenEnvelope(channel: string): Envelope<never> {
  return {
    ok: false,
    error: {
      code: 'forbidden',
      message: 'This window may not call the Reposync engine.',
      details: { channel },
      requestId: randomUUID(),
    },
  };
}

/**
 * One `ipcMain.handle` per contract channel (the IPC channel name is the contract name).
 * Order matters: the sender is checked before the input is even looked at; then the core
 * validates, runs and wraps, exactly as for the host and the CLI. Returns the names registered.
 */
export function registerContract<E>(ipc: IpcHandleTarget<E>, core: Pick<Core, 'call'>, options: RegisterOptions<E>): string[] {
  for (const channel of CHANNELS) {
    ipc.handle(channel, async (event, input) => {
      let trusted = false;
      try {
        trusted = options.isTrusted(event);
      } catch {
        trusted = false;
      }
      if (!trusted) return forbiddenEnvelope(channel);
      return core.call(channel, input, 'ipc');
    });
  }
  return [...CHANNELS];
}

/** A window that can receive events (Electron's `webContents`). */
export interface EventTarget {
  send(channel: string, ...args: unknown[]): void;
}

export interface EventSource {
  subscribe(listener: (name: EventName, payload: unknown) => void): () => void;
}

/**
 * Push every engine event to every window `targets()` returns at that moment, as
 * `(BRIDGE_EVENT_CHANNEL, name, payload)`. A window that fails to receive does not stop the others.
 */
export function forwardEvents(source: EventSource, targets: () => Iterable<EventTarget>): () => void {
  return source.subscribe((name, payload) => {
    for (const target of targets()) {
      try {
        target.send(BRIDGE_EVENT_CHANNEL, name, payload);
      } catch {
        // A window closing mid-send; it is gone on the next event.
      }
    }
  });
}
