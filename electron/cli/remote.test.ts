// The built CLI against a real Git server on loopback. Each test runs once the engine has the
// channel it needs (`shared/contract`); until then it is skipped, and cli.test.ts checks that
// the command answers `unsupported` instead.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, gitCli, tempDir, writeFile } from '../../test/support/repo';
import { startGitServer, type GitServer } from '../../test/support/git-server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin/reposync.mjs');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Async on purpose: the Git server lives in this process and must keep answering while the CLI runs. */
function cli(home: string, args: string[], env: NodeJS.ProcessEnv = {}, onSpawn?: (kill: () => void) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, REPOSYNC_HOME: home, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    onSpawn?.(() => child.kill('SIGINT'));
  });
}

let server: GitServer;
let home: string;

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), 'cli'], { cwd: root, env: { ...process.env, REPOSYNC_QUIET_BUILD: '1' } });
  server = await startGitServer();
  home = tempDir('reposync-cli-remote-home-');
}, 120_000);

afterAll(async () => {
  await server?.close();
  cleanupTempDirs();
});

/** A bare repo on the server and a native-git clone of it (the user's folder). */
function cloned(name: string): string {
  server.createBareRepo(name, { files: { 'README.md': '# r\n', 'src/a.txt': 'a\n' } });
  const dir = path.join(tempDir(), name);
  // Clone from disk: a synchronous git over HTTP would block this process, which serves the HTTP.
  gitCli(root, 'clone', '-q', server.repoDir(name), dir);
  gitCli(dir, 'remote', 'set-url', 'origin', server.repoUrl(name));
  gitCli(dir, 'config', 'user.name', 'Local User');
  gitCli(dir, 'config', 'user.email', 'local@example.test');
  return dir;
}

