import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '../../electron/core';
import type { Workspace } from '../../shared/domain';
import { ok, runOp } from '../support/core-harness';
import type { GitServer } from '../support/git-server';
import { gitCli, tempDir, writeFile } from '../support/repo';
import { readState, type RepoState } from './repo-state';

/**
 * The operations the kill suite interrupts. Each scenario makes a fresh workspace (with
 * uncommitted local edits), names the CLI command to kill, and judges what is left after the next
 * engine start: exactly the state before, exactly the state after, or else it throws.
 */
export type Outcome = 'before' | 'after';

export interface Prepared {
  dir: string;
  args: string[];
  /** Uncommitted local work present before the run: path → content. */
  edits: Map<string, string>;
  judge(): Outcome;
}

export interface Fixture {
  server: GitServer;
  core: Core;
  /** Commits of the shared remote `k`: base, and the remote change on top of it. */
  c0: string;
  c1: string;
}

export const SCENARIOS = ['pull-ff', 'pull-merge', 'complete', 'abort', 'undo', 'push'] as const;
export type Scenario = (typeof SCENARIOS)[number];

const FILES = 48;

/** The shared remote: C0 with many files, C1 rewriting all of them (a long checkout to kill into). */
export function makeFixture(server: GitServer, core: Core): Fixture {
  const base: Record<string, string> = { 'README.md': '# k\n', 'conflict.txt': 'base\n' };
  for (let i = 0; i < FILES; i++) base[`data/f${i}.txt`] = `v0 ${i}\n`.repeat(40);
  server.createBareRepo('k', { files: base });
  const c0 = gitCli(server.repoDir('k'), 'rev-parse', 'main').trim();
  const next: Record<string, string> = { 'conflict.txt': 'theirs\n' };
  for (let i = 0; i < FILES; i++) next[`data/f${i}.txt`] = `v1 ${i}\n`.repeat(40);
  for (let i = 0; i < 20; i++) next[`new/n${i}.txt`] = `new ${i}\n`;
  const c1 = server.commitToRepo('k', next, 'remote change');
  return { server, core, c0, c1 };
}

function head(dir: string, rev = 'HEAD'): string | null {
  try {
    return gitCli(dir, 'rev-parse', '--verify', '-q', rev).trim();
  } catch {
    return null;
  }
}

const merging = (dir: string) => fs.existsSync(path.join(dir, '.git', 'reposync', 'merge.json'));

/** Paths `git status` reports as changed or untracked. */
function changedPaths(dir: string): string[] {
  return gitCli(dir, 'status', '--porcelain=v1', '-uall', '-z')
    .split('\0')
    .filter(Boolean)
    .map((l) => l.slice(3))
    .sort();
}

const same = (a: RepoState, b: RepoState) => a.head === b.head && a.staged === b.staged && a.worktree === b.worktree;

function fail(what: string, dir: string): never {
  throw new Error(`${what}: HEAD ${head(dir)}, merging ${merging(dir)}, changed [${changedPaths(dir).join(', ')}]`);
}

/** A fresh clone of `remote` at `at`, its origin pointing at the server, with an author set. */
function workspaceAt(f: Fixture, remote: string, at: string): string {
  const dir = path.join(tempDir('reposync-kill-'), 'ws');
  gitCli(path.dirname(dir), 'clone', '-q', f.server.repoDir(remote), dir);
  gitCli(dir, 'reset', '-q', '--hard', at);
  gitCli(dir, 'update-ref', 'refs/remotes/origin/main', at);
  gitCli(dir, 'remote', 'set-url', 'origin', f.server.repoUrl(remote));
  gitCli(dir, 'config', 'user.name', 'Local User');
  gitCli(dir, 'config', 'user.email', 'local@example.test');
  return dir;
}

function addEdits(dir: string, tag: string): Map<string, string> {
  const edits = new Map([
    ['README.md', `# k\nlocal edit ${tag}\n`],
    [`notes/ünïcode ${tag}.txt`, `untracked ${tag}\n`],
  ]);
  for (const [rel, content] of edits) writeFile(dir, rel, content);
  return edits;
}

