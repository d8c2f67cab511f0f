import { isAppUrl } from './app-origin';

/** What main knows about the frame an IPC message came from (Electron's `event.senderFrame`). */
export interface SenderInfo {
  url: string;
  isMainFrame: boolean;
}

/**
 * Only our own page, in the top frame, may call the engine. Sub-frames, about:blank, file://,
 * http(s) pages, devtools and extensions are refused: should anything ever get a foreign page
 * into a window, it still cannot reach the engine.
 */
export function isTrustedSender(sender: SenderInfo | null | undefined): boolean {
  if (!sender || sender.isMainFrame !== true) return false;
  return isAppUrl(sender.url);
}
