import { describe, expect, it } from 'vitest';
import { redactText } from '../redact';
import { checkRemoteUrl } from './remote-url';

describe('checkRemoteUrl', () => {
  it('accepts http(s), dropping credentials, fragments and trailing slashes', () => {
    expect(checkRemoteUrl(' https://github.com/o/r.git ')).toEqual({ url: 'https://github.com/o/r.git', inline: null });
    expect(checkRemoteUrl('http://127.0.0.1:8080/r/')).toEqual({ url: 'http://127.0.0.1:8080/r', inline: null });
    expect(checkRemoteUrl('HTTPS://Example.com/o/r#frag').url).toBe('https://example.com/o/r');
    const withToken = checkRemoteUrl('https://bob:tok%40en-123456@example.com/o/r.git');
    expect(withToken).toEqual({ url: 'https://example.com/o/r.git', inline: { username: 'bob', password: 'tok@en-123456' } });
    // The inline token is registered as a secret, so it is masked wherever it shows up later.
    expect(redactText('failed with tok@en-123456')).not.toContain('tok@en-123456');
    expect(checkRemoteUrl('https://justuser@example.com/o/r.git').inline).toBeNull();
  });

  it.each([
    ['git@github.com:owner/repo.git', 'https://github.com/owner/repo.git'],
    ['github.com:owner/repo.git', 'https://github.com/owner/repo.git'],
  ])('refuses scp-like SSH %s and suggests %s', (url, suggestion) => {
    expect(() => checkRemoteUrl(url)).toThrow(expect.objectContaining({ code: 'unsupported', details: expect.objectContaining({ suggestion }) }));
  });

  it.each(['ssh://git@host/r.git', 'git+ssh://host/r.git', 'git://host/r.git', 'file:///srv/r.git', '/srv/r.git', './r', '../r', '~/r', 'C:\\r', 'ftp://host/r'])(
    'refuses %s as unsupported',
    (url) => {
      expect(() => checkRemoteUrl(url)).toThrow(expect.objectContaining({ code: 'unsupported' }));
    },
  );

  it('calls garbage invalid input', () => {
    expect(() => checkRemoteUrl('')).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => checkRemoteUrl('not a url')).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => checkRemoteUrl('https://')).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});
