import type { Envelope } from './errors';

/**
 * What the Electron preload puts on `window.reposync`. Deliberately untyped per channel: the
 * renderer wraps it in `createClient` (shared/client.ts), which derives the types from the
 * contract. It has the same shape as the client's `Transport`, so it can be passed straight in.
 */
export interface ReposyncBridge {
  /** Call one contract channel. Unknown names resolve to an `invalid_input` envelope, never throw. */
  invoke(channel: string, input: unknown): Promise<Envelope<unknown>>;
  /** Listen to one contract event; the listener receives the payload only. Returns an unsubscribe function. */
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** The key under which the preload exposes the bridge: `window.reposync`. */
export const BRIDGE_GLOBAL = 'reposync';

/** The one IPC channel on which main pushes engine events to windows: `(name, payload)`. */
export const BRIDGE_EVENT_CHANNEL = 'reposync:event';

/**
 * The names the preload accepts, handed over by main on the renderer's command line
 * (`webPreferences.additionalArguments`). This keeps the contract (and zod) out of the sandboxed
 * preload bundle while main, which imports the contract, stays the single source of truth.
 */
export interface BridgeNames {
  channels: readonly string[];
  events: readonly string[];
}

const CHANNELS_ARG = '--reposync-channels=';
const EVENTS_ARG = '--reposync-events=';
// Contract names are `noun.verb` words; anything else on the command line is ignored.
const NAME = /^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z][A-Za-z0-9_-]*)+$/;

export function encodeBridgeNames(names: BridgeNames): string[] {
  const check = (list: readonly string[]) => list.filter((n) => NAME.test(n)).join(',');
  return [`${CHANNELS_ARG}${check(names.channels)}`, `${EVENTS_ARG}${check(names.events)}`];
}

/** Read the names back from `process.argv`; missing or malformed arguments give empty lists (everything refused). */
export function decodeBridgeNames(argv: readonly string[]): BridgeNames {
  const read = (prefix: string): string[] => {
    const arg = argv.find((a) => a.startsWith(prefix));
    if (!arg) return [];
    return arg
      .slice(prefix.length)
      .split(',')
      .filter((n) => NAME.test(n));
  };
  return { channels: read(CHANNELS_ARG), events: read(EVENTS_ARG) };
}
