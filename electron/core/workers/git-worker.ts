// Entry of the Git worker thread (bundled to dist/workers/git-worker.mjs): runs one task at a
// time from electron/core/workers/tasks.ts and answers with plain data, a turn of the event loop
// between two tasks.
import { parentPort } from 'node:worker_threads';
import { ReposyncError } from '../errors';
import { type TaskReply, type TaskRequest, errorToData } from './messages';
import { GIT_TASKS, type GitTaskName } from './tasks';

if (!parentPort) throw new Error('git-worker must run in a worker thread');
const port = parentPort;

// Tasks wait here, not in the port: a task sent ahead of need (`ahead`) must not hold up one a caller
// waits on. Both are often sent while the worker is still starting (a pull's index parse, then the
// fetched pack to index); all messages already sent arrive together, before the next turn. Work
// sent ahead that such a task overtook is dropped: it was only worth doing in idle time, and run
// later it would hold up the task that follows (the pack's placing after its indexing).
const waiting: TaskRequest[] = [];
const overtaken = new Set<number>();
let scheduled = false;

port.on('message', (req: TaskRequest) => {
  waiting.push(req);
  if (!scheduled) {
    scheduled = true;
    setImmediate(runNext);
  }
});

function runNext(): void {
  scheduled = false;
  const urgent = waiting.findIndex((r) => !r.ahead);
  const [req] = waiting.splice(urgent >= 0 ? urgent : 0, 1);
  if (req && overtaken.delete(req.id)) {
    port.postMessage({ id: req.id, ok: false, error: errorToData(new ReposyncError('cancelled', 'Work sent ahead of need was overtaken by work a caller waits on.')) });
  } else if (req) {
    if (!req.ahead) for (const r of waiting) if (r.ahead) overtaken.add(r.id);
    answer(req);
  }
  if (waiting.length > 0) {
    scheduled = true;
    setImmediate(runNext);
  }
}

function answer(req: TaskRequest): void {
  let reply: TaskReply;
  try {
    const run = GIT_TASKS[req.task as GitTaskName] as ((input: unknown) => unknown) | undefined;
    if (!run) throw new Error(`Unknown worker task ${req.task}`);
    reply = { id: req.id, ok: true, value: run(req.input) };
  } catch (err) {
    reply = { id: req.id, ok: false, error: errorToData(err) };
  }
  port.postMessage(reply);
}
