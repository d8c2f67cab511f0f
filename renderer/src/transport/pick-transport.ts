import type { UiTransport } from './connection';
import { electronTransport } from './electron-transport';
import { hostTransport } from './host-transport';

/** The host's socket URL for the page we are on; the auth cookie travels with the upgrade. */
export function hostSocketUrl(loc: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws`;
}

/** Electron when the preload bridge is there, the host's WebSocket otherwise. */
export function pickTransport(): UiTransport {
  if (window.reposync) return electronTransport(window.reposync);
  return hostTransport(hostSocketUrl());
}
