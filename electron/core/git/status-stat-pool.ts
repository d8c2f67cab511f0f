import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { idleTimer } from '../idle-timer';
import { findBundledWorker } from '../workers/worker-file';
import { type StatJob, type StatRules, finishStatJob, newStatJob } from './status-stat';

/**
 * The helper threads of status's stat pass (status-stat.ts). A big status with none running
 * starts them once it is done, for the next one: a thread takes ~30 ms of a core to start, and
 * measured on two cores, starting them during a status slowed it more than they then helped, except
 * on the biggest trees (statHelperTuning). They stay while statuses keep coming and end after a quiet
 * spell; they never keep a process alive (unref), and a thread that ends (a cancelled Git worker
 * task ends its thread) takes its helpers with it.
 */
interface Helper {
  worker: Worker;
  /** Its bundle has loaded: jobs go only to ready helpers. */
  ready: Promise<boolean>;
  isReady: boolean;
}

let file: string | null | undefined;
let helpers: Helper[] = [];
/** A minute: statuses come on every window focus and after each sync; a restart costs ~30 ms of a core. */
const IDLE_MS = 60_000;

/**
 * From this many tracked files a status starts the helpers itself and shares with them as they
 * come up: their start (~30 ms of a core, and the calling thread's share of it) is then repaid
 * within the same status. Measured on two cores: a 50k-file tree's first status 580 → 475 ms; a
 * 24k-file one's got slower (220 → 330 ms), so smaller trees only start them for the next status.
 */
export const statHelperTuning = { earlyStartEntries: 30_000 };

/** Below this many tracked files the stat pass is too short to share. */
export const PARALLEL_MIN_ENTRIES = 2000;

/** One helper per core beside the calling thread's, at most 3 (none on a single core: it would only compete). */
function helperCount(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(0, Math.min(3, cores - 1));
}

const idle = idleTimer(IDLE_MS, () => stopStatHelpers());

/** Starts the helpers if they are not running; resolves with how many are ready (0: stat on the calling thread). */
export async function warmStatHelpers(): Promise<number> {
  if (file === undefined) file = findBundledWorker('status-stat.mjs', 'REPOSYNC_STAT_WORKER');
  if (!file) return 0;
  while (helpers.length < helperCount()) helpers.push(spawn(file));
  idle.touch();
  const ready = await Promise.all(helpers.map((h) => h.ready));
  return ready.filter(Boolean).length;
}

function spawn(from: string): Helper {
  const worker = new Worker(from);
  worker.unref();
  let settle: (ok: boolean) => void = () => {};
  const helper: Helper = { worker, isReady: false, ready: new Promise((resolve) => (settle = resolve)) };
  worker.once('message', () => {
    helper.isReady = true; // its 'ready'
    settle(true);
  });
  const drop = (): void => {
    helpers = helpers.filter((h) => h !== helper);
    // A bundle that cannot even start (e.g. inside an asar archive): stat on the calling thread from now on.
    if (!helper.isReady && file === from) file = null;
    settle(false);
  };
  worker.on('error', drop);
  worker.on('exit', drop);
  return helper;
}

/** Whether a status of `entries` tracked files starts the helpers itself (see statHelperTuning). */
export function startsHelpersEarly(entries: number): boolean {
  return entries >= Math.max(PARALLEL_MIN_ENTRIES, statHelperTuning.earlyStartEntries);
}

/** Helper threads ready now. */
export function statHelperCount(): number {
  return helpers.filter((h) => h.isReady).length;
}

/** Ends the helpers (idle, tests); the next big status looks for the bundle again and starts them. */
export function stopStatHelpers(): void {
  idle.cancel();
  file = undefined;
  const old = helpers;
  helpers = [];
  for (const h of old) void h.worker.terminate();
}

/** A stat pass under way: `finish` joins in (see finishStatJob); results come per chunk of `chunk` entries. */
export interface SharedStat {
  finish: (own: (from: number, to: number) => void) => { result: Uint32Array; mine: Uint8Array };
  chunk: number;
}

/** Where the helpers read each entry: the index bytes, the path bytes (null: in the index bytes) and [stat offset, path start, path end] per entry. */
export interface StatLayout {
  index: Uint8Array;
  names: Uint8Array | null;
  table: Uint32Array;
}

/**
 * A stat pass over `entries` tracked files shared with the ready helpers, or null (stat on the
 * calling thread; the helpers are started for next time). `layout` is only built when shared. The
 * caller does its own work meanwhile (the folder walk) and then calls `finish`, which joins in and
 * returns the results.
 */
export function startStatJob(root: string, entries: number, layout: () => StatLayout, rules: StatRules): SharedStat | null {
  if (entries < PARALLEL_MIN_ENTRIES) return null;
  const early = startsHelpersEarly(entries);
  const ready = helpers.filter((h) => h.isReady || early);
  if (ready.length === 0) {
    setImmediate(() => void warmStatHelpers());
    return null;
  }
  idle.touch();
  const { index, names, table } = layout();
  const job: StatJob = newStatJob(root, index, names, table, rules);
  for (const h of ready) h.worker.postMessage(job);
  return { finish: (own) => finishStatJob(job, own), chunk: job.chunk };
}
