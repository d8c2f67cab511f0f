// `reposync connection ...` and `--connection <id>` on remote commands: the built CLI as a child
// process, against the GitHub stand-in and a real Git server that only lets the token in.
import { execFileSync, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitOk, startGitServer, type GitServer } from '../../../test/support/git-server';
import { startGitHubStandIn, type GitHubStandIn } from '../../../test/support/providers/github';
import { cleanupTempDirs, gitCli, tempDir, writeFile } from '../../../test/support/repo';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = path.join(root, 'bin/reposync.mjs');
const TOKEN = 'ghp_cliConnectionToken0000000000000000001';
const NEW_TOKEN = 'ghp_cliConnectionToken0000000000000000002';
const BAD_TOKEN = 'ghp_cliConnectionToken0000000000000000bad';
const SECRETS = [TOKEN, NEW_TOKEN, BAD_TOKEN];
const APP_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_PEM = APP_KEY.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
// The base64 body of the key: what would show if any part of it leaked.
const KEY_BODY = PRIVATE_PEM.split('\n').slice(1, 4).join('');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const outputs: string[] = [];

/** Async: the servers live in this process and must keep answering while the CLI runs. */
function cli(args: string[], options: { env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, REPOSYNC_HOME: home, ...options.env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      outputs.push(stdout, stderr);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

const json = <T>(run: Run): T => JSON.parse(run.stdout) as T;

/** Every file under a folder, as text. */
function allText(dir: string): string {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'latin1'))
    .join('\n');
}

let server: GitServer;
let gh: GitHubStandIn;
let home: string;
let apiBase: string;

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), 'cli'], { cwd: root, env: { ...process.env, REPOSYNC_QUIET_BUILD: '1' } });
  server = await startGitServer({ auth: { token: TOKEN } });
  gh = await startGitHubStandIn({
    tokens: { [TOKEN]: { login: 'acme' }, [NEW_TOKEN]: { login: 'acme' } },
    repos: [{ owner: 'acme', name: 'widgets' }],
    app: {
      appId: '4242',
      slug: 'reposync-test',
      installationId: '77',
      publicKeyPem: APP_KEY.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      tokenTtlSeconds: 3600,
    },
  });
  apiBase = `${gh.url}/api/v3`;
  home = tempDir('reposync-cli-connection-home-');
}, 120_000);

afterAll(async () => {
  await Promise.all([server?.close(), gh?.close()]);
  cleanupTempDirs();
});

