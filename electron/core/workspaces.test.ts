import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore } from '.';
import { cleanupTempDirs, gitCli, makeRepo, tempDir, writeFile } from '../../test/support/repo';
import type { WorkspaceStatus } from '../../shared/domain';

afterAll(cleanupTempDirs);

function newCore(home = tempDir('reposync-home-')) {
  return createCore({ home, mode: 'host', version: '0.0.0' });
}

async function ok<T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const res = await p;
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.value as T;
}

/** `git status --porcelain` as {path: kind}, the reference our status must agree with. */
function porcelain(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of gitCli(dir, 'status', '--porcelain', '--untracked-files=all').split('\n').filter(Boolean)) {
    const [x, y] = [line[0], line[1]];
    const file = line.slice(3);
    out[file] =
      x === '?' ? 'untracked' : x === 'A' ? 'added' : x === 'D' || y === 'D' ? 'deleted' : x === 'U' || y === 'U' ? 'conflicted' : 'modified';
  }
  return out;
}

describe('workspaces: add, list, status, remove', () => {
  it('adds a repo folder, reports its changes exactly like git, and forgets it without touching the folder', async () => {
    const dir = makeRepo({ 'README.md': '# hi\n', 'src/a.txt': 'a\n', 'src/b.txt': 'b\n', 'gone.txt': 'x\n', 'staged-mod.txt': '1\n' });
    gitCli(dir, 'remote', 'add', 'origin', 'https://bob:hunter2@example.test/team/site.git');
    writeFile(dir, 'src/a.txt', 'a changed\n');
    fs.rmSync(path.join(dir, 'gone.txt'));
    writeFile(dir, 'new/untracked.txt', 'new\n');
    writeFile(dir, 'added.txt', 'added\n');
    gitCli(dir, 'add', 'added.txt');
    writeFile(dir, 'staged-mod.txt', '2\n');
    gitCli(dir, 'add', 'staged-mod.txt');
    writeFile(dir, '.gitignore', 'ignored.log\n');
    writeFile(dir, 'ignored.log', 'noise\n');

    const core = newCore();
    const ws = await ok<{ id: string; branch: string; remoteUrl: string; name: string }>(
      core.call('workspaces.add', { path: dir }, 'test'),
    );
    expect(ws.branch).toBe('main');
    expect(ws.remoteUrl).toBe('https://example.test/team/site.git');
    expect(ws.name).toBe(path.basename(dir));

    const list = await ok<Array<{ id: string }>>(core.call('workspaces.list', {}, 'test'));
    expect(list.map((w) => w.id)).toEqual([ws.id]);

    const status = await ok<WorkspaceStatus>(core.call('workspaces.status', { workspaceId: ws.id }, 'test'));
    expect(status.branch).toBe('main');
    expect(status.head?.oid).toBe(gitCli(dir, 'rev-parse', 'HEAD').trim());
    expect(status.head?.subject).toBe('initial commit');
    const ours = Object.fromEntries(status.files.map((f) => [f.path, f.kind]));
    expect(ours).toEqual(porcelain(dir));
    expect(ours['ignored.log']).toBeUndefined();
    expect(status.files.find((f) => f.path === 'added.txt')?.staged).toBe(true);
    expect(status.files.find((f) => f.path === 'src/a.txt')?.staged).toBe(false);

    const before = gitCli(dir, 'status', '--porcelain');
    await ok(core.call('workspaces.remove', { workspaceId: ws.id }, 'test'));
    expect(await ok<unknown[]>(core.call('workspaces.list', {}, 'test'))).toEqual([]);
    expect(gitCli(dir, 'status', '--porcelain')).toBe(before);
    expect(fs.existsSync(path.join(dir, '.git'))).toBe(true);
  });

  it('persists workspaces across restarts', async () => {
    const home = tempDir('reposync-home-');
    const dir = makeRepo();
    const first = newCore(home);
    const ws = await ok<{ id: string }>(first.call('workspaces.add', { path: dir, group: 'docs' }, 'test'));
    const second = newCore(home);
    const list = await ok<Array<{ id: string; group: string }>>(second.call('workspaces.list', {}, 'test'));
    expect(list).toMatchObject([{ id: ws.id, group: 'docs' }]);
    const onDisk = fs.readFileSync(path.join(home, 'config.json'), 'utf8');
    expect(onDisk).not.toMatch(/hunter2/);
  });

  it('limits status to the path prefix', async () => {
    const dir = makeRepo({ 'site/index.html': '<p>1</p>\n', 'other/x.txt': 'x\n' });
    writeFile(dir, 'site/index.html', '<p>2</p>\n');
    writeFile(dir, 'other/x.txt', 'y\n');
    const core = newCore();
    const ws = await ok<{ id: string }>(core.call('workspaces.add', { path: dir, pathPrefix: '/site/' }, 'test'));
    const status = await ok<WorkspaceStatus>(core.call('workspaces.status', { workspaceId: ws.id }, 'test'));
    expect(status.files.map((f) => f.path)).toEqual(['site/index.html']);
  });

  it('reports an empty repository with no commit yet', async () => {
    const dir = tempDir();
    gitCli(dir, 'init', '-q', '-b', 'main');
    writeFile(dir, 'first.txt', '1\n');
    const core = newCore();
    const ws = await ok<{ id: string }>(core.call('workspaces.add', { path: dir }, 'test'));
    const status = await ok<WorkspaceStatus>(core.call('workspaces.status', { workspaceId: ws.id }, 'test'));
    expect(status.head).toBeNull();
    expect(status.branch).toBe('main');
    expect(status.files).toEqual([{ path: 'first.txt', kind: 'untracked', staged: false }]);
  });

  it('refuses a folder that is not a repository, a missing folder, a duplicate and a bad prefix with clear codes', async () => {
    const core = newCore();
    const plain = tempDir();
    expect(await core.call('workspaces.add', { path: plain }, 'test')).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: expect.stringContaining('not a Git repository') },
    });
    expect(await core.call('workspaces.add', { path: path.join(plain, 'missing') }, 'test')).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const dir = makeRepo();
    await ok(core.call('workspaces.add', { path: dir }, 'test'));
    expect(await core.call('workspaces.add', { path: dir + '/' }, 'test')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await core.call('workspaces.add', { path: makeRepo(), pathPrefix: '../etc' }, 'test')).toMatchObject({
      ok: false,
      error: { code: 'unsafe_path' },
    });
    expect(await core.call('workspaces.status', { workspaceId: 'no-such-id' }, 'test')).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await core.call('workspaces.add', { path: '' }, 'test')).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', details: { field: 'path' } },
    });
  });
});

describe('settings file', () => {
  it('keeps every readable workspace when one record is damaged, and keeps a copy of the original', async () => {
    const home = tempDir('reposync-home-');
    const dir = makeRepo();
    const core = newCore(home);
    await ok(core.call('workspaces.add', { path: dir }, 'test'));
    const file = path.join(home, 'config.json');
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    doc.workspaces.push({ id: 'broken', name: 42 });
    fs.writeFileSync(file, JSON.stringify(doc));
    const list = await ok<Array<{ path: string }>>(newCore(home).call('workspaces.list', {}, 'test'));
    expect(list.map((w) => w.path)).toEqual([dir]);
    expect(fs.readFileSync(`${file}.unreadable`, 'utf8')).toContain('broken');
  });
});
