import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs } from '../../../test/support/repo';
import type { PullPreview, PullResult } from '../../../shared/contract/merge';
import { type Pair, commitFiles, fsck, gitCli, gitFetch, makePair, parents, porcelain, pull, read, stateHash, testContext, writeFile } from './merge-fixtures';
import { fastStatus, forgetStatusCache } from '../git/status-fast';
import { pullWorkspace } from './pull';
import { undoSync } from './undo';

afterAll(cleanupTempDirs);

const head = (dir: string) => gitCli(dir, 'rev-parse', 'HEAD').trim();

describe('pull: fast-forward and merge', () => {
  it('fast-forwards: creates, updates and deletes files exactly like the remote, index clean, fsck clean', async () => {
    const p = await makePair({ 'a.txt': 'a\n', 'gone.txt': 'bye\n', 'dir/keep.txt': 'k\n' });
    writeFile(p.upstream, 'run.sh', '#!/bin/sh\n');
    fs.chmodSync(path.join(p.upstream, 'run.sh'), 0o755);
    const theirs2 = commitFiles(p.upstream, { 'a.txt': 'a2\n', 'gone.txt': null, 'new/deep/ünï.txt': 'unicode\n' });
    writeFile(p.local, 'notes.local', 'my untracked notes\n');
    const r = (await pull(p)) as PullResult;
    expect(r.outcome).toBe('fast_forward');
    expect(r.commit).toBe(theirs2);
    expect(head(p.local)).toBe(theirs2);
    expect(r.created.sort()).toEqual(['new/deep/ünï.txt', 'run.sh']);
    expect(r.updated).toEqual(['a.txt']);
    expect(r.deleted).toEqual(['gone.txt']);
    expect(read(p.local, 'a.txt')).toBe('a2\n');
    expect(fs.existsSync(path.join(p.local, 'gone.txt'))).toBe(false);
    expect(fs.statSync(path.join(p.local, 'run.sh')).mode & 0o111).not.toBe(0);
    expect(porcelain(p.local)).toEqual(['?? notes.local']);
    expect(gitCli(p.local, 'diff-index', '--cached', 'HEAD')).toBe('');
    fsck(p.local);
    expect(r.backupId).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('says up_to_date and touches nothing when the remote has nothing new', async () => {
    const p = await makePair({ 'a.txt': 'a\n' });
    commitFiles(p.local, { 'local.txt': 'ahead\n' });
    const before = stateHash(p.local);
    const r = (await pull(p)) as PullResult;
    expect(r).toMatchObject({ outcome: 'up_to_date', backupId: null, commit: head(p.local) });
    expect(stateHash(p.local)).toEqual(before);
  });

  it('makes a merge commit with two parents [ours, theirs] when both sides moved', async () => {
    const p = await makePair({ 'a.txt': 'one\ntwo\nthree\nfour\nfive\n', 'b.txt': 'b\n' });
    const theirs = commitFiles(p.upstream, { 'a.txt': 'one\ntwo\nthree\nfour\nFIVE\n', 'c.txt': 'c\n' });
    const ours = commitFiles(p.local, { 'a.txt': 'ONE\ntwo\nthree\nfour\nfive\n', 'b.txt': null });
    const r = (await pull(p)) as PullResult;
    expect(r.outcome).toBe('merged');
    expect(parents(p.local)).toEqual([ours, theirs]);
    expect(read(p.local, 'a.txt')).toBe('ONE\ntwo\nthree\nfour\nFIVE\n');
    expect(read(p.local, 'c.txt')).toBe('c\n');
    expect(fs.existsSync(path.join(p.local, 'b.txt'))).toBe(false);
    expect(r.updated).toEqual(['a.txt']);
    expect(r.created).toEqual(['c.txt']);
    expect(porcelain(p.local)).toEqual([]);
    expect(gitCli(p.local, 'show', '-s', '--format=%an <%ae>|%s', 'HEAD').trim()).toBe("Robin Sync <robin@example.test>|Merge remote-tracking branch 'origin/main'");
    expect(gitCli(p.local, 'log', '--graph', '--oneline').split('\n')[0]).toMatch(/^\*   /);
    fsck(p.local);
  });

  it('ff-only refuses a needed merge with non_fast_forward and changes nothing', async () => {
    const p = await makePair({ 'a.txt': 'a\n' });
    commitFiles(p.upstream, { 'b.txt': 'b\n' });
    commitFiles(p.local, { 'c.txt': 'c\n' });
    const before = stateHash(p.local, { excludeRefs: ['refs/remotes/'] });
    await expect(pull(p, { strategy: 'ff-only' })).rejects.toMatchObject({ code: 'non_fast_forward' });
    expect(stateHash(p.local, { excludeRefs: ['refs/remotes/'] })).toEqual(before);
    expect(gitCli(p.local, 'for-each-ref', 'refs/reposync')).toBe('');
  });

  it('ff-only fast-forwards when it can', async () => {
    const p = await makePair({ 'a.txt': 'a\n' });
    const theirs = commitFiles(p.upstream, { 'b.txt': 'b\n' });
    expect(((await pull(p, { strategy: 'ff-only' })) as PullResult).outcome).toBe('fast_forward');
    expect(head(p.local)).toBe(theirs);
  });
});

describe('pull: dry run', () => {
  it('reports what would change and leaves HEAD, refs, index and every file byte-identical', async () => {
    const p = await makePair({ 'a.txt': 'base\n', 'b.txt': 'b\n', 'c.txt': 'c\n', 'd.txt': 'd\n' });
    const theirs = commitFiles(p.upstream, { 'a.txt': 'theirs\n', 'b.txt': 'b2\n', 'c.txt': null, 'n.txt': 'n\n' });
    commitFiles(p.local, { 'a.txt': 'ours\n' });
    writeFile(p.local, 'b.txt', 'dirty local edit\n');
    writeFile(p.local, 'untracked.txt', 'u\n');
    const before = stateHash(p.local, { excludeRefs: ['refs/remotes/'] });
    const r = (await pull(p, { dryRun: true })) as PullPreview;
    expect(r).toEqual({
      dryRun: true, created: ['n.txt'], updated: ['b.txt'], deleted: ['c.txt'], conflicting: ['a.txt'],
      fastForward: false, upToDate: false, blockedBy: ['b.txt'],
    });
    expect(stateHash(p.local, { excludeRefs: ['refs/remotes/'] })).toEqual(before);
    // Like `git fetch`, only the remote-tracking ref moved.
    expect(gitCli(p.local, 'rev-parse', 'refs/remotes/origin/main').trim()).toBe(theirs);
    expect(gitCli(p.local, 'for-each-ref', 'refs/reposync')).toBe('');
  });

  it('reports a fast-forward and up-to-date', async () => {
    const p = await makePair({ 'a.txt': 'a\n' });
    expect(await pull(p, { dryRun: true })).toMatchObject({ upToDate: true, fastForward: false });
    commitFiles(p.upstream, { 'a.txt': 'b\n' });
    expect(await pull(p, { dryRun: true })).toMatchObject({ upToDate: false, fastForward: true, updated: ['a.txt'] });
  });
});

describe('pull: per-path choices', () => {
  it('useTheirs / useOurs settle would-be conflicts before any is declared', async () => {
    const p = await makePair({ 'x.txt': 'x\n', 'y.txt': 'y\n', 'cfg/one.txt': '1\n', 'cfg/two.txt': '2\n' });
    const theirs = commitFiles(p.upstream, { 'x.txt': 'x theirs\n', 'y.txt': 'y theirs\n', 'cfg/one.txt': '1 theirs\n', 'cfg/two.txt': '2 theirs\n' });
    const ours = commitFiles(p.local, { 'x.txt': 'x ours\n', 'y.txt': 'y ours\n', 'cfg/one.txt': '1 ours\n', 'cfg/two.txt': '2 ours\n' });
    const r = (await pull(p, { useTheirs: ['x.txt', 'cfg'], useOurs: ['y.txt'] })) as PullResult;
    expect(r.outcome).toBe('merged');
    expect(r.conflicting).toEqual([]);
    expect(parents(p.local)).toEqual([ours, theirs]);
    expect([read(p.local, 'x.txt'), read(p.local, 'y.txt'), read(p.local, 'cfg/one.txt'), read(p.local, 'cfg/two.txt')]).toEqual([
      'x theirs\n', 'y ours\n', '1 theirs\n', '2 theirs\n',
    ]);
    expect(gitCli(p.local, 'show', 'HEAD:y.txt')).toBe('y ours\n');
    expect(porcelain(p.local)).toEqual([]);
    fsck(p.local);
  });

  it('rejects a path in both lists', async () => {
    const p = await makePair({ 'x.txt': 'x\n' });
    await expect(pull(p, { useTheirs: ['x.txt'], useOurs: ['x.txt'] })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('pull: local changes', () => {
  it('sees a change staged during the fetch, though the index was parsed before it (primeIndex)', async () => {
    const p = await makePair({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    commitFiles(p.upstream, { 'a.txt': 'A\n' });
    // An index written long ago: its parse before the fetch is kept for reuse (index-file.ts).
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(p.local, '.git', 'index'), old, old);
    await new Promise((r) => setTimeout(r, 150));
    const stageDuringFetch: typeof gitFetch = async (services, ws, ctx) => {
      await new Promise((r) => setTimeout(r, 50)); // the parse has run by now
      writeFile(p.local, 'a.txt', 'staged\n');
      gitCli(p.local, 'add', 'a.txt');
      writeFile(p.local, 'a.txt', 'a\n'); // the working file back at HEAD: only the index differs
      return gitFetch(services, ws, ctx);
    };
    const err = await pullWorkspace(p.services, p.ws, {}, testContext(), stageDuringFetch).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'dirty_worktree', details: { files: ['a.txt'] } });
    expect(gitCli(p.local, 'show', ':a.txt')).toBe('staged\n');
    expect(read(p.local, 'a.txt')).toBe('a\n');
  });

  it('refuses with dirty_worktree listing the touched dirty files; untouched edits may stay', async () => {
    const p = await makePair({ 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n', 'other.txt': 'o\n' });
    commitFiles(p.upstream, { 'a.txt': 'A\n', 'b.txt': 'B\n', 'new.txt': 'remote new\n', 'c.txt': null });
    writeFile(p.local, 'a.txt', 'edited\n');
    writeFile(p.local, 'b.txt', 'staged\n');
    gitCli(p.local, 'add', 'b.txt');
    writeFile(p.local, 'new.txt', 'my own new file\n');
    fs.rmSync(path.join(p.local, 'c.txt'));
    writeFile(p.local, 'other.txt', 'untouched edit\n');
    const before = stateHash(p.local, { excludeRefs: ['refs/remotes/'] });
    const err = await pull(p).catch((e: unknown) => e);
    // c.txt is deleted here and upstream alike: like git, that deletion does not block.
    expect(err).toMatchObject({ code: 'dirty_worktree', details: { files: ['a.txt', 'b.txt', 'new.txt'] } });
    expect(stateHash(p.local, { excludeRefs: ['refs/remotes/'] })).toEqual(before);

    // Without the blocking edits the pull goes through and keeps the untouched edit.
    gitCli(p.local, 'checkout', '--', 'a.txt', 'c.txt');
    gitCli(p.local, 'reset', '-q', 'b.txt');
    gitCli(p.local, 'checkout', '--', 'b.txt');
    fs.rmSync(path.join(p.local, 'new.txt'));
    const r = (await pull(p)) as PullResult;
    expect(r.outcome).toBe('fast_forward');
    expect(read(p.local, 'other.txt')).toBe('untouched edit\n');
    expect(porcelain(p.local)).toEqual([' M other.txt']);
  });

  it('a file deleted here and in the merged branch does not block the pull, staged or not', async () => {
    const p = await makePair({ 'gone.txt': 'g\n', 'staged-gone.txt': 's\n', 'keep.txt': 'k\n' });
    commitFiles(p.upstream, { 'gone.txt': null, 'staged-gone.txt': null, 'keep.txt': 'K\n' });
    fs.rmSync(path.join(p.local, 'gone.txt'));
    gitCli(p.local, 'rm', '-q', 'staged-gone.txt');
    const r = (await pull(p)) as PullResult;
    expect(r.outcome).toBe('fast_forward');
    expect(porcelain(p.local)).toEqual([]);
    expect(read(p.local, 'keep.txt')).toBe('K\n');
    expect(gitCli(p.local, 'ls-files').split('\n').filter(Boolean)).toEqual(['keep.txt']);
    fsck(p.local);
  });

  it("localChanges: 'commit' commits all local work with the workspace author, then merges", async () => {
    const p = await makePair({ 'a.txt': 'one\ntwo\nthree\n', 'b.txt': 'b\n' });
    const theirs = commitFiles(p.upstream, { 'a.txt': 'one\ntwo\nTHREE\n' });
    const before = head(p.local);
    writeFile(p.local, 'a.txt', 'ONE\ntwo\nthree\n');
    writeFile(p.local, 'mine.txt', 'untracked but mine\n');
    const r = (await pull(p, { localChanges: 'commit' })) as PullResult;
    expect(r.outcome).toBe('merged');
    const [ours, theirsParent] = parents(p.local);
    expect(theirsParent).toBe(theirs);
    expect(parents(p.local, ours!)).toEqual([before]);
    expect(gitCli(p.local, 'show', '-s', '--format=%an <%ae>', ours!).trim()).toBe('Robin Sync <robin@example.test>');
    expect(gitCli(p.local, 'show', `${ours}:mine.txt`)).toBe('untracked but mine\n');
    expect(read(p.local, 'a.txt')).toBe('ONE\ntwo\nTHREE\n');
    expect(porcelain(p.local)).toEqual([]);
    fsck(p.local);
  });
});

describe('pull: empty repositories', () => {
  it('fills an empty local repo (unborn branch) from the remote, keeping an untracked file', async () => {
    const p = await makePair({ 'a.txt': 'a\n', 'sub/b.txt': 'b\n' });
    const fresh = path.join(path.dirname(p.local), 'fresh');
    fs.mkdirSync(fresh);
    gitCli(fresh, 'init', '-q', '-b', 'main');
    gitCli(fresh, 'remote', 'add', 'origin', p.upstream);
    writeFile(fresh, 'mine.txt', 'mine\n');
    const ws = await p.services.workspaces.add({ path: fresh });
    const r = (await pull({ ...p, local: fresh, ws: { ...ws, author: { name: 'A', email: 'a@example.test' } } })) as PullResult;
    expect(r.outcome).toBe('fast_forward');
    expect(r.created.sort()).toEqual(['a.txt', 'sub/b.txt']);
    expect(head(fresh)).toBe(head(p.upstream));
    expect(porcelain(fresh)).toEqual(['?? mine.txt']);
    fsck(fresh);
  });

  it('is up to date when the remote branch does not exist yet', async () => {
    const p = await makePair({ 'a.txt': 'a\n' });
    gitCli(p.local, 'update-ref', '-d', 'refs/remotes/origin/main');
    const r = await pullWorkspace(p.services, p.ws, {}, testContext(), async () => ({ remoteOid: null, updated: false }));
    expect(r).toMatchObject({ outcome: 'up_to_date', commit: head(p.local) });
  });
});

describe('pull: line endings as git writes them', () => {
  const crlf = (t: string): string => t.replace(/\n/g, '\r\n');
  /** Every working file's bytes (not .git), for comparing two trees. */
  const tree = (dir: string): Record<string, string> => {
    const out: Record<string, string> = {};
    const walk = (rel: string): void => {
      for (const name of fs.readdirSync(path.join(dir, rel))) {
        const r = rel ? `${rel}/${name}` : name;
        if (r === '.git') continue;
        if (fs.statSync(path.join(dir, r)).isDirectory()) walk(r);
        else out[r] = fs.readFileSync(path.join(dir, r), 'latin1');
      }
    };
    walk('');
    return out;
  };

  /** The local clone checked out again by git under `config`, and a reference clone made by git the same way. */
  async function pairWithConfig(files: Record<string, string>, config: Record<string, string>): Promise<{ p: Pair; ref: string }> {
    const p = await makePair(files);
    // A blob stored with CRLF (no rule when it was committed): git keeps CRLF for it under text=auto.
    commitFiles(p.upstream, { 'stored-crlf.txt': crlf('s\nt\n') }, 'crlf blob');
    commitFiles(p.upstream, { '.gitattributes': '* text=auto\n*.bat eol=crlf\n*.sh eol=lf\n*.raw -text\n*.bin binary\n' }, 'rules');
    gitCli(p.local, 'pull', '-q', '--ff-only');
    const ref = path.join(path.dirname(p.local), 'ref');
    gitCli(path.dirname(p.local), 'clone', '-q', p.upstream, ref);
    for (const dir of [p.local, ref]) {
      for (const [k, v] of Object.entries(config)) gitCli(dir, 'config', k, v);
      for (const f of Object.keys(tree(dir))) fs.rmSync(path.join(dir, f));
      gitCli(dir, 'checkout', '--', '.');
    }
    expect(tree(p.local)).toEqual(tree(ref));
    return { p, ref };
  }

  const configs: Array<Record<string, string>> = [{}, { 'core.autocrlf': 'true' }, { 'core.autocrlf': 'input' }, { 'core.eol': 'crlf' }];
  for (const config of configs) {
    it(`writes what git pull writes, then status is clean and undo gives back the bytes, ${JSON.stringify(config)}`, async () => {
      const { p, ref } = await pairWithConfig({ 'a.txt': 'a\n', 'keep.txt': 'k\n' }, config);
      commitFiles(p.upstream, {
        'a.txt': 'a\nb\n', 'new.txt': 'n\nm\n', 'w.bat': 'echo\n', 'x.sh': 'ls\n', 'd.raw': 'r\n', 'i.bin': 'b\n',
        'mixed.txt': 'a\r\nb\n', 'nul.txt': 'a\0\n', 'stored-crlf.txt': crlf('s\nt\nu\n'), 'sub/.gitattributes': '*.txt eol=crlf\n', 'sub/s.txt': 's\n',
      });
      commitFiles(p.local, { 'local.txt': 'mine\n' });
      commitFiles(ref, { 'local.txt': 'mine\n' });
      // The fetch moves origin/main, which an undo leaves where it is.
      const state = () => stateHash(p.local, { excludeRefs: ['refs/remotes/'] });
      const before = state();
      const r = (await pull(p)) as PullResult;
      expect(r.outcome).toBe('merged');
      gitCli(ref, 'pull', '-q', '--no-rebase', '--no-edit');
      expect(tree(p.local)).toEqual(tree(ref));
      forgetStatusCache();
      expect(fastStatus(p.local).changes).toEqual([]);
      expect(porcelain(p.local)).toEqual([]);
      fsck(p.local);
      await undoSync(p.local);
      expect(state()).toEqual(before);
    });
  }

  it('a pull is not blocked by files git sees as unchanged (checked out with CRLF)', async () => {
    const { p } = await pairWithConfig({ 'a.txt': 'a\n' }, { 'core.autocrlf': 'true' });
    expect(read(p.local, 'a.txt')).toBe('a\r\n');
    commitFiles(p.upstream, { 'a.txt': 'a\nb\n' });
    const r = (await pull(p)) as PullResult;
    expect(r.outcome).toBe('fast_forward');
    expect(read(p.local, 'a.txt')).toBe('a\r\nb\r\n');
    expect(porcelain(p.local)).toEqual([]);
  });

  it("localChanges: 'commit' commits CRLF edits as git add -A does (LF), and leaves the CRLF files on disk", async () => {
    const { p } = await pairWithConfig({ 'a.txt': 'a\n', 'b.txt': 'b\n' }, { 'core.autocrlf': 'true' });
    writeFile(p.local, 'a.txt', 'a\r\nedited\r\n');
    writeFile(p.local, 'new.txt', 'n\r\n');
    const copy = path.join(path.dirname(p.local), 'copy');
    fs.cpSync(p.local, copy, { recursive: true });
    gitCli(copy, 'add', '-A');
    commitFiles(p.upstream, { 'c.txt': 'c\n' });
    const r = (await pull(p, { localChanges: 'commit' })) as PullResult;
    expect(r.outcome).toBe('merged');
    expect(gitCli(p.local, 'rev-parse', 'HEAD^1^{tree}').trim()).toBe(gitCli(copy, 'write-tree').trim());
    expect(read(p.local, 'a.txt')).toBe('a\r\nedited\r\n');
    expect(read(p.local, 'c.txt')).toBe('c\r\n');
    expect(porcelain(p.local)).toEqual([]);
    fsck(p.local);
  });
});
