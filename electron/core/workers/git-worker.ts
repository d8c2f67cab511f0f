// Entry of the Git worker thread (bundled to dist/workers/git-worker.mjs): runs one task at a
// time from electron/core/workers/tasks.ts and answers with plain data.
import { parentPort } from 'node:worker_threads';
import { type TaskReply, type TaskRequest, errorToData } from './messages';
import { GIT_TASKS, type GitTaskName } from './tasks';

const port = parentPort;
if (!port) throw new Error('git-worker must run in a worker thread');

port.on('message', (req: TaskRequest) => {
  let reply: TaskReply;
  try {
    const run = GIT_TASKS[req.task as GitTaskName] as ((input: unknown) => unknown) | undefined;
    if (!run) throw new Error(`Unknown worker task ${req.task}`);
    reply = { id: req.id, ok: true, value: run(req.input) };
  } catch (err) {
    reply = { id: req.id, ok: false, error: errorToData(err) };
  }
  port.postMessage(reply);
});
