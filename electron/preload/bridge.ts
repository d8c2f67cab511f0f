import { BRIDGE_EVENT_CHANNEL, type BridgeNames, type ReposyncBridge } from '../../shared/bridge';
import type { Envelope, ErrorPayload } from '../../shared/errors';

/** The part of Electron's `ipcRenderer` the bridge uses; it never leaves this module. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

let fallbackId = 0;
function requestId(): string {
  const uuid = globalThis.crypto?.randomUUID?.();
  return uuid ?? `preload-${Date.now().toString(36)}-${(fallbackId += 1)}`;
}

function failure(code: ErrorPayload['code'], message: string, details: Record<string, unknown>): Envelope<never> {
  return { ok: false, error: { code, message, details, requestId: requestId() } };
}

/**
 * `window.reposync`: named, checked functions only, never `ipcRenderer` itself (as VS Code's
 * validateIPC). Only contract channels can be invoked and only contract events listened to;
 * listeners get the payload, never the IpcRendererEvent (which carries `sender`).
 * `names` come from main (see `decodeBridgeNames`); main checks everything again regardless.
 */
export function createBridge(ipc: IpcRendererLike, names: BridgeNames): ReposyncBridge {
  const channels = new Set(names.channels);
  const events = new Set(names.events);
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let attached = false;

  const onEvent = (_event: unknown, name: unknown, payload: unknown): void => {
    if (typeof name !== 'string') return;
    for (const listener of [...(listeners.get(name) ?? [])]) {
      try {
        listener(payload);
      } catch (err) {
        // One broken listener must not starve the others; the page still sees it in its console.
        console.error(`reposync: listener for ${name} failed`, err);
      }
    }
  };

  const detachIfIdle = (): void => {
    if (attached && [...listeners.values()].every((set) => set.size === 0)) {
      ipc.removeListener(BRIDGE_EVENT_CHANNEL, onEvent as (event: unknown, ...args: unknown[]) => void);
      attached = false;
    }
  };

  return {
    async invoke(channel, input) {
      if (typeof channel !== 'string' || !channels.has(channel)) {
        return failure('invalid_input', 'Unknown channel.', { channel: String(channel).slice(0, 100) });
      }
      try {
        return (await ipc.invoke(channel, input)) as Envelope<unknown>;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        // Structured clone refuses functions, DOM nodes and the like before anything reaches main.
        if (/could not be cloned/i.test(message)) {
          return failure('invalid_input', 'The input cannot be sent to the engine (functions or DOM objects are not allowed).', { channel });
        }
        return failure('internal', 'The Reposync engine did not answer.', { channel });
      }
    },
    on(event, listener) {
      if (typeof event !== 'string' || !events.has(event)) throw new Error(`Unknown Reposync event: ${String(event).slice(0, 100)}`);
      if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      // Wrap so the same function added twice gets two independent subscriptions.
      const wrapped = (payload: unknown): void => listener(payload);
      set.add(wrapped);
      if (!attached) {
        ipc.on(BRIDGE_EVENT_CHANNEL, onEvent as (event: unknown, ...args: unknown[]) => void);
        attached = true;
      }
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        set.delete(wrapped);
        detachIfIdle();
      };
    },
  };
}
