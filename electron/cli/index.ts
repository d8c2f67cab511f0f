// The `reposync` command (bin/reposync.mjs imports the built copy of this file).
import { runCli } from './cli';

// `reposync history x | head` closes the pipe early; that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const io = { stdout: process.stdout, stderr: process.stderr };
const code = await runCli(process.argv.slice(2), io, process.env);
// Exit once stdout has drained: the engine may leave handles open (caches, timers) that would
// keep a finished command alive, and a pipe on some platforms flushes asynchronously.
process.stdout.write('', () => process.exit(code));
