import { describe, expect, it } from 'vitest';
import { isPermissionAllowed } from './permissions';

describe('isPermissionAllowed', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'usb', 'serial', 'unknown'])(
    'refuses %s even to our own page',
    (permission) => {
      expect(isPermissionAllowed(permission, 'app://reposync/index.html')).toBe(false);
    },
  );

  it('lets only our page write to the clipboard', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://reposync/index.html')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://reposync')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://github.com/')).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', undefined)).toBe(false);
  });
});
