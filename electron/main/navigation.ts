import { isAppUrl } from './app-origin';
import { isAllowedExternalUrl } from './external-links';

/** In-window navigation is allowed only within our own origin (e.g. a reload); everything else is stopped. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

export type WindowOpenDecision = { action: 'deny'; openExternally: boolean };

/**
 * `window.open` and `target=_blank` never create a window. A link to a known forge (https only)
 * is handed to the user's browser instead; anything else is dropped.
 */
export function decideWindowOpen(url: string, extraHosts: readonly string[] = []): WindowOpenDecision {
  return { action: 'deny', openExternally: isAllowedExternalUrl(url, extraHosts) };
}
