import { describe, expect, it } from 'vitest';
import { buildMenuTemplate } from './menu-template';

type MenuItemConstructorOptions = ReturnType<typeof buildMenuTemplate>[number];

function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

describe('buildMenuTemplate', () => {
  const noop = () => {};

  it.each(['linux', 'win32', 'darwin'] as const)('has working clipboard roles on %s', (platform) => {
    const all = roles(buildMenuTemplate({ platform, isDev: false, onAbout: noop }));
    for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']) expect(all).toContain(role);
  });

  it('offers reload and devtools only in development', () => {
    const prod = roles(buildMenuTemplate({ platform: 'linux', isDev: false, onAbout: noop }));
    const dev = roles(buildMenuTemplate({ platform: 'linux', isDev: true, onAbout: noop }));
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) {
      expect(prod).not.toContain(role);
      expect(dev).toContain(role);
    }
  });

  it('has Help → About that calls back', () => {
    let called = 0;
    const template = buildMenuTemplate({ platform: 'win32', isDev: false, onAbout: () => (called += 1) });
    const help = template.find((item) => item.role === 'help');
    const about = Array.isArray(help?.submenu) ? help.submenu.find((item) => item.label === 'About Reposync') : undefined;
    expect(about).toBeDefined();
    (about?.click as () => void)();
    expect(called).toBe(1);
  });

  it('puts the app menu first on macOS only', () => {
    expect(buildMenuTemplate({ platform: 'darwin', isDev: false, onAbout: noop })[0]?.label).toBe('Reposync');
    expect(buildMenuTemplate({ platform: 'linux', isDev: false, onAbout: noop })[0]?.label).toBe('File');
  });
});
