import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface RunningHost {
  /** The URL the host printed, with the one-time token. */
  url: string;
  origin: string;
  token: string;
  home: string;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '..', '..');

/** Starts the built host (`dist/host/index.mjs`) as a real child process with a fresh data folder. */
/** `root`: the checkout whose build to run, for callers bundled elsewhere (the bench). */
export async function startHost(options: { home?: string; env?: NodeJS.ProcessEnv; root?: string } = {}): Promise<RunningHost> {
  const home = options.home ?? fs.mkdtempSync(path.join(os.tmpdir(), 'reposync-e2e-home-'));
  const child: ChildProcess = spawn(process.execPath, [path.join(options.root ?? root, 'dist/host/index.mjs'), '--port', '0'], {
    env: { ...process.env, ...options.env, REPOSYNC_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}:\n${output}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token')!,
    home,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The engine's API as the UI calls it (bearer token), to set up state without clicking through it. */
export async function invoke<T>(host: RunningHost, channel: string, input: unknown): Promise<T> {
  const res = await fetch(`${host.origin}/api/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}` },
    body: JSON.stringify({ channel, input }),
  });
  const body = (await res.json()) as { ok: boolean; value?: T; error?: unknown };
  if (!body.ok) throw new Error(`${channel} failed: ${JSON.stringify(body.error)}`);
  return body.value as T;
}
