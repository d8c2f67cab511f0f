// Entry of the Git worker thread (bundled to dist/workers/git-worker.mjs): runs one task at a
// time from electron/core/workers/tasks.ts and answers with plain data, a turn of the event loop
// between two tasks.
import { parentPort } from 'node:worker_threads';
import { type TaskReply, type TaskRequest, errorToData } from './messages';
import { GIT_TASKS, type GitTaskName } from './tasks';

if (!parentPort) throw new Error('git-worker must run in a worker thread');
const port = parentPort;

// Tasks wait here, not in the port: a task sent ahead of need (`ahead`) must not hold up one a caller
// waits on. Both are often sent while the worker is still starting (a pull's index parse, then the
// fetched pack to index); all messages already sent arrive together, before the next turn.
const waiting: TaskRequest[] = [];
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
  if (req) answer(req);
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
