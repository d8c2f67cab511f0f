import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Operation, Workspace } from '../../shared/domain';
import type { Core } from '../../electron/core';
import { newCore, ok, runOp } from '../support/core-harness';
import { startGitServer, type GitServer, type GitServerFaults } from '../support/git-server';
import { cleanupTempDirs, gitCli, tempDir, writeFile } from '../support/repo';
import { assertFsck, noise, packFloor, readRefs, readState, recordFigures, runSeed, seededRandom } from './repo-state';

/**
 * Fault sweeps: the connection is cut after N bytes of the pack (N swept over the transfer),
 * the server answers 500, advertises refs then dies, or goes silent past the timeout. Each time
 * the engine must say `network` or `timeout`, leave every ref, the index and every working file
 * exactly as they were (git fsck clean), leave no half-made clone folder, and succeed on retry.
 */
const SEED = runSeed(20261122);
const STEPS = 14;
const TIMEOUT_MS = 400;
const rand = seededRandom(SEED);
const figures = { seed: SEED, steps: STEPS, faults: 0, byCode: {} as Record<string, number>, retriesSucceeded: 0, packBytes: {} as Record<string, number> };

let server: GitServer;
let core: Core;

function bigFiles(prefix: string, count: number, bytes: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) files[`${prefix}/part-${i}.txt`] = noise(rand, bytes);
  return files;
}


/** N values: a few tiny ones (headers, first pkt-lines) then evenly, jittered, over the whole transfer. */
function cutPoints(total: number): number[] {
  const points = [1, 40, 200];
  const rest = STEPS - points.length;
  for (let i = 0; i < rest; i++) points.push(Math.floor((total * (i + rand() * 0.9)) / rest));
  return points;
}

function count(op: Operation): string {
  const code = op.error?.code ?? 'succeeded';
  figures.faults++;
  figures.byCode[code] = (figures.byCode[code] ?? 0) + 1;
  return code;
}

function resetFaults(): void {
  Object.assign(server.faults, { cutAfterBytes: null, status500: false, delayMs: 0, advertiseThenDie: false, hangMs: 0 } satisfies Partial<GitServerFaults>);
}

/** A workspace cloned with native git from `name`, registered with the core. */
async function workspaceOf(name: string): Promise<Workspace> {
  const dir = path.join(tempDir(), name);
  gitCli(path.dirname(dir), 'clone', '-q', server.repoDir(name), dir);
  gitCli(dir, 'remote', 'set-url', 'origin', server.repoUrl(name));
  gitCli(dir, 'config', 'user.name', 'Local User');
  gitCli(dir, 'config', 'user.email', 'local@example.test');
  return ok<Workspace>(core.call('workspaces.add', { path: dir }, 'test'));
}

/** Each non-transfer fault, as a switch to flip on the server. */
const otherFaults: Array<[string, Partial<GitServerFaults>, string[]]> = [
  ['status 500', { status500: true }, ['network']],
  ['advertise then die', { advertiseThenDie: true }, ['network']],
  ['silent past the timeout', { hangMs: TIMEOUT_MS * 4 }, ['timeout']],
  ['slow past the timeout', { delayMs: TIMEOUT_MS * 4 }, ['timeout']],
];

beforeAll(async () => {
  server = await startGitServer();
  core = newCore({ networkTimeoutMs: TIMEOUT_MS });
  server.createBareRepo('big', { files: { 'README.md': '# big\n', ...bigFiles('data', 24, 6000) } });
  server.createBareRepo('grows', { files: { 'README.md': '# grows\n' } });
  server.createBareRepo('pushed', { files: { 'README.md': '# pushed\n' } });
});
afterAll(async () => {
  recordFigures('network-faults', figures);
  await server.close();
  cleanupTempDirs();
});

