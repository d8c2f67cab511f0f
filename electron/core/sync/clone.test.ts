import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Operation, Workspace } from '../../../shared/domain';
import { gitOk, startGitServer, type GitServer } from '../../../test/support/git-server';
import { err, newCore, ok, runOp } from '../../../test/support/core-harness';
import { cleanupTempDirs, gitCli, tempDir, writeFile } from '../../../test/support/repo';
import { tokenCredentialProvider } from '../credentials';

let server: GitServer;
beforeAll(async () => {
  server = await startGitServer();
  server.createBareRepo('site', { files: { 'index.html': '<p>main</p>\n', 'docs/ünïcode name.md': 'ü\n', 'bin/run.sh': '#!/bin/sh\necho hi\n' }, executable: ['bin/run.sh'] });
  gitCli(server.repoDir('site'), 'branch', 'feature', 'main');
  server.commitToRepo('site', { 'feature.txt': 'feature\n' }, 'feature work', 'feature');
  gitCli(server.repoDir('site'), 'tag', '-a', '-m', 'release 1.0', 'v1.0', 'main');
  gitCli(server.repoDir('site'), 'tag', 'v0.9', 'main');
  server.commitToRepo('site', { 'index.html': '<p>after tag</p>\n' }, 'after tag', 'main');
});
afterAll(async () => {
  await server.close();
  cleanupTempDirs();
});

/** Folder names in `dir`, hidden ones included (a leftover temp clone would show up here). */
const entries = (dir: string) => fs.readdirSync(dir).sort();

