// The built CLI run as a child process, the way users run it, against real repos in temp dirs.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workspace, WorkspaceStatus } from '../../shared/domain';
import { createCore } from '../core';
import { cleanupTempDirs, gitCli, makeRepo, tempDir, writeFile } from '../../test/support/repo';
import pkg from '../../package.json';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin/reposync.mjs');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(home: string, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const res = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, REPOSYNC_HOME: home, ...env },
    timeout: 60_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** `--json` must print exactly one JSON document; this fails on anything else on stdout. */
function json<T>(run: Run): T {
  return JSON.parse(run.stdout) as T;
}

/** `git status --porcelain` as {path: kind}: the reference. */
function porcelain(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of gitCli(dir, '-c', 'core.quotePath=false', 'status', '--porcelain', '--untracked-files=all').split('\n').filter(Boolean)) {
    const [x, y] = [line[0], line[1]];
    let file = line.slice(3);
    if (file.startsWith('"')) file = JSON.parse(file) as string;
    out[file] = x === '?' ? 'untracked' : x === 'A' ? 'added' : x === 'D' || y === 'D' ? 'deleted' : x === 'U' || y === 'U' ? 'conflicted' : 'modified';
  }
  return out;
}

let home: string;

beforeAll(() => {
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), 'cli'], { cwd: root, env: { ...process.env, REPOSYNC_QUIET_BUILD: '1' } });
  home = tempDir('reposync-cli-home-');
}, 120_000);

afterAll(cleanupTempDirs);

