import { isAppUrl } from './app-origin';

/**
 * Web permissions (camera, geolocation, notifications, HID, …) are refused. The one exception
 * is writing text to the clipboard from our own page, so "copy commit id" buttons work;
 * reading the clipboard stays refused.
 */
export function isPermissionAllowed(permission: string, requestingUrl: string | undefined): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl);
}
