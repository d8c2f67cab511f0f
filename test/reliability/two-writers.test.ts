import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core';
import type { Workspace } from '../../shared/domain';
import { err, finished, newCore, ok } from '../support/core-harness';
import { startGitServer, type GitServer } from '../support/git-server';
import { cleanupTempDirs, gitCli, tempDir, writeFile } from '../support/repo';
import { assertFsck, recordFigures } from './repo-state';

/**
 * Two writers on one workspace — the app's core and the CLI, or two CLIs — never interleave:
 * while one holds the workspace, the other gets `busy` and changes nothing; a lock left by a dead
 * process is taken over.
 */
const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'reposync.mjs');
const HOLD_MS = 1200;
const figures = { rounds: 0, busy: 0, succeeded: 0, staleTakenOver: 0 };

let server: GitServer;
let core: Core;

const lockFile = (dir: string) => path.join(dir, '.git', 'reposync', 'lock');

function cli(args: string[]): Promise<{ status: number | null; code: string | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args, '--json'], {
      env: { ...process.env, REPOSYNC_HOME: tempDir('reposync-cli-home-') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (status) => {
      const code = /"code"\s*:\s*"([a-z_]+)"/.exec(out)?.[1] ?? null;
      resolve({ status, code: status === 0 ? null : code, out });
    });
  });
}

async function until(check: () => boolean): Promise<void> {
  // By the clock, not by a count of polls: a loaded machine starts a CLI process slowly.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !check()) await new Promise((r) => setTimeout(r, 2));
  expect(check(), 'condition never became true').toBe(true);
}

function workspaceDir(name: string): string {
  server.createBareRepo(name, { files: { 'README.md': `# ${name}\n` } });
  const dir = path.join(tempDir(), name);
  gitCli(path.dirname(dir), 'clone', '-q', server.repoDir(name), dir);
  gitCli(dir, 'remote', 'set-url', 'origin', server.repoUrl(name));
  gitCli(dir, 'config', 'user.name', 'Local User');
  gitCli(dir, 'config', 'user.email', 'local@example.test');
  writeFile(dir, 'mine.txt', 'local work\n');
  return dir;
}

beforeAll(async () => {
  server = await startGitServer();
  core = newCore();
});
afterAll(async () => {
  recordFigures('two-writers', figures);
  await server.close();
  cleanupTempDirs();
});

describe('two writers on one workspace', () => {
  it('host and CLI: whoever comes second gets busy, the first finishes, nothing interleaves', { timeout: 60_000 }, async () => {
    const dir = workspaceDir('shared');
    const ws = await ok<Workspace>(core.call('workspaces.add', { path: dir }, 'test'));
    const first = server.commitToRepo('shared', { 'a.txt': 'one\n' }, 'one');
    // The server holds every request until the test opens the gate, so the first writer is
    // surely still running when the second one tries, however slow the machine is.
    let open = (): void => undefined;
    const hold = () => (server.faults.gate = new Promise<void>((r) => (open = r)));
    try {
      // The host pulls (held); the CLI tries meanwhile.
      hold();
      const { operationId } = await ok<{ operationId: string }>(core.call('sync.pull', { workspaceId: ws.id }, 'test'));
      await until(() => fs.existsSync(lockFile(dir)));
      const second = await cli(['pull', dir]);
      figures.rounds++;
      expect(second.code, second.out).toBe('busy');
      figures.busy++;
      server.faults.gate = null;
      open();
      expect((await finished(core, operationId)).status).toBe('succeeded');
      figures.succeeded++;
      expect(gitCli(dir, 'rev-parse', 'HEAD').trim()).toBe(first);

      // The CLI pulls (held); the host tries meanwhile and is refused at once.
      const next = server.commitToRepo('shared', { 'b.txt': 'two\n' }, 'two');
      hold();
      const running = cli(['pull', dir]);
      await until(() => fs.existsSync(lockFile(dir)));
      const refused = await err(core.call('sync.pull', { workspaceId: ws.id }, 'test'));
      figures.rounds++;
      expect(refused.code).toBe('busy');
      figures.busy++;
      server.faults.gate = null;
      open();
      const done = await running;
      expect(done.status, done.out).toBe(0);
      figures.succeeded++;
      expect(gitCli(dir, 'rev-parse', 'HEAD').trim()).toBe(next);
    } finally {
      server.faults.gate = null;
      open();
    }
    expect(fs.readFileSync(path.join(dir, 'mine.txt'), 'utf8')).toBe('local work\n');
    expect(fs.existsSync(lockFile(dir))).toBe(false);
    assertFsck(dir);
  });

  it('two CLIs at once, with and without a stale lock in place: exactly one runs, the other is busy', { timeout: 90_000 }, async () => {
    const dir = workspaceDir('race');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    server.faults.delayMs = HOLD_MS;
    try {
      for (let round = 0; round < 2; round++) {
        const tip = server.commitToRepo('race', { [`r${round}.txt`]: `${round}\n` }, `round ${round}`);
        const stale = round % 2 === 1;
        if (stale) {
          fs.mkdirSync(path.dirname(lockFile(dir)), { recursive: true });
          fs.writeFileSync(lockFile(dir), JSON.stringify({ pid: dead, operation: 'pull', since: new Date(0).toISOString() }));
        }
        const results = await Promise.all([cli(['pull', dir]), cli(['pull', dir])]);
        figures.rounds++;
        const codes = results.map((r) => r.code).sort();
        expect(codes, results.map((r) => r.out).join('\n')).toEqual(['busy', null]);
        figures.busy++;
        figures.succeeded++;
        if (stale) figures.staleTakenOver++;
        expect(gitCli(dir, 'rev-parse', 'HEAD').trim()).toBe(tip);
        expect(fs.existsSync(lockFile(dir))).toBe(false);
        assertFsck(dir);
      }
    } finally {
      server.faults.delayMs = 0;
    }
  });

  it('takes over a lock whose holder died, and one left empty by a crash mid-write', async () => {
    const dir = workspaceDir('crashed');
    const ws = await ok<Workspace>(core.call('workspaces.add', { path: dir }, 'test'));
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    for (const content of [JSON.stringify({ pid: dead, operation: 'push', since: new Date().toISOString() }), '']) {
      const tip = server.commitToRepo('crashed', { 'x.txt': `${content.length}\n` }, 'more');
      fs.mkdirSync(path.dirname(lockFile(dir)), { recursive: true });
      fs.writeFileSync(lockFile(dir), content);
      const { operationId } = await ok<{ operationId: string }>(core.call('sync.pull', { workspaceId: ws.id }, 'test'));
      expect((await finished(core, operationId)).status).toBe('succeeded');
      figures.staleTakenOver++;
      expect(gitCli(dir, 'rev-parse', 'HEAD').trim()).toBe(tip);
      expect(fs.existsSync(lockFile(dir))).toBe(false);
    }
  });
});
