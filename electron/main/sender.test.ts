import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './sender';
import { isAppUrl } from './app-origin';

describe('isTrustedSender', () => {
  it('trusts our page in the main frame', () => {
    expect(isTrustedSender({ url: 'app://reposync/index.html', isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: 'app://reposync/', isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: 'app://reposync/workspaces/abc?tab=history#x', isMainFrame: true })).toBe(true);
  });

  it('refuses our page inside a sub-frame', () => {
    expect(isTrustedSender({ url: 'app://reposync/index.html', isMainFrame: false })).toBe(false);
  });

  it.each([
    'app://evil/index.html',
    'app://reposync.evil.com/index.html',
    'app://evil.reposync/index.html',
    'app://reposync:8080/index.html',
    'app://user@reposync/index.html',
    'app://user:pw@reposync/index.html',
    'APP://REPOSYNC/index.html',
    'about:blank',
    'about:srcdoc',
    'file:///work/main/dist/renderer/index.html',
    'data:text/html,<script>1</script>',
    'blob:app://reposync/1234',
    'http://127.0.0.1:4173/',
    'http://localhost:5173/',
    'https://reposync/',
    'https://github.com/',
    'devtools://devtools/bundled/inspector.html',
    'chrome-extension://abc/index.html',
    'javascript:alert(1)',
    'reposync/index.html',
    '',
  ])('refuses %s', (url) => {
    expect(isTrustedSender({ url, isMainFrame: true })).toBe(false);
  });

  it('refuses missing or malformed sender info', () => {
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
    expect(isTrustedSender({ url: 'app://reposync/', isMainFrame: 'yes' as unknown as boolean })).toBe(false);
    expect(isTrustedSender({ url: 42 as unknown as string, isMainFrame: true })).toBe(false);
  });
});

describe('isAppUrl', () => {
  it('ignores non-strings and absurd lengths', () => {
    expect(isAppUrl(undefined)).toBe(false);
    expect(isAppUrl({ toString: () => 'app://reposync/' })).toBe(false);
    expect(isAppUrl(`app://reposync/${'a'.repeat(9000)}`)).toBe(false);
  });
});
