import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCsp } from '../../electron/core/csp';
import { APP_ENTRY_URL, isAppUrl } from '../../electron/main/app-origin';
import { APP_SCHEME_PRIVILEGES, appResponseHeaders, resolveAppRequest } from '../../electron/main/app-protocol';
import { isAllowedExternalUrl } from '../../electron/main/external-links';
import { decideWindowOpen, isAllowedNavigation } from '../../electron/main/navigation';
import { isPermissionAllowed } from '../../electron/main/permissions';
import { isTrustedSender } from '../../electron/main/sender';
import { buildWebPreferences } from '../../electron/main/window-options';
import { createBridge } from '../../electron/preload/bridge';

/**
 * Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security), item
 * by item, against the pure functions the main process wires in. The numbers match
 * docs/security.md, which says where each is enforced and which other tests cover the wiring.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const prefs = buildWebPreferences('/app/preload.cjs') as Record<string, unknown>;

describe('Electron security checklist', () => {
  it('1. only secure content: the app loads from app://, links out only over https', () => {
    expect(APP_ENTRY_URL).toBe('app://reposync/index.html');
    expect(isAllowedExternalUrl('https://github.com/o/r')).toBe(true);
    for (const u of ['http://github.com/o/r', 'ftp://github.com', 'ws://github.com']) expect(isAllowedExternalUrl(u), u).toBe(false);
  });

  it('2. no Node.js integration for any content, workers or sub-frames', () => {
    expect(prefs).toMatchObject({ nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false });
  });

  it('3. context isolation', () => expect(prefs.contextIsolation).toBe(true));

  it('4. process sandbox', () => expect(prefs.sandbox).toBe(true));

  it('5. permission requests denied (only clipboard write from our own page)', () => {
    const asked = ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'hid', 'serial', 'usb', 'fullscreen', 'pointerLock', 'midi', 'display-capture'];
    for (const p of asked) {
      expect(isPermissionAllowed(p, APP_ENTRY_URL), p).toBe(false);
      expect(isPermissionAllowed(p, 'https://evil.example'), p).toBe(false);
    }
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', undefined)).toBe(false);
  });

  it('6. webSecurity stays on', () => expect(prefs.webSecurity).toBe(true));

  it('7. a Content-Security-Policy on every app:// response: self only, no eval, no inline script', () => {
    const csp = buildCsp();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(appResponseHeaders('text/html')['Content-Security-Policy']).toBe(buildCsp());
  });

  it('8. no insecure content', () => expect(prefs.allowRunningInsecureContent).toBe(false));

  it('9. no experimental features', () => expect(prefs.experimentalFeatures).toBe(false));

  it('10. no enableBlinkFeatures (nor any other preference that widens the renderer)', () => {
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('disableBlinkFeatures');
    expect(Object.keys(prefs).sort()).toEqual(
      ['additionalArguments', 'allowRunningInsecureContent', 'contextIsolation', 'devTools', 'experimentalFeatures', 'navigateOnDragDrop', 'nodeIntegration', 'nodeIntegrationInSubFrames', 'nodeIntegrationInWorker', 'preload', 'safeDialogs', 'sandbox', 'spellcheck', 'webSecurity', 'webviewTag'].sort(),
    );
  });

  it('11–12. no <webview> at all (so no allowpopups, nothing to verify); will-attach-webview is refused in main', () => {
    expect(prefs.webviewTag).toBe(false);
    const main = fs.readFileSync(path.join(root, 'electron/main/index.ts'), 'utf8');
    expect(main).toMatch(/will-attach-webview['"],\s*\(event\)\s*=>\s*event\.preventDefault\(\)/);
  });

  it('13. navigation limited to our own origin', () => {
    expect(isAllowedNavigation('app://reposync/index.html#/history')).toBe(true);
    for (const u of ['https://github.com', 'file:///etc/passwd', 'app://other/index.html', 'about:blank', 'javascript:alert(1)', 'data:text/html,x', 'http://127.0.0.1:5173/']) {
      expect(isAllowedNavigation(u), u).toBe(false);
    }
  });

  it('14. new windows are never created', () => {
    for (const u of ['https://github.com/o/r/pull/1', 'app://reposync/index.html', 'https://evil.example', 'about:blank']) expect(decideWindowOpen(u).action).toBe('deny');
  });

  it('15. shell.openExternal only for https links to known forges or the user’s own remotes', () => {
    const refused = [
      'file:///etc/passwd',
      'smb://server/share',
      'javascript:alert(1)',
      'https://github.com.evil.example/',
      'https://evil.example/github.com',
      'https://github.com@evil.example/',
      'https://user:pw@github.com/',
      'https://github.com:8443/',
      'https://xn--gthub-n4a.com/',
      'https://140.82.112.3/',
      'https://git.corp.example/',
      '\\\\server\\share',
      'ms-msdt:/id PCWDiagnostic',
    ];
    for (const u of refused) expect(isAllowedExternalUrl(u), u).toBe(false);
    expect(isAllowedExternalUrl('https://git.corp.example/team/repo', ['git.corp.example'])).toBe(true);
    expect(decideWindowOpen('https://github.com/o/r').openExternally).toBe(true);
    expect(decideWindowOpen('file:///etc/passwd').openExternally).toBe(false);
  });

  it('16. a current Electron major', () => {
    const version = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version as string;
    expect(Number(version.split('.')[0])).toBeGreaterThanOrEqual(45);
  });

  it('17. the sender of every IPC message is validated', () => {
    expect(isTrustedSender({ url: APP_ENTRY_URL, isMainFrame: true })).toBe(true);
    for (const s of [null, undefined, { url: APP_ENTRY_URL, isMainFrame: false }, { url: 'https://evil.example', isMainFrame: true }, { url: 'file:///app/index.html', isMainFrame: true }, { url: 'app://evil/index.html', isMainFrame: true }, { url: 'devtools://devtools/x', isMainFrame: true }]) {
      expect(isTrustedSender(s)).toBe(false);
    }
  });

  it('18. no file://: a custom privileged scheme that serves only the renderer folder', () => {
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP');
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('corsEnabled');
    expect(isAppUrl('file:///index.html')).toBe(false);
    const dir = '/opt/reposync/renderer';
    for (const u of ['app://reposync/../secret', 'app://reposync/%2e%2e/secret', 'app://reposync/..%5csecret', 'app://other/index.html', 'file:///etc/passwd']) expect(resolveAppRequest(u, dir), u).toBeNull();
  });

  it('19. fuses: the risky ones are switched off in electron-builder.yml', () => {
    const yml = fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    for (const line of ['runAsNode: false', 'enableNodeOptionsEnvironmentVariable: false', 'enableNodeCliInspectArguments: false', 'onlyLoadAppFromAsar: true', 'grantFileProtocolExtraPrivileges: false']) expect(yml).toContain(line);
  });

  it('20. no Electron API reaches the page: the bridge exposes invoke/on only and never the event', async () => {
    const seen: unknown[] = [];
    const ipc = { invoke: async (...args: unknown[]) => (seen.push(args), { ok: true, value: null }), on: () => undefined, removeListener: () => undefined };
    const bridge = createBridge(ipc, { channels: ['app.info'], events: ['workspace.changed'] } as never);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    const refused = await bridge.invoke('ipcRenderer.send' as never, {} as never);
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(seen).toEqual([]);
  });
});
