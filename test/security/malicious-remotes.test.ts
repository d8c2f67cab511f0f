import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '../../shared/domain';
import { ERROR_CODES } from '../../shared/errors';
import { newCore, ok, runOp } from '../support/core-harness';
import { startGitServer, type GitServer } from '../support/git-server';
import { cleanupTempDirs, gitCli, tempDir } from '../support/repo';
import { commitOnBranch, dir, file, link, tree, type RawEntry } from './raw-objects';

/**
 * Hostile remotes: trees git itself would refuse to check out, served by the real Git HTTP
 * server. Clone and pull must refuse them with `unsafe_path`, write nothing outside the
 * workspace, leave no half-made folder, and leave an existing workspace byte-identical.
 */
let server: GitServer;
let sentinel: string;
beforeAll(async () => {
  server = await startGitServer();
  sentinel = tempDir('reposync-sentinel-');
});
afterAll(async () => {
  await server.close();
  cleanupTempDirs();
});

const AUTHOR = { name: 'Test Author', email: 'author@example.test' };
const HOOK = '#!/bin/sh\ntouch /tmp/reposync-pwned\n';
const CONFIG = '[core]\n\thooksPath = /tmp\n\tfsmonitor = touch /tmp/reposync-pwned\n';

/** Each case: the hostile entries added beside a harmless README. */
const HOSTILE: Record<string, (g: string) => RawEntry[]> = {
  'dot-dot folder': (g) => [dir(g, '..', [file(g, 'escaped.txt', 'pwned\n')])],
  '../x as a name': (g) => [file(g, '../x', 'pwned\n')],
  '.git/config as a name': (g) => [file(g, '.git/config', CONFIG)],
  '.git folder': (g) => [dir(g, '.git', [file(g, 'config', CONFIG)])],
  '.GIT/hooks/x': (g) => [dir(g, '.GIT', [dir(g, 'hooks', [file(g, 'post-checkout', HOOK)])])],
  '".git " (trailing space)': (g) => [dir(g, '.git ', [file(g, 'config', CONFIG)])],
  '".git." (trailing dot)': (g) => [dir(g, '.git.', [file(g, 'config', CONFIG)])],
  'git~1 (NTFS short name)': (g) => [dir(g, 'git~1', [file(g, 'config', CONFIG)])],
  '.git::$INDEX_ALLOCATION (NTFS stream)': (g) => [dir(g, '.git::$INDEX_ALLOCATION', [file(g, 'config', CONFIG)])],
  '.g\\u200cit (HFS+ ignorable)': (g) => [dir(g, '.g\u200cit', [file(g, 'config', CONFIG)])],
  'absolute-looking name': (g) => [file(g, `${sentinel}/abs.txt`, 'pwned\n')],
  'backslash traversal': (g) => [file(g, '..\\..\\evil.txt', 'pwned\n')],
};

/**
 * Names that are legal on POSIX (native git on Linux checks them out) but that the engine's own
 * checkout refuses for every platform: only a pull is asserted to refuse them.
 */
const REFUSED_ON_PULL: Record<string, (g: string) => RawEntry[]> = {
  'drive-letter name': (g) => [file(g, 'C:evil.txt', 'pwned\n')],
};

let n = 0;
function hostileRepo(entries: (g: string) => RawEntry[]): string {
  const name = `evil-${++n}`;
  const { dir: g } = server.createBareRepo(name);
  const base = gitCli(g, 'rev-parse', 'main^{tree}').trim();
  const readme = gitCli(g, 'rev-parse', `${base}:README.md`).trim();
  const readmeEntry: RawEntry = { mode: '100644', name: 'README.md', oid: readme };
  const rawTree = tree(g, [readmeEntry, ...entries(g)].sort(byGitOrder));
  commitOnBranch(g, rawTree, 'main', 'hostile');
  return name;
}

/** git's tree order: names compared bytewise, folders as if they ended in "/". */
function byGitOrder(a: RawEntry, b: RawEntry): number {
  const key = (e: RawEntry) => Buffer.from(e.mode === '40000' ? `${e.name}/` : e.name);
  return Buffer.compare(key(a), key(b));
}