describe('workspaces.clone', () => {
  it('clones the default branch into a new folder, registers the workspace, and git agrees', async () => {
    const core = newCore();
    const parent = tempDir();
    const folder = path.join(parent, 'site');
    const op = await runOp(core, 'workspaces.clone', { url: server.repoUrl('site'), folder, group: 'web' });
    expect(op.status, JSON.stringify(op.error)).toBe('succeeded');
    const { workspace, head } = op.result as { workspace: Workspace; head: string };
    expect(workspace).toMatchObject({ path: folder, branch: 'main', remoteUrl: server.repoUrl('site'), group: 'web' });
    expect(head).toBe(gitCli(server.repoDir('site'), 'rev-parse', 'main').trim());
    expect(gitCli(folder, 'rev-parse', 'HEAD').trim()).toBe(head);
    expect(gitCli(folder, 'status', '--porcelain')).toBe('');
    gitCli(folder, 'fsck', '--full');
    expect(fs.readFileSync(path.join(folder, 'docs/ünïcode name.md'), 'utf8')).toBe('ü\n');
    // Native git must see the same files the same way: exec bit kept, names compared exactly.
    expect(gitCli(folder, 'config', 'core.ignorecase').trim()).toBe('false');
    expect(fs.statSync(path.join(folder, 'bin/run.sh')).mode & 0o111).not.toBe(0);
    expect(gitCli(folder, 'rev-parse', '--abbrev-ref', '@{upstream}').trim()).toBe('origin/main');
    expect(entries(parent)).toEqual(['site']);
    expect(await ok<Workspace[]>(core.call('workspaces.list', {}, 'test'))).toHaveLength(1);
  });

  it('removes what a killed clone into the same folder left; a running clone\'s temp folder stays', async () => {
    const core = newCore();
    const parent = tempDir();
    // A dead process's leftovers (pid 2^22 + 1 is above Linux's pid_max), a live one's (the parent
    // process) and an earlier process's that had this process's pid (containers reuse pids).
    const dead = path.join(parent, `.site.reposync-clone-${2 ** 22 + 1}-0badc0de`);
    const live = path.join(parent, `.site.reposync-clone-${process.ppid}-0000beef`);
    const samePid = path.join(parent, `.site.reposync-clone-${process.pid}-0000f00d`);
    const other = path.join(parent, '.other.reposync-clone-4194305-0badc0de');
    for (const d of [dead, live, samePid, other]) writeFile(d, '.git/HEAD', 'ref: refs/heads/main\n');
    const op = await runOp(core, 'workspaces.clone', { url: server.repoUrl('site'), folder: path.join(parent, 'site') });
    expect(op.status, JSON.stringify(op.error)).toBe('succeeded');
    expect(entries(parent)).toEqual([path.basename(other), path.basename(live), 'site'].sort());
  });

  it('reads the refs from the server once: a clone is one ref advertisement and one pack request', async () => {
    for (const branch of [undefined, 'feature']) {
      const core = newCore();
      const folder = path.join(tempDir(), 'once');
      const before = server.requests;
      const op = await runOp(core, 'workspaces.clone', { url: server.repoUrl('site'), folder, ...(branch ? { branch } : {}) });
      expect(op.status, JSON.stringify(op.error)).toBe('succeeded');
      // The refs are read first (default branch, or tag or branch?), and isomorphic-git's fetch asks again: answered from memory.
      expect(server.requests - before, `branch ${branch}`).toBe(2);
      expect(gitCli(folder, 'rev-parse', 'HEAD').trim()).toBe(gitCli(server.repoDir('site'), 'rev-parse', branch ?? 'main').trim());
    }
  });

  it('clones another branch and a tag (detached), into an existing empty folder', async () => {
    const core = newCore();
    const branchDir = tempDir();
    const op = await runOp(core, 'workspaces.clone', { url: server.repoUrl('site'), folder: branchDir, branch: 'feature' });
    expect(op.status, JSON.stringify(op.error)).toBe('succeeded');
    expect((op.result as { workspace: Workspace }).workspace.branch).toBe('feature');
    expect(gitCli(branchDir, 'rev-parse', 'HEAD').trim()).toBe(gitCli(server.repoDir('site'), 'rev-parse', 'feature').trim());
    expect(fs.existsSync(path.join(branchDir, 'feature.txt'))).toBe(true);

    const tagDir = path.join(tempDir(), 'at-tag');
    const tagged = await runOp(core, 'workspaces.clone', { url: server.repoUrl('site'), folder: tagDir, branch: 'v1.0' });
    expect(tagged.status, JSON.stringify(tagged.error)).toBe('succeeded');
    expect(gitCli(tagDir, 'rev-parse', 'HEAD').trim()).toBe(gitCli(server.repoDir('site'), 'rev-parse', 'v1.0^{commit}').trim());
    expect(fs.readFileSync(path.join(tagDir, 'index.html'), 'utf8')).toBe('<p>main</p>\n');
    expect(gitCli(tagDir, 'status', '--porcelain')).toBe('');
    expect((tagged.result as { workspace: Workspace }).workspace.branch).toBeNull();
    gitCli(tagDir, 'fsck', '--full');

    const nothing = await runOp(core, 'workspaces.clone', { url: server.repoUrl('site'), folder: path.join(tempDir(), 'n'), branch: 'nope' });
    expect(nothing.error).toMatchObject({ code: 'not_found', message: expect.stringContaining('"nope"') });
  });

  it('makes a shallow clone with depth', async () => {
    const folder = path.join(tempDir(), 'shallow');
    const op = await runOp(newCore(), 'workspaces.clone', { url: server.repoUrl('site'), folder, depth: 1 });
    expect(op.status, JSON.stringify(op.error)).toBe('succeeded');
    expect(gitCli(folder, 'rev-list', '--count', 'HEAD').trim()).toBe('1');
    expect(gitCli(folder, 'rev-parse', '--is-shallow-repository').trim()).toBe('true');
    gitCli(folder, 'fsck', '--full');
  });

  it('clones an empty repository onto an unborn branch', async () => {
    server.createBareRepo('blank', { files: {} });
    const core = newCore();
    const folder = path.join(tempDir(), 'blank');
    const op = await runOp(core, 'workspaces.clone', { url: server.repoUrl('blank'), folder });
    expect(op.status, JSON.stringify(op.error)).toBe('succeeded');
    expect((op.result as { head: string | null }).head).toBeNull();
    expect(gitCli(folder, 'symbolic-ref', 'HEAD').trim()).toBe('refs/heads/main');
    expect(gitCli(folder, 'status', '--porcelain')).toBe('');
  });

  it('refuses a non-empty folder and a file, touching neither', async () => {
    const core = newCore();
    const busy = tempDir();
    writeFile(busy, 'mine.txt', 'keep me\n');
    expect(await err(core.call('workspaces.clone', { url: server.repoUrl('site'), folder: busy }, 'test'))).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('not empty'),
    });
    expect(entries(busy)).toEqual(['mine.txt']);
    expect(await err(core.call('workspaces.clone', { url: server.repoUrl('site'), folder: path.join(busy, 'mine.txt') }, 'test'))).toMatchObject({
      code: 'invalid_input',
    });
  });

  it('refuses SSH, git://, file:// and local-path remotes as unsupported', async () => {
    const core = newCore();
    const folder = path.join(tempDir(), 'x');
    for (const url of ['git@github.com:owner/repo.git', 'ssh://git@example.com/r.git', 'git://example.com/r.git', 'file:///srv/r.git', '/srv/r.git', '../r.git', 'C:\\repos\\r']) {
      const e = await err(core.call('workspaces.clone', { url, folder }, 'test'));
      expect(e.code, url).toBe('unsupported');
      expect(e.message, url).toMatch(/not supported|cannot be used/);
    }
    expect((await err(core.call('workspaces.clone', { url: 'git@github.com:owner/repo.git', folder }, 'test'))).details).toMatchObject({
      suggestion: 'https://github.com/owner/repo.git',
    });
    expect(fs.existsSync(folder)).toBe(false);
  });

  it('reports a missing repository as not_found and a server error as network, leaving no folder', async () => {
    const core = newCore();
    const parent = tempDir();
    const missing = await runOp(core, 'workspaces.clone', { url: server.repoUrl('no-such-repo'), folder: path.join(parent, 'a') });
    expect(missing.error?.code).toBe('not_found');
    server.faults.status500 = true;
    try {
      const broken = await runOp(core, 'workspaces.clone', { url: server.repoUrl('site'), folder: path.join(parent, 'b') });
      expect(broken.status).toBe('failed');
      expect(broken.error?.code).toBe('network');
    } finally {
      server.faults.status500 = false;
    }
    server.faults.cutAfterBytes = 300;
    try {
      const cut = await runOp(core, 'workspaces.clone', { url: server.repoUrl('site'), folder: path.join(parent, 'c') });
      expect(cut.error?.code).toBe('network');
    } finally {
      server.faults.cutAfterBytes = null;
    }
    expect(entries(parent)).toEqual([]);
    expect(await ok<Workspace[]>(core.call('workspaces.list', {}, 'test'))).toEqual([]);
  });

  it('times out on a server that never answers', async () => {
    const core = newCore({ networkTimeoutMs: 300 });
    const parent = tempDir();
    server.faults.hangMs = 3000;
    try {
      const op = await runOp(core, 'workspaces.clone', { url: server.repoUrl('site'), folder: path.join(parent, 'slow') });
      expect(op.error?.code).toBe('timeout');
    } finally {
      server.faults.hangMs = 0;
    }
    expect(entries(parent)).toEqual([]);
  });
});

