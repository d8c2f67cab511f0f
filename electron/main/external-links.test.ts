import { describe, expect, it } from 'vitest';
import { hostsOfRemotes, isAllowedExternalUrl } from './external-links';
import { decideWindowOpen, isAllowedNavigation } from './navigation';

describe('isAllowedExternalUrl', () => {
  it.each([
    'https://github.com/octo/repo/pull/1',
    'https://docs.github.com/en',
    'https://gitlab.com/group/project/-/merge_requests/3',
    'https://gitea.com/x/y',
    'https://codeberg.org/x/y',
    'https://bitbucket.org/x/y',
    'https://GitHub.com/octo',
  ])('allows %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    'http://github.com/octo/repo',
    'https://github.com.evil.io/',
    'https://evilgithub.com/',
    'https://github.com:8443/',
    'https://user:token@github.com/',
    'https://token@github.com/',
    'https://140.82.112.3/',
    'https://[::1]/',
    'https://xn--gthub-n4a.com/',
    'https://example.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'app://reposync/index.html',
    'ssh://git@github.com/octo/repo.git',
    'smb://github.com/share',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });

  it('allows the exact hosts of the user remotes, not their subdomains', () => {
    const extra = hostsOfRemotes(['https://git.corp.example/team/repo.git', 'http://plain.example/x.git', null, 'garbage']);
    expect(extra).toEqual(['git.corp.example']);
    expect(isAllowedExternalUrl('https://git.corp.example/team/repo/pulls', extra)).toBe(true);
    expect(isAllowedExternalUrl('https://evil.git.corp.example/', extra)).toBe(false);
    expect(isAllowedExternalUrl('http://git.corp.example/', extra)).toBe(false);
  });
});

describe('navigation', () => {
  it('allows navigation only within app://reposync', () => {
    expect(isAllowedNavigation('app://reposync/index.html')).toBe(true);
    expect(isAllowedNavigation('app://reposync/workspaces/1')).toBe(true);
    expect(isAllowedNavigation('https://github.com/')).toBe(false);
    expect(isAllowedNavigation('file:///work/main/dist/renderer/index.html')).toBe(false);
    expect(isAllowedNavigation('app://other/index.html')).toBe(false);
    expect(isAllowedNavigation('about:blank')).toBe(false);
  });

  it('never opens a window; forge links go to the browser', () => {
    expect(decideWindowOpen('https://github.com/octo/repo')).toEqual({ action: 'deny', openExternally: true });
    expect(decideWindowOpen('https://example.com/')).toEqual({ action: 'deny', openExternally: false });
    expect(decideWindowOpen('app://reposync/index.html')).toEqual({ action: 'deny', openExternally: false });
    expect(decideWindowOpen('https://git.corp.example/x', ['git.corp.example'])).toEqual({ action: 'deny', openExternally: true });
  });
});
