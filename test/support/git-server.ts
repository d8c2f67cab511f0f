import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gitCli, tempDir, writeFile } from './repo';

/**
 * A real smart-HTTP Git server on 127.0.0.1: a Node http server that runs `git http-backend`
 * as a CGI per request, so pushes persist and native git can check every result.
 * Fault switches can be flipped at any time between (or during) requests.
 */
export interface GitServerFaults {
  /** Destroy the socket after this many bytes of an upload-pack / receive-pack response body. */
  cutAfterBytes: number | null;
  /** Answer every request with 500. */
  status500: boolean;
  /** Wait this long before handling each request. */
  delayMs: number;
  /** Hold every request until this settles: a test decides when the server answers, whatever the load. */
  gate: Promise<void> | null;
  /** Reject every push from a pre-receive hook (a string is the hook's message). */
  rejectPushes: boolean | string;
  /** Serve the next ref advertisement, then drop every following request's connection. */
  advertiseThenDie: boolean;
  /** Accept the request, say nothing for this long, then drop the connection. */
  hangMs: number;
}

export interface GitServerOptions {
  /** When set, every request needs `Authorization: Basic` with this token as the password. */
  auth?: { username?: string; token: string } | null;
  /** Refuse pushes as a read-only server does (receive-pack answers 403). */
  readOnly?: boolean;
}

export interface BareRepoOptions {
  /** Files of the initial commit; `{}` makes an empty repository (no commit). Default: a README. */
  files?: Record<string, string>;
  branch?: string;
  /** Paths among `files` to commit with the executable bit. */
  executable?: string[];
}

export interface GitServer {
  url: string;
  root: string;
  repoUrl(name: string): string;
  /** Path of a bare repository on disk (for `git -C` cross-checks). */
  repoDir(name: string): string;
  createBareRepo(name: string, options?: BareRepoOptions): { dir: string; url: string };
  /** Add one commit to a bare repo from outside (another user pushing), via the git CLI. Returns its oid. */
  commitToRepo(name: string, files: Record<string, string | null>, message: string, branch?: string): string;
  faults: GitServerFaults;
  readonly requests: number;
  close(): Promise<void>;
}

const BACKEND = '/usr/lib/git-core/git-http-backend';

/**
 * The git CLI, asynchronously and without prompts. Tests must use this (not a sync exec) for anything
 * that talks to the server: the server runs in the test's own process, so a blocking call deadlocks.
 */
export function gitAsync(cwd: string, ...args: string[]): Promise<{ status: number; stdout: string; out: string }> {
  return new Promise((resolve) => {
    execFile(
      'git',
      args,
      {
        cwd,
        encoding: 'utf8',
        env: {
          ...process.env,
          GIT_TERMINAL_PROMPT: '0',
          GIT_ASKPASS: 'true',
          GIT_CONFIG_NOSYSTEM: '1',
          HOME: os.tmpdir(),
          GIT_AUTHOR_NAME: 'Test Author',
          GIT_AUTHOR_EMAIL: 'author@example.test',
          GIT_COMMITTER_NAME: 'Test Author',
          GIT_COMMITTER_EMAIL: 'author@example.test',
        },
      },
      (err, stdout, stderr) => {
        const status = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : -1) : 0;
        resolve({ status, stdout, out: `${stdout}${stderr}` });
      },
    );
  });
}

/** Like `gitAsync` but throws on failure and returns stdout. */
export async function gitOk(cwd: string, ...args: string[]): Promise<string> {
  const res = await gitAsync(cwd, ...args);
  if (res.status !== 0) throw new Error(`git ${args.join(' ')} failed (${res.status}): ${res.out}`);
  return res.stdout;
}
const REJECT_MARKER = '.reject-pushes';

function repoDirName(name: string): string {
  return name.endsWith('.git') ? name : `${name}.git`;
}

function noFaults(): GitServerFaults {
  return { cutAfterBytes: null, status500: false, delayMs: 0, gate: null, rejectPushes: false, advertiseThenDie: false, hangMs: 0 };
}

function authorized(header: string | undefined, auth: { username?: string; token: string }): boolean {
  const match = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!match) return false;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const user = decoded.slice(0, colon);
  const pass = decoded.slice(colon + 1);
  return pass === auth.token && (auth.username === undefined || user === auth.username);
}

/** Splits a CGI reply into its header block and the bytes after it. */
function splitCgi(buf: Buffer): { status: number; headers: Record<string, string>; rest: Buffer } | null {
  let end = buf.indexOf('\r\n\r\n');
  let sep = 4;
  const lf = buf.indexOf('\n\n');
  if (lf >= 0 && (end < 0 || lf < end)) {
    end = lf;
    sep = 2;
  }
  if (end < 0) return null;
  const headers: Record<string, string> = {};
  let status = 200;
  for (const line of buf.subarray(0, end).toString('latin1').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (key.toLowerCase() === 'status') status = parseInt(value, 10) || 500;
    else headers[key] = value;
  }
  return { status, headers, rest: buf.subarray(end + sep) };
}

