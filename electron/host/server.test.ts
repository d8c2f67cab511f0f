import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, gitCli, makeRepo, tempDir, writeFile } from '../../test/support/repo';
import { createCore, type Core } from '../core';
import { buildCsp } from '../core/csp';
import { createLogger } from '../core/log';
import { createHost, type RunningHost } from './server';
import { openSocket, rawStatus, request, type TestSocket } from './test-helpers';

let host: RunningHost;
let core: Core;
let rendererDir: string;
let logLines: string[];
let auth: Record<string, string>;

beforeAll(async () => {
  const home = tempDir();
  const base = tempDir();
  rendererDir = path.join(base, 'renderer');
  writeFile(rendererDir, 'index.html', '<!doctype html><title>Reposync</title>');
  writeFile(rendererDir, 'assets/index-abc123.js', 'console.log("app")');
  writeFile(rendererDir, 'assets/style-abc123.css', 'body{}');
  writeFile(base, 'secret.txt', 'SIBLING SECRET');
  const outside = tempDir();
  writeFile(outside, 'secret.txt', 'OUTSIDE SECRET');
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(rendererDir, 'assets', 'leak.txt'));
  logLines = [];
  const log = createLogger((line) => logLines.push(line));
  core = createCore({ home, mode: 'host', version: '0.0.0-test', log });
  host = await createHost({ core, port: 0, rendererDir, log });
  auth = { Cookie: `reposync_token_${host.port}=${host.token}` };
});

afterAll(async () => {
  await host?.close();
  cleanupTempDirs();
});

