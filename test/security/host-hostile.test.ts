import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core';
import { createLogger } from '../../electron/core/log';
import { createHost, type RunningHost } from '../../electron/host/server';
import { openSocket, request } from '../../electron/host/test-helpers';
import { cleanupTempDirs, tempDir, writeFile } from '../support/repo';

/**
 * The host from outside, over real sockets: requests a hostile web page (or a DNS-rebound name)
 * could make, and static paths that try to climb out of the renderer folder.
 */
let host: RunningHost;
let auth: Record<string, string>;
const SIBLING = 'SIBLING-SECRET-7c1e';
const OUTSIDE = 'OUTSIDE-SECRET-93ab';

beforeAll(async () => {
  const base = tempDir();
  const renderer = path.join(base, 'renderer');
  writeFile(renderer, 'index.html', '<!doctype html><title>Reposync</title>');
  writeFile(renderer, 'assets/app-1.js', 'console.log(1)');
  writeFile(base, 'secret.txt', SIBLING);
  const outside = tempDir();
  writeFile(outside, 'secret.txt', OUTSIDE);
  fs.symlinkSync(outside, path.join(renderer, 'assets', 'out'));
  const core = createCore({ home: tempDir(), mode: 'host', version: '0.0.0-test' });
  host = await createHost({ core, port: 0, rendererDir: renderer, log: createLogger(() => undefined) });
  auth = { Cookie: `reposync_token_${host.port}=${host.token}` };
});
afterAll(async () => {
  await host?.close();
  cleanupTempDirs();
});

/** Send a request line exactly as written (Node's client would normalise it) and return status + body. */
function raw(requestLine: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const text = `${requestLine}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}Connection: close\r\n\r\n`;
    const socket = net.connect(host.port, '127.0.0.1', () => socket.write(text));
    let data = '';
    socket.on('data', (c) => (data += c.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0), body: data }));
  });
}

describe('static files: traversal over the wire', () => {
  const attempts = [
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/%252e%252e/secret.txt',
    '/%252e%252e%252fsecret.txt',
    '/..%5csecret.txt',
    '/..%255csecret.txt',
    '/..\\secret.txt',
    '/assets\\..\\..\\secret.txt',
    '/.%2e/secret.txt',
    '/%c0%ae%c0%ae/secret.txt',
    '/assets/out/secret.txt',
    '/assets/out/../../secret.txt',
    '/index.html%00/../../secret.txt',
    '//../secret.txt',
    'http://127.0.0.1/../secret.txt',
  ];
  for (const p of attempts) {
    it(`GET ${JSON.stringify(p)} never serves a file from outside the renderer`, async () => {
      const res = await raw(`GET ${p} HTTP/1.1`, { Host: `127.0.0.1:${host.port}`, ...auth });
      expect(res.body).not.toContain(SIBLING);
      expect(res.body).not.toContain(OUTSIDE);
      expect(res.status === 200 ? res.body : '').not.toMatch(/SECRET/);
    });
  }
});

describe('DNS rebinding and foreign origins', () => {
  const port = () => host.port;
  const badHosts = () => [
    `evil.example:${port()}`,
    `127.0.0.1.nip.io:${port()}`,
    `localhost.evil.example:${port()}`,
    `127.0.0.1:${port() + 1}`,
    `127.0.0.1`,
    `127.0.0.1:${port()}@evil.example`,
    `evil.example`,
    `0.0.0.0:${port()}`,
    `[::1]:${port()}`,
    `2130706433:${port()}`,
  ];
  it('refuses every foreign Host on pages, the API and the socket, even with the token', async () => {
    for (const h of badHosts()) {
      expect((await request(host.port, { headers: { ...auth, Host: h } })).status, h).toBe(403);
      const api = await request(host.port, { method: 'POST', path: '/api/invoke', headers: { ...auth, Host: h, 'Content-Type': 'application/json' }, body: '{"channel":"app.info","input":{}}' });
      expect(api.status, h).toBe(403);
      await expect(openSocket(`ws://127.0.0.1:${host.port}/ws`, { ...auth, Host: h }), h).rejects.toMatchObject({ status: 403 });
    }
  });

  it('refuses a request with no Host header at all', async () => {
    const res = await raw('GET / HTTP/1.0', { ...auth });
    expect([400, 403]).toContain(res.status);
  });

  const badOrigins = () => ['http://evil.example', 'null', `http://127.0.0.1:${host.port}.evil.example`, `https://127.0.0.1:${host.port}`, `http://127.0.0.1:${host.port + 1}`, 'file://', 'app://reposync'];
  it('refuses a WebSocket opened by a page of another origin, even with the cookie', async () => {
    for (const o of badOrigins()) await expect(openSocket(`ws://127.0.0.1:${host.port}/ws`, { ...auth, Origin: o }), o).rejects.toMatchObject({ status: 403 });
  });

  it('refuses a cross-site API call: foreign Origin, and the CORS-free text/plain form', async () => {
    for (const o of badOrigins()) {
      const res = await request(host.port, { method: 'POST', path: '/api/invoke', headers: { ...auth, Origin: o, 'Content-Type': 'application/json' }, body: '{"channel":"app.info","input":{}}' });
      expect(res.status, o).toBe(403);
    }
    const simple = await request(host.port, { method: 'POST', path: '/api/invoke', headers: { ...auth, 'Content-Type': 'text/plain' }, body: '{"channel":"app.info","input":{}}' });
    expect(simple.status).toBe(415);
  });

  it('sends no CORS grant that would let another origin read answers', async () => {
    const res = await request(host.port, { headers: { ...auth, Origin: host.origin } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const pre = await request(host.port, { method: 'OPTIONS', path: '/api/invoke', headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
  });
});
