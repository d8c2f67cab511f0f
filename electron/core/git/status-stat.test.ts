import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gitChanges } from '../../../test/support/git-status';
import { cleanupTempDirs, gitCli, makeRepo, tempDir, writeFile } from '../../../test/support/repo';
import { fastStatus, forgetStatusCache } from './status-fast';
import { readStatusIndex } from './status-index';
import { STAT_DIFFERS, STAT_GONE, finishStatJob, newStatJob, statRange } from './status-stat';
import { PARALLEL_MIN_ENTRIES, statHelperCount, statHelperTuning, stopStatHelpers, warmStatHelpers } from './status-stat-pool';

// The stat pass shared with helper threads (git's preload-index): the same answer as git and as
// the single-threaded walk, on a tree big enough to be shared, with the bundle the app ships.
let helperFile = '';

beforeAll(async () => {
  helperFile = path.join(tempDir(), 'workers', 'status-stat.mjs');
  await build({ entryPoints: [path.join(__dirname, 'status-stat-worker.ts')], outfile: helperFile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
}, 60_000);

afterEach(() => {
  stopStatHelpers();
  forgetStatusCache();
  delete process.env.REPOSYNC_STAT_WORKER;
});
afterAll(cleanupTempDirs);

/** A tree of PARALLEL_MIN_ENTRIES + 500 files in nested folders. */
function bigRepo(): string {
  const files: Record<string, string> = { '.gitignore': '*.log\n' };
  for (let i = 0; i < PARALLEL_MIN_ENTRIES + 500; i++) files[`d${i % 7}/s${i % 13}/f${i}.txt`] = `file ${i}\n`;
  files['link-target/f.txt'] = 'target\n';
  const dir = makeRepo(files);
  // Files older than the index, so that unchanged ones are clean rather than racily clean.
  const old = new Date(Date.now() - 3600_000);
  for (const rel of Object.keys(files)) fs.utimesSync(path.join(dir, rel), old, old);
  gitCli(dir, 'update-index', '--refresh');
  return dir;
}

/** Every kind of change the walk and the helpers must agree on. */
function change(dir: string): void {
  const p = (rel: string): string => path.join(dir, rel);
  writeFile(dir, 'd0/s0/f0.txt', 'FILE 0\n'); // same size, new content
  const older = new Date(Date.now() - 7200_000);
  fs.utimesSync(p('d1/s8/f8.txt'), older, older); // touched only: hashed, unchanged
  fs.rmSync(p('d2/s2/f2.txt'));
  fs.chmodSync(p('d3/s3/f3.txt'), 0o755);
  fs.rmSync(p('d4/s4/f4.txt'));
  writeFile(dir, 'd4/s4/f4.txt/inner.txt', 'now a folder\n'); // a file became a folder
  fs.rmSync(p('d5/s5/f5.txt'));
  fs.symlinkSync('../../link-target/f.txt', p('d5/s5/f5.txt')); // a file became a symlink
  // A folder of tracked files became a symlink to a folder holding the same names: beyond a
  // symlink, git sees them deleted even though lstat through the link finds them.
  fs.cpSync(p('d6/s6'), p('elsewhere'), { recursive: true });
  fs.rmSync(p('d6/s6'), { recursive: true });
  fs.symlinkSync('../elsewhere', p('d6/s6'));
  fs.rmSync(p('d0/s1'), { recursive: true });
  writeFile(dir, 'd0/s1', 'a folder became a file\n');
  writeFile(dir, 'd1/new.txt', 'untracked\n');
  writeFile(dir, 'd1/debug.log', 'ignored\n');
}

/** The helpers the first big status started once it was done. */
async function waitForHelpers(): Promise<number> {
  await new Promise((resolve) => setImmediate(resolve));
  return warmStatHelpers();
}

describe('status with stat helper threads', () => {
  it('gives git’s answer and the single-threaded one on a big tree with every kind of change', async () => {
    const dir = bigRepo();
    change(dir);
    process.env.REPOSYNC_STAT_WORKER = 'off';
    const alone = fastStatus(dir).changes;
    stopStatHelpers();
    forgetStatusCache();
    process.env.REPOSYNC_STAT_WORKER = helperFile;
    expect(fastStatus(dir).changes).toEqual(alone); // no helpers yet: this call starts them for the next
    expect(await waitForHelpers()).toBeGreaterThan(0);
    forgetStatusCache();
    const shared = fastStatus(dir).changes;
    expect(shared).toEqual(alone);
    expect(shared).toEqual(gitChanges(dir));
    expect(shared.length).toBeGreaterThan(8);
    // Again with the helpers warm and the hashes remembered.
    expect(fastStatus(dir).changes).toEqual(shared);
  });

  it('shares a first status with helpers it starts itself (the biggest trees), before they are ready', async () => {
    const saved = statHelperTuning.earlyStartEntries;
    statHelperTuning.earlyStartEntries = PARALLEL_MIN_ENTRIES;
    try {
      const dir = bigRepo();
      change(dir);
      process.env.REPOSYNC_STAT_WORKER = helperFile;
      expect(statHelperCount()).toBe(0);
      expect(fastStatus(dir).changes).toEqual(gitChanges(dir));
      expect(await warmStatHelpers()).toBeGreaterThan(0);
      forgetStatusCache();
      expect(fastStatus(dir).changes).toEqual(gitChanges(dir));
    } finally {
      statHelperTuning.earlyStartEntries = saved;
    }
  });

  it('reads a version 4 index (prefix-compressed paths) the same way', async () => {
    const dir = bigRepo();
    gitCli(dir, 'update-index', '--index-version', '4');
    change(dir);
    process.env.REPOSYNC_STAT_WORKER = helperFile;
    expect(await warmStatHelpers()).toBeGreaterThan(0);
    expect(fastStatus(dir).changes).toEqual(gitChanges(dir));
  });

  it('stats on the calling thread when the helper bundle cannot start', async () => {
    const dir = bigRepo();
    change(dir);
    const broken = path.join(tempDir(), 'status-stat.mjs');
    fs.writeFileSync(broken, 'throw new Error("broken bundle");\n');
    process.env.REPOSYNC_STAT_WORKER = broken;
    expect(await warmStatHelpers()).toBe(0);
    expect(fastStatus(dir).changes).toEqual(gitChanges(dir));
    expect(await warmStatHelpers()).toBe(0); // not tried again
    expect(statHelperCount()).toBe(0);
  });
});

describe('a stat job', () => {
  it('finishes chunks a helper claimed and never finished (it died)', () => {
    const dir = bigRepo();
    fs.rmSync(path.join(dir, 'd2/s2/f2.txt'));
    writeFile(dir, 'd0/s0/f0.txt', 'FILE 0\n');
    const index = readStatusIndex(fs.readFileSync(path.join(dir, '.git/index')), '');
    const n = index.paths.length;
    const table = new Uint32Array(3 * n);
    for (let i = 0; i < n; i++) table.set([index.at[i]!, index.pathAt![2 * i]!, index.pathAt![2 * i + 1]!], 3 * i);
    const indexMtimeSec = Math.floor(fs.statSync(path.join(dir, '.git/index')).mtimeMs / 1000);
    const job = newStatJob(dir, index.buf, null, table, { indexMtimeSec, fileMode: true, trustCtime: true });
    Atomics.add(new Int32Array(job.control), 0, 1); // a helper claims chunk 0 and dies
    const started = Date.now();
    const { result, mine } = finishStatJob(job, (from, to) => statRange(job, from, to));
    expect([...mine].every((m) => m === 1)).toBe(true); // chunk 0 too, after the wait
    expect(Date.now() - started).toBeGreaterThanOrEqual(900); // it waited for the helper first
    const at = (rel: string): number => result[index.paths.indexOf(rel)]!;
    expect(at('d2/s2/f2.txt')).toBe(STAT_GONE);
    expect(at('d0/s0/f0.txt')).toBe(STAT_DIFFERS);
    expect(at('d1/s1/f1.txt')).toBe(0o100644);
    expect([...result].every((r) => r !== 0)).toBe(true);
  });
});