function localCommit(dir: string, rel: string, content: string): string {
  writeFile(dir, rel, content);
  gitCli(dir, 'add', rel);
  gitCli(dir, 'commit', '-q', '-m', `local ${rel}`);
  return head(dir)!;
}

async function register(core: Core, dir: string): Promise<Workspace> {
  return ok<Workspace>(core.call('workspaces.add', { path: dir }, 'test'));
}

async function pullInProcess(core: Core, ws: Workspace, expected: string): Promise<void> {
  const op = await runOp(core, 'sync.pull', { workspaceId: ws.id });
  const outcome = (op.result as { outcome?: string } | undefined)?.outcome;
  if (outcome !== expected) throw new Error(`setup pull gave ${outcome ?? JSON.stringify(op.error)}`);
}

export async function prepare(f: Fixture, scenario: Scenario, tag: string, pushRemote: string): Promise<Prepared> {
  const { c0, c1, core } = f;
  if (scenario === 'push') {
    const dir = workspaceAt(f, pushRemote, c0);
    const edits = addEdits(dir, tag);
    const before = readState(dir);
    const bare = f.server.repoDir(pushRemote);
    return {
      dir,
      edits,
      args: ['push', dir, '-m', `kill test ${tag}`],
      judge() {
        const remote = head(bare, 'main');
        if (remote !== c0 && remote !== head(dir)) fail(`remote main moved to ${remote}`, dir);
        // Killed while committing, the edits may already be staged: the files and HEAD are what count.
        const now = readState(dir);
        if (now.head === before.head && now.worktree === before.worktree && head(dir) === c0 && remote === c0) return 'before';
        // Committed (pushed or not: a commit that did not reach the remote is kept, push again).
        if (head(dir, 'HEAD^') === c0 && changedPaths(dir).length === 0) return 'after';
        return fail('push left a mixed state', dir);
      },
    };
  }
  const dir = workspaceAt(f, 'k', c0);
  let ours = c0;
  if (scenario !== 'pull-ff' && scenario !== 'undo') ours = localCommit(dir, scenario === 'pull-merge' ? 'local.txt' : 'conflict.txt', `ours ${tag}\n`);
  const edits = addEdits(dir, tag);
  const editPaths = [...edits.keys()].sort();
  const preSync = readState(dir);
  const pulled = (): boolean => head(dir, 'HEAD^1') === ours && head(dir, 'HEAD^2') === c1 && !merging(dir);
  const cleanBut = (paths: string[]) => JSON.stringify(changedPaths(dir)) === JSON.stringify(paths);

  if (scenario === 'pull-ff' || scenario === 'pull-merge') {
    return {
      dir,
      edits,
      args: ['pull', dir],
      judge() {
        if (same(readState(dir), preSync) && !merging(dir)) return 'before';
        const moved = scenario === 'pull-ff' ? head(dir) === c1 : pulled();
        if (moved && !merging(dir) && cleanBut(editPaths)) return 'after';
        return fail(`${scenario} left a mixed state`, dir);
      },
    };
  }
  const ws = await register(core, dir);
  if (scenario === 'undo') {
    await pullInProcess(core, ws, 'fast_forward');
    const afterPull = readState(dir);
    return {
      dir,
      edits,
      args: ['undo', dir],
      judge() {
        const now = readState(dir);
        if (same(now, afterPull)) return 'before';
        if (same(now, preSync)) return 'after';
        return fail('undo left a mixed state', dir);
      },
    };
  }
  await pullInProcess(core, ws, 'conflicted');
  await ok(core.call('sync.resolve', { workspaceId: ws.id, path: 'conflict.txt', resolution: 'ours' }, 'test'));
  const inMerge = readState(dir);
  return {
    dir,
    edits,
    args: ['merge', dir, scenario === 'complete' ? '--continue' : '--abort'],
    judge() {
      const now = readState(dir);
      if (same(now, inMerge) && merging(dir)) return 'before';
      if (scenario === 'complete' && pulled() && cleanBut(editPaths)) return 'after';
      if (scenario === 'abort' && same(now, preSync) && !merging(dir)) return 'after';
      return fail(`${scenario} left a mixed state`, dir);
    },
  };
}
