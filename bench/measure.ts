import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface Sample {
  ms: number;
  count: number;
  rssMb: number;
  lagMaxMs: number;
  /** 99th percentile of the event-loop delay (the lag target is a p99). */
  lagP99Ms?: number;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const HAS_TIME = fs.existsSync('/usr/bin/time');

/** Wall time of one command, its output kept in memory as a caller of git would; RSS via /usr/bin/time. */
export function timeCommand(cmd: string, args: string[], cwd: string, withRss: boolean): { ms: number; stdout: string; rssMb: number } {
  const opts = { cwd, maxBuffer: 2 ** 31 - 1, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_PAGER: 'cat', LANG: 'C.UTF-8' } };
  if (withRss && HAS_TIME) {
    const res = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { ...opts, encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${res.stderr}`);
    const kb = Number(res.stderr.trim().split('\n').pop());
    return { ms: NaN, stdout: res.stdout, rssMb: kb / 1024 };
  }
  const t = performance.now();
  const res = spawnSync(cmd, args, { ...opts, encoding: 'utf8' });
  const ms = performance.now() - t;
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${res.stderr}`);
  return { ms, stdout: res.stdout, rssMb: NaN };
}

/** Runs one Reposync figure in a fresh child process (bench/child.ts, bundled). */
export function runChild(script: string, work: string, params: object): Sample {
  // BENCH_CHILD_ARGS: node flags for the children only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  // (NODE_OPTIONS refuses --cpu-prof, and would profile the harness too).
  const nodeArgs = process.env.BENCH_CHILD_ARGS?.split(' ').filter(Boolean) ?? [];
  const res = spawnSync(process.execPath, [...nodeArgs, script, work, JSON.stringify(params)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (res.status !== 0) throw new Error(`child ${work} failed: ${res.stderr}`);
  const last = res.stdout.trim().split('\n').pop()!;
  return JSON.parse(last) as Sample;
}

/** One warm-up, then up to `runs` samples; stops after 3 once the time budget is spent. A very slow figure gets its warm-up as its only sample. */
export function repeat<T extends { ms: number }>(once: () => T, runs: number, budgetMs: number): T[] {
  const warm = once();
  if (warm.ms > budgetMs / 2) return [warm];
  const out: T[] = [];
  const start = performance.now();
  while (out.length < runs) {
    out.push(once());
    if (out.length >= 3 && performance.now() - start > budgetMs) break;
  }
  return out;
}
