import { fileURLToPath } from 'node:url';
import { parentPort } from 'node:worker_threads';
import { type StatJob, runStatJob, warmUpStat } from './status-stat';

// A helper thread of status (bundled to dist/workers/status-stat.mjs): it takes chunks of every
// job it is sent until none is left; the thread that sent the job collects the results.
parentPort!.on('message', (job: StatJob) => runStatJob(job));
warmUpStat(fileURLToPath(import.meta.url));
parentPort!.postMessage('ready');
