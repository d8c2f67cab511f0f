import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ErrorCode } from '../../../../shared/errors';
import { ReposyncError } from '../../errors';
import { findBundledWorker } from '../../workers/worker-file';
import { acquireLockFile } from '../../workspace-lock';
import { buildIndexSteps, driveBuild, type BuildResult } from './builder';

/**
 * Where the bundled worker lives: dist/workers/, found from the running bundle as the Git worker is
 * (findBundledWorker: outside app.asar in a packaged app, where a Worker cannot start from inside the
 * archive). Under vitest the sources run unbundled, the file is not there, and the build runs on
 * the calling thread instead (in steps, yielding to the event loop). `REPOSYNC_HISTORY_WORKER` names
 * another file (one that does not exist: the calling thread).
 */
export function historyWorkerScript(from?: string): string | null {
  const override = process.env.REPOSYNC_HISTORY_WORKER;
  if (override) return fs.existsSync(override) ? override : null;
  return findBundledWorker('history-index.mjs', 'REPOSYNC_HISTORY_WORKER', from);
}

const YOUNG_GENERATION_MB = 12;

export interface RunBuildOptions {
  gitdir: string;
  file: string;
  signal?: AbortSignal;
  /** Force the in-thread build (tests, or no bundled worker). */
  inThread?: boolean;
}

/** Builds or updates the index file, in a worker thread when the bundled worker exists. */
export async function runIndexBuild(options: RunBuildOptions): Promise<BuildResult> {
  const release = await buildLock(options.file, options.signal);
  if (!release) return { kind: 'cancelled', added: 0, paths: 0, tips: [] };
  try {
    const script = options.inThread ? null : historyWorkerScript();
    return await (script ? inWorker(script, options) : inThread(options));
  } finally {
    release();
  }
}

/** How often a build waiting for another process's build of the same index looks again. */
const LOCK_POLL_MS = 250;

/**
 * One builder per index file across processes: the app and the CLI share `<home>/cache/history`,
 * and two builds appending blocks to one file would interleave them (checksums would catch it,
 * and the index be built again). A second build waits for the first, then finds little or nothing
 * left to add; pages meanwhile come from the object reader, as during any first build. Null: the
 * wait was cancelled.
 */
async function buildLock(file: string, signal?: AbortSignal): Promise<(() => void) | null> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (;;) {
    if (signal?.aborted) return null; // cancelled while waiting: nothing was built
    try {
      return acquireLockFile(`${file}.lock`, 'history index build', {
        busy: (owner) => `Another process (${owner.pid}) is building this history index.`,
        starting: 'Another process is starting to build this history index.',
      });
    } catch (err) {
      if (!(err instanceof ReposyncError) || err.code !== 'busy') throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}

async function inThread(options: RunBuildOptions): Promise<BuildResult> {
  // Background fsyncs also keep the disk waits off this (the event loop's) thread.
  const steps = buildIndexSteps({ gitdir: options.gitdir, file: options.file, cancelled: () => options.signal?.aborted === true, background: true });
  return driveBuild(steps, () => new Promise((resolve) => setImmediate(resolve)));
}

function inWorker(script: string, options: RunBuildOptions): Promise<BuildResult> {
  const cancel = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancel);
  return new Promise<BuildResult>((resolve, reject) => {
    // The build's garbage is short-lived (inflated objects, path strings) and its survivors are a few
    // caches: a small young generation scavenges more often for about the same total GC time and
    // keeps ~40 MB less resident (V8's default grows it to 3 × 16 MB) on the 82k-commit bench.
    const worker = new Worker(script, { workerData: { gitdir: options.gitdir, file: options.file, cancel }, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    const onAbort = (): void => void Atomics.store(flag, 0, 1);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    worker.on('message', (m: { type: string; result?: BuildResult; code?: string; message?: string }) => {
      if (m.type === 'done') finish(() => resolve(m.result!));
      else if (m.type === 'error') finish(() => reject(new ReposyncError((m.code ?? 'internal') as ErrorCode, m.message ?? 'The history index build failed.')));
    });
    worker.on('error', (err) => finish(() => reject(new ReposyncError('internal', 'The history index worker crashed.', {}, { cause: err }))));
    worker.on('exit', (code) => finish(() => reject(new ReposyncError('internal', `The history index worker exited (${code}) without an answer.`))));
  });
}