/** Byte hashes of what a refused update must not change: HEAD, the branch, the index, every working file. */
function snapshot(ws: string): Record<string, string> {
  const out: Record<string, string> = {};
  const hash = (b: Buffer) => createHash('sha1').update(b).digest('hex');
  out['.git/HEAD'] = fs.readFileSync(path.join(ws, '.git/HEAD'), 'utf8');
  out['HEAD@'] = gitCli(ws, 'rev-parse', 'HEAD').trim();
  out['.git/index'] = hash(fs.readFileSync(path.join(ws, '.git/index')));
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(ws, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (r === '.git') continue;
      if (e.isSymbolicLink()) out[r] = `link:${fs.readlinkSync(path.join(ws, r))}`;
      else if (e.isDirectory()) walk(r);
      else out[r] = hash(fs.readFileSync(path.join(ws, r)));
    }
  };
  walk('');
  return out;
}

const sentinelEmpty = () => expect(fs.readdirSync(sentinel)).toEqual([]);
const codes = new Set<string>(ERROR_CODES);

describe('clone of a hostile remote', () => {
  for (const [label, entries] of Object.entries(HOSTILE)) {
    it(`refuses ${label} with unsafe_path and leaves nothing behind`, async () => {
      const name = hostileRepo(entries);
      const core = newCore();
      const parent = tempDir();
      const folder = path.join(parent, 'clone');
      const op = await runOp(core, 'workspaces.clone', { url: server.repoUrl(name), folder });
      expect(op.status).toBe('failed');
      expect(op.error?.code, JSON.stringify(op.error)).toBe('unsafe_path');
      expect(fs.readdirSync(parent)).toEqual([]);
      sentinelEmpty();
      expect(fs.existsSync('/tmp/reposync-pwned')).toBe(false);
    });
  }
});

describe('pull of a hostile commit into a safe workspace', () => {
  for (const [label, entries] of Object.entries({ ...HOSTILE, ...REFUSED_ON_PULL })) {
    it(`refuses ${label} and leaves HEAD, index and files byte-identical`, async () => {
      const name = `base-${++n}`;
      const { dir: g } = server.createBareRepo(name, { files: { 'README.md': '# safe\n', 'src/a.txt': 'a\n' } });
      const core = newCore();
      const parent = tempDir();
      const folder = path.join(parent, 'ws');
      const cloned = await runOp(core, 'workspaces.clone', { url: server.repoUrl(name), folder });
      expect(cloned.status, JSON.stringify(cloned.error)).toBe('succeeded');
      const ws = (cloned.result as { workspace: Workspace }).workspace;

      const current = gitCli(g, 'rev-parse', 'main^{tree}').trim();
      const kept: RawEntry[] = gitCli(g, 'ls-tree', current)
        .trim()
        .split('\n')
        .map((line) => {
          const [meta, nm] = line.split('\t') as [string, string];
          const [mode, , oid] = meta.split(' ') as [string, string, string];
          return { mode: (mode === '040000' ? '40000' : mode) as RawEntry['mode'], name: nm, oid };
        });
      commitOnBranch(g, tree(g, [...kept, ...entries(g)].sort(byGitOrder)), 'main', 'hostile update');

      const before = snapshot(folder);
      const listing = fs.readdirSync(parent);
      const pulled = await runOp(core, 'sync.pull', { workspaceId: ws.id });
      expect(pulled.status).toBe('failed');
      expect(pulled.error?.code, JSON.stringify(pulled.error)).toBe('unsafe_path');
      expect(snapshot(folder)).toEqual(before);
      expect(fs.readdirSync(parent)).toEqual(listing);
      sentinelEmpty();

      // History reads of the hostile commit only read objects: they answer or refuse, never crash.
      const hostile = gitCli(g, 'rev-parse', 'main').trim();
      const detail = await core.call('history.commit', { workspaceId: ws.id, oid: hostile }, 'test');
      if (!detail.ok) expect(['unsafe_path', 'not_found']).toContain(detail.error.code);
      const fileAt = await core.call('history.fileAt', { workspaceId: ws.id, oid: hostile, path: '../x' }, 'test');
      expect(fileAt.ok ? 'ok' : fileAt.error.code).toMatch(/invalid_input|unsafe_path/);
      expect(snapshot(folder)).toEqual(before);
      sentinelEmpty();
    });
  }
});

