import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Workspace, WorkspaceStatus } from '../../../shared/domain';
import { gitOk, startGitServer, type GitServer } from '../../../test/support/git-server';
import { useGitServer } from '../../../test/support/use-git-server';
import { err, finished, newCore, ok, runOp } from '../../../test/support/core-harness';
import { gitCli, tempDir, writeFile } from '../../../test/support/repo';
import { tokenCredentialProvider } from '../credentials';
import type { CoreOptions } from '../services';

const server = useGitServer();

const ME = { name: 'Pusher Person', email: 'pusher@example.test' };

async function workspaceOf(srv: GitServer, name: string, add: Record<string, unknown> = {}, options: Partial<CoreOptions> = {}) {
  const dir = path.join(tempDir(), name);
  await gitOk(path.dirname(dir), 'clone', '-q', srv.repoUrl(name), dir);
  const core = newCore(options);
  const ws = await ok<Workspace>(core.call('workspaces.add', { path: dir, author: ME, ...add }, 'test'));
  return { core, ws, dir };
}

/** `git status --porcelain` as a sorted list of "XY path". */
const porcelain = (dir: string) => gitCli(dir, 'status', '--porcelain', '--untracked-files=all').split('\n').filter(Boolean).sort();

describe('sync.push', () => {
  it('commits only the selected paths, pushes them, and leaves every other change as it was', async () => {
    server.createBareRepo('p1', { files: { 'site/index.html': '1\n', 'site/old.txt': 'old\n', 'notes.txt': 'n\n', 'staged.txt': 's\n' } });
    const { core, ws, dir } = await workspaceOf(server, 'p1');
    writeFile(dir, 'site/index.html', '2\n');
    writeFile(dir, 'site/new/page.html', 'new page\n');
    fs.rmSync(path.join(dir, 'site/old.txt'));
    writeFile(dir, 'notes.txt', 'not this one\n');
    writeFile(dir, 'staged.txt', 'staged but not selected\n');
    gitCli(dir, 'add', 'staged.txt');
    const op = await runOp(core, 'sync.push', {
      workspaceId: ws.id,
      paths: ['site/index.html', 'site/new', 'site/old.txt'],
      message: 'Update the site\n\nWith a body.',
    });
    expect(op.status, JSON.stringify(op.error)).toBe('succeeded');
    const result = op.result as { commit: string; pushedTo: string; pullRequestUrl: null };
    expect(result).toMatchObject({ pushedTo: 'main', pullRequestUrl: null });

    const bare = server.repoDir('p1');
    expect(gitCli(bare, 'rev-parse', 'main').trim()).toBe(result.commit);
    gitCli(bare, 'fsck', '--full');
    expect(gitCli(bare, 'log', '-1', '--format=%an <%ae>%n%B', 'main').trim()).toBe('Pusher Person <pusher@example.test>\nUpdate the site\n\nWith a body.');
    expect(gitCli(bare, 'diff', '--name-status', 'main~1', 'main').trim().split('\n').sort()).toEqual([
      'A\tsite/new/page.html',
      'D\tsite/old.txt',
      'M\tsite/index.html',
    ]);
    expect(porcelain(dir)).toEqual(['M  staged.txt', ' M notes.txt'].sort());
    expect(gitCli(dir, 'rev-parse', 'HEAD', 'refs/remotes/origin/main').trim().split('\n')).toEqual([result.commit, result.commit]);
    gitCli(dir, 'fsck', '--full');
    expect((await ok<Workspace>(core.call('workspaces.get', { workspaceId: ws.id }, 'test'))).lastSyncAt).not.toBeNull();
  });

  it('by default pushes every change under the prefix and nothing outside it; paths outside are refused', async () => {
    server.createBareRepo('p2', { files: { 'docs/a.md': 'a\n', 'src/x.ts': 'x\n' } });
    const { core, ws, dir } = await workspaceOf(server, 'p2', { pathPrefix: 'docs' });
    writeFile(dir, 'docs/a.md', 'a2\n');
    writeFile(dir, 'docs/b.md', 'b\n');
    writeFile(dir, 'src/x.ts', 'x2\n');
    for (const bad of ['src/x.ts', '../outside.txt', 'docs/../src/x.ts', '.git/config', 'docs/.GIT/x', path.join(path.dirname(dir), 'elsewhere')]) {
      const e = await runOp(core, 'sync.push', { workspaceId: ws.id, paths: [bad], message: 'nope' });
      expect(e.error?.code, bad).toBe('unsafe_path');
    }
    expect(gitCli(server.repoDir('p2'), 'log', '--format=%s', 'main').trim()).toBe('initial commit');
    const op = await runOp(core, 'sync.push', { workspaceId: ws.id, message: 'docs only' });
    expect(op.status, JSON.stringify(op.error)).toBe('succeeded');
    expect(gitCli(server.repoDir('p2'), 'show', '--name-only', '--format=', 'main').trim().split('\n').sort()).toEqual(['docs/a.md', 'docs/b.md']);
    expect(porcelain(dir)).toEqual([' M src/x.ts']);
  });

  it('says "Nothing to push" when there is nothing, and pushes earlier local commits without a new one', async () => {
    server.createBareRepo('p3');
    const { core, ws, dir } = await workspaceOf(server, 'p3');
    expect((await runOp(core, 'sync.push', { workspaceId: ws.id, message: 'x' })).error).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('Nothing to push'),
    });
    writeFile(dir, 'c.txt', 'c\n');
    gitCli(dir, 'add', '-A');
    gitCli(dir, 'commit', '-q', '-m', 'made with git');
    const op = await runOp(core, 'sync.push', { workspaceId: ws.id, message: 'unused' });
    expect(op.result).toMatchObject({ commit: null, pushedTo: 'main' });
    expect(gitCli(server.repoDir('p3'), 'log', '-1', '--format=%s', 'main').trim()).toBe('made with git');
  });

  it('asks for an author when neither the request, the workspace nor the repo config has one', async () => {
    server.createBareRepo('p4');
    const { core, ws, dir } = await workspaceOf(server, 'p4', { author: undefined });
    await ok(core.call('workspaces.update', { workspaceId: ws.id, author: null }, 'test'));
    writeFile(dir, 'x.txt', 'x\n');
    const op = await runOp(core, 'sync.push', { workspaceId: ws.id, message: 'who?' });
    expect(op.error).toMatchObject({ code: 'invalid_input', details: { field: 'author' } });
    expect(porcelain(dir)).toEqual(['?? x.txt']);
    gitCli(dir, 'config', 'user.name', 'Config Name');
    gitCli(dir, 'config', 'user.email', 'config@example.test');
    const ok2 = await runOp(core, 'sync.push', { workspaceId: ws.id, message: 'from config' });
    expect(ok2.status, JSON.stringify(ok2.error)).toBe('succeeded');
    expect(gitCli(server.repoDir('p4'), 'log', '-1', '--format=%an <%ae>', 'main').trim()).toBe('Config Name <config@example.test>');
  });

  it('refuses a non-fast-forward push with ahead/behind, keeps the local commit, and pushes after git merges', async () => {
    server.createBareRepo('p5', { files: { 'shared.txt': 'base\n' } });
    const { core, ws, dir } = await workspaceOf(server, 'p5');
    server.commitToRepo('p5', { 'theirs.txt': 'theirs 1\n' }, 'their first');
    const theirs = server.commitToRepo('p5', { 'theirs2.txt': 'theirs 2\n' }, 'their second');
    writeFile(dir, 'mine.txt', 'mine\n');
    const op = await runOp(core, 'sync.push', { workspaceId: ws.id, message: 'my work' });
    expect(op.error).toMatchObject({ code: 'non_fast_forward', details: { ahead: 1, behind: 2 } });
    const mine = (op.error!.details as { commit: string }).commit;
    expect(gitCli(dir, 'rev-parse', 'HEAD').trim()).toBe(mine);
    expect(gitCli(dir, 'show', '--name-only', '--format=', 'HEAD').trim()).toBe('mine.txt');
    expect(gitCli(dir, 'rev-parse', 'refs/remotes/origin/main').trim()).toBe(theirs);
    expect(gitCli(server.repoDir('p5'), 'rev-parse', 'main').trim()).toBe(theirs);
    expect(porcelain(dir)).toEqual([]);
    const status = await ok<WorkspaceStatus>(core.call('workspaces.status', { workspaceId: ws.id }, 'test'));
    expect(status).toMatchObject({ state: 'diverged', ahead: 1, behind: 2 });

    gitCli(dir, 'merge', '-q', '--no-edit', 'origin/main');
    const again = await runOp(core, 'sync.push', { workspaceId: ws.id, message: 'unused' });
    expect(again.status, JSON.stringify(again.error)).toBe('succeeded');
    expect(gitCli(server.repoDir('p5'), 'rev-parse', 'main').trim()).toBe(gitCli(dir, 'rev-parse', 'HEAD').trim());
    gitCli(server.repoDir('p5'), 'fsck', '--full');
  });

  it('pushes to a new branch when asked, leaving the workspace branch alone', async () => {
    server.createBareRepo('p6');
    const { core, ws, dir } = await workspaceOf(server, 'p6');
    writeFile(dir, 'feature.txt', 'f\n');
    const op = await runOp(core, 'sync.push', { workspaceId: ws.id, message: 'feature', branch: 'feature/new-thing' });
    expect(op.result).toMatchObject({ pushedTo: 'feature/new-thing', pullRequestUrl: null });
    expect(gitCli(server.repoDir('p6'), 'log', '-1', '--format=%s', 'feature/new-thing').trim()).toBe('feature');
    expect(gitCli(server.repoDir('p6'), 'log', '-1', '--format=%s', 'main').trim()).toBe('initial commit');
    // The commit exists only on the review branch: the workspace's branch stays level with its remote.
    expect(gitCli(dir, 'rev-parse', 'refs/remotes/origin/feature/new-thing').trim()).toBe((op.result as { commit: string }).commit);
    expect(gitCli(dir, 'rev-parse', 'HEAD').trim()).toBe(gitCli(dir, 'rev-parse', 'refs/remotes/origin/main').trim());
    expect(porcelain(dir)).toEqual(['?? feature.txt']);
    expect((await runOp(core, 'sync.push', { workspaceId: ws.id, message: 'x', branch: 'bad..name' })).error?.code).toBe('invalid_input');
    // With another branch checked out, pushing without naming a branch is refused rather than guessed.
    gitCli(dir, 'checkout', '-q', '-b', 'elsewhere');
    writeFile(dir, 'other.txt', 'o\n');
    const refused = await runOp(core, 'sync.push', { workspaceId: ws.id, message: 'wrong branch' });
    expect(refused.error).toMatchObject({ code: 'invalid_input', details: { checkedOut: 'elsewhere', branch: 'main' } });
    expect(porcelain(dir)).toEqual(['?? feature.txt', '?? other.txt']);
  });

  it('commits a tracked file that a .gitignore pattern matches, an executable bit and a symlink as git would', async () => {
    server.createBareRepo('p10', { files: { 'build.log': 'tracked\n', '.gitignore': '*.log\n', 'run.sh': 'echo\n' } });
    const { core, ws, dir } = await workspaceOf(server, 'p10');
    writeFile(dir, 'build.log', 'changed\n');
    // A mode-only change is invisible to isomorphic-git's statusMatrix (it compares content), so the content changes too.
    writeFile(dir, 'run.sh', 'echo run\n');
    fs.chmodSync(path.join(dir, 'run.sh'), 0o755);
    fs.symlinkSync('run.sh', path.join(dir, 'link.sh'));
    writeFile(dir, 'fresh.log', 'ignored and untracked\n');
    const op = await runOp(core, 'sync.push', { workspaceId: ws.id, message: 'modes' });
    expect(op.status, JSON.stringify(op.error)).toBe('succeeded');
    const tree = gitCli(server.repoDir('p10'), 'ls-tree', 'main').trim().split('\n').map((l) => l.replace(/ [0-9a-f]{40}/, ''));
    expect(tree).toEqual(['100644 blob\t.gitignore', '100644 blob\tbuild.log', '120000 blob\tlink.sh', '100755 blob\trun.sh']);
    expect(gitCli(server.repoDir('p10'), 'show', 'main:build.log')).toBe('changed\n');
    expect(porcelain(dir)).toEqual([]);
    expect(gitCli(dir, 'status', '--porcelain', '--ignored').trim()).toBe('!! fresh.log');
  });

  it('reports a push refused by a server hook as forbidden with the server message, keeping the commit', async () => {
    server.createBareRepo('p7');
    const { core, ws, dir } = await workspaceOf(server, 'p7');
    writeFile(dir, 'x.txt', 'x\n');
    server.faults.rejectPushes = 'main is frozen for the release\n';
    try {
      const op = await runOp(core, 'sync.push', { workspaceId: ws.id, message: 'frozen?' });
      expect(op.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('main is frozen') });
    } finally {
      server.faults.rejectPushes = false;
    }
    expect(gitCli(dir, 'log', '-1', '--format=%s').trim()).toBe('frozen?');
    expect(gitCli(server.repoDir('p7'), 'log', '-1', '--format=%s', 'main').trim()).toBe('initial commit');
  });

  it('maps a server error to network and refuses a second push while the first runs (busy)', async () => {
    server.createBareRepo('p8');
    const { core, ws, dir } = await workspaceOf(server, 'p8');
    writeFile(dir, 'x.txt', 'x\n');
    server.faults.status500 = true;
    try {
      expect((await runOp(core, 'sync.push', { workspaceId: ws.id, message: 'x' })).error).toMatchObject({ code: 'network' });
    } finally {
      server.faults.status500 = false;
    }
    // The commit survived the failed push: nothing is lost, the next push sends it.
    expect(porcelain(dir)).toEqual([]);
    server.faults.delayMs = 300;
    try {
      const first = await ok<{ operationId: string }>(core.call('sync.push', { workspaceId: ws.id, message: 'first' }, 'test'));
      const second = await err(core.call('sync.push', { workspaceId: ws.id, message: 'second' }, 'test'));
      expect(second).toMatchObject({ code: 'busy', details: { operationId: first.operationId } });
      expect((await err(core.call('sync.fetch', { workspaceId: ws.id }, 'test'))).code).toBe('busy');
      expect((await finished(core, first.operationId)).status).toBe('succeeded');
    } finally {
      server.faults.delayMs = 0;
    }
    expect(gitCli(server.repoDir('p8'), 'log', '-1', '--format=%s', 'main').trim()).toBe('x');
  });

  it('pushes with a token to a server that requires one; a wrong token is auth_failed', async () => {
    const secure = await startGitServer({ auth: { token: 'push-token-abc' } });
    try {
      secure.createBareRepo('p9');
      const dir = path.join(tempDir(), 'p9');
      await gitOk(path.dirname(dir), 'clone', '-q', secure.repoUrl('p9').replace('http://', 'http://u:push-token-abc@'), dir);
      gitCli(dir, 'remote', 'set-url', 'origin', secure.repoUrl('p9'));
      const wrong = newCore({ credentials: tokenCredentialProvider('not-the-token') });
      const ws1 = await ok<Workspace>(wrong.call('workspaces.add', { path: dir, author: ME }, 'test'));
      writeFile(dir, 'x.txt', 'x\n');
      const denied = await runOp(wrong, 'sync.push', { workspaceId: ws1.id, message: 'x' });
      expect(denied.error?.code).toBe('auth_failed');
      expect(JSON.stringify(denied)).not.toContain('not-the-token');
      const right = newCore({ credentials: tokenCredentialProvider('push-token-abc') });
      const ws2 = await ok<Workspace>(right.call('workspaces.add', { path: dir, author: ME }, 'test'));
      const pushed = await runOp(right, 'sync.push', { workspaceId: ws2.id, message: 'x' });
      expect(pushed.status, JSON.stringify(pushed.error)).toBe('succeeded');
      expect(gitCli(secure.repoDir('p9'), 'log', '-1', '--format=%s', 'main').trim()).toBe('x');
      expect(fs.readFileSync(path.join(dir, '.git/config'), 'utf8')).not.toContain('push-token-abc');
    } finally {
      await secure.close();
    }
  });
});
