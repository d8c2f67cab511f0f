// Clone and pull over a loopback smart-HTTP server (git http-backend), host idle RSS, and status
// through the worker thread. The server runs in its own process (`run.ts --serve`): the bench
// parent blocks in spawnSync while a figure runs, and the measured child must not serve itself.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startGitServer } from '../test/support/git-server';
import { cleanupTempDirs } from '../test/support/repo';
import { fastImport, git, writeHistoryStream } from './generate';
import { type Sample, median, repeat, runChild, timeCommand } from './measure';
import type { Row } from './report';

export const CLONE_COMMITS = 10_000;
const PULL_BACK = 100; // first-parent steps the stale clone is behind

/** `run.ts --serve <dir-of-bare-repos>`: serves them on 127.0.0.1 and prints the base URL. */
export async function serve(repos: string): Promise<void> {
  const server = await startGitServer();
  for (const name of fs.readdirSync(repos)) if (name.endsWith('.git')) fs.symlinkSync(path.resolve(repos, name), path.join(server.root, name));
  process.stdout.write(`${server.url}\n`);
  process.stdin.resume();
  // The parent ends stdin when done: the server's temp folder (symlinks to the repos) goes too.
  process.stdin.on('end', () =>
    void server.close().then(() => {
      cleanupTempDirs();
      process.exit(0);
    }),
  );
}

