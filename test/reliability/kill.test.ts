import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core';
import { newCore } from '../support/core-harness';
import { startGitServer, type GitServer } from '../support/git-server';
import { cleanupTempDirs, gitCli, tempDir } from '../support/repo';
import { makeFixture, prepare, SCENARIOS, type Fixture, type Scenario } from './kill-scenarios';
import { assertFsck, recordFigures, runSeed, seededRandom } from './repo-state';

/**
 * Kill tests: the built CLI runs pull (fast-forward and merge), merge --continue, merge --abort,
 * undo and push, and is SIGKILLed at a seeded random moment while it holds the workspace lock.
 * The next engine start (an operation on the folder: stale lock taken over, journal recovered)
 * must leave the folder exactly before or exactly after the operation, git fsck clean, and every
 * uncommitted local edit intact (in the folder, or in a backup ref).
 */
const SEED = runSeed(20261122);
const KILLS_PER_SCENARIO = Number(process.env.RELIABILITY_KILLS ?? 17);
const WORKERS = 3;
const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'reposync.mjs');
const rand = seededRandom(SEED);

type Tally = { kills: number; inRewrite: number; completed: number; before: number; after: number; staleLocks: number; editsFromBackup: number; windowMs: number };
const tally = Object.fromEntries(SCENARIOS.map((s) => [s, { kills: 0, inRewrite: 0, completed: 0, before: 0, after: 0, staleLocks: 0, editsFromBackup: 0, windowMs: 0 }])) as Record<Scenario, Tally>;

let server: GitServer;
let core: Core;
let fixture: Fixture;

const lockFile = (dir: string) => path.join(dir, '.git', 'reposync', 'lock');

/**
 * Run the CLI and SIGKILL it `killAfter` ms after `trigger` appears: the lock file (anywhere in the
 * operation) or the journal `pending.json` (inside the working-tree rewrite, the riskiest part).
 * Returns whether it was killed and how long it held the lock.
 */
function runAndKill(args: string[], dir: string, killAfter: number | null, trigger: string): Promise<{ killed: boolean; heldMs: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args, '--json'], {
      env: { ...process.env, REPOSYNC_HOME: tempDir('reposync-kill-home-'), GIT_CONFIG_NOSYSTEM: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    let lockedAt = 0;
    let armed = false;
    let killed = false;
    const poll = setInterval(() => {
      if (!lockedAt && fs.existsSync(lockFile(dir))) lockedAt = Date.now();
      if (armed || killAfter === null || !fs.existsSync(trigger)) return;
      armed = true;
      setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) killed = child.kill('SIGKILL');
      }, killAfter);
    }, 1);
    child.on('close', () => {
      clearInterval(poll);
      resolve({ killed, heldMs: lockedAt ? Date.now() - lockedAt : 0, out });
    });
  });
}

/** Every edit is in the folder, or (content-checked) in some backup snapshot. Returns how many came from a backup. */
function assertEditsKept(dir: string, edits: Map<string, string>): number {
  let fromBackup = 0;
  const backups = gitCli(dir, 'for-each-ref', '--format=%(refname)', 'refs/reposync/backups').split('\n').filter(Boolean);
  for (const [rel, content] of edits) {
    const file = path.join(dir, rel);
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) continue;
    const saved = backups.some((ref) => {
      try {
        return gitCli(dir, 'show', `${ref}:${rel}`) === content;
      } catch {
        return false;
      }
    });
    if (!saved) throw new Error(`local edit ${rel} was lost`);
    fromBackup++;
  }
  return fromBackup;
}

/** What the app does when it next writes to the folder: an operation that takes the lock (stale → taken over) and recovers. */
async function nextStart(dir: string): Promise<void> {
  const { done } = core.services.operations.start({ kind: 'test', title: 'next start', lockDir: dir }, async () => undefined);
  await done;
}

