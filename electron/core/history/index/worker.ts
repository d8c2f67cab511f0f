// Worker entry (bundled to dist/workers/history-index.mjs): builds one index file off the main
// thread. The parent sets cancel[0] = 1 to stop it between commits.
import { parentPort, workerData } from 'node:worker_threads';
import { buildIndexSteps, driveBuild } from './builder';

interface Job {
  gitdir: string;
  file: string;
  cancel: SharedArrayBuffer;
}

const job = workerData as Job;
const flag = new Int32Array(job.cancel);
try {
  // Each block's fsync runs in the background while the next block is built (see BuildOptions).
  const steps = buildIndexSteps({
    gitdir: job.gitdir,
    file: job.file,
    cancelled: () => Atomics.load(flag, 0) === 1,
    progress: (done) => parentPort?.postMessage({ type: 'progress', done }),
    background: true,
  });
  const result = await driveBuild(steps);
  parentPort?.postMessage({ type: 'done', result });
} catch (err) {
  const e = err as { code?: unknown; message?: unknown };
  parentPort?.postMessage({ type: 'error', code: typeof e.code === 'string' ? e.code : 'internal', message: String(e.message ?? err) });
}