function cloneSource(workDir: string, log: (s: string) => void): string {
  const dir = path.join(workDir, 'serve', `clone-${CLONE_COMMITS}.git`);
  if (fs.existsSync(`${dir}.ready`)) return dir;
  log(`generating ${path.basename(dir)} …`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  writeHistoryStream({ commits: CLONE_COMMITS, files: 1_000, seed: 3, mergeEvery: 40 }, `${dir}.stream`);
  fastImport(dir, `${dir}.stream`, true);
  fs.rmSync(`${dir}.stream`, { force: true });
  git(dir, 'repack', '-adf', '-q', '--depth=50', '--window=10');
  fs.writeFileSync(`${dir}.ready`, '');
  return dir;
}

/** A clone PULL_BACK first-parent commits behind, without the newer objects. */
function staleClone(workDir: string, source: string): { dir: string; newCommits: number } {
  const dir = path.join(workDir, `pull-template-${CLONE_COMMITS}`);
  if (!fs.existsSync(`${dir}.ready`)) {
    fs.rmSync(dir, { recursive: true, force: true });
    git(workDir, 'clone', '-q', '--no-local', '--single-branch', '--no-tags', source, dir);
    git(dir, 'reset', '-q', '--hard', `HEAD~${PULL_BACK}`);
    git(dir, 'update-ref', '-d', 'ORIG_HEAD');
    git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
    git(dir, 'reflog', 'expire', '--expire=now', '--all');
    git(dir, 'gc', '-q', '--prune=now');
    git(dir, 'config', 'user.name', 'Bench');
    git(dir, 'config', 'user.email', 'bench@example.test');
    fs.writeFileSync(`${dir}.ready`, '');
  }
  const old = git(dir, 'rev-parse', 'HEAD').trim();
  return { dir, newCommits: Number(git(source, 'rev-list', '--count', `${old}..main`).trim()) };
}

function hostIdleRss(root: string, home: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [path.join(root, 'dist/host/index.mjs'), '--port', '0', '--no-open'], {
      env: { ...process.env, REPOSYNC_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.on('error', reject);
    setTimeout(() => {
      try {
        const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
        resolve(kb / 1024);
      } catch (err) {
        reject(err);
      } finally {
        child.kill();
      }
    }, 5000);
  });
}

export interface NetworkContext {
  root: string;
  workDir: string;
  /** bench/run.ts bundled: serves the repositories (`--serve`). */
  script: string;
  /** bench/child.ts bundled: runs one figure (see runChild). */
  childScript: string;
  runs: number;
  want: (id: string) => boolean;
  log: (s: string) => void;
  status5k: string;
  status5kTitle: string;
  status50k: string;
  statusTitle: string;
}

/** `inThread`: the work ran on the measured thread (its lag is its run time; no p99 shown). */
const row = (figure: string, target: string, gitMs: number, gitRssMb: number, samples: Sample[], result: string, inThread = false): Row => {
  const reposyncMs = median(samples.map((s) => s.ms));
  const p99 = Math.max(...samples.map((s) => s.lagP99Ms ?? NaN));
  const check = Number.isFinite(p99) && !inThread ? `${result}; lag p99 ${p99.toFixed(0)} ms` : result;
  return {
    figure, gitMs, reposyncMs, ratio: reposyncMs / gitMs, target, gitRssMb,
    rssMb: Math.max(...samples.map((s) => s.rssMb)), lagMaxMs: Math.max(...samples.map((s) => s.lagMaxMs)), runs: samples.length, check,
  };
};

export async function networkRows(c: NetworkContext): Promise<Row[]> {
  const rows: Row[] = [];
  const scratch = fs.mkdtempSync(path.join(c.workDir, 'run-'));
  let n = 0;
  const fresh = (): string => path.join(scratch, `d${n++}`);
  try {
    if (c.want('status-warm')) {
      for (const [title, dir] of [[c.status5kTitle, c.status5k], [c.statusTitle, c.status50k]] as const) {
        c.log(`· ${title}, repeated`);
        const samples = repeat(() => runChild(c.childScript, 'status-warm', { dir }), c.runs, 40_000);
        const g = repeat(() => timeCommand('git', ['status', '--porcelain'], dir, false), c.runs, 40_000);
        rows.push(row(`  … ${title}, repeated call (worker already warm)`, '≤ 2×', median(g.map((s) => s.ms)), NaN, samples, `= ${samples[0]!.count}`, true));
      }
    }
    if (c.want('status-worker')) {
      c.log('· status through the worker');
      const samples = repeat(() => runChild(c.childScript, 'status-worker', { dir: c.status50k }), c.runs, 40_000);
      const gitMs = median(repeat(() => timeCommand('git', ['status', '--porcelain'], c.status50k, false), c.runs, 40_000).map((s) => s.ms));
      rows.push(row(`  … ${c.statusTitle}, on the worker thread (lag = main thread)`, 'lag ≤ 50 ms', gitMs, NaN, samples, `${samples[0]!.count}`));
    }
    if (c.want('clone') || c.want('pull')) {
      const source = cloneSource(c.workDir, c.log);
      const server = spawn(process.execPath, [c.script, '--serve', path.dirname(source)], { stdio: ['pipe', 'pipe', 'inherit'] });
      const url = await new Promise<string>((resolve, reject) => {
        server.stdout!.once('data', (d: Buffer) => resolve(`${d.toString().trim()}/${path.basename(source)}`));
        server.once('exit', () => reject(new Error('git server exited')));
      });
      const tip = git(source, 'rev-parse', 'main').trim();
      try {
        if (c.want('clone')) {
          c.log(`· clone ${CLONE_COMMITS} commits`);
          const g = repeat(() => timeCommand('git', ['clone', '-q', '--single-branch', '--no-tags', url, fresh()], scratch, false), c.runs, 120_000);
          const gitRss = timeCommand('git', ['clone', '-q', '--single-branch', '--no-tags', url, fresh()], scratch, true).rssMb;
          let last = '';
          const samples = repeat(() => {
            last = fresh();
            return runChild(c.childScript, 'clone', { dir: last, url, home: fresh() });
          }, Math.min(c.runs, 3), 120_000);
          const same = git(last, 'rev-parse', 'HEAD').trim() === tip && git(last, 'status', '--porcelain') === '';
          rows.push(row(`Clone over loopback HTTP (${CLONE_COMMITS} commits)`, '≤ 2×', median(g.map((s) => s.ms)), gitRss, samples, same ? '= HEAD' : '≠ HEAD'));
        }
        if (c.want('pull')) {
          const stale = staleClone(c.workDir, source);
          c.log(`· pull ${stale.newCommits} new commits`);
          const copy = (): string => {
            const d = fresh();
            execFileSync('cp', ['-a', stale.dir, d]);
            git(d, 'remote', 'set-url', 'origin', url);
            return d;
          };
          const g = repeat(() => {
            const d = copy();
            return timeCommand('git', ['pull', '-q', '--ff-only', 'origin', 'main'], d, false);
          }, c.runs, 60_000);
          let last = '';
          const samples = repeat(() => {
            last = copy();
            const t = performance.now();
            const s = runChild(c.childScript, 'pull', { dir: last, home: fresh() });
            return { ...s, ms: s.ms || performance.now() - t };
          }, c.runs, 60_000);
          const same = git(last, 'rev-parse', 'HEAD').trim() === tip && git(last, 'status', '--porcelain') === '';
          rows.push(row(`Pull of ${stale.newCommits} new commits (fast-forward)`, '≤ 2×', median(g.map((s) => s.ms)), NaN, samples, same ? '= HEAD' : '≠ HEAD'));
        }
      } finally {
        await stopServer(server);
      }
    }
    if (c.want('host-rss') && fs.existsSync(path.join(c.root, 'dist/host/index.mjs'))) {
      c.log('· host idle RSS');
      const mb = await hostIdleRss(c.root, fresh());
      rows.push({ figure: 'Host idle RSS (built host, 5 s after start)', gitMs: NaN, reposyncMs: NaN, ratio: NaN, target: '≤ 150 MB', gitRssMb: NaN, rssMb: mb, lagMaxMs: NaN, runs: 1, check: '' });
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return rows;
}

/** The rows of an earlier docs/benchmarks.md with the freshly measured ones put in place (same figure) or appended. */
export function mergeRows(markdown: string, fresh: Row[]): Row[] {
  const num = (c: string): number => (c === '–' || c === '' ? NaN : Number(c.replace('×', '')));
  const old: Row[] = [];
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('| ') || line.startsWith('| figure') || line.startsWith('| ---')) continue;
    const c = line.slice(2, -2).split(' | ');
    if (c.length !== 10) continue;
    old.push({ figure: c[0]!, gitMs: num(c[1]!), reposyncMs: num(c[2]!), ratio: num(c[3]!), target: c[4]!, gitRssMb: num(c[5]!), rssMb: num(c[6]!), lagMaxMs: num(c[7]!), runs: num(c[8]!), check: c[9]! });
  }
  const byFigure = new Map(fresh.map((r) => [r.figure, r]));
  const out = old.map((r) => byFigure.get(r.figure) ?? r);
  for (const r of fresh) if (!old.some((o) => o.figure === r.figure)) out.push(r);
  return out;
}

/** Ends the server's stdin and waits for it to clean up and exit (killed after 5 s). */
async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  server.stdin!.end();
  const timer = setTimeout(() => server.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