describe('a symlink pointing outside, then a file under it', () => {
  // A tree holding both `out -> <outside>` and `out/pwned.txt` (git fsck calls it a duplicate entry).
  const dup = (g: string) => [link(g, 'out', sentinel), dir(g, 'out', [file(g, 'pwned.txt', 'pwned\n')])];

  it('in one tree: the clone refuses it or keeps the file inside; nothing goes through the link', async () => {
    const name = hostileRepo(dup);
    const parent = tempDir();
    const folder = path.join(parent, 'clone');
    const op = await runOp(newCore(), 'workspaces.clone', { url: server.repoUrl(name), folder });
    sentinelEmpty();
    if (op.status === 'failed') {
      expect(op.error!.code).toBe('unsafe_path');
      expect(fs.readdirSync(parent)).toEqual([]);
    } else {
      expect(op.status).toBe('succeeded');
      const out = fs.lstatSync(path.join(folder, 'out'));
      expect(out.isSymbolicLink()).toBe(false);
    }
  });

  it('across two commits: a pull onto a checked-out outward link never writes through it', async () => {
    const name = `twostep-${++n}`;
    const { dir: g } = server.createBareRepo(name);
    const readme: RawEntry = { mode: '100644', name: 'README.md', oid: gitCli(g, 'rev-parse', 'main:README.md').trim() };
    commitOnBranch(g, tree(g, [readme, link(g, 'out', sentinel)]), 'main', 'a link out (legal)');
    const core = newCore();
    const folder = path.join(tempDir(), 'ws');
    const cloned = await runOp(core, 'workspaces.clone', { url: server.repoUrl(name), folder });
    expect(cloned.status, JSON.stringify(cloned.error)).toBe('succeeded');
    const wsId = (cloned.result as { workspace: Workspace }).workspace.id;
    await ok(core.call('workspaces.update', { workspaceId: wsId, author: AUTHOR }, 'test'));
    commitOnBranch(g, tree(g, [readme, ...dup(g)].sort(byGitOrder)), 'main', 'file under the link');
    const before = snapshot(folder);
    const pulled = await runOp(core, 'sync.pull', { workspaceId: wsId });
    sentinelEmpty();
    if (pulled.status === 'failed') {
      expect(pulled.error!.code, JSON.stringify(pulled.error)).not.toBe('internal');
      expect(snapshot(folder)).toEqual(before);
    } else expect(fs.lstatSync(path.join(folder, 'out')).isSymbolicLink()).toBe(false);
  });
});

