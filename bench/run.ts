// `npm run bench [-- --quick] [-- --write] [-- --runs N]`: Reposync against native git on
// generated repositories. Prints a table; --write also puts it in docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Sample, median, repeat, runChild, timeCommand } from './measure';
import { prepareRepos } from './repos';
import { renderMarkdown, renderTable, type Row } from './report';
import { mergeRows, networkRows, serve } from './network';
import type { WorkParams } from './work';
import { uiRows } from './ui';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const script = fileURLToPath(import.meta.url);

interface Figure {
  id: string;
  title: string;
  target: string;
  git: { args: string[]; cwd: string; count: (out: string) => number } | null;
  /** Reuse the git timing of another row (a contrast row). */
  gitFrom?: string;
  work: string | { cmd: string; args: string[] };
  params: WorkParams;
}

const checkCounts = (git: number | undefined, ours: number): string =>
  git === undefined ? '' : git === ours ? `= ${git}` : `≠ git ${git} / ours ${ours}`;

const lines = (s: string): number => s.split('\n').filter(Boolean).length;

function machine(): string {
  const cpu = os.cpus();
  const gitVersion = execFileSync('git', ['--version'], { encoding: 'utf8' }).trim();
  return `${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, ${gitVersion}`;
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--serve') return serve(argv[1]!);
  // `--only status,clone`: figures whose id starts with one of these (status-5k, status-50k, status-worker, clone, pull, host-rss, …).
  const onlyArg = argv.indexOf('--only');
  const only = onlyArg >= 0 ? (argv[onlyArg + 1] ?? '').split(',').filter(Boolean) : null;
  const want = (id: string): boolean => !only || only.some((o) => id.startsWith(o));
  const quick = argv.includes('--quick');
  const write = argv.includes('--write');
  const runsArg = argv.indexOf('--runs');
  const runs = runsArg >= 0 ? Number(argv[runsArg + 1]) : quick ? 3 : 5;
  const budget = quick ? 10_000 : 40_000;
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  const started = performance.now();
  const repos = prepareRepos(path.join(root, 'bench/.work'), quick, log);
  log(`history: ${repos.commits} commits, ${repos.files} files; file history of ${repos.filePath}`);
  const h = repos.history;
  const cacheDir = path.join(root, 'bench/.work/history-index', path.basename(h));
  // The index builder runs in a worker, as in the app: bundle its entry the way scripts/build.mjs does.
  const workerFile = path.join(root, 'bench/.work/dist/workers/history-index.mjs');
  await build({ entryPoints: [path.join(root, 'electron/core/history/index/worker.ts')], outfile: workerFile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
  process.env.REPOSYNC_HISTORY_WORKER = workerFile;
  // Status's stat helper threads, found beside the child bundle (bench/.work/dist/workers/) as the app finds them.
  await build({ entryPoints: [path.join(root, 'electron/core/git/status-stat-worker.ts')], outfile: path.join(root, 'bench/.work/dist/workers/status-stat.mjs'), bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
  // Each figure runs in a fresh process of its own small bundle (see child.ts), as the app loads it.
  const childScript = path.join(root, 'bench/.work/dist/child.mjs');
  await build({ entryPoints: [path.join(root, 'bench/child.ts')], outfile: childScript, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
  const cliBuilt = fs.existsSync(path.join(root, 'dist/cli/index.mjs'));
  const figures: Figure[] = [
    { id: 'history-page', title: 'First history page (100 commits): object reader, before the first index build ends', target: '≤ 2×', git: { args: ['log', '-n', '100'], cwd: h, count: (o) => o.split('\n').filter((l) => l.startsWith('commit ')).length }, work: 'history-page', params: { dir: h } },
    { id: 'history-page-warm', title: '  … same, a second page in the process (JIT warm, as in the long-lived worker)', target: '≤ 2×', git: null, gitFrom: 'history-page', work: 'history-page-warm', params: { dir: h } },
    { id: 'history-page-iso', title: '  … same with isomorphic-git log({depth:100})', target: '', git: null, gitFrom: 'history-page', work: 'history-page-iso', params: { dir: h } },
    { id: 'history-full', title: `Full history with paths (${repos.commits} commits)`, target: '≤ 2× (first build), 0.2× (index)', git: { args: ['log', '--name-only', '--no-renames', '--format=%H'], cwd: h, count: (o) => o.split('\n').filter((l) => l && !/^[0-9a-f]{40}$/.test(l)).length }, work: 'history-full', params: { dir: h } },
    { id: 'file-history', title: 'File history (20 commits of one path): object reader, before the index', target: '≤ 2×', git: { args: ['log', '-n', '20', '--format=%H', '--', repos.filePath], cwd: h, count: lines }, work: 'file-history', params: { dir: h, filePath: repos.filePath } },
    { id: 'search-message', title: 'Search messages (all commits): object reader, before the index', target: '≤ 1×', git: { args: ['log', '--grep=tune cache', '--format=%H'], cwd: h, count: lines }, work: 'search-message', params: { dir: h, pattern: 'tune cache' } },
    { id: 'search-author', title: 'Search authors (all commits): object reader, before the index', target: '≤ 1×', git: { args: ['log', '--author=Zoë', '--format=%H'], cwd: h, count: lines }, work: 'search-author', params: { dir: h, pattern: 'Zoë' } },
    // The history index (electron/core/history/index): first build in the worker, then reads from the file.
    // What History serves once a workspace's first build has ended (it starts when the workspace is added or cloned).
    { id: 'index-build', title: 'History index: first build (worker thread)', target: '≤ 2×, RSS ≤ 300 MB', git: null, gitFrom: 'history-full', work: 'index-build', params: { dir: h, cacheDir } },
    { id: 'index-open', title: '  … later open: load index + all commits with paths', target: '≤ 0.2×', git: null, gitFrom: 'history-full', work: 'index-open', params: { dir: h, cacheDir } },
    { id: 'index-page', title: '  … first page (100), cold: load index + page', target: '≤ 2×', git: null, gitFrom: 'history-page', work: 'index-page', params: { dir: h, cacheDir } },
    { id: 'index-page-warm', title: '  … next first page (100), index already open', target: '≤ 2×', git: null, gitFrom: 'history-page', work: 'index-page-warm', params: { dir: h, cacheDir } },
    { id: 'index-file-history', title: '  … file history (20 commits), index open', target: '≤ 2×', git: null, gitFrom: 'file-history', work: 'index-file-history', params: { dir: h, cacheDir, filePath: repos.filePath } },
    { id: 'index-file-history-cold', title: '  … file history (20 commits), cold: load index + walk', target: '≤ 2×', git: null, gitFrom: 'file-history', work: 'index-file-history-cold', params: { dir: h, cacheDir, filePath: repos.filePath } },
    { id: 'index-search-message', title: '  … search messages, index open', target: '≤ 1×', git: null, gitFrom: 'search-message', work: 'index-search', params: { dir: h, cacheDir, pattern: 'tune cache' } },
    { id: 'index-search-author', title: '  … search authors, index open', target: '≤ 1×', git: null, gitFrom: 'search-author', work: 'index-search', params: { dir: h, cacheDir, pattern: 'Zoë' } },
    { id: 'status-5k', title: 'Status, clean 5k-file tree', target: '≤ 2×', git: { args: ['status', '--porcelain'], cwd: repos.status5k, count: lines }, work: 'status', params: { dir: repos.status5k } },
    { id: 'status-50k', title: `Status, ${quick ? '10k' : '50k'}-file tree with 100 changes`, target: '≤ 2×', git: { args: ['status', '--porcelain'], cwd: repos.status50k, count: lines }, work: 'status', params: { dir: repos.status50k } },
  ];
  if (cliBuilt) {
    figures.push({ id: 'cli-start', title: 'CLI start-up (--version)', target: '≤ 150 ms', git: { args: ['--version'], cwd: root, count: () => 0 }, work: { cmd: process.execPath, args: [path.join(root, 'bin/reposync.mjs'), '--version'] }, params: { dir: root } });
  }
  const rows: Row[] = [];
  const gitMs = new Map<string, number>();
  const gitCount = new Map<string, number>();
  for (const f of figures) {
    if (!want(f.id)) continue;
    log(`· ${f.title}`);
    let gitSample: { ms: number; count: number; rssMb: number } | null = null;
    if (f.git) {
      const g = f.git;
      const samples = repeat(() => {
        const r = timeCommand('git', g.args, g.cwd, false);
        return { ms: r.ms, count: g.count(r.stdout) };
      }, runs, budget);
      gitSample = { ms: median(samples.map((s) => s.ms)), count: samples[0]!.count, rssMb: timeCommand('git', g.args, g.cwd, true).rssMb };
      gitMs.set(f.id, gitSample.ms);
      gitCount.set(f.id, gitSample.count);
    }
    let samples: Sample[];
    const work = f.work;
    if (typeof work === 'string') {
      samples = repeat(() => runChild(childScript, work, f.params), runs, budget);
    } else {
      samples = repeat(() => ({ ...timeCommand(work.cmd, work.args, root, false), count: 0, lagMaxMs: NaN }), runs, budget).map((s) => ({ ms: s.ms, count: 0, rssMb: NaN, lagMaxMs: NaN }));
      samples[0]!.rssMb = timeCommand(work.cmd, work.args, root, true).rssMb;
    }
    const reposyncMs = median(samples.map((s) => s.ms));
    const git = gitSample?.ms ?? (f.gitFrom ? gitMs.get(f.gitFrom) ?? NaN : NaN);
    rows.push({
      figure: f.title,
      gitMs: git,
      reposyncMs,
      ratio: reposyncMs / git,
      target: f.target,
      gitRssMb: gitSample?.rssMb ?? NaN,
      rssMb: Math.max(...samples.map((s) => s.rssMb)),
      lagMaxMs: Math.max(...samples.map((s) => s.lagMaxMs)),
      runs: samples.length,
      check: checkCounts(f.id === 'cli-start' ? undefined : gitSample?.count ?? (f.gitFrom ? gitCount.get(f.gitFrom) : undefined), samples[0]!.count),
    });
    log(`  git ${git.toFixed(1)} ms, reposync ${reposyncMs.toFixed(1)} ms`);
  }
  rows.push(...(await networkRows({ root, workDir: path.join(root, 'bench/.work'), script, childScript, runs, want, log, status5k: repos.status5k, status5kTitle: 'status of the clean 5k-file tree', status50k: repos.status50k, statusTitle: `status of the ${quick ? '10k' : '50k'}-file tree` })));
  rows.push(...(await uiRows({ root, workDir: path.join(root, 'bench/.work'), runs, quick, want, log })));
  const table = renderTable(rows);
  process.stdout.write(`\n${table}\n`);
  const totalS = (performance.now() - started) / 1000;
  log(`done in ${totalS.toFixed(0)} s`);
  if (write) {
    const file = path.join(root, 'docs/benchmarks.md');
    // With --only, the other figures keep their last measured rows.
    const all = only && fs.existsSync(file) ? mergeRows(fs.readFileSync(file, 'utf8'), rows) : rows;
    const text = renderMarkdown({ rows: all, machine: machine(), quick, repos, runs, date: new Date().toISOString().slice(0, 10), totalS });
    fs.writeFileSync(file, only ? text.replace(/\(whole run \d+ s\)/, `(\`--only ${only.join(',')}\` re-measured those rows; the others are from the previous run)`) : text);
    log(`wrote ${path.relative(root, file)}`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
