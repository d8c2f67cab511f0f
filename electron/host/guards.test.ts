import { describe, expect, it } from 'vitest';
import {
  allowedOrigins,
  hasValidToken,
  isAllowedHost,
  isAllowedOrigin,
  offeredTokens,
  readBearer,
  readCookies,
  tokenCookie,
  tokensEqual,
} from './guards';

const TOKEN = 'a'.repeat(64);

describe('token parsing', () => {
  it('reads every value of the token cookie among others', () => {
    expect(readCookies('theme=dark; reposync_token=abc; other=1', 'reposync_token')).toEqual(['abc']);
    expect(readCookies('reposync_token=old;reposync_token="new"', 'reposync_token')).toEqual(['old', 'new']);
    expect(readCookies('xreposync_token=abc; reposync_tokenx=def', 'reposync_token')).toEqual([]);
    expect(readCookies(undefined, 'reposync_token')).toEqual([]);
    expect(readCookies('garbage; =; ;;', 'reposync_token')).toEqual([]);
  });

  it('reads a bearer token, case-insensitively, and nothing else', () => {
    expect(readBearer('Bearer abc')).toBe('abc');
    expect(readBearer('bearer   abc  ')).toBe('abc');
    expect(readBearer('Basic abc')).toBeUndefined();
    expect(readBearer('Bearer a b')).toBeUndefined();
    expect(readBearer(undefined)).toBeUndefined();
  });

  it('collects cookie and bearer candidates', () => {
    expect(offeredTokens({ cookie: 'reposync_token_4000=x; reposync_token_4001=z', authorization: 'Bearer y' }, 4000)).toEqual(['x', 'y']);
  });

  it('compares tokens exactly, whatever their lengths', () => {
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true);
    expect(tokensEqual(TOKEN.slice(1), TOKEN)).toBe(false);
    expect(tokensEqual(TOKEN + 'a', TOKEN)).toBe(false);
    expect(tokensEqual('', TOKEN)).toBe(false);
    expect(tokensEqual(TOKEN.toUpperCase(), TOKEN)).toBe(false);
  });

  it('accepts a request when any offered token matches', () => {
    expect(hasValidToken({ cookie: `reposync_token_4000=stale; reposync_token_4000=${TOKEN}` }, TOKEN, 4000)).toBe(true);
    expect(hasValidToken({ authorization: `Bearer ${TOKEN}` }, TOKEN, 4000)).toBe(true);
    expect(hasValidToken({ cookie: 'reposync_token_4000=wrong' }, TOKEN, 4000)).toBe(false);
    expect(hasValidToken({ cookie: `reposync_token_4001=${TOKEN}` }, TOKEN, 4000)).toBe(false);
    expect(hasValidToken({}, TOKEN, 4000)).toBe(false);
  });

  it('builds a cookie the browser keeps to this site and port and hides from scripts', () => {
    expect(tokenCookie('abc', 4000)).toBe('reposync_token_4000=abc; HttpOnly; SameSite=Strict; Path=/');
  });
});

describe('Host and Origin checks', () => {
  it('accepts only 127.0.0.1 and localhost on our port', () => {
    expect(isAllowedHost('127.0.0.1:4000', 4000)).toBe(true);
    expect(isAllowedHost('localhost:4000', 4000)).toBe(true);
    expect(isAllowedHost('LOCALHOST:4000', 4000)).toBe(true);
    for (const bad of ['127.0.0.1:4001', '127.0.0.1', 'evil.example:4000', 'localhost.evil.example:4000', '[::1]:4000', '', undefined]) {
      expect(isAllowedHost(bad, 4000), String(bad)).toBe(false);
    }
  });

  it('accepts a missing Origin or our own, nothing else', () => {
    expect(isAllowedOrigin(undefined, 4000)).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:4000', 4000)).toBe(true);
    expect(isAllowedOrigin('http://localhost:4000', 4000)).toBe(true);
    for (const bad of ['null', 'http://evil.example', 'https://127.0.0.1:4000', 'http://127.0.0.1:4001', 'http://127.0.0.1:4000.evil.example', '']) {
      expect(isAllowedOrigin(bad, 4000), bad).toBe(false);
    }
    expect(allowedOrigins(5)).toEqual(['http://127.0.0.1:5', 'http://localhost:5']);
  });
});
