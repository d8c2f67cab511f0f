// Pushing to a review branch (another branch than the checked-out one) against a real Git server:
// the commit lands only on the remote branch, nothing local moves, and the pull after the review
// branch is merged upstream simply brings the workspace level again.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../../shared/domain';
import { gitOk } from '../../../test/support/git-server';
import { useGitServer } from '../../../test/support/use-git-server';
import { newCore, ok, runOp } from '../../../test/support/core-harness';
import { tempDir, writeFile } from '../../../test/support/repo';
import { push, type PushResult } from './push';

const server = useGitServer();

const ME = { name: 'Pusher Person', email: 'pusher@example.test' };
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const lines = (s: string) => s.split('\n').filter(Boolean);

/** Everything local that a review push must leave alone, byte for byte. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {
    HEAD: fs.readFileSync(path.join(dir, '.git', 'HEAD'), 'utf8'),
    head: (await gitOk(dir, 'rev-parse', 'HEAD')).trim(),
    // The index's entries, not its bytes: `git status` may rewrite the file to refresh stat data.
    index: sha(Buffer.from(await gitOk(dir, 'ls-files', '--stage'))),
    branches: await gitOk(dir, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads'),
    status: await gitOk(dir, 'status', '--porcelain', '--untracked-files=all'),
  };
  const walk = (rel: string): void => {
    for (const name of fs.readdirSync(path.join(dir, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      if (r === '.git') continue;
      const st = fs.lstatSync(path.join(dir, r));
      if (st.isDirectory()) walk(r);
      else out[`file:${r}`] = `${st.mode.toString(8)} ${sha(fs.readFileSync(path.join(dir, r)))}`;
    }
  };
  walk('');
  return out;
}

describe('sync.push to a review branch', () => {
  it('publishes only the selected changes on the review branch, moves nothing local, accumulates, survives a race, and pulls clean after the merge', async () => {
    server.createBareRepo('rv', { files: { 'a.txt': 'a1\n', 'old.txt': 'old\n', 'notes.txt': 'n1\n', 'staged.txt': 's1\n' } });
    const bare = server.repoDir('rv');
    const dir = path.join(tempDir(), 'rv');
    await gitOk(path.dirname(dir), 'clone', '-q', server.repoUrl('rv'), dir);
    const core = newCore();
    const ws = await ok<Workspace>(core.call('workspaces.add', { path: dir, author: ME }, 'test'));
    const mainTip = (await gitOk(bare, 'rev-parse', 'main')).trim();

    writeFile(dir, 'a.txt', 'a2 ✓\n');
    writeFile(dir, 'dir/new.txt', 'brand new\n');
    fs.rmSync(path.join(dir, 'old.txt'));
    writeFile(dir, 'notes.txt', 'not selected\n');
    writeFile(dir, 'staged.txt', 'staged, not selected\n');
    await gitOk(dir, 'add', 'staged.txt');
    const before = await snapshot(dir);

    const first = await runOp(core, 'sync.push', { workspaceId: ws.id, paths: ['a.txt', 'dir', 'old.txt'], message: 'Review me', branch: 'review/one' });
    expect(first.status, JSON.stringify(first.error)).toBe('succeeded');
    const c1 = (first.result as PushResult).commit!;
    expect(first.result).toMatchObject({ pushedTo: 'review/one', pullRequestUrl: null });

    // On the server: exactly the selected changes, on top of main; main itself untouched.
    expect((await gitOk(bare, 'rev-parse', 'review/one', 'review/one^', 'main')).trim().split('\n')).toEqual([c1, mainTip, mainTip]);
    expect(lines(await gitOk(bare, 'show', '--name-status', '--format=%s', 'review/one')).sort()).toEqual(['A\tdir/new.txt', 'D\told.txt', 'M\ta.txt', 'Review me'].sort());
    expect(await gitOk(bare, 'show', '--stat', '--format=', 'review/one')).toMatch(/3 files changed/);
    expect(await gitOk(bare, 'show', 'review/one:a.txt')).toBe('a2 ✓\n');
    await gitOk(bare, 'fsck', '--full');
    // Locally: nothing but the review branch's tracking ref changed.
    expect(await snapshot(dir)).toEqual(before);
    expect((await gitOk(dir, 'rev-parse', 'refs/remotes/origin/review/one', 'refs/remotes/origin/main')).trim().split('\n')).toEqual([c1, mainTip]);
    expect(lines(await gitOk(dir, 'status', '--porcelain', '--branch'))[0]).toBe('## main...origin/main');

    // A second push to the same branch builds on its remote tip.
    writeFile(dir, 'a.txt', 'a3\n');
    const before2 = await snapshot(dir);
    const second = await runOp(core, 'sync.push', { workspaceId: ws.id, paths: ['a.txt'], message: 'Address review', branch: 'review/one' });
    expect(second.status, JSON.stringify(second.error)).toBe('succeeded');
    const c2 = (second.result as PushResult).commit!;
    expect((await gitOk(bare, 'rev-parse', 'review/one', 'review/one^')).trim().split('\n')).toEqual([c2, c1]);
    expect(lines(await gitOk(bare, 'show', '--name-status', '--format=', 'review/one'))).toEqual(['M\ta.txt']);
    expect(await snapshot(dir)).toEqual(before2);
    // Nothing new selected: said so, nothing pushed.
    const again = await runOp(core, 'sync.push', { workspaceId: ws.id, paths: ['a.txt'], message: 'Again', branch: 'review/one' });
    expect(again.error).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('Nothing to push') });

    // Someone else pushes to the review branch between our fetch and our push: refused, nothing local changes.
    writeFile(dir, 'dir/new.txt', 'brand new, edited\n');
    const before3 = await snapshot(dir);
    let theirs = '';
    const raced = push(core.services, core.services.workspaces.get(ws.id), { paths: ['dir'], message: 'Raced', branch: 'review/one' }, {
      signal: new AbortController().signal,
      progress: (phase) => {
        // Through the bare repo's folder, not the HTTP server, so a blocking git call is safe here.
        if (phase === 'pushing' && !theirs) theirs = server.commitToRepo('rv', { 'theirs.txt': 'from a reviewer\n' }, 'Reviewer fix', 'review/one');
      },
    });
    await expect(raced).rejects.toMatchObject({ code: 'non_fast_forward', message: expect.stringContaining('Someone else pushed to "review/one"') });
    expect((await gitOk(bare, 'rev-parse', 'review/one')).trim()).toBe(theirs);
    expect(await snapshot(dir)).toEqual(before3);
    expect((await gitOk(dir, 'rev-parse', 'refs/remotes/origin/review/one')).trim()).toBe(c2);
    // Pushing again goes on top of the reviewer's commit, keeping it.
    const retry = await runOp(core, 'sync.push', { workspaceId: ws.id, paths: ['dir'], message: 'After the race', branch: 'review/one' });
    expect(retry.status, JSON.stringify(retry.error)).toBe('succeeded');
    expect((await gitOk(bare, 'rev-parse', 'review/one^')).trim()).toBe(theirs);
    expect(await gitOk(bare, 'show', 'review/one:theirs.txt')).toBe('from a reviewer\n');
    expect(await snapshot(dir)).toEqual(before3);

    // The review branch is merged upstream (as a merge button does); the pull fast-forwards and the
    // published files become clean, while the unselected changes stay as they were.
    const merger = path.join(tempDir(), 'merger');
    await gitOk(path.dirname(merger), 'clone', '-q', bare, merger);
    await gitOk(merger, 'merge', '-q', '--no-ff', '-m', 'Merge review/one', 'origin/review/one');
    await gitOk(merger, 'push', '-q', 'origin', 'main');
    // The published deletion of old.txt is the merge result too, so it does not block the pull.
    const pulled = await runOp(core, 'sync.pull', { workspaceId: ws.id });
    expect(pulled.status, JSON.stringify(pulled.error)).toBe('succeeded');
    expect(pulled.result).toMatchObject({ outcome: 'fast_forward' });
    expect((await gitOk(dir, 'rev-parse', 'HEAD')).trim()).toBe((await gitOk(bare, 'rev-parse', 'main')).trim());
    expect(lines(await gitOk(dir, 'status', '--porcelain', '--untracked-files=all')).sort()).toEqual([' M notes.txt', 'M  staged.txt']);
    expect(fs.readFileSync(path.join(dir, 'theirs.txt'), 'utf8')).toBe('from a reviewer\n');
    expect(fs.readFileSync(path.join(dir, 'staged.txt'), 'utf8')).toBe('staged, not selected\n');
    expect(fs.existsSync(path.join(dir, 'old.txt'))).toBe(false);
  });

  it('starts a new review branch from HEAD, unpushed local commits included, with the executable bit as on disk', async () => {
    server.createBareRepo('rv2', { files: { 'x.txt': 'x\n' } });
    const bare = server.repoDir('rv2');
    const dir = path.join(tempDir(), 'rv2');
    await gitOk(path.dirname(dir), 'clone', '-q', server.repoUrl('rv2'), dir);
    // A local commit not yet on the remote goes to the review branch too (it is HEAD's history).
    writeFile(dir, 'local.txt', 'l\n');
    await gitOk(dir, 'add', 'local.txt');
    await gitOk(dir, 'commit', '-q', '-m', 'local only');
    const head = (await gitOk(dir, 'rev-parse', 'HEAD')).trim();
    writeFile(dir, 'x.txt', 'x2\n');
    fs.chmodSync(path.join(dir, 'x.txt'), 0o755);
    const core = newCore();
    const ws = await ok<Workspace>(core.call('workspaces.add', { path: dir, author: ME }, 'test'));
    const before = await snapshot(dir);
    const op = await runOp(core, 'sync.push', { workspaceId: ws.id, message: 'Exec', branch: 'topic' });
    expect(op.status, JSON.stringify(op.error)).toBe('succeeded');
    expect((await gitOk(bare, 'rev-parse', 'topic^')).trim()).toBe(head);
    expect(lines(await gitOk(bare, 'ls-tree', 'topic', 'x.txt'))[0]).toMatch(/^100755 blob /);
    expect(await snapshot(dir)).toEqual(before);
    expect(lines(await gitOk(dir, 'status', '--porcelain', '--branch'))[0]).toBe('## main...origin/main [ahead 1]');
  });
  it('merges what a reviewer changed on the review branch instead of overwriting it, and refuses a clash with nothing changed', async () => {
    const ten = (tag: (i: number) => string) => Array.from({ length: 10 }, (_, i) => `${tag(i)}\n`).join('');
    server.createBareRepo('rv3', { files: { 'doc.txt': ten((i) => `line ${i}`), 'keep.txt': 'k\n' } });
    const bare = server.repoDir('rv3');
    const dir = path.join(tempDir(), 'rv3');
    await gitOk(path.dirname(dir), 'clone', '-q', server.repoUrl('rv3'), dir);
    const core = newCore();
    const ws = await ok<Workspace>(core.call('workspaces.add', { path: dir, author: ME }, 'test'));
    const pushDoc = (message: string) => runOp(core, 'sync.push', { workspaceId: ws.id, paths: ['doc.txt'], message, branch: 'review/doc' });

    // Line 0 changed here and pushed; a reviewer then changes line 9 on the branch.
    writeFile(dir, 'doc.txt', ten((i) => (i === 0 ? 'line 0 mine' : `line ${i}`)));
    expect((await pushDoc('First')).status).toBe('succeeded');
    const reviewed = ten((i) => (i === 0 ? 'line 0 mine' : i === 9 ? 'line 9 reviewer' : `line ${i}`));
    server.commitToRepo('rv3', { 'doc.txt': reviewed }, 'Reviewer suggestion', 'review/doc');

    // Line 4 changed here (the file on disk never saw the reviewer's line 9): both edits are kept.
    writeFile(dir, 'doc.txt', ten((i) => (i === 0 ? 'line 0 mine' : i === 4 ? 'line 4 mine' : `line ${i}`)));
    const second = await pushDoc('Second');
    expect(second.status, JSON.stringify(second.error)).toBe('succeeded');
    expect(await gitOk(bare, 'show', 'review/doc:doc.txt')).toBe(ten((i) => (i === 0 ? 'line 0 mine' : i === 4 ? 'line 4 mine' : i === 9 ? 'line 9 reviewer' : `line ${i}`)));
    expect(lines(await gitOk(bare, 'log', '--format=%s', 'review/doc'))).toEqual(['Second', 'Reviewer suggestion', 'First', 'initial commit']);

    // The reviewer changes line 4 too, and so does this folder: refused, nothing anywhere changes.
    const tip = server.commitToRepo('rv3', { 'doc.txt': ten((i) => (i === 0 ? 'line 0 mine' : i === 4 ? 'line 4 reviewer' : i === 9 ? 'line 9 reviewer' : `line ${i}`)) }, 'Reviewer again', 'review/doc');
    writeFile(dir, 'doc.txt', ten((i) => (i === 0 ? 'line 0 mine' : i === 4 ? 'line 4 mine, again' : `line ${i}`)));
    const before = await snapshot(dir);
    const clash = await pushDoc('Third');
    expect(clash.error).toMatchObject({ code: 'conflict', details: { branch: 'review/doc', path: 'doc.txt' }, message: expect.stringContaining('Nothing was pushed') });
    expect((await gitOk(bare, 'rev-parse', 'review/doc')).trim()).toBe(tip);
    expect(await snapshot(dir)).toEqual(before);
    await gitOk(bare, 'fsck', '--full');
  });

  it('builds on a branch someone else started, keeping their changes to the files pushed', async () => {
    server.createBareRepo('rv4', { files: { 'doc.txt': 'a\nb\nc\nd\ne\n' } });
    const dir = path.join(tempDir(), 'rv4');
    await gitOk(path.dirname(dir), 'clone', '-q', server.repoUrl('rv4'), dir);
    await gitOk(server.repoDir('rv4'), 'branch', 'feature', 'main');
    server.commitToRepo('rv4', { 'doc.txt': 'a\nb\nc\nd\nE (teammate)\n' }, 'Teammate', 'feature');
    const core = newCore();
    const ws = await ok<Workspace>(core.call('workspaces.add', { path: dir, author: ME }, 'test'));
    writeFile(dir, 'doc.txt', 'A (me)\nb\nc\nd\ne\n');
    const op = await runOp(core, 'sync.push', { workspaceId: ws.id, paths: ['doc.txt'], message: 'Mine', branch: 'feature' });
    expect(op.status, JSON.stringify(op.error)).toBe('succeeded');
    expect(await gitOk(server.repoDir('rv4'), 'show', 'feature:doc.txt')).toBe('A (me)\nb\nc\nd\nE (teammate)\n');
  });
});
