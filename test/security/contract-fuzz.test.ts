import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, contract, type Channel } from '../../shared/contract';
import { ERROR_CODES, type Envelope } from '../../shared/errors';
import type { Workspace } from '../../shared/domain';
import { createCore, type Core } from '../../electron/core';
import { createLogger } from '../../electron/core/log';
import { createHost, type RunningHost } from '../../electron/host/server';
import { openSocket, request, type TestSocket } from '../../electron/host/test-helpers';
import { registerContract } from '../../electron/main/ipc-adapter';
import { cleanupTempDirs, gitCli, makeRepo, tempDir } from '../support/repo';
import { payloadFor, prng, type FuzzContext } from './fuzz-payloads';

/**
 * Contract fuzzing through all three doors (IPC adapter, POST /api/invoke, WebSocket) into one
 * real core: every answer is an envelope with a code from the closed list, a payload the schema
 * refuses is `invalid_input`, nothing is `internal`, Object.prototype stays clean, and nothing is
 * written outside the sandbox. FUZZ_COUNT (default 3000) and FUZZ_SEED make it bigger / different.
 */
const COUNT = Number(process.env.FUZZ_COUNT ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const CODES = new Set<string>(ERROR_CODES);
const UNSUPPORTED_IN_HOST = new Set<string>(['app.pickFolder']);

let core: Core;
let host: RunningHost;
let socket: TestSocket;
let ctx: FuzzContext;
let sandbox: string;
let outside: string;
let repo: string;
const cwd = process.cwd();
const cwdListing = fs.readdirSync(cwd).sort();
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const ipcHandlers = new Map<string, (event: unknown, input: unknown) => Promise<Envelope<unknown>>>();

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  sandbox = tempDir('reposync-fuzz-');
  outside = tempDir('reposync-fuzz-outside-');
  repo = makeRepo({ 'README.md': '# fuzz\n', 'src/a.txt': 'a\n' });
  gitCli(repo, 'remote', 'add', 'origin', 'http://127.0.0.1:1/none.git');
  // Relative paths in payloads resolve against the cwd: make that the sandbox.
  process.chdir(sandbox);
  const logLines: string[] = [];
  core = createCore({ home: path.join(sandbox, 'home'), mode: 'host', version: '0.0.0-fuzz', log: createLogger((l) => logLines.push(l)) });
  const added = await core.call('workspaces.add', { path: repo }, 'test');
  if (!added.ok) throw new Error(JSON.stringify(added.error));
  registerContract({ handle: (ch, fn) => ipcHandlers.set(ch, fn as never) }, core, { isTrusted: () => true });
  const renderer = path.join(sandbox, 'renderer');
  fs.mkdirSync(renderer);
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html>');
  host = await createHost({ core, port: 0, rendererDir: renderer, log: createLogger(() => undefined) });
  socket = await openSocket(`ws://127.0.0.1:${host.port}/ws`, { Cookie: `reposync_token_${host.port}=${host.token}`, Origin: host.origin });
  ctx = { rand: prng(SEED), workspaceId: (added.value as Workspace).id, headOid: gitCli(repo, 'rev-parse', 'HEAD').trim(), sandbox };
});

afterAll(async () => {
  process.chdir(cwd);
  process.off('unhandledRejection', onUnhandled);
  await socket?.close();
  await host?.close();
  await core?.services.operations.idle();
  cleanupTempDirs();
});

type Door = 'ipc' | 'http' | 'ws';

async function send(door: Door, channel: Channel, input: unknown, i: number): Promise<unknown> {
  if (door === 'ipc') return ipcHandlers.get(channel)!({ senderFrame: null }, input);
  if (door === 'ws') {
    const frame = await socket.call(`f${i}`, channel, input);
    const { id: _id, ...envelope } = frame;
    return envelope;
  }
  const res = await request(host.port, {
    method: 'POST',
    path: '/api/invoke',
    headers: { Cookie: `reposync_token_${host.port}=${host.token}`, 'Content-Type': 'application/json', Origin: host.origin },
    body: JSON.stringify({ channel, input }),
  });
  return JSON.parse(res.body);
}

function checkEnvelope(env: unknown, channel: Channel, input: unknown, where: string): void {
  expect(env, where).toBeTypeOf('object');
  const e = env as { ok: unknown; value?: unknown; error?: { code: unknown; message: unknown; requestId: unknown } };
  if (e.ok === true) return;
  expect(e.ok, where).toBe(false);
  expect(CODES.has(String(e.error?.code)), `${where}: code ${String(e.error?.code)}`).toBe(true);
  expect(typeof e.error?.message, where).toBe('string');
  expect(e.error?.code, `${where}: ${String(e.error?.message)}`).not.toBe('internal');
  // A channel this mode does not offer says so before looking at the input.
  if (e.error?.code === 'unsupported' && UNSUPPORTED_IN_HOST.has(channel)) return;
  if (!contract[channel].input.safeParse(input).success) expect(e.error?.code, `${where}: schema refuses it`).toBe('invalid_input');
}

describe('contract fuzzing', () => {
  it(`${COUNT} seeded payloads over IPC, HTTP and WebSocket: closed codes, no internal, no pollution`, async () => {
    const doors: Door[] = ['ipc', 'ipc', 'http', 'ws'];
    const perDoor: Record<Door, number> = { ipc: 0, http: 0, ws: 0 };
    const tally: Record<string, number> = {};
    for (let i = 0; i < COUNT; i++) {
      const channel = CHANNELS[i % CHANNELS.length]!;
      const input = payloadFor(ctx, contract[channel]);
      const door = doors[i % doors.length]!;
      // The host refuses bodies over its limit before the core sees them; that answer is checked too.
      const env = await send(door, channel, input, i);
      perDoor[door]++;
      const shown = JSON.stringify(input)?.slice(0, 300);
      checkEnvelope(env, channel, input, `#${i} ${door} ${channel} ${shown}`);
      const e = env as { ok: boolean; error?: { code: string } };
      const k = e.ok ? 'ok' : e.error!.code;
      tally[k] = (tally[k] ?? 0) + 1;
    }
    if (process.env.FUZZ_VERBOSE) console.log(tally);
    // Most payloads are refused at the door, but some must get through to the handlers.
    expect(tally.ok ?? 0).toBeGreaterThan(COUNT / 50);
    await core.services.operations.idle();
    expect(unhandled).toEqual([]);
    // Operations the fuzz started (clones, pulls, pushes) fail as cleanly as calls do.
    const ops = await core.call('operations.list', {}, 'test');
    expect(ops.ok).toBe(true);
    const failed = (ops.ok ? (ops.value as Array<{ kind: string; error: { code: string; message: string } | null }>) : []).filter((o) => o.error);
    for (const o of failed) expect(o.error!.code, `${o.kind}: ${o.error!.message}`).not.toBe('internal');
    expect(perDoor.ipc + perDoor.http + perDoor.ws).toBe(COUNT);
  }, 60_000 + COUNT * 20);

  it('left Object.prototype alone and wrote nothing outside the sandbox', () => {
    const probe: Record<string, unknown> = {};
    expect(probe.polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).filter((k) => k === 'polluted')).toEqual([]);
    expect(fs.readdirSync(outside)).toEqual([]);
    expect(fs.readdirSync(cwd).sort()).toEqual(cwdListing);
    expect(fs.existsSync('/tmp/reposync-fuzz-pwned')).toBe(false);
    // The workspace itself is still a healthy repository.
    gitCli(repo, 'fsck', '--full');
  });
});