describe('reposync CLI: help, version, usage errors', () => {
  it('prints help listing every command, and per-command help', () => {
    const help = cli(home, ['--help']);
    expect(help.code).toBe(0);
    for (const name of ['workspace add', 'status', 'clone', 'pull', 'push', 'bulk-pull', 'operations']) expect(help.stdout).toContain(name);
    const pull = cli(home, ['pull', '--help']);
    expect(pull.code).toBe(0);
    expect(pull.stdout).toContain('Usage: reposync pull <folder> [options]');
    expect(pull.stdout).toContain('--token-env <VAR>');
  });

  it('prints the package version, as text or JSON', () => {
    expect(cli(home, ['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    expect(json(cli(home, ['--version', '--json']))).toEqual({ version: pkg.version });
  });

  it('exits 2 on an unknown command, flag or missing argument, with usage on stderr', () => {
    const unknown = cli(home, ['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
    const unknownJson = cli(home, ['frobnicate', '--json']);
    expect(unknownJson.code).toBe(2);
    expect(json<{ error: { code: string; requestId: string } }>(unknownJson).error).toMatchObject({ code: 'invalid_input', requestId: expect.any(String) });
    const flag = cli(home, ['status', '.', '--bogus']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('Unknown option --bogus.');
    expect(flag.stderr).toContain('Usage: reposync status <folder>');
    expect(cli(home, ['status']).code).toBe(2);
  });

  it('exits 2 when --token-env names a missing variable, before touching the engine', () => {
    const repo = makeRepo();
    const run = cli(home, ['fetch', repo, '--token-env', 'REPOSYNC_TEST_NO_SUCH_VAR', '--json'], { REPOSYNC_TEST_NO_SUCH_VAR: '' });
    expect(run.code).toBe(2);
    expect(json<{ error: { message: string } }>(run).error.message).toContain('$REPOSYNC_TEST_NO_SUCH_VAR is not set or empty');
    const inArgv = cli(home, ['fetch', repo, '--token', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789']);
    expect(inArgv.code).toBe(2);
    expect(inArgv.stderr).not.toContain('ghp_');
  });
});

describe('reposync CLI: status', () => {
  it('prints the engine’s status for an unregistered folder, agreeing with git status, without registering it', async () => {
    const dir = makeRepo({ 'README.md': '# hi\n', 'src/a.txt': 'a\n', 'gone.txt': 'x\n', 'naïve café.txt': 'u\n', 'keep.txt': 'k\n' });
    gitCli(dir, 'remote', 'add', 'origin', 'https://example.test/team/site.git');
    writeFile(dir, 'src/a.txt', 'a changed\n');
    fs.rmSync(path.join(dir, 'gone.txt'));
    writeFile(dir, 'new dir/untracked ü.txt', 'new\n');
    writeFile(dir, 'added.txt', 'added\n');
    gitCli(dir, 'add', 'added.txt');
    writeFile(dir, 'naïve café.txt', 'changed\n');

    const run = cli(home, ['status', dir, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const fromCli = json<WorkspaceStatus>(run);

    const core = createCore({ home: tempDir('reposync-ref-home-'), mode: 'host', version: '0.0.0' });
    const ws = await core.services.workspaces.transient(dir);
    const reference = await core.call('workspaces.status', { workspaceId: ws.id }, 'test');
    if (!reference.ok) throw new Error(JSON.stringify(reference.error));
    const { workspaceId: _a, ...expected } = reference.value as WorkspaceStatus;
    const { workspaceId: _b, ...actual } = fromCli;
    expect(actual).toEqual(expected);

    expect(Object.fromEntries(fromCli.files.map((f) => [f.path, f.kind]))).toEqual(porcelain(dir));
    expect(fromCli.branch).toBe('main');
    expect(fromCli.head?.oid).toBe(gitCli(dir, 'rev-parse', 'HEAD').trim());
    const settings = path.join(home, 'config.json');
    const stored = fs.existsSync(settings) ? (JSON.parse(fs.readFileSync(settings, 'utf8')) as { workspaces?: unknown[] }).workspaces ?? [] : [];
    expect(stored).toEqual([]);
  });

  it('prints git status --short lines for people', () => {
    const dir = makeRepo({ 'a.txt': 'a\n', 'b.txt': 'b\n', 'c d.txt': 'c\n' });
    writeFile(dir, 'a.txt', 'changed\n');
    fs.rmSync(path.join(dir, 'b.txt'));
    writeFile(dir, 'c d.txt', 'changed\n');
    gitCli(dir, 'add', 'c d.txt');
    writeFile(dir, 'new.txt', 'n\n');
    const run = cli(home, ['status', dir]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^On branch main \(HEAD [0-9a-f]{7} initial commit\)$/);
    expect(lines[1]).toBe('State: local changes; ahead 0, behind 0');
    const git = gitCli(dir, 'status', '--short', '--untracked-files=all').trimEnd().split('\n');
    expect([...lines.slice(2)].sort()).toEqual([...git].sort());
  });

  it('exits 1 with not_found for a folder that is not a Git repository', () => {
    const plain = tempDir('reposync-plain-');
    const run = cli(home, ['status', plain, '--json']);
    expect(run.code).toBe(1);
    expect(json<{ error: { code: string; message: string; requestId: string } }>(run).error).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('not a Git repository'),
      requestId: expect.any(String),
    });
    const text = cli(home, ['status', plain]);
    expect(text.code).toBe(1);
    expect(text.stdout).toBe('');
    expect(text.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(text.stderr).toContain('[not_found]');
  });
});

describe('reposync CLI: workspaces', () => {
  it('adds, lists and removes a workspace, by folder and by id', () => {
    const wsHome = tempDir('reposync-ws-home-');
    const dir = makeRepo({ 'site/index.html': '<h1>hi</h1>\n' }, 'trunk');
    gitCli(dir, 'remote', 'add', 'origin', 'https://bob:hunter2@example.test/team/site.git');

    const add = cli(wsHome, ['workspace', 'add', dir, '--name', 'Site', '--group', 'web', '--prefix', 'site/', '--author-name', 'Ada', '--author-email', 'ada@example.test', '--json']);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    const added = json<Workspace>(add);
    expect(added).toMatchObject({ name: 'Site', group: 'web', path: dir, branch: 'trunk', pathPrefix: 'site', author: { name: 'Ada', email: 'ada@example.test' } });
    expect(added.remoteUrl).toBe('https://example.test/team/site.git');

    const again = cli(wsHome, ['workspace', 'add', dir, '--json']);
    expect(again.code).toBe(1);
    expect(json<{ error: { code: string } }>(again).error.code).toBe('invalid_input');

    const listed = json<Workspace[]>(cli(wsHome, ['workspace', 'list', '--json']));
    expect(listed).toEqual([added]);
    const table = cli(wsHome, ['workspace', 'list']);
    expect(table.stdout).toContain('Site');
    expect(table.stdout).toContain(dir);

    // A registered folder is used as is by folder commands.
    expect(json<WorkspaceStatus>(cli(wsHome, ['status', dir, '--json'])).workspaceId).toBe(added.id);

    const removed = cli(wsHome, ['workspace', 'remove', dir, '--json']);
    expect(removed.code).toBe(0);
    expect(json<{ removed: boolean }>(removed).removed).toBe(true);
    expect(json<Workspace[]>(cli(wsHome, ['workspace', 'list', '--json']))).toEqual([]);
    expect(fs.existsSync(path.join(dir, '.git'))).toBe(true);

    const byId = json<Workspace>(cli(wsHome, ['workspace', 'add', dir, '--json']));
    expect(cli(wsHome, ['workspace', 'remove', byId.id]).code).toBe(0);
    const gone = cli(wsHome, ['workspace', 'remove', byId.id, '--json']);
    expect(gone.code).toBe(1);
    expect(json<{ error: { code: string } }>(gone).error.code).toBe('not_found');
  });
});

describe('reposync CLI: history', () => {
  it('lists commits like git log and shows one like git show', () => {
    const dir = makeRepo({ 'f.txt': 'one\ntwo\n' });
    writeFile(dir, 'f.txt', 'one\nTWO\nthree\n');
    writeFile(dir, 'docs/new file.md', '# new\n');
    gitCli(dir, 'add', '-A');
    gitCli(dir, 'commit', '-q', '-m', 'second change', '-m', 'with a body');
    fs.rmSync(path.join(dir, 'docs/new file.md'));
    gitCli(dir, 'commit', '-q', '-a', '-m', 'third');

    const text = cli(home, ['history', dir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(gitCli(dir, 'log', '--format=%h  %ad  %an  %s', '--date=short'));
    const page = json<{ commits: Array<{ oid: string }> }>(cli(home, ['history', dir, '--limit', '2', '--json']));
    expect(page.commits.map((c) => c.oid)).toEqual(gitCli(dir, 'log', '-2', '--format=%H').trim().split('\n'));
    expect(json<{ commits: unknown[] }>(cli(home, ['history', dir, '--path', 'docs', '--json'])).commits).toHaveLength(2);

    for (const rev of ['HEAD', 'HEAD~1']) {
      const sha = gitCli(dir, 'rev-parse', rev).trim();
      const shown = cli(home, ['show', dir, sha.slice(0, 10)]);
      expect(shown.code).toBe(0);
      const diff = shown.stdout.slice(shown.stdout.indexOf('diff --git'));
      const reference = gitCli(dir, 'show', '--format=', sha).split('\n').filter((l) => !l.startsWith('index ')).join('\n');
      expect(diff).toBe(reference);
    }
  });
});