describe('fault sweeps against the git server', () => {
  it('clone: every cut, 500, dying or silent server fails cleanly, leaves no folder, and a retry succeeds', async () => {
    const total = packFloor(24 * 6000);
    figures.packBytes.clone = total;
    const parent = tempDir();
    const expectedHead = gitCli(server.repoDir('big'), 'rev-parse', 'main').trim();
    const attempts: Array<[string, Partial<GitServerFaults>, string[]]> = [
      ...cutPoints(total).map((n): [string, Partial<GitServerFaults>, string[]] => [`cut after ${n} bytes`, { cutAfterBytes: n }, ['network']]),
      ...otherFaults,
    ];
    for (const [i, [label, fault, codes]] of attempts.entries()) {
      const folder = path.join(parent, `clone-${i}`);
      Object.assign(server.faults, fault);
      try {
        const failed = await runOp(core, 'workspaces.clone', { url: server.repoUrl('big'), folder });
        expect(codes, `${label}: ${JSON.stringify(failed.error)}`).toContain(count(failed));
        expect(fs.readdirSync(parent), `${label} left a folder behind`).toEqual([]);
      } finally {
        resetFaults();
      }
      const retry = await runOp(core, 'workspaces.clone', { url: server.repoUrl('big'), folder });
      expect(retry.status, `${label} retry: ${JSON.stringify(retry.error)}`).toBe('succeeded');
      figures.retriesSucceeded++;
      expect(gitCli(folder, 'rev-parse', 'HEAD').trim()).toBe(expectedHead);
      expect(gitCli(folder, 'status', '--porcelain')).toBe('');
      assertFsck(folder);
      fs.rmSync(folder, { recursive: true, force: true });
      await ok(core.call('workspaces.remove', { workspaceId: (retry.result as { workspace: Workspace }).workspace.id }, 'test'));
    }
  });

  it('fetch: every cut and fault leaves refs, index and files byte-identical; a retry brings the commit', async () => {
    const ws = await workspaceOf('grows');
    writeFile(ws.path, 'local-edit.txt', 'uncommitted work\n');
    writeFile(ws.path, 'README.md', '# grows, edited locally\n');
    const incoming = server.commitToRepo('grows', bigFiles('incoming', 16, 6000), 'big incoming change');
    const total = packFloor(16 * 6000);
    figures.packBytes.fetch = total;
    const before = readState(ws.path);
    const attempts: Array<[string, Partial<GitServerFaults>, string[]]> = [
      ...cutPoints(total).map((n): [string, Partial<GitServerFaults>, string[]] => [`cut after ${n} bytes`, { cutAfterBytes: n }, ['network']]),
      ...otherFaults,
    ];
    for (const [label, fault, codes] of attempts) {
      Object.assign(server.faults, fault);
      try {
        const failed = await runOp(core, 'sync.fetch', { workspaceId: ws.id });
        expect(codes, `${label}: ${JSON.stringify(failed.error)}`).toContain(count(failed));
      } finally {
        resetFaults();
      }
      expect(readState(ws.path), `${label} changed the repo`).toEqual(before);
      assertFsck(ws.path);
    }
    const retry = await runOp(core, 'sync.fetch', { workspaceId: ws.id });
    expect(retry.status, JSON.stringify(retry.error)).toBe('succeeded');
    figures.retriesSucceeded++;
    expect(gitCli(ws.path, 'rev-parse', 'refs/remotes/origin/main').trim()).toBe(incoming);
    const after = readState(ws.path);
    expect({ ...after, refs: '' }).toEqual({ ...before, refs: '' });
    assertFsck(ws.path);
  });

  it('push: cut report, 500, dying or silent server leave the local repo as it was and the remote atomic; a retry lands', async () => {
    const ws = await workspaceOf('pushed');
    const bare = server.repoDir('pushed');
    // Commit locally first so the push itself changes nothing locally but the tracking ref.
    for (const [rel, content] of Object.entries(bigFiles('out', 8, 4000))) writeFile(ws.path, rel, content);
    gitCli(ws.path, 'add', '-A');
    gitCli(ws.path, 'commit', '-q', '-m', 'local work to push');
    writeFile(ws.path, 'still-local.txt', 'not part of the push\n');
    const local = gitCli(ws.path, 'rev-parse', 'HEAD').trim();
    const remoteBefore = readRefs(bare);
    const before = readState(ws.path);
    // A receive-pack report is a few dozen bytes: sweep the cut over all of it.
    const attempts: Array<[string, Partial<GitServerFaults>, string[]]> = [
      ...[1, 4, 8, 12, 16, 20, 26, 32, 40].map((n): [string, Partial<GitServerFaults>, string[]] => [`cut report after ${n} bytes`, { cutAfterBytes: n }, ['network', 'timeout']]),
      ...otherFaults,
    ];
    for (const [label, fault, codes] of attempts) {
      Object.assign(server.faults, fault);
      try {
        // `paths` names a file that has no change: the push commits nothing, it only sends `local`.
        const failed = await runOp(core, 'sync.push', { workspaceId: ws.id, message: 'unused', paths: ['README.md'] });
        expect(codes, `${label}: ${JSON.stringify(failed.error)}`).toContain(count(failed));
      } finally {
        resetFaults();
      }
      // Reading status may refresh the index's stat cache (as `git status` does): compare what it stages.
      const after = readState(ws.path);
      expect({ ...after, refs: '', index: '' }, `${label} changed the local repo`).toEqual({ ...before, refs: '', index: '' });
      assertFsck(ws.path);
      assertFsck(bare);
      // The server may have taken the pack before the report was cut: all or nothing, never half.
      const remoteMain = gitCli(bare, 'rev-parse', 'main').trim();
      expect([remoteBefore.match(/refs\/heads\/main (\w+)/)?.[1], local]).toContain(remoteMain);
      if (remoteMain === local) {
        // Reset the server so the next attempt really pushes again.
        gitCli(bare, 'update-ref', 'refs/heads/main', remoteBefore.match(/refs\/heads\/main (\w+)/)![1]!);
      }
    }
    const retry = await runOp(core, 'sync.push', { workspaceId: ws.id, message: 'unused', paths: ['README.md'] });
    expect(retry.status, JSON.stringify(retry.error)).toBe('succeeded');
    figures.retriesSucceeded++;
    expect(gitCli(bare, 'rev-parse', 'main').trim()).toBe(local);
    expect(readState(ws.path).worktree).toBe(before.worktree);
    assertFsck(bare);
  });
});