describe('clone with credentials', () => {
  let secure: GitServer;
  beforeAll(async () => {
    secure = await startGitServer({ auth: { token: 'right-token-123' } });
    secure.createBareRepo('private', { files: { 'secret.txt': 'classified\n' } });
  });
  afterAll(() => secure.close());

  it('fails with auth_failed and leaves nothing behind when the token is wrong or missing; the secret never shows', async () => {
    const parent = tempDir();
    const anon = await runOp(newCore(), 'workspaces.clone', { url: secure.repoUrl('private'), folder: path.join(parent, 'a') });
    expect(anon.error).toMatchObject({ code: 'auth_failed', message: expect.stringContaining('needs a sign-in') });

    const core = newCore({ credentials: tokenCredentialProvider('wrong-token-456') });
    const before = secure.requests;
    const op = await runOp(core, 'workspaces.clone', { url: secure.repoUrl('private'), folder: path.join(parent, 'b') });
    expect(op.error).toMatchObject({ code: 'auth_failed', message: expect.stringContaining('refused the credentials') });
    // One anonymous try and one with the token: no retry loop.
    expect(secure.requests - before).toBe(2);
    expect(JSON.stringify(op)).not.toContain('wrong-token-456');
    expect(entries(parent)).toEqual([]);
  });

  it('clones with the right token and never writes it to .git/config or the settings', async () => {
    const core = newCore({ credentials: tokenCredentialProvider('right-token-123') });
    const folder = path.join(tempDir(), 'private');
    const op = await runOp(core, 'workspaces.clone', { url: secure.repoUrl('private'), folder });
    expect(op.status, JSON.stringify(op.error)).toBe('succeeded');
    expect(fs.readFileSync(path.join(folder, 'secret.txt'), 'utf8')).toBe('classified\n');
    expect(fs.readFileSync(path.join(folder, '.git/config'), 'utf8')).not.toContain('right-token-123');
    expect(fs.readFileSync(path.join(core.services.options.home, 'config.json'), 'utf8')).not.toContain('right-token-123');
  });

  it('uses credentials written into the URL for that clone only, and stores the URL without them', async () => {
    const core = newCore();
    const folder = path.join(tempDir(), 'inline');
    const url = secure.repoUrl('private').replace('http://', 'http://me:right-token-123@');
    const op = await runOp(core, 'workspaces.clone', { url, folder });
    expect(op.status, JSON.stringify(op.error)).toBe('succeeded');
    expect((op.result as { workspace: Workspace }).workspace.remoteUrl).toBe(secure.repoUrl('private'));
    expect(fs.readFileSync(path.join(folder, '.git/config'), 'utf8')).not.toContain('right-token-123');
    expect(JSON.stringify(op)).not.toContain('right-token-123');
  });
});

