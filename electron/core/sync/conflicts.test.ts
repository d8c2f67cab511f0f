import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir } from '../../../test/support/repo';
import type { MergeConflicts, PullResult } from '../../../shared/contract/merge';
import type { WorkspaceStatus } from '../../../shared/domain';
import { createCore } from '../index';
import { commitFiles, fsck, gitCli, makePair, parents, porcelain, pull, read, stateHash, testContext, gitFetch, writeFile, AUTHOR } from './merge-fixtures';
import { resolveConflict } from './conflicts';
import { completeMerge } from './merge-complete';
import { pullWorkspace } from './pull';
import { mergeStateFile } from './merge-state';

afterAll(cleanupTempDirs);

const PNG_A = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]);
const PNG_OURS = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 9, 9, 9]);
const PNG_THEIRS = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 7, 7, 7, 7]);

async function ok<T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const res = await p;
  if (!res.ok) throw Object.assign(new Error(JSON.stringify(res.error)), res.error as object);
  return res.value as T;
}

/** Both sides edit the same things in every way a merge can conflict, plus clean changes. */
async function conflictedPair() {
  const p = await makePair({
    'text.txt': 'line1\nline2\nline3\n', 'mod-del.txt': 'md\n', 'del-mod.txt': 'dm\n', 'img.bin': PNG_A, 'other.txt': 'o\n', 'keep.txt': 'k\n',
  });
  const theirs = commitFiles(p.upstream, {
    'text.txt': 'line1\ntheirs2\nline3\n', 'mod-del.txt': null, 'del-mod.txt': 'dm theirs\n', 'add-add.txt': 'theirs add\n', 'img.bin': PNG_THEIRS,
    'other.txt': 'o theirs\n', 'new.txt': 'new\n',
  });
  const ours = commitFiles(p.local, {
    'text.txt': 'line1\nours2\nline3\n', 'mod-del.txt': 'md ours\n', 'del-mod.txt': null, 'add-add.txt': 'ours add\n', 'img.bin': PNG_OURS,
  });
  return { ...p, ours, theirs };
}

/** What native git does with the same merge (diff3 style), the reference for status and markers. */
function nativeMerge(local: string, upstream: string): { dir: string; status: string[] } {
  const dir = path.join(tempDir('reposync-native-'), 'clone');
  gitCli(path.dirname(dir), 'clone', '-q', local, dir);
  gitCli(dir, 'fetch', '-q', upstream, 'main');
  try {
    gitCli(dir, '-c', 'merge.conflictstyle=diff3', '-c', 'user.name=x', '-c', 'user.email=x@x', 'merge', '-q', '--no-edit', 'FETCH_HEAD');
  } catch {
    // exits 1 on conflicts, as expected
  }
  return { dir, status: porcelain(dir) };
}