async function killOnce(scenario: Scenario, n: number, pushRemote: string, windowMs: number): Promise<void> {
  const t = tally[scenario];
  const prepared = await prepare(fixture, scenario, `${scenario}-${n}`, pushRemote);
  // Every other kill aims at the working-tree rewrite (the journal exists), the rest anywhere.
  const inRewrite = scenario !== 'push' && n % 2 === 1;
  const trigger = inRewrite ? path.join(prepared.dir, '.git', 'reposync', 'pending.json') : lockFile(prepared.dir);
  const delay = Math.floor(rand() * (inRewrite ? Math.min(windowMs, 120) : windowMs));
  const run = await runAndKill(prepared.args, prepared.dir, delay, trigger);
  if (run.killed && inRewrite) t.inRewrite++;
  if (!run.killed) t.completed++;
  else t.kills++;
  const lockLeft = fs.existsSync(lockFile(prepared.dir));
  if (run.killed && lockLeft) t.staleLocks++;
  const where = `${scenario} #${n} killed=${run.killed} ${inRewrite ? 'in rewrite' : 'after lock'} +${delay}ms`;
  try {
    await nextStart(prepared.dir);
    assertFsck(prepared.dir);
  } catch (e) {
    throw new Error(`${where}: ${(e as Error).message}`);
  }
  expect(fs.existsSync(lockFile(prepared.dir)), 'lock released after the next start').toBe(false);
  expect(fs.existsSync(path.join(prepared.dir, '.git', 'reposync', 'pending.json')), 'journal cleared').toBe(false);
  t.editsFromBackup += assertEditsKept(prepared.dir, prepared.edits);
  const outcome = prepared.judge();
  t[outcome]++;
  if (scenario === 'push') {
    assertFsck(fixture.server.repoDir(pushRemote));
    gitCli(fixture.server.repoDir(pushRemote), 'update-ref', 'refs/heads/main', fixture.c0);
  }
  fs.rmSync(path.dirname(prepared.dir), { recursive: true, force: true });
}

beforeAll(async () => {
  server = await startGitServer();
  core = newCore();
  fixture = makeFixture(server, core);
  for (let w = 0; w < WORKERS; w++) server.createBareRepo(`p${w}`, { files: { 'README.md': '# k\n' } });
  // The push remotes start at the same commit as `k`'s base so the scenario's clone matches.
  for (let w = 0; w < WORKERS; w++) gitCli(server.repoDir('k'), 'push', '-q', '-f', server.repoDir(`p${w}`), `${fixture.c0}:refs/heads/main`);
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'index.mjs'))) throw new Error('build the CLI first: node scripts/build.mjs cli');
});
afterAll(async () => {
  recordFigures('kill', { seed: SEED, killsPerScenario: KILLS_PER_SCENARIO, totalKills: Object.values(tally).reduce((a, t) => a + t.kills, 0), scenarios: tally });
  await server.close();
  cleanupTempDirs();
});

describe('SIGKILL at random points', () => {
  it(`kills the CLI ${KILLS_PER_SCENARIO}× per operation; the next start leaves it fully before or after, nothing lost`, { timeout: 400_000 }, async () => {
    // Calibrate: how long each operation holds the lock when left alone (and that it succeeds).
    for (const scenario of SCENARIOS) {
      const prepared = await prepare(fixture, scenario, `${scenario}-calibrate`, 'p0');
      const run = await runAndKill(prepared.args, prepared.dir, null, lockFile(prepared.dir));
      expect(prepared.judge(), `${scenario} uninterrupted: ${run.out}`).toBe('after');
      tally[scenario].windowMs = Math.max(run.heldMs, 20);
      if (scenario === 'push') gitCli(server.repoDir('p0'), 'update-ref', 'refs/heads/main', fixture.c0);
    }
    // Round-robin over the operations until enough runs were really killed (a run that finished
    // before its kill landed is judged too, but does not count), bounded by twice the target.
    const target = KILLS_PER_SCENARIO * SCENARIOS.length;
    const killed = () => Object.values(tally).reduce((a, t) => a + t.kills, 0);
    let next = 0;
    const worker = async (w: number) => {
      while (killed() < target && next < target * 2) {
        const i = next++;
        await killOnce(SCENARIOS[i % SCENARIOS.length]!, Math.floor(i / SCENARIOS.length), `p${w}`, tally[SCENARIOS[i % SCENARIOS.length]!].windowMs);
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    const total = Object.values(tally).reduce((a, t) => a + t.kills, 0);
    expect(total).toBeGreaterThanOrEqual(target);
    for (const s of SCENARIOS) expect(tally[s].before + tally[s].after).toBe(tally[s].kills + tally[s].completed);
  });
});
