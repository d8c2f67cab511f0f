import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../core';
import { createLogger, type Logger } from '../core/log';
import { defaultHome } from '../core/paths';
import { VERSION } from '../core/version';
import { createHost, type RunningHost } from './server';

const USAGE = `Usage: reposync-host [--port N] [--no-open]

Serves the Reposync UI and engine on http://127.0.0.1 for a browser.
  --port N     listen on port N (default 0: any free port)
  --no-open    do not open a browser (the default; open the printed address yourself)
  --help       show this help

Data folder: $REPOSYNC_HOME, or the same folder the desktop app uses.`;

export interface HostArgs {
  port: number;
  help: boolean;
}

export class UsageError extends Error {}

export function parseHostArgs(argv: string[]): HostArgs {
  const args: HostArgs = { port: 0, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--help' || flag === '-h') args.help = true;
    else if (flag === '--no-open') continue;
    else if (flag === '--port') {
      const value = inline ?? argv[++i];
      const port = Number(value);
      if (value === undefined || !/^\d+$/.test(value) || port > 65535) throw new UsageError(`--port needs a number from 0 to 65535 (got ${value ?? 'nothing'}).`);
      args.port = port;
    } else throw new UsageError(`Unknown option: ${arg}`);
  }
  return args;
}

export interface StartHostIo {
  stdout?: (line: string) => void;
  stderr?: (line: string) => void;
  /** Defaults to dist/renderer beside this bundle. */
  rendererDir?: string;
  log?: Logger;
}

export interface StartedHost {
  host: RunningHost;
  core: Core;
  home: string;
  /** Close the server, cancel running operations and wait for them to wind down. */
  stop(): Promise<void>;
}

/** dist/host/index.mjs → dist/renderer. */
export function bundledRendererDir(moduleUrl: string = import.meta.url): string {
  return path.resolve(path.dirname(fileURLToPath(moduleUrl)), '..', 'renderer');
}

/** Start the host as `npm run serve` does; returns null for --help. Throws UsageError on bad arguments. */
export async function startHost(argv: string[], env: NodeJS.ProcessEnv = process.env, io: StartHostIo = {}): Promise<StartedHost | null> {
  const stdout = io.stdout ?? ((line: string) => process.stdout.write(line + '\n'));
  const stderr = io.stderr ?? ((line: string) => process.stderr.write(line + '\n'));
  const args = parseHostArgs(argv);
  if (args.help) {
    stdout(USAGE);
    return null;
  }
  const home = defaultHome(env);
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  const log = io.log ?? createLogger(stderr);
  const core = createCore({ home, mode: 'host', version: VERSION, log });
  // REPOSYNC_RENDERER_DIR lets a developer serve a renderer built elsewhere (e.g. `vite build --outDir`).
  const rendererDir = io.rendererDir ?? (env.REPOSYNC_RENDERER_DIR ? path.resolve(env.REPOSYNC_RENDERER_DIR) : bundledRendererDir());
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    stderr(`Warning: the UI is not built (${rendererDir} has no index.html); run \`node scripts/build.mjs renderer\`.`);
  }
  const host = await createHost({ core, port: args.port, rendererDir, log });
  stdout(`Reposync is running at ${host.url}`);
  stdout(`Data folder: ${home}`);
  const stop = async () => {
    await host.close();
    const active = core.services.operations.list({ activeOnly: true });
    await Promise.all(active.map((op) => core.services.operations.cancel(op.id).catch(() => undefined)));
    await core.services.operations.idle();
  };
  return { host, core, home, stop };
}

function isEntry(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return fs.realpathSync(entry) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

const STOP_DEADLINE_MS = 5_000;

async function main(): Promise<void> {
  let started: StartedHost | null;
  try {
    started = await startHost(process.argv.slice(2), process.env);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`reposync-host: ${message}\n${err instanceof UsageError ? `\n${USAGE}\n` : ''}`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
    return;
  }
  if (!started) return;
  const running = started;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    // Repeats are normal (a terminal's Ctrl-C reaches both `npm start` and us); the deadline
    // bounds the wait for running work to notice its cancellation.
    if (stopping) return;
    stopping = true;
    process.stderr.write(`Reposync host stopping (${signal})…\n`);
    setTimeout(() => process.exit(1), STOP_DEADLINE_MS).unref();
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

if (isEntry()) void main();