describe('reposync pull', () => {
  it('previews with --dry-run, then fast-forwards an unregistered folder to the remote', async () => {
    const dir = cloned('ff');
    const before = gitCli(dir, 'rev-parse', 'HEAD').trim();
    const remote = server.commitToRepo('ff', { 'src/a.txt': 'a2\n', 'new.txt': 'n\n' }, 'remote change');

    const preview = await cli(home, ['pull', dir, '--dry-run', '--json']);
    expect(preview.code).toBe(0);
    expect(JSON.parse(preview.stdout)).toMatchObject({ dryRun: true, created: ['new.txt'], updated: ['src/a.txt'], fastForward: true });
    expect(gitCli(dir, 'rev-parse', 'HEAD').trim()).toBe(before);

    const run = await cli(home, ['pull', dir, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ outcome: 'fast_forward', commit: remote });
    expect(gitCli(dir, 'rev-parse', 'HEAD').trim()).toBe(remote);
    expect(gitCli(dir, 'status', '--porcelain')).toBe('');
    expect(fs.existsSync(path.join(home, 'config.json')) ? JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8')).workspaces : []).toEqual([]);
  });

  it('stops on a conflict with exit 1 and the result, leaving the merge to resolve', async () => {
    const dir = cloned('conflict');
    server.commitToRepo('conflict', { 'src/a.txt': 'theirs\n' }, 'remote edit');
    writeFile(dir, 'src/a.txt', 'ours\n');
    gitCli(dir, 'commit', '-q', '-am', 'local edit');
    const run = await cli(home, ['pull', dir, '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ outcome: 'conflicted', conflicting: ['src/a.txt'] });
    const listed = await cli(home, ['conflicts', dir, '--json']);
    expect(JSON.parse(listed.stdout)).toMatchObject({ merging: true, paths: [{ path: 'src/a.txt', kind: 'both_modified' }] });
  });

  it('cancels on Ctrl-C with exit 1 and a cancelled error', async () => {
    const dir = cloned('slow');
    server.commitToRepo('slow', { 'x.txt': 'x\n' }, 'more');
    const seen = server.requests;
    server.faults.hangMs = 5_000;
    try {
      const run = await cli(home, ['pull', dir, '--json'], {}, (interrupt) => {
        const poll = setInterval(() => {
          if (server.requests > seen) {
            clearInterval(poll);
            interrupt();
          }
        }, 20);
      });
      expect(run.code).toBe(1);
      expect(JSON.parse(run.stdout).error.code).toBe('cancelled');
    } finally {
      server.faults.hangMs = 0;
    }
  });
});

describe('reposync pull with --token-env', () => {
  it('sends the token from the environment and never prints it', async () => {
    const guarded = await startGitServer({ auth: { token: 'tok-1234567890-secret' } });
    try {
      guarded.createBareRepo('auth');
      const dir = path.join(tempDir(), 'auth');
      gitCli(root, 'clone', '-q', guarded.repoDir('auth'), dir);
      gitCli(dir, 'remote', 'set-url', 'origin', guarded.repoUrl('auth'));
      gitCli(dir, 'config', 'user.name', 'Local User');
      gitCli(dir, 'config', 'user.email', 'local@example.test');
      guarded.commitToRepo('auth', { 'b.txt': 'b\n' }, 'remote');

      const denied = await cli(home, ['pull', dir, '--json', '--token-env', 'RS_TOKEN'], { RS_TOKEN: 'wrong-token-value' });
      expect(denied.code).toBe(1);
      expect(JSON.parse(denied.stdout).error.code).toBe('auth_failed');
      expect(denied.stdout + denied.stderr).not.toContain('wrong-token-value');

      const ok = await cli(home, ['pull', dir, '--json', '--token-env', 'RS_TOKEN'], { RS_TOKEN: 'tok-1234567890-secret' });
      expect(ok.stdout).toContain('fast_forward');
      expect(ok.code).toBe(0);
      expect(ok.stdout + ok.stderr).not.toContain('tok-1234567890-secret');
    } finally {
      await guarded.close();
    }
  });
});

describe('reposync clone, push, fetch, test', () => {
  it('clones, commits and pushes, and the server has the commit', async () => {
    server.createBareRepo('round', { files: { 'README.md': '# round\n' } });
    const cloneHome = tempDir('reposync-cli-clone-home-');
    const folder = path.join(tempDir(), 'round-copy');
    const cloned = await cli(cloneHome, ['clone', server.repoUrl('round'), folder, '--author-name', 'Ada', '--author-email', 'ada@example.test', '--json']);
    expect(cloned.stderr).toBe('');
    expect(cloned.code).toBe(0);
    const result = JSON.parse(cloned.stdout) as { workspace: { id: string; path: string }; head: string };
    expect(result.workspace.path).toBe(folder);
    expect(result.head).toBe(gitCli(server.repoDir('round'), 'rev-parse', 'main').trim());

    writeFile(folder, 'notes/new file.txt', 'hello\n');
    const pushed = await cli(cloneHome, ['push', folder, '-m', 'Add notes', '--json']);
    expect(pushed.code).toBe(0);
    const pushResult = JSON.parse(pushed.stdout) as { commit: string };
    expect(gitCli(server.repoDir('round'), 'rev-parse', 'main').trim()).toBe(pushResult.commit);
    expect(gitCli(server.repoDir('round'), 'log', '-1', '--format=%s %an')).toBe('Add notes Ada\n');

    const remoteOid = server.commitToRepo('round', { 'x.txt': 'x\n' }, 'from elsewhere');
    const fetched = await cli(cloneHome, ['fetch', folder, '--json']);
    expect(fetched.code).toBe(0);
    expect(JSON.parse(fetched.stdout)).toMatchObject({ updated: true, remoteOid });
    expect(gitCli(folder, 'rev-parse', 'HEAD').trim()).toBe(pushResult.commit);

    const tested = await cli(cloneHome, ['workspace', 'test', folder]);
    expect(tested.code).toBe(0);
    expect(tested.stdout).toContain('Can read:   yes');
  });
});

describe('reposync bulk-pull', () => {
  it('pulls several unregistered folders in one operation, and exits 1 when one conflicts', async () => {
    const a = cloned('bulk-a');
    const b = cloned('bulk-b');
    const newA = server.commitToRepo('bulk-a', { 'a.txt': 'a\n' }, 'a');
    server.commitToRepo('bulk-b', { 'src/a.txt': 'theirs\n' }, 'b');
    writeFile(b, 'src/a.txt', 'ours\n');
    gitCli(b, 'commit', '-q', '-am', 'local');
    const run = await cli(home, ['bulk-pull', a, b, '--json']);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as { results: Array<{ outcome: string }> };
    expect(result.results.map((r) => r.outcome)).toEqual(['updated', 'conflicted']);
    expect(gitCli(a, 'rev-parse', 'HEAD').trim()).toBe(newA);
  });
});

describe('reposync promote', () => {
  it('creates an environment branch at a ref for an unregistered folder, and lists it', async () => {
    const dir = cloned('promo');
    const main = gitCli(dir, 'rev-parse', 'HEAD').trim();
    const run = await cli(home, ['promote', dir, '--env', 'staging', '--ref', 'main', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ mode: 'created', environment: 'staging', to: main });
    expect(gitCli(server.repoDir('promo'), 'rev-parse', 'staging').trim()).toBe(main);
    const listed = await cli(home, ['promotions', dir, '--json']);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ environment: 'staging', mode: 'created', to: main }]);
  });
});
