import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { findBundledWorker } from '../workers/worker-file';
import { type StatJob, finishStatJob, newStatJob, type StatRules } from './status-stat';

/**
 * The helper threads of status's stat pass (status-stat.ts): started on the first big status,
 * kept while statuses keep coming (a thread takes ~30 ms to start), ended after a quiet spell.
 * They never keep a process alive (unref), and a thread that ends a task (a cancelled Git worker
 * task ends its thread) takes its helpers with it.
 */
let file: string | null | undefined;
let helpers: Worker[] = [];
let idleTimer: NodeJS.Timeout | null = null;
const IDLE_MS = 15_000;

/** Below this many tracked files the stat pass is too short to share. */
export const PARALLEL_MIN_ENTRIES = 2000;

function helperCount(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(3, cores - 1));
}

/** Starts the helpers now (when a status is coming that will want them); false when there are none. */
export function warmStatHelpers(): boolean {
  if (file === undefined) file = findBundledWorker('status-stat.mjs', 'REPOSYNC_STAT_WORKER');
  if (!file) return false;
  while (helpers.length < helperCount()) spawn(file);
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(stopStatHelpers, IDLE_MS);
  idleTimer.unref();
  return true;
}

function spawn(from: string): void {
  const worker = new Worker(from);
  worker.unref();
  let started = false;
  worker.once('message', () => (started = true)); // 'ready': its bundle loaded
  const drop = (): void => {
    helpers = helpers.filter((w) => w !== worker);
    // A bundle that cannot even start (e.g. inside an asar archive): stat on the calling thread from now on.
    if (!started) file = null;
  };
  worker.on('error', drop);
  worker.on('exit', drop);
  helpers.push(worker);
}

/** Helper threads running now. */
export function statHelperCount(): number {
  return helpers.length;
}

/** Ends the helpers (idle, tests); the next big status looks for the bundle again and starts them. */
export function stopStatHelpers(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  file = undefined;
  const old = helpers;
  helpers = [];
  for (const w of old) void w.terminate();
}

/**
 * A stat pass over the entries of `table` ([stat offset, path start, path end] per entry) shared
 * with the helpers, or null when there are none. The caller does its own work meanwhile (the
 * folder walk) and then calls `finish`, which joins in and returns the results.
 */
export function startStatJob(root: string, index: Uint8Array, names: Uint8Array | null, table: Uint32Array, rules: StatRules): { finish: () => Uint32Array } | null {
  if (table.length / 3 < PARALLEL_MIN_ENTRIES || !warmStatHelpers() || helpers.length === 0) return null;
  const job: StatJob = newStatJob(root, index, names, table, rules);
  for (const w of helpers) w.postMessage(job);
  return { finish: () => finishStatJob(job) };
}
