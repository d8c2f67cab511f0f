import type { ReposyncBridge } from './bridge';
import type { UiTransport } from './connection';

/** IPC through the preload bridge: no socket, so the connection is always open. */
export function electronTransport(bridge: ReposyncBridge): UiTransport {
  return {
    kind: 'electron',
    invoke: (channel, input) => bridge.invoke(channel, input),
    on: (event, listener) => bridge.on(event, listener),
    connectionState: () => 'open',
    onConnectionChange: () => () => {},
    close: () => {},
  };
}