describe('reposync connection', () => {
  let id = '';
  let cloneDir = '';
  let wsId = '';

  it('refuses a token in argv without echoing it, and a missing token source', async () => {
    for (const args of [['--token', BAD_TOKEN], [`--token=${BAD_TOKEN}`]]) {
      const run = await cli(['connection', 'add', '--provider', 'github', ...args]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/never taken on the command line/);
    }
    const none = await cli(['connection', 'add', '--provider', 'github', '--json']);
    expect(none.code).toBe(2);
    expect(json<{ error: { message: string } }>(none).error.message).toMatch(/--token-env VAR or --token-stdin/);
    const both = await cli(['connection', 'add', '--provider', 'github', '--token-env', 'X', '--token-stdin']);
    expect(both.code).toBe(2);
    const kind = await cli(['connection', 'add', '--provider', 'bitbucket', '--token-env', 'X']);
    expect(kind.code).toBe(2);
  });

  it('add: a token the provider refuses exits 1 auth_failed and saves nothing', async () => {
    const run = await cli(['connection', 'add', '--provider', 'github', '--base-url', apiBase, '--token-env', 'GH_TOKEN', '--json'], { env: { GH_TOKEN: BAD_TOKEN } });
    expect(run.code).toBe(1);
    expect(json<{ error: { code: string } }>(run).error.code).toBe('auth_failed');
    const list = await cli(['connection', 'list', '--json']);
    expect(json<unknown[]>(list)).toEqual([]);
  });

  it('add with --token-env saves it; list shows it without the secret', async () => {
    const run = await cli(['connection', 'add', '--provider', 'github', '--base-url', apiBase, '--label', 'Work GitHub', '--token-env', 'GH_TOKEN', '--json'], {
      env: { GH_TOKEN: TOKEN },
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const created = json<{ id: string; label: string; username: string; provider: string }>(run);
    expect(created).toMatchObject({ label: 'Work GitHub', username: 'acme', provider: 'github' });
    id = created.id;
    const list = await cli(['connection', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(id);
    expect(list.stdout).toContain('Work GitHub');
    expect(json<Array<{ id: string }>>(await cli(['connection', 'list', '--json'])).map((c) => c.id)).toEqual([id]);
  });

  it('test checks the saved token', async () => {
    const run = await cli(['connection', 'test', id]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/signed in as acme/);
    const missing = await cli(['connection', 'test', '00000000-0000-4000-8000-000000000000', '--json']);
    expect(missing.code).toBe(1);
    expect(json<{ error: { code: string } }>(missing).error.code).toBe('not_found');
  });

  it('update renames and replaces the token from --token-stdin (a bad one changes nothing)', async () => {
    const bad = await cli(['connection', 'update', id, '--token-stdin', '--json'], { stdin: `${BAD_TOKEN}\n` });
    expect(bad.code).toBe(1);
    expect(json<{ error: { code: string } }>(bad).error.code).toBe('auth_failed');
    const run = await cli(['connection', 'update', id, '--label', 'Renamed', '--token-stdin', '--json'], { stdin: `${NEW_TOKEN}\n` });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(json<{ label: string }>(run).label).toBe('Renamed');
    expect((await cli(['connection', 'test', id])).code).toBe(0);
    const nothing = await cli(['connection', 'update', id]);
    expect(nothing.code).toBe(2);
    // Back to the token the Git server accepts.
    expect((await cli(['connection', 'update', id, '--token-env', 'GH_TOKEN'], { env: { GH_TOKEN: TOKEN } })).code).toBe(0);
  });

  it('add with --token-stdin works too', async () => {
    const run = await cli(['connection', 'add', '--provider', 'github', '--base-url', apiBase, '--label', 'Second', '--token-stdin', '--json'], { stdin: `${NEW_TOKEN}\n` });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const second = json<{ id: string }>(run).id;
    expect((await cli(['connection', 'remove', second, '--yes'])).code).toBe(0);
  });

  it('clone --connection uses the saved token on a server that requires it', async () => {
    server.createBareRepo('acme/widgets', { files: { 'README.md': '# widgets\n' } });
    const denied = await cli(['clone', server.repoUrl('acme/widgets'), path.join(tempDir(), 'denied'), '--json']);
    expect(denied.code).toBe(1);
    expect(json<{ error: { code: string } }>(denied).error.code).toBe('auth_failed');
    cloneDir = path.join(tempDir(), 'widgets');
    const run = await cli(['clone', server.repoUrl('acme/widgets'), cloneDir, '--connection', id, '--author-name', 'Ada', '--author-email', 'ada@example.test', '--json']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const ws = json<{ workspace: { id: string; connectionId: string } }>(run).workspace;
    expect(ws.connectionId).toBe(id);
    wsId = ws.id;
    expect(fs.readFileSync(path.join(cloneDir, 'README.md'), 'utf8')).toBe('# widgets\n');
  });

  it('push --branch --pr-title --pr-body opens a pull request through the connection', async () => {
    writeFile(cloneDir, 'README.md', '# widgets\n\nFrom the CLI.\n');
    const run = await cli(['push', cloneDir, '-m', 'CLI change', '--branch', 'topic', '--pr-title', 'From the CLI', '--pr-body', 'Body text', '--json']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(json<{ pullRequestUrl: string; pushedTo: string }>(run)).toMatchObject({ pushedTo: 'topic', pullRequestUrl: `${gh.url}/acme/widgets/pull/1` });
    const post = gh.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/pulls')).map((r) => r.body);
    expect(post).toEqual([{ head: 'topic', base: 'main', title: 'From the CLI', body: 'Body text' }]);
    expect((await gitOk(server.repoDir('acme/widgets'), 'log', '-1', '--format=%s', 'topic')).trim()).toBe('CLI change');
    const text = await cli(['push', cloneDir, '-m', 'x', '--pr-title', 'T']);
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(/--branch/);
  });

  it('--connection works on workspace add, fetch and pull of a plain folder', async () => {
    const dir = path.join(tempDir(), 'native');
    gitCli(root, 'clone', '-q', server.repoDir('acme/widgets'), dir);
    gitCli(dir, 'remote', 'set-url', 'origin', server.repoUrl('acme/widgets'));
    gitCli(dir, 'config', 'user.name', 'Local User');
    gitCli(dir, 'config', 'user.email', 'local@example.test');
    server.commitToRepo('acme/widgets', { 'NEW.md': 'new\n' }, 'Upstream change');
    const both = await cli(['fetch', dir, '--connection', id, '--token-env', 'T'], { env: { T: TOKEN } });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/not both/);
    const anonymous = await cli(['fetch', dir, '--json']);
    expect(anonymous.code).toBe(1);
    const fetched = await cli(['fetch', dir, '--connection', id, '--json']);
    expect(fetched.code, fetched.stdout + fetched.stderr).toBe(0);
    const pulled = await cli(['pull', dir, '--connection', id, '--json']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'NEW.md'), 'utf8')).toBe('new\n');
    writeFile(dir, 'native.txt', 'from a plain folder\n');
    const pushed = await cli(['push', dir, '-m', 'Plain folder', '--branch', 'plain', '--pr', '--connection', id, '--json']);
    expect(pushed.code, pushed.stdout + pushed.stderr).toBe(0);
    expect(json<{ pullRequestUrl: string }>(pushed).pullRequestUrl).toBe(`${gh.url}/acme/widgets/pull/2`);
    expect(gh.pulls.get('acme/widgets')?.[1]).toMatchObject({ head: 'plain', base: 'main', title: 'Plain folder' });
    const added = await cli(['workspace', 'add', dir, '--connection', id, '--json']);
    expect(added.code, added.stdout + added.stderr).toBe(0);
    expect(json<{ connectionId: string }>(added).connectionId).toBe(id);
    const test = await cli(['workspace', 'test', dir, '--json']);
    expect(json<{ canRead: boolean }>(test).canRead).toBe(true);
  });

  it('remove needs --yes without a terminal, then forgets the workspaces and keeps their folders', async () => {
    const refused = await cli(['connection', 'remove', id]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--yes/);
    expect(json<unknown[]>(await cli(['connection', 'list', '--json']))).toHaveLength(1);
    const run = await cli(['connection', 'remove', id, '--yes', '--json']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(json<{ removedWorkspaceIds: string[] }>(run).removedWorkspaceIds).toContain(wsId);
    expect(json<unknown[]>(await cli(['connection', 'list', '--json']))).toEqual([]);
    expect(json<Array<{ id: string }>>(await cli(['workspace', 'list', '--json'])).map((w) => w.id)).not.toContain(wsId);
    expect(fs.existsSync(path.join(cloneDir, '.git'))).toBe(true);
    expect(fs.readFileSync(path.join(cloneDir, 'README.md'), 'utf8')).toContain('From the CLI');
  });

  it('no token appears in REPOSYNC_HOME or in anything the CLI printed', () => {
    const stored = allText(home);
    const printed = outputs.join('\n');
    for (const secret of SECRETS) {
      expect(stored).not.toContain(secret);
      expect(printed).not.toContain(secret);
    }
  });
});

describe('reposync connection add, other kinds', () => {
  it('a GitHub App from --app-id, --installation-id and --private-key-file', async () => {
    const keyFile = path.join(tempDir(), 'app.pem');
    fs.writeFileSync(keyFile, PRIVATE_PEM);
    const mixed = await cli(['connection', 'add', '--provider', 'github', '--app-id', '4242', '--installation-id', '77', '--private-key-file', keyFile, '--token-env', 'X']);
    expect(mixed.code).toBe(2);
    const partial = await cli(['connection', 'add', '--provider', 'github', '--app-id', '4242']);
    expect(partial.code).toBe(2);
    const run = await cli(['connection', 'add', '--provider', 'github', '--base-url', apiBase, '--app-id', '4242', '--installation-id', '77', '--private-key-file', keyFile, '--json']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const created = json<{ id: string; authKind: string; appId: string }>(run);
    expect(created).toMatchObject({ authKind: 'github_app', appId: '4242' });
    expect((await cli(['connection', 'test', created.id])).code).toBe(0);
    const missing = await cli(['connection', 'add', '--provider', 'github', '--app-id', '1', '--installation-id', '2', '--private-key-file', path.join(tempDir(), 'nope.pem')]);
    expect(missing.code).toBe(2);
    expect((await cli(['connection', 'remove', created.id, '--yes'])).code).toBe(0);
  });

  it('a plain HTTPS Git connection needs --username and --repo-url, and is checked against the repository', async () => {
    expect((await cli(['connection', 'add', '--provider', 'generic', '--token-env', 'T'], { env: { T: TOKEN } })).code).toBe(2);
    const bad = await cli(['connection', 'add', '--provider', 'generic', '--username', 'ada', '--repo-url', server.repoUrl('acme/widgets'), '--token-env', 'T', '--json'], {
      env: { T: BAD_TOKEN },
    });
    expect(bad.code).toBe(1);
    expect(json<{ error: { code: string } }>(bad).error.code).toBe('auth_failed');
    const run = await cli(['connection', 'add', '--provider', 'generic', '--username', 'ada', '--repo-url', server.repoUrl('acme/widgets'), '--token-env', 'T', '--json'], {
      env: { T: TOKEN },
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(json<{ provider: string; username: string }>(run)).toMatchObject({ provider: 'generic', username: 'ada' });
  });

  // `script` gives the CLI a real terminal, so the y/N question is asked and read.
  it.skipIf(!fs.existsSync('/usr/bin/script'))('remove asks on a terminal and only an explicit yes removes', async () => {
    const run = await cli(['connection', 'add', '--provider', 'github', '--base-url', apiBase, '--label', 'Ask me', '--token-env', 'T', '--json'], { env: { T: TOKEN } });
    const id = json<{ id: string }>(run).id;
    const onTerminal = (answer: string) =>
      new Promise<Run>((resolve, reject) => {
        const command = [process.execPath, bin, 'connection', 'remove', id].map((a) => `'${a}'`).join(' ');
        const child = spawn('/usr/bin/script', ['-qec', command, '/dev/null'], { cwd: root, env: { ...process.env, REPOSYNC_HOME: home } });
        let stdout = '';
        child.stdout.on('data', (c: Buffer) => {
          stdout += c.toString();
          if (stdout.includes('[y/N]')) child.stdin.write(answer);
        });
        child.on('error', reject);
        child.on('close', (code) => {
          outputs.push(stdout);
          resolve({ code, stdout, stderr: '' });
        });
      });
    const no = await onTerminal('n\n');
    expect(no.stdout).toContain('Remove connection "Ask me"? [y/N]');
    expect(no.code).toBe(1);
    expect(json<Array<{ id: string }>>(await cli(['connection', 'list', '--json'])).map((c) => c.id)).toContain(id);
    const yes = await onTerminal('y\n');
    expect(yes.code, yes.stdout).toBe(0);
    expect(json<Array<{ id: string }>>(await cli(['connection', 'list', '--json'])).map((c) => c.id)).not.toContain(id);
  });

  it('neither the private key nor a token is in REPOSYNC_HOME or the output', () => {
    const stored = allText(home);
    const printed = outputs.join('\n');
    for (const secret of [...SECRETS, KEY_BODY]) {
      expect(stored).not.toContain(secret);
      expect(printed).not.toContain(secret);
    }
  });
});
