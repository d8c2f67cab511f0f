// One Reposync figure in a fresh process: `node child.mjs <work> <params JSON>` prints one Sample.
// Its own small bundle, not the whole bench (esbuild, Playwright, the report): the peak RSS it
// reports is then the work's plus what the app itself loads, not the harness's ~100 MB.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { Sample } from './measure';
import { SYNC_PREPARE, SYNC_WORK } from './network-work';
import { PREPARE, WORK, type WorkParams } from './work';

async function child(work: string, params: WorkParams): Promise<void> {
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  // The monitor drops its first interval, so let it tick before the work starts.
  await new Promise((r) => setTimeout(r, 50));
  const state = await (PREPARE[work] ?? SYNC_PREPARE[work])?.(params);
  const t = performance.now();
  const run: (p: WorkParams, state?: unknown) => Promise<number> = WORK[work] ?? SYNC_WORK[work]!;
  const count = await run(params, state);
  const ms = performance.now() - t;
  await new Promise((r) => setTimeout(r, 20)); // let the monitor see the loop again
  lag.disable();
  const sample: Sample = { ms, count, rssMb: process.resourceUsage().maxRSS / 1024, lagMaxMs: lag.max / 1e6, lagP99Ms: lag.percentile(99) / 1e6 };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

await child(process.argv[2]!, JSON.parse(process.argv[3]!) as WorkParams);
