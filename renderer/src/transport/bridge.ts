import type { ReposyncBridge } from '../../../shared/bridge';

export type { ReposyncBridge };

declare global {
  interface Window {
    /** Present only in Electron, put there by the preload. */
    reposync?: ReposyncBridge;
  }
}
