import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir, writeFile } from '../../test/support/repo';
import { buildCsp } from '../core/csp';
import { APP_SCHEME_PRIVILEGES, handleAppRequest, resolveAppRequest } from './app-protocol';

let root: string;
let renderer: string;
let rendererReal: string;

beforeAll(() => {
  root = tempDir('reposync-app-protocol-');
  renderer = path.join(root, 'dist', 'renderer');
  writeFile(renderer, 'index.html', '<!doctype html><title>Reposync</title>');
  writeFile(renderer, 'assets/app-1a2b.js', 'console.log(1)');
  writeFile(renderer, 'assets/style.css', 'body{}');
  writeFile(renderer, 'fonts/ünïcødé font.woff2', 'font');
  writeFile(renderer, '.hidden', 'secret');
  writeFile(root, 'secret.txt', 'outside');
  writeFile(root, 'dist/renderer-evil/index.html', 'sibling');
  fs.mkdirSync(path.join(renderer, 'nested'), { recursive: true });
  fs.symlinkSync(path.join(root, 'secret.txt'), path.join(renderer, 'leak.txt'));
  fs.symlinkSync(root, path.join(renderer, 'leakdir'));
  fs.symlinkSync(path.join(renderer, 'assets', 'style.css'), path.join(renderer, 'alias.css'));
  rendererReal = fs.realpathSync(renderer);
});
afterAll(() => cleanupTempDirs());

const inRenderer = (...parts: string[]) => path.join(rendererReal, ...parts);

describe('resolveAppRequest', () => {
  it('serves files of the built renderer', () => {
    expect(resolveAppRequest('app://reposync/index.html', renderer)).toBe(inRenderer('index.html'));
    expect(resolveAppRequest('app://reposync/assets/app-1a2b.js', renderer)).toBe(inRenderer('assets', 'app-1a2b.js'));
    expect(resolveAppRequest('app://reposync/assets/style.css?v=2#top', renderer)).toBe(inRenderer('assets', 'style.css'));
    expect(resolveAppRequest('app://reposync/fonts/%C3%BCn%C3%AFc%C3%B8d%C3%A9%20font.woff2', renderer)).toBe(
      inRenderer('fonts', 'ünïcødé font.woff2'),
    );
  });

  it('gives index.html for the root, client-side routes and folders', () => {
    const index = inRenderer('index.html');
    expect(resolveAppRequest('app://reposync', renderer)).toBe(index);
    expect(resolveAppRequest('app://reposync/', renderer)).toBe(index);
    expect(resolveAppRequest('app://reposync/workspaces/abc/history', renderer)).toBe(index);
    expect(resolveAppRequest('app://reposync/nested', renderer)).toBe(index);
    expect(resolveAppRequest('app://reposync/assets', renderer)).toBe(index);
  });

  it('answers null for missing files that have an extension', () => {
    expect(resolveAppRequest('app://reposync/assets/missing.js', renderer)).toBeNull();
    expect(resolveAppRequest('app://reposync/favicon.ico', renderer)).toBeNull();
  });

  it.each([
    'app://other/index.html',
    'app://reposync.evil/index.html',
    'app://reposync:1234/index.html',
    'app://me@reposync/index.html',
    'file:///etc/passwd',
    'https://reposync/index.html',
    'app://reposync/../secret.txt',
    'app://reposync/assets/../../secret.txt',
    'app://reposync/%2e%2e/secret.txt',
    'app://reposync/%2E%2E/%2e%2E/secret.txt',
    'app://reposync/.%2e/secret.txt',
    'app://reposync/..%2fsecret.txt',
    'app://reposync/..%5csecret.txt',
    'app://reposync/%252e%252e/secret.txt',
    'app://reposync/..\\secret.txt',
    'app://reposync/assets/%00.js',
    'app://reposync/index.html\0.png',
    'app://reposync/%E0%A4%A',
    'app://reposync/.hidden',
    'app://reposync/./index.html',
    'app://reposync/C:/Windows/win.ini',
    'app://reposync/leak.txt',
    'app://reposync/leakdir/secret.txt',
    'app://reposync/leakdir',
    'app://reposync/../renderer-evil/index.html',
    'not a url',
  ])('refuses %s', (url) => {
    expect(resolveAppRequest(url, renderer)).toBeNull();
  });

  it('follows symlinks that stay inside the renderer folder', () => {
    expect(resolveAppRequest('app://reposync/alias.css', renderer)).toBe(inRenderer('assets', 'style.css'));
  });

  it('answers null when the renderer has not been built', () => {
    expect(resolveAppRequest('app://reposync/index.html', path.join(root, 'nope'))).toBeNull();
  });
});

describe('handleAppRequest', () => {
  it('returns the file with its type, the CSP and nosniff', async () => {
    const res = await handleAppRequest(new Request('app://reposync/assets/app-1a2b.js'), renderer);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(buildCsp());
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe('console.log(1)');
  });

  it('answers routes with index.html', async () => {
    const res = await handleAppRequest(new Request('app://reposync/workspaces/1'), renderer);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('<title>Reposync</title>');
  });

  it('answers 404 with the same headers for refused or missing paths', async () => {
    for (const url of ['app://reposync/%2e%2e/secret.txt', 'app://reposync/leak.txt', 'app://reposync/missing.js']) {
      const res = await handleAppRequest(new Request(url), renderer);
      expect(res.status, url).toBe(404);
      expect(res.headers.get('content-security-policy')).toBe(buildCsp());
      expect(await res.text()).not.toContain('outside');
    }
  });

  it('refuses methods other than GET and HEAD, and sends no body for HEAD', async () => {
    expect((await handleAppRequest(new Request('app://reposync/index.html', { method: 'POST', body: 'x' }), renderer)).status).toBe(405);
    const head = await handleAppRequest(new Request('app://reposync/index.html', { method: 'HEAD' }), renderer);
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('says how to build the UI when it is missing', async () => {
    const res = await handleAppRequest(new Request('app://reposync/'), path.join(root, 'nope'));
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/build/);
  });
});

describe('scheme privileges and types', () => {
  it('registers a standard, secure scheme without CORS or CSP bypass', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('app');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true, supportFetchAPI: true });
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP');
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('corsEnabled');
  });
});
