import { Worker } from 'node:worker_threads';
import { ReposyncError } from '../errors';
import { type TaskReply, type TaskRequest, dataToError } from './messages';
import { GIT_TASKS, type GitTaskName, type GitTasks } from './tasks';
import { findBundledWorker } from './worker-file';

/**
 * A small pool of worker threads for heavy Git work (design §5: the main thread must not block).
 * Tasks with the same `key` (a workspace folder) go to the same worker, so its in-memory caches
 * (status hashes, HEAD tree) are reused. When no worker bundle exists (vitest runs the sources)
 * tasks run in-thread, with the same results.
 */
export interface RunOptions {
  signal?: AbortSignal;
  /** Affinity: the same key always runs on the same worker. */
  key?: string;
  /**
   * Work done ahead of need (a pull's index parse while it fetches): a task a caller waits on that
   * is waiting in the worker with it runs first, and it is then dropped (fails with `cancelled`).
   * Tasks without it run in the order they were sent.
   */
  ahead?: boolean;
}

interface Pending {
  request: TaskRequest;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  cleanup: () => void;
}

interface Slot {
  worker: Worker | null;
  pending: Map<number, Pending>;
}

/**
 * The built Git worker next to the running bundle (see worker-file.ts). `REPOSYNC_GIT_WORKER`
 * names a file, or `off` to run in-thread.
 */
export function findWorkerFile(from?: string): string | null {
  return findBundledWorker('git-worker.mjs', 'REPOSYNC_GIT_WORKER', from);
}

export { unpackedPath } from './worker-file';

function cancelled(): ReposyncError {
  return new ReposyncError('cancelled', 'The operation was cancelled.', {});
}

export class GitWorkerPool {
  private readonly slots: Slot[];
  private nextId = 1;

  constructor(private workerFile: string | null, size = 1) {
    this.slots = Array.from({ length: Math.max(1, Math.min(size, 4)) }, () => ({ worker: null, pending: new Map() }));
  }

  get inThread(): boolean {
    return this.workerFile === null;
  }

  run<K extends GitTaskName>(task: K, input: GitTasks[K]['input'], options: RunOptions = {}): Promise<GitTasks[K]['output']> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(cancelled());
    if (!this.workerFile) return runInThread(task, input, signal);
    const slot = this.slots[slotIndex(options.key ?? '', this.slots.length)]!;
    const request: TaskRequest = { id: this.nextId++, task, input, ...(options.ahead ? { ahead: true } : {}) };
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        // A synchronous task cannot be interrupted by a message: end the thread (tasks only read,
        // so nothing is left half-written) and give the other waiting tasks a fresh one.
        const entry = slot.pending.get(request.id);
        if (!entry) return;
        slot.pending.delete(request.id);
        entry.cleanup();
        this.restart(slot);
        reject(cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const pending: Pending = {
        request,
        resolve: resolve as (v: unknown) => void,
        reject,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      };
      slot.pending.set(request.id, pending);
      this.workerOf(slot).postMessage(request);
      slot.worker!.ref();
    });
  }

  /**
   * Start the worker that `key`'s tasks will use, if it is not running: loading its bundle takes
   * tens of ms, which a caller about to wait on the network (a pull's fetch) can hide. An idle
   * warmed worker keeps nothing alive.
   */
  warm(key = ''): void {
    if (!this.workerFile) return;
    const slot = this.slots[slotIndex(key, this.slots.length)]!;
    if (slot.worker) return;
    const worker = this.workerOf(slot);
    if (slot.pending.size === 0) worker.unref();
  }

  /** Ends every worker; waiting tasks fail with `cancelled`. */
  async close(): Promise<void> {
    await Promise.all(this.slots.map(async (slot) => {
      const worker = slot.worker;
      slot.worker = null;
      for (const p of slot.pending.values()) {
        p.cleanup();
        p.reject(cancelled());
      }
      slot.pending.clear();
      if (worker) await worker.terminate();
    }));
  }

  private workerOf(slot: Slot): Worker {
    if (slot.worker) return slot.worker;
    const worker = new Worker(this.workerFile!);
    slot.worker = worker;
    let answered = false;
    worker.on('message', (reply: TaskReply) => {
      answered = true;
      const p = slot.pending.get(reply.id);
      if (!p) return;
      slot.pending.delete(reply.id);
      p.cleanup();
      if (slot.pending.size === 0) worker.unref(); // an idle worker must not keep the CLI alive
      if (reply.ok) p.resolve(reply.value);
      else p.reject(dataToError(reply.error));
    });
    const fail = (err: unknown): void => {
      if (slot.worker !== worker) return;
      slot.worker = null;
      if (!answered) {
        // The worker could not even start (a bundle that cannot be loaded, e.g. from inside an
        // asar archive): run in-thread from now on rather than fail every status.
        this.workerFile = null;
        for (const p of slot.pending.values()) {
          p.cleanup();
          runInThread(p.request.task as GitTaskName, p.request.input as never).then(p.resolve, p.reject);
        }
        slot.pending.clear();
        return;
      }
      for (const p of slot.pending.values()) {
        p.cleanup();
        p.reject(new ReposyncError('internal', 'The Git worker thread stopped unexpectedly.', { reason: err instanceof Error ? err.message : String(err) }));
      }
      slot.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    return worker;
  }

  private restart(slot: Slot): void {
    const old = slot.worker;
    slot.worker = null;
    void old?.terminate();
    if (slot.pending.size === 0) return;
    const fresh = this.workerOf(slot);
    for (const p of slot.pending.values()) fresh.postMessage(p.request);
    fresh.ref();
  }
}

function runInThread<K extends GitTaskName>(task: K, input: GitTasks[K]['input'], signal?: AbortSignal): Promise<GitTasks[K]['output']> {
  // Deferred a tick so callers see the same asynchrony as with a worker.
  return new Promise((resolve, reject) => setImmediate(() => {
    if (signal?.aborted) return reject(cancelled());
    try {
      resolve(GIT_TASKS[task](input));
    } catch (err) {
      reject(err);
    }
  }));
}

function slotIndex(key: string, size: number): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(h) % size;
}

let shared: GitWorkerPool | null = null;

/** The process-wide pool (size from REPOSYNC_GIT_WORKERS, default 1). */
export function gitPool(): GitWorkerPool {
  shared ??= new GitWorkerPool(findWorkerFile(), Number(process.env.REPOSYNC_GIT_WORKERS) || 1);
  return shared;
}

/** Runs a Git task on the shared pool. */
export function runGitTask<K extends GitTaskName>(task: K, input: GitTasks[K]['input'], options?: RunOptions): Promise<GitTasks[K]['output']> {
  return gitPool().run(task, input, options);
}

/** Starts the shared pool's worker for `key` ahead of its first task (see GitWorkerPool.warm). */
export function warmGitWorker(key?: string): void {
  gitPool().warm(key);
}