describe('sign-in with the printed URL', () => {
  it('prints a URL on 127.0.0.1 with a 64-hex token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token).toMatch(/^[0-9a-f]{64}$/);
    expect(host.origin).toBe(`http://127.0.0.1:${host.port}`);
  });

  it('trades the right token for an HttpOnly SameSite=Strict cookie and a 302 to /', async () => {
    const res = await request(host.port, { path: `/?token=${host.token}` });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/');
    expect(res.headers['set-cookie']).toEqual([`reposync_token_${host.port}=${host.token}; HttpOnly; SameSite=Strict; Path=/`]);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers 401 with a hint without a token, or with a wrong one', async () => {
    const none = await request(host.port);
    expect(none.status).toBe(401);
    expect(none.body).toContain('Open the address the host printed');
    expect(none.body).not.toContain(host.token);
    expect((await request(host.port, { path: '/?token=wrong' })).status).toBe(401);
    expect((await request(host.port, { headers: { Cookie: `reposync_token_${host.port}=wrong` } })).status).toBe(401);
    expect((await request(host.port, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
  });

  it('accepts the cookie or a bearer token', async () => {
    expect((await request(host.port, { headers: auth })).status).toBe(200);
    expect((await request(host.port, { headers: { Authorization: `Bearer ${host.token}` } })).status).toBe(200);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin, even with the token', async () => {
    const evilHost = await request(host.port, { headers: { ...auth, Host: `evil.example:${host.port}` } });
    expect(evilHost.status).toBe(403);
    const evilOrigin = await request(host.port, { headers: { ...auth, Origin: 'http://evil.example' } });
    expect(evilOrigin.status).toBe(403);
    const evilLogin = await request(host.port, { path: `/?token=${host.token}`, headers: { Host: `evil.example:${host.port}` } });
    expect(evilLogin.status).toBe(403);
    expect(evilLogin.headers['set-cookie']).toBeUndefined();
    const ownOrigin = await request(host.port, { headers: { ...auth, Origin: `http://localhost:${host.port}`, Host: `localhost:${host.port}` } });
    expect(ownOrigin.status).toBe(200);
  });

  it('never logs the token', async () => {
    await request(host.port, { path: `/?token=${host.token}` });
    expect(logLines.some((l) => l.includes('"status":302'))).toBe(true);
    expect(logLines.join('\n')).not.toContain(host.token);
  });
});

describe('static renderer', () => {
  it('serves files with MIME type, cache and security headers', async () => {
    const js = await request(host.port, { path: '/assets/index-abc123.js', headers: auth });
    expect(js.status).toBe(200);
    expect(js.body).toBe('console.log("app")');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
    const html = await request(host.port, { path: '/', headers: auth });
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['cache-control']).toBe('no-cache');
    expect(html.headers['content-security-policy']).toBe(
      buildCsp({ connectSrc: [`ws://127.0.0.1:${host.port}`, `ws://localhost:${host.port}`] }),
    );
    expect(html.headers['x-content-type-options']).toBe('nosniff');
    expect(html.headers['referrer-policy']).toBe('no-referrer');
    expect(html.headers['x-frame-options']).toBe('DENY');
  });

  it('falls back to index.html for routes, 404s missing files, HEAD has no body, POST is refused', async () => {
    const route = await request(host.port, { path: '/workspaces/abc', headers: auth });
    expect(route.status).toBe(200);
    expect(route.body).toContain('<title>Reposync</title>');
    expect((await request(host.port, { path: '/assets/nope.js', headers: auth })).status).toBe(404);
    const head = await request(host.port, { method: 'HEAD', path: '/assets/style-abc123.css', headers: auth });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect((await request(host.port, { method: 'POST', path: '/index.html', headers: auth })).status).toBe(405);
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/assets%2f..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/index.html%00',
    '/assets/leak.txt',
    '/.%2e/.%2e/secret.txt',
  ])('refuses traversal %j', async (p) => {
    const res = await request(host.port, { path: p, headers: auth });
    expect([400, 403, 404]).toContain(res.status);
    expect(res.body).not.toContain('SECRET');
  });

  it('refuses a raw NUL byte in the request line', async () => {
    const status = await rawStatus(host.port, `GET /index.html\0 HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nCookie: reposync_token_${host.port}=${host.token}\r\n\r\n`);
    expect(status).toBe(400);
  });
});

describe('POST /api/invoke', () => {
  const invoke = (body: string, headers: Record<string, string> = {}) =>
    request(host.port, { method: 'POST', path: '/api/invoke', headers: { ...auth, 'Content-Type': 'application/json', ...headers }, body });

  it('answers app.info and refuses without the token', async () => {
    const res = await invoke(JSON.stringify({ channel: 'app.info', input: {} }));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { name: 'Reposync', mode: 'host' } });
    const anon = await request(host.port, { method: 'POST', path: '/api/invoke', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(anon.status).toBe(401);
    expect(JSON.parse(anon.body)).toMatchObject({ ok: false, error: { code: 'auth_failed' } });
  });

  it('answers bad JSON, a bad body, a wrong content type and an unknown channel with invalid_input', async () => {
    for (const res of [
      await invoke('{nope'),
      await invoke('[1]'),
      await invoke('{"channel":"app.info"}', { 'Content-Type': 'text/plain' }),
      await invoke('{"channel":"nope.nothing","input":{}}'),
      await invoke('{"channel":"app.info","input":{"extra":1}}'),
    ]) {
      expect(JSON.parse(res.body), res.body).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
  });

  it('answers 413 for a body over the limit', async () => {
    const res = await invoke(JSON.stringify({ channel: 'app.info', input: { pad: 'x'.repeat(6 * 1024 * 1024) } }));
    expect(res.status).toBe(413);
  });
});

describe('WebSocket /ws', () => {
  const wsUrl = () => `ws://127.0.0.1:${host.port}/ws`;
  let socket: TestSocket;

  beforeAll(async () => {
    socket = await openSocket(wsUrl(), { ...auth, Origin: host.origin });
  });
  afterAll(async () => socket?.close());

  it('refuses a socket without the cookie, with a foreign Origin or a foreign Host', async () => {
    await expect(openSocket(wsUrl(), { Origin: host.origin })).rejects.toMatchObject({ status: 401 });
    await expect(openSocket(wsUrl(), { ...auth, Origin: 'http://evil.example' })).rejects.toMatchObject({ status: 403 });
    await expect(openSocket(wsUrl(), { ...auth, Host: `evil.example:${host.port}` })).rejects.toMatchObject({ status: 403 });
    await expect(openSocket(`ws://127.0.0.1:${host.port}/other`, auth)).rejects.toMatchObject({ status: 404 });
  });

  it('answers app.info by id', async () => {
    const frame = await socket.call(1, 'app.info', {});
    expect(frame).toMatchObject({ id: 1, ok: true, value: { name: 'Reposync', mode: 'host' } });
  });

  it('adds a real repo, pushes workspace.changed, and reports status over WS and HTTP alike', async () => {
    const repo = makeRepo({ 'README.md': '# hi\n', 'src/ünï.txt': 'x\n' });
    writeFile(repo, 'README.md', '# changed\n');
    const added = await socket.call('add', 'workspaces.add', { path: repo });
    expect(added.ok, JSON.stringify(added)).toBe(true);
    const workspace = added.value as { id: string; path: string };
    const event = await socket.waitFor((f) => f.event === 'workspace.changed');
    expect(event).toEqual({ event: 'workspace.changed', payload: { workspaceId: workspace.id, reason: 'added' } });

    const viaWs = await socket.call('st', 'workspaces.status', { workspaceId: workspace.id });
    expect(viaWs).toMatchObject({ ok: true, value: { workspaceId: workspace.id, branch: 'main', state: 'changes' } });
    const head = gitCli(repo, 'rev-parse', 'HEAD').trim();
    const value = viaWs.value as { head: { oid: string } | null; files: Array<{ path: string }> };
    expect(value.head?.oid).toBe(head);
    expect(value.files.map((f) => f.path)).toEqual(['README.md']);
    const viaHttp = await request(host.port, {
      method: 'POST',
      path: '/api/invoke',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ channel: 'workspaces.status', input: { workspaceId: workspace.id } }),
    });
    const { id: _a, ...wsEnvelope } = viaWs;
    expect(JSON.parse(viaHttp.body)).toEqual(wsEnvelope);
  });

  it('answers malformed frames with invalid_input and stays usable', async () => {
    socket.sendRaw('this is not json');
    expect(await socket.waitFor((f) => f.id === null && f.ok === false)).toMatchObject({ error: { code: 'invalid_input' } });
    socket.sendRaw(JSON.stringify({ id: 'no-channel' }));
    expect(await socket.waitFor((f) => f.id === 'no-channel')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await socket.call('bad-input', 'workspaces.status', { workspaceId: 42 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await socket.call('unknown', 'no.such', {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await socket.call('after', 'app.info', {})).toMatchObject({ ok: true });
  });

  it('closes only the offending socket on an oversized frame', async () => {
    const big = await openSocket(wsUrl(), auth);
    const closed = new Promise<number>((resolve) => big.ws.once('close', (code) => resolve(code)));
    big.sendRaw('x'.repeat(6 * 1024 * 1024));
    expect(await closed).toBe(1009);
    expect(await socket.call('still', 'app.info', {})).toMatchObject({ ok: true });
  });
});

describe('close()', () => {
  it('stops listening and closes open sockets', async () => {
    const home = tempDir();
    const own = await createHost({ core: createCore({ home, mode: 'host', version: '0' }), rendererDir, token: 't'.repeat(32) });
    const s = await openSocket(`ws://127.0.0.1:${own.port}/ws`, { Authorization: `Bearer ${'t'.repeat(32)}` });
    const closed = new Promise<number>((resolve) => s.ws.once('close', (code) => resolve(code)));
    await own.close();
    expect(await closed).toBe(1001);
    await expect(request(own.port)).rejects.toThrow();
  });

  it('refuses a token that cannot live in a cookie', async () => {
    await expect(createHost({ core, rendererDir, token: 'short' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(createHost({ core, rendererDir, token: 'a;b=c'.repeat(5) })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