describe('cancelling a clone', () => {
  it('stops after the first progress event and leaves no folder (an empty target stays empty)', async () => {
    const big = await startGitServer();
    try {
      const files: Record<string, string> = {};
      for (let i = 0; i < 400; i++) files[`f/${i}.txt`] = `${i}\n`.repeat(200 + i);
      big.createBareRepo('big', { files });
      big.faults.delayMs = 50;
      const core = newCore();
      // A parent of its own: other test files create and delete siblings in /tmp at the same time.
      const parent = tempDir();
      const target = path.join(parent, 'target');
      fs.mkdirSync(target);
      const before = entries(parent);
      let cancelled: Promise<unknown> | null = null;
      let seenPhase = '';
      const { operationId } = await ok<{ operationId: string }>(core.call('workspaces.clone', { url: big.repoUrl('big'), folder: target }, 'test'));
      const unsubscribe = core.services.events.subscribe((name, payload) => {
        const op = payload as Operation;
        if (name === 'operation.updated' && op.id === operationId && !['starting', 'connecting'].includes(op.phase) && !cancelled) {
          seenPhase = op.phase;
          cancelled = core.call('operations.cancel', { operationId }, 'test');
        }
      });
      await core.services.operations.idle();
      unsubscribe();
      await cancelled;
      const op = await ok<Operation>(core.call('operations.get', { operationId }, 'test'));
      expect(op.status).toBe('cancelled');
      expect(seenPhase).not.toBe('');
      expect(op.error?.code).toBe('cancelled');
      expect(entries(target)).toEqual([]);
      expect(entries(parent)).toEqual(before);
      // The same folder can be cloned into afterwards.
      big.faults.delayMs = 0;
      const again = await runOp(core, 'workspaces.clone', { url: big.repoUrl('big'), folder: target });
      expect(again.status, JSON.stringify(again.error)).toBe('succeeded');
      await gitOk(target, 'fsck', '--full');
    } finally {
      await big.close();
    }
  });
});
