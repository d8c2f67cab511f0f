import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir, writeFile } from '../../test/support/repo';
import { checkRequestPath, mimeTypeFor, resolveStaticFile } from './renderer-files';

describe('checkRequestPath', () => {
  it('splits ordinary paths into segments', () => {
    expect(checkRequestPath('/')).toEqual({ ok: true, segments: [] });
    expect(checkRequestPath('/assets/index-abc.js')).toEqual({ ok: true, segments: ['assets', 'index-abc.js'] });
    expect(checkRequestPath('//assets//x.css')).toEqual({ ok: true, segments: ['assets', 'x.css'] });
    expect(checkRequestPath('/workspaces/%C3%A9t%C3%A9')).toEqual({ ok: true, segments: ['workspaces', 'été'] });
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/./index.html',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/.%2e/secret.txt',
    '/assets%2f..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/assets\\..\\..\\secret.txt',
    '/index.html%00.js',
    '/index.html\0',
    '/%252e%252e/secret.txt',
    '/%E0%A4%A',
    '/.git/config',
    '/.env',
    '/C:/Windows/win.ini',
    'index.html',
    'http://evil.example/index.html',
    '/' + 'a'.repeat(3000),
  ])('refuses %j', (raw) => {
    expect(checkRequestPath(raw).ok).toBe(false);
  });
});

describe('resolveStaticFile', () => {
  let root: string;
  let outside: string;

  beforeAll(() => {
    const base = tempDir();
    root = path.join(base, 'renderer');
    outside = tempDir();
    writeFile(root, 'index.html', '<!doctype html><title>t</title>');
    writeFile(root, 'assets/app-1234.js', 'console.log(1)');
    writeFile(base, 'secret.txt', 'sibling secret');
    writeFile(outside, 'secret.txt', 'outside secret');
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'link.txt'));
    fs.symlinkSync(outside, path.join(root, 'linkdir'));
    fs.symlinkSync(path.join(root, 'assets', 'app-1234.js'), path.join(root, 'inner-link.js'));
  });
  afterAll(cleanupTempDirs);

  const resolve = (raw: string) => {
    const checked = checkRequestPath(raw);
    if (!checked.ok) throw new Error(`path refused: ${raw}`);
    return resolveStaticFile(fs.realpathSync(root), checked.segments);
  };

  it('finds real files', () => {
    expect(resolve('/assets/app-1234.js')).toMatchObject({ kind: 'file', file: path.join(fs.realpathSync(root), 'assets', 'app-1234.js') });
  });

  it('falls back to index.html for extension-less routes and folders', () => {
    expect(resolve('/')).toEqual({ kind: 'index' });
    expect(resolve('/workspaces/42')).toEqual({ kind: 'index' });
    expect(resolve('/assets')).toEqual({ kind: 'index' });
  });

  it('answers not_found for a missing file with an extension', () => {
    expect(resolve('/assets/missing.js')).toEqual({ kind: 'not_found' });
    expect(resolve('/favicon.ico')).toEqual({ kind: 'not_found' });
  });

  it('refuses symlinks that lead outside, follows those that stay inside', () => {
    expect(resolve('/link.txt')).toMatchObject({ kind: 'refused' });
    expect(resolve('/linkdir/secret.txt')).toMatchObject({ kind: 'refused' });
    expect(resolve('/inner-link.js')).toMatchObject({ kind: 'file' });
  });

  it('refuses segments that would climb even if the raw check were bypassed', () => {
    expect(resolveStaticFile(fs.realpathSync(root), ['..', 'secret.txt'])).toMatchObject({ kind: 'refused' });
  });
});

describe('headers for files', () => {
  it('knows the MIME types a Vite build produces', () => {
    expect(mimeTypeFor('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(mimeTypeFor('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('/x/a.css')).toBe('text/css; charset=utf-8');
    expect(mimeTypeFor('/x/a.svg')).toBe('image/svg+xml');
    expect(mimeTypeFor('/x/a.woff2')).toBe('font/woff2');
    expect(mimeTypeFor('/x/a.unknown')).toBe('application/octet-stream');
  });
});