describe('conflicts: the matrix', () => {
  it('declares every kind of conflict like git, with diff3 markers, stages and a merge state', async () => {
    const p = await conflictedPair();
    const r = (await pull(p)) as PullResult;
    expect(r.outcome).toBe('conflicted');
    expect(r.commit).toBe(p.ours);
    expect(r.conflicting).toEqual(['add-add.txt', 'del-mod.txt', 'img.bin', 'mod-del.txt', 'text.txt']);
    expect(r.created).toEqual(['new.txt']);
    expect(r.updated).toEqual(['other.txt']);
    expect(gitCli(p.local, 'rev-parse', 'HEAD').trim()).toBe(p.ours);

    const native = nativeMerge(p.local, p.upstream);
    expect(porcelain(p.local)).toEqual(native.status);
    expect(porcelain(p.local)).toEqual(['A  new.txt', 'AA add-add.txt', 'DU del-mod.txt', 'M  other.txt', 'UD mod-del.txt', 'UU img.bin', 'UU text.txt']);
    const label = (s: string) => s.replace(/^<<<<<<< .*$/m, '<<<<<<< ours').replace(/^\|\|\|\|\|\|\| .*$/m, '||||||| base').replace(/^>>>>>>> .*$/m, '>>>>>>> theirs');
    expect(read(p.local, 'text.txt')).toBe('line1\n<<<<<<< ours\nours2\n||||||| base\nline2\n=======\ntheirs2\n>>>>>>> theirs\nline3\n');
    expect(read(p.local, 'text.txt')).toBe(label(read(native.dir, 'text.txt')));
    expect(fs.readFileSync(path.join(p.local, 'img.bin'))).toEqual(PNG_OURS);
    expect(read(p.local, 'mod-del.txt')).toBe('md ours\n');
    expect(read(p.local, 'del-mod.txt')).toBe('dm theirs\n');
    for (const stage of ['1', '2', '3']) {
      expect(gitCli(p.local, 'show', `:${stage}:text.txt`)).toBe(gitCli(native.dir, 'show', `:${stage}:text.txt`));
    }
    expect(read(p.local, '.git/MERGE_HEAD').trim()).toBe(p.theirs);

    const state = JSON.parse(fs.readFileSync(mergeStateFile(p.local), 'utf8'));
    expect(state).toMatchObject({ oursOid: p.ours, theirsOid: p.theirs, branch: 'main', backupRef: `refs/reposync/backups/${r.backupId}` });
    expect(state.baseOid).toBe(gitCli(p.local, 'merge-base', p.ours, p.theirs).trim());
    expect(state.paths).toEqual([
      { path: 'add-add.txt', kind: 'added_by_both', binary: false },
      { path: 'del-mod.txt', kind: 'deleted_by_us', binary: false },
      { path: 'img.bin', kind: 'both_modified', binary: true },
      { path: 'mod-del.txt', kind: 'deleted_by_them', binary: false },
      { path: 'text.txt', kind: 'both_modified', binary: false },
    ]);
    // A second pull is refused until the merge is finished.
    await expect(pull(p)).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('conflicts: resolve, complete, restart', () => {
  it('survives a new core, lists sides, resolves each path and completes with two parents', async () => {
    const p = await conflictedPair();
    const home = tempDir('reposync-home-');
    const first = createCore({ home, mode: 'host', version: '0.0.0' });
    const ws = await first.services.workspaces.add({ path: p.local, author: AUTHOR });
    await pullWorkspace(first.services, ws, {}, testContext(), gitFetch);

    // A restart: a brand-new core on the same data folder.
    const core = createCore({ home, mode: 'host', version: '0.0.0' });
    const status = await ok<WorkspaceStatus>(core.call('workspaces.status', { workspaceId: ws.id }, 'test'));
    expect(status.state).toBe('conflicted');
    expect(status.conflicts).toEqual(['add-add.txt', 'del-mod.txt', 'img.bin', 'mod-del.txt', 'text.txt']);

    const c = await ok<MergeConflicts>(core.call('sync.conflicts', { workspaceId: ws.id }, 'test'));
    expect(c).toMatchObject({ merging: true, branch: 'main', oursOid: p.ours, theirsOid: p.theirs });
    const byPath = Object.fromEntries(c.paths.map((x) => [x.path, x]));
    expect(byPath['text.txt']).toEqual({ path: 'text.txt', kind: 'both_modified', binary: false, tooLarge: false, base: 'line1\nline2\nline3\n', ours: 'line1\nours2\nline3\n', theirs: 'line1\ntheirs2\nline3\n', resolution: null });
    expect(byPath['img.bin']).toMatchObject({ binary: true, base: null, ours: null, theirs: null });
    expect(byPath['del-mod.txt']).toMatchObject({ kind: 'deleted_by_us', base: 'dm\n', ours: null, theirs: 'dm theirs\n' });
    expect(byPath['add-add.txt']).toMatchObject({ kind: 'added_by_both', base: null, ours: 'ours add\n', theirs: 'theirs add\n' });

    const call = (channel: string, input: object) => core.call(channel, { workspaceId: ws.id, ...input }, 'test');
    expect((await call('sync.resolve', { path: 'img.bin', resolution: { merged: 'x' } })).ok).toBe(false);
    expect(await call('sync.resolve', { path: 'nope.txt', resolution: 'ours' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call('sync.resolve', { path: 'text.txt', resolution: { merged: 'a\n<<<<<<< ours\nb\n=======\nc\n>>>>>>> theirs\n' } })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await ok(call('sync.resolve', { path: 'text.txt', resolution: { merged: 'line1\nmerged by hand\nline3\n' } }));
    await ok(call('sync.resolve', { path: 'img.bin', resolution: 'theirs' }));
    await ok(call('sync.resolve', { path: 'mod-del.txt', resolution: 'theirs' }));
    const left = await ok<{ unresolved: string[] }>(call('sync.resolve', { path: 'del-mod.txt', resolution: 'ours' }));
    expect(left.unresolved).toEqual(['add-add.txt']);
    const refused = await call('sync.completeMerge', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', details: { files: ['add-add.txt'] } } });
    expect(await call('sync.completeMerge', { push: true })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    // Another restart between resolving and completing keeps the choices.
    const again = createCore({ home, mode: 'host', version: '0.0.0' });
    await ok(again.call('sync.resolve', { workspaceId: ws.id, path: 'add-add.txt', resolution: 'ours' }, 'test'));
    const done = await ok<{ commit: string; pushed: boolean }>(again.call('sync.completeMerge', { workspaceId: ws.id, message: 'Merge, resolved by hand' }, 'test'));
    expect(done.pushed).toBe(false);
    expect(gitCli(p.local, 'rev-parse', 'HEAD').trim()).toBe(done.commit);
    expect(parents(p.local)).toEqual([p.ours, p.theirs]);
    expect(gitCli(p.local, 'show', '-s', '--format=%an|%s', 'HEAD').trim()).toBe('Robin Sync|Merge, resolved by hand');
    expect(gitCli(p.local, 'show', 'HEAD:text.txt')).toBe('line1\nmerged by hand\nline3\n');
    expect(read(p.local, 'text.txt')).toBe('line1\nmerged by hand\nline3\n');
    expect(fs.readFileSync(path.join(p.local, 'img.bin'))).toEqual(PNG_THEIRS);
    expect(Buffer.from(gitCli(p.local, 'cat-file', '-s', 'HEAD:img.bin').trim())).toEqual(Buffer.from(String(PNG_THEIRS.length)));
    expect(gitCli(p.local, 'ls-tree', '--name-only', 'HEAD').split('\n').filter(Boolean)).toEqual(['add-add.txt', 'img.bin', 'keep.txt', 'new.txt', 'other.txt', 'text.txt']);
    expect(read(p.local, 'add-add.txt')).toBe('ours add\n');
    expect(fs.existsSync(path.join(p.local, 'mod-del.txt'))).toBe(false);
    expect(fs.existsSync(path.join(p.local, 'del-mod.txt'))).toBe(false);
    expect(porcelain(p.local)).toEqual([]);
    expect(fs.existsSync(path.join(p.local, '.git', 'MERGE_HEAD'))).toBe(false);
    expect(fs.existsSync(mergeStateFile(p.local))).toBe(false);
    expect((await ok<MergeConflicts>(again.call('sync.conflicts', { workspaceId: ws.id }, 'test'))).merging).toBe(false);
    fsck(p.local);
  });

  it('accepts a path resolved with the git CLI (git add) when completing', async () => {
    const p = await conflictedPair();
    await pull(p);
    writeFile(p.local, 'text.txt', 'edited in an editor\n');
    gitCli(p.local, 'add', 'text.txt', 'add-add.txt', 'img.bin', 'mod-del.txt', 'del-mod.txt');
    const core = createCore({ home: tempDir('reposync-home-'), mode: 'host', version: '0.0.0' });
    const ws = await core.services.workspaces.add({ path: p.local, author: AUTHOR });
    await ok(core.call('sync.completeMerge', { workspaceId: ws.id }, 'test'));
    expect(gitCli(p.local, 'show', 'HEAD:text.txt')).toBe('edited in an editor\n');
    expect(parents(p.local)).toEqual([p.ours, p.theirs]);
    expect(porcelain(p.local)).toEqual([]);
  });
});

describe('conflicts: abort', () => {
  it('restores HEAD, index and every working file byte-identical to before the pull', async () => {
    const p = await conflictedPair();
    writeFile(p.local, 'keep.txt', 'uncommitted edit the pull does not touch\n');
    writeFile(p.local, 'scratch/untracked.txt', 'untracked\n');
    writeFile(p.local, 'staged.txt', 'staged new file\n');
    gitCli(p.local, 'add', 'staged.txt');
    writeFile(p.local, '.gitignore', 'build/\n');
    writeFile(p.local, 'build/out.o', 'ignored output\n');
    const before = stateHash(p.local, { excludeRefs: ['refs/remotes/'] });
    expect(((await pull(p)) as PullResult).outcome).toBe('conflicted');
    expect(stateHash(p.local, { excludeRefs: ['refs/remotes/'] })).not.toEqual(before);

    const core = createCore({ home: tempDir('reposync-home-'), mode: 'host', version: '0.0.0' });
    const ws = await core.services.workspaces.add({ path: p.local, author: AUTHOR });
    const res = await ok<{ head: string }>(core.call('sync.abortMerge', { workspaceId: ws.id }, 'test'));
    expect(res.head).toBe(p.ours);
    expect(stateHash(p.local, { excludeRefs: ['refs/remotes/'] })).toEqual(before);
    expect(fs.existsSync(mergeStateFile(p.local))).toBe(false);
    expect(porcelain(p.local)).toEqual(['?? .gitignore', '?? scratch/untracked.txt', 'A  staged.txt', ' M keep.txt'].sort());
    fsck(p.local);
  });
});

describe('conflicts under core.autocrlf=true: written with CRLF as git writes them, stored with LF', () => {
  it('conflict markers, take-theirs, keep-mine and merged text', async () => {
    const p = await makePair({ 'm.txt': 'one\ntwo\n', 't.txt': 'base\n', 'o.txt': 'base\n' });
    gitCli(p.local, 'config', 'core.autocrlf', 'true');
    commitFiles(p.upstream, { 'm.txt': 'one\nTHEIRS\n', 't.txt': 'theirs\n', 'o.txt': 'theirs\n' });
    commitFiles(p.local, { 'm.txt': 'one\nOURS\n', 't.txt': 'ours\n', 'o.txt': 'ours\n' });
    const r = (await pull(p)) as PullResult;
    expect(r.outcome).toBe('conflicted');
    const marked = fs.readFileSync(path.join(p.local, 'm.txt'), 'latin1');
    expect(marked).toContain('<<<<<<<');
    expect(marked.replace(/\r\n/g, '')).not.toContain('\n'); // every line ends with CRLF
    await resolveConflict(p.local, 't.txt', 'theirs');
    await resolveConflict(p.local, 'o.txt', 'ours');
    await resolveConflict(p.local, 'm.txt', { merged: 'one\r\nboth\r\n' });
    await completeMerge(p.local, AUTHOR);
    expect(fs.readFileSync(path.join(p.local, 't.txt'), 'latin1')).toBe('theirs\r\n');
    expect(fs.readFileSync(path.join(p.local, 'o.txt'), 'latin1')).toBe('ours\r\n');
    expect(fs.readFileSync(path.join(p.local, 'm.txt'), 'latin1')).toBe('one\r\nboth\r\n');
    expect(gitCli(p.local, 'show', 'HEAD:m.txt')).toBe('one\nboth\n');
    expect(porcelain(p.local)).toEqual([]);
    fsck(p.local);
  });
});
