import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../shared/contract';
import type { Workspace } from '../../shared/domain';
import type { Envelope } from '../../shared/errors';
import { createCore, type Core } from '../../electron/core';
import { createLogger } from '../../electron/core/log';
import { finished } from '../support/core-harness';
import { startGitServer, type GitServer } from '../support/git-server';
import { cleanupTempDirs, gitCli, tempDir, writeFile } from '../support/repo';

/**
 * A full flow with a real token — connection, clone, push through the core, push through the CLI
 * with --token-env — then every byte the app left behind is searched for the token: data dir,
 * log lines, responses, the workspace (.git/config included), CLI output and test-results.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TOKEN = `rs-secret-${randomBytes(12).toString('hex')}`;
const USER = 'sync-user';
const forms = [TOKEN, Buffer.from(`${USER}:${TOKEN}`).toString('base64'), encodeURIComponent(TOKEN).replace(/-/g, '%2D')];

let server: GitServer;
let core: Core;
let home: string;
const logLines: string[] = [];
const outputs: string[] = [];

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), 'cli'], { cwd: root, env: { ...process.env, REPOSYNC_QUIET_BUILD: '1' } });
  server = await startGitServer({ auth: { token: TOKEN } });
  server.createBareRepo('private', { files: { 'README.md': '# private\n' } });
  home = tempDir('reposync-secrets-home-');
  core = createCore({ home, mode: 'host', version: '0.0.0-test', log: createLogger((l) => logLines.push(l)) });
}, 120_000);
afterAll(async () => {
  await server?.close();
  cleanupTempDirs();
});

async function call<T>(channel: string, input: unknown): Promise<T> {
  const res = (await core.call(channel, input, 'test')) as Envelope<T>;
  outputs.push(JSON.stringify(res));
  if (!res.ok) throw new Error(`${channel}: ${res.error.code} ${res.error.message}`);
  return res.value;
}

async function op(channel: string, input: unknown): Promise<unknown> {
  const { operationId } = await call<{ operationId: string }>(channel, input);
  const done = await finished(core, operationId);
  outputs.push(JSON.stringify(done));
  if (done.status !== 'succeeded') throw new Error(`${channel}: ${JSON.stringify(done.error)}`);
  return done.result;
}

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/reposync.mjs'), ...args], { cwd: root, env: { ...process.env, REPOSYNC_HOME: home, ...env } });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** Every file under `dir` (symlinks not followed), as raw bytes decoded latin1 so any encoding matches. */
function* filesUnder(dir: string): Generator<string> {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) yield* filesUnder(full);
    else if (e.isFile()) yield full;
  }
}

function expectClean(where: string, text: string): void {
  for (const f of forms) expect(text.includes(f), `${where} contains the token`).toBe(false);
}

describe('secrets never leave the vault', () => {
  it('after connection → clone → push (core) → push (CLI --token-env), no file, log or answer holds the token', async () => {
    const conn = await call<Connection>('connections.create', { provider: 'generic', username: USER, token: TOKEN, repoUrl: server.repoUrl('private') });
    const folder = path.join(tempDir(), 'private');
    const cloned = (await op('workspaces.clone', { url: server.repoUrl('private'), folder, connectionId: conn.id })) as { workspace: Workspace };
    const ws = cloned.workspace;
    await call('workspaces.update', { workspaceId: ws.id, author: { name: 'Ada', email: 'ada@example.test' } });
    writeFile(folder, 'notes.txt', 'from the core\n');
    await op('sync.push', { workspaceId: ws.id, message: 'core push' });
    await call('workspaces.status', { workspaceId: ws.id });
    await call('connections.list', {});
    await call('connections.test', { id: conn.id });

    // A second folder, pushed by the CLI with the token in an environment variable.
    const other = path.join(tempDir(), 'cli-copy');
    gitCli(root, 'clone', '-q', server.repoDir('private'), other);
    gitCli(other, 'remote', 'set-url', 'origin', server.repoUrl('private'));
    gitCli(other, 'config', 'user.name', 'Cli User');
    gitCli(other, 'config', 'user.email', 'cli@example.test');
    gitCli(other, 'pull', '-q', server.repoDir('private'), 'main');
    writeFile(other, 'cli.txt', 'from the cli\n');
    const pushed = await cli(['push', other, '-m', 'cli push', '--json', '--token-env', 'RS_SECRET'], { RS_SECRET: TOKEN });
    expect(pushed.code, pushed.out).toBe(0);
    const denied = await cli(['push', other, '-m', 'again', '--json', '--token-env', 'RS_SECRET'], { RS_SECRET: `${TOKEN}-wrong` });
    outputs.push(pushed.out, denied.out);
    expect(gitCli(server.repoDir('private'), 'log', '--format=%s', '-3')).toContain('cli push');
    await core.services.operations.idle();

    for (const f of filesUnder(home)) expectClean(`data dir ${path.relative(home, f)}`, fs.readFileSync(f, 'latin1'));
    for (const dir of [folder, other]) {
      expectClean(`${dir}/.git/config`, fs.readFileSync(path.join(dir, '.git/config'), 'utf8'));
      for (const f of filesUnder(dir)) if (!f.includes(`${path.sep}objects${path.sep}`)) expectClean(f, fs.readFileSync(f, 'latin1'));
    }
    logLines.forEach((l, i) => expectClean(`log line ${i}`, l));
    outputs.forEach((o, i) => expectClean(`response ${i}`, o));
    for (const f of filesUnder(path.join(root, 'test-results'))) {
      if (fs.statSync(f).size < 20_000_000) expectClean(`test-results/${path.relative(path.join(root, 'test-results'), f)}`, fs.readFileSync(f, 'latin1'));
    }
    expect(logLines.length).toBeGreaterThan(0);
  }, 120_000);
});