export async function startGitServer(options: GitServerOptions = {}): Promise<GitServer> {
  const root = tempDir('reposync-git-server-');
  const faults = noFaults();
  const children = new Set<ChildProcess>();
  let requests = 0;
  let advertised = false;

  const hook = `#!/bin/sh\nif [ -f "${path.join(root, REJECT_MARKER)}" ]; then cat "${path.join(root, REJECT_MARKER)}" >&2; exit 1; fi\nexit 0\n`;

  // The hook reads a marker file; it follows the switch at once, so direct pushes (fixtures) see it too.
  let rejectPushes: boolean | string = false;
  Object.defineProperty(faults, 'rejectPushes', {
    enumerable: true,
    get: () => rejectPushes,
    set: (value: boolean | string) => {
      rejectPushes = value;
      const marker = path.join(root, REJECT_MARKER);
      if (value) fs.writeFileSync(marker, typeof value === 'string' ? value : 'Pushes are not allowed here.\n');
      else fs.rmSync(marker, { force: true });
    },
  });

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    requests++;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const isPack = req.method === 'POST' && /\/git-(upload|receive)-pack$/.test(url.pathname);
    if (!faults.advertiseThenDie) advertised = false;
    else if (advertised) {
      req.socket.destroy();
      return;
    }
    if (faults.hangMs > 0) {
      await new Promise((r) => setTimeout(r, faults.hangMs));
      req.socket.destroy();
      return;
    }
    if (faults.delayMs > 0) await new Promise((r) => setTimeout(r, faults.delayMs));
    if (faults.gate) await faults.gate;
    if (faults.status500) {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal Server Error\n');
      return;
    }
    if (options.auth && !authorized(req.headers.authorization, options.auth)) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"', 'Content-Type': 'text/plain' }).end('Authentication required\n');
      return;
    }

    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: root,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.replace(/^\?/, ''),
      REQUEST_METHOD: req.method ?? 'GET',
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      REMOTE_ADDR: '127.0.0.1',
    };
    if (req.headers['content-length']) env.CONTENT_LENGTH = req.headers['content-length'];
    if (req.headers['content-encoding']) env.HTTP_CONTENT_ENCODING = req.headers['content-encoding'];
    if (req.headers['git-protocol']) env.GIT_PROTOCOL = String(req.headers['git-protocol']);
    // http-backend only serves receive-pack to an authenticated user (or with http.receivepack).
    if (!options.readOnly) env.REMOTE_USER = 'reposync-test';

    const child = spawn(BACKEND, [], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(child);
    child.on('close', () => children.delete(child));
    child.stdin.on('error', () => undefined);
    req.pipe(child.stdin);
    child.stderr.resume();

    let head: Buffer = Buffer.alloc(0);
    let started = false;
    let sent = 0;
    let cut = false;
    const send = (chunk: Buffer) => {
      const limit = isPack ? faults.cutAfterBytes : null;
      if (limit !== null && sent + chunk.length >= limit) {
        res.write(chunk.subarray(0, Math.max(0, limit - sent)));
        sent = limit;
        cut = true;
        child.kill('SIGKILL');
        // Give the partial bytes a moment to leave, then drop the connection mid-response.
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      sent += chunk.length;
      res.write(chunk);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      if (res.destroyed || cut) return;
      if (!started) {
        head = Buffer.concat([head, chunk]);
        const parsed = splitCgi(head);
        if (!parsed) return;
        started = true;
        res.writeHead(parsed.status, parsed.headers);
        if (faults.advertiseThenDie && req.method === 'GET' && url.pathname.endsWith('/info/refs')) advertised = true;
        if (parsed.rest.length) send(parsed.rest);
        return;
      }
      send(chunk);
    });
    child.on('close', () => {
      if (res.destroyed || cut) return;
      if (!started) res.writeHead(502, { 'Content-Type': 'text/plain' }).end('git http-backend gave no answer\n');
      else res.end();
    });
    res.on('close', () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  const repoDir = (name: string) => path.join(root, repoDirName(name));
  const repoUrl = (name: string) => `${base}/${repoDirName(name)}`;

  const commitToRepo: GitServer['commitToRepo'] = (name, files, message, branch) => {
    const work = tempDir('reposync-git-server-work-');
    gitCli(os.tmpdir(), 'clone', '-q', ...(branch ? ['-b', branch] : []), repoDir(name), work);
    for (const [rel, content] of Object.entries(files)) {
      if (content === null) fs.rmSync(path.join(work, rel), { force: true });
      else writeFile(work, rel, content);
    }
    gitCli(work, 'add', '-A');
    gitCli(work, 'commit', '-q', '--allow-empty', '-m', message);
    gitCli(work, 'push', '-q', 'origin', `HEAD:refs/heads/${branch ?? gitCli(work, 'rev-parse', '--abbrev-ref', 'HEAD').trim()}`);
    return gitCli(work, 'rev-parse', 'HEAD').trim();
  };

  return {
    url: base,
    root,
    repoUrl,
    repoDir,
    createBareRepo(name, { files = { 'README.md': `# ${name}\n` }, branch = 'main', executable = [] } = {}) {
      const dir = repoDir(name);
      gitCli(root, 'init', '-q', '--bare', '-b', branch, dir);
      const hookFile = path.join(dir, 'hooks', 'pre-receive');
      fs.writeFileSync(hookFile, hook, { mode: 0o755 });
      if (Object.keys(files).length > 0) {
        const work = tempDir('reposync-git-server-work-');
        gitCli(work, 'init', '-q', '-b', branch);
        for (const [rel, content] of Object.entries(files)) writeFile(work, rel, content);
        // -f: every listed file is meant to be in the commit, even one a .gitignore in the list matches.
        gitCli(work, 'add', '-A', '-f');
        for (const rel of executable) gitCli(work, 'update-index', '--chmod=+x', rel);
        gitCli(work, 'commit', '-q', '-m', 'initial commit');
        gitCli(work, 'push', '-q', dir, `HEAD:refs/heads/${branch}`);
      }
      return { dir, url: repoUrl(name) };
    },
    commitToRepo,
    faults,
    get requests() {
      return requests;
    },
    async close() {
      for (const child of children) child.kill('SIGKILL');
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