describe('odd but legal remotes', () => {
  it('applies a symlink → folder change as git does, without writing through the old link', async () => {
    const name = `relink-${++n}`;
    const { dir: g } = server.createBareRepo(name);
    const readme = gitCli(g, 'rev-parse', 'main:README.md').trim();
    const rd: RawEntry = { mode: '100644', name: 'README.md', oid: readme };
    commitOnBranch(g, tree(g, [rd, link(g, 'data', sentinel)]), 'main', 'data is a link');
    const core = newCore();
    const folder = path.join(tempDir(), 'ws');
    const cloned = await runOp(core, 'workspaces.clone', { url: server.repoUrl(name), folder });
    expect(cloned.status, JSON.stringify(cloned.error)).toBe('succeeded');
    expect(fs.readlinkSync(path.join(folder, 'data'))).toBe(sentinel);
    const wsId = (cloned.result as { workspace: Workspace }).workspace.id;
    await ok(core.call('workspaces.update', { workspaceId: wsId, author: AUTHOR }, 'test'));

    commitOnBranch(g, tree(g, [rd, dir(g, 'data', [file(g, 'inside.txt', 'inside\n')])]), 'main', 'data is a folder');
    const pulled = await runOp(core, 'sync.pull', { workspaceId: wsId });
    expect(pulled.status, JSON.stringify(pulled.error)).toBe('succeeded');
    sentinelEmpty();
    expect(fs.lstatSync(path.join(folder, 'data')).isDirectory()).toBe(true);

    // Native git, from the same two commits, is the reference.
    const native = path.join(tempDir(), 'native');
    gitCli(path.dirname(native), 'clone', '-q', g, native);
    const list = (d: string) => gitCli(d, 'ls-files', '-s').trim();
    expect(list(folder)).toBe(list(native));
    expect(fs.readFileSync(path.join(folder, 'data/inside.txt'), 'utf8')).toBe(fs.readFileSync(path.join(native, 'data/inside.txt'), 'utf8'));
    expect(gitCli(folder, 'status', '--porcelain')).toBe('');
  });

  const DEPTH = Number(process.env.DEEP_TREE_DEPTH ?? 200);
  it('a very deep tree clones or fails with a clear error; the process stays up', async () => {
    const name = `deep-${++n}`;
    const { dir: g } = server.createBareRepo(name);
    let inner: RawEntry = file(g, 'leaf.txt', 'deep\n');
    for (let i = 0; i < DEPTH; i++) inner = dir(g, 'd', [inner]);
    commitOnBranch(g, tree(g, [inner]), 'main', 'deep');
    const parent = tempDir();
    const op = await runOp(newCore(), 'workspaces.clone', { url: server.repoUrl(name), folder: path.join(parent, 'deep') });
    if (op.status === 'failed') {
      expect(codes.has(op.error!.code)).toBe(true);
      expect(op.error!.code).not.toBe('internal');
      expect(fs.readdirSync(parent)).toEqual([]);
    } else expect(op.status).toBe('succeeded');
  });

  it('a big blob (8 MiB) is cloned intact or refused clearly', async () => {
    const name = `big-${++n}`;
    const { dir: g } = server.createBareRepo(name);
    const big = Buffer.alloc(8 * 1024 * 1024, 'x');
    commitOnBranch(g, tree(g, [{ mode: '100644', name: 'big.bin', oid: file(g, 'big.bin', big.toString()).oid }]), 'main', 'big');
    const parent = tempDir();
    const folder = path.join(parent, 'big');
    const op = await runOp(newCore(), 'workspaces.clone', { url: server.repoUrl(name), folder });
    if (op.status === 'succeeded') expect(fs.statSync(path.join(folder, 'big.bin')).size).toBe(big.length);
    else {
      expect(op.error!.code).not.toBe('internal');
      expect(fs.readdirSync(parent)).toEqual([]);
    }
  });

  it('a circular symbolic ref (HEAD → a → b → a) is a clear error, not a hang or a crash', async () => {
    const name = `loop-${++n}`;
    const { dir: g } = server.createBareRepo(name);
    fs.writeFileSync(path.join(g, 'HEAD'), 'ref: refs/heads/a\n');
    fs.writeFileSync(path.join(g, 'refs/heads/a'), 'ref: refs/heads/b\n');
    fs.writeFileSync(path.join(g, 'refs/heads/b'), 'ref: refs/heads/a\n');
    fs.rmSync(path.join(g, 'refs/heads/main'), { force: true });
    fs.rmSync(path.join(g, 'packed-refs'), { force: true });
    const parent = tempDir();
    const op = await runOp(newCore(), 'workspaces.clone', { url: server.repoUrl(name), folder: path.join(parent, 'loop') });
    if (op.status === 'failed') {
      expect(codes.has(op.error!.code)).toBe(true);
      expect(op.error!.code).not.toBe('internal');
      expect(fs.readdirSync(parent)).toEqual([]);
    } else {
      // An advertisement without resolvable refs is an empty repository: that is a fine answer too.
      expect(op.status).toBe('succeeded');
    }
  });
});
