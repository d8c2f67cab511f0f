import fs, { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir } from '../../../test/support/repo';
import { writeBlob, writeCommit, writeTree, signatureNow } from '../git/object-write';
import { MODE_FILE, MODE_TREE } from '../git/trees';
import { commitFiles, gitCli, makePair, stateHash, testContext } from './merge-fixtures';
import { pullWorkspace, type Fetcher } from './pull';

afterAll(cleanupTempDirs);

const noFetch: Fetcher = async () => ({ remoteOid: null, updated: false });

/** A remote commit whose tree holds `name/evil.txt` — something `git` itself would not create. */
function hostileRemote(dir: string, name: string): void {
  const head = gitCli(dir, 'rev-parse', 'HEAD').trim();
  const headTree = gitCli(dir, 'rev-parse', 'HEAD^{tree}').trim();
  const evil = writeTree(dir, [{ name: 'evil.txt', mode: MODE_FILE, oid: writeBlob(dir, Buffer.from('pwned\n')) }]);
  const items = gitCli(dir, 'ls-tree', headTree).split('\n').filter(Boolean).map((l) => {
    const [meta, file] = l.split('\t');
    const [mode, , oid] = meta!.split(' ');
    return { name: file!, mode: parseInt(mode!, 8), oid: oid! };
  });
  const tree = writeTree(dir, [...items, { name, mode: MODE_TREE, oid: evil }]);
  const who = signatureNow('Mallory', 'm@example.test');
  const commit = writeCommit(dir, { tree, parents: [head], author: who, committer: who, message: 'hostile\n' });
  gitCli(dir, 'update-ref', 'refs/remotes/origin/main', commit);
}

describe('pull: path safety', () => {
  for (const name of ['..', '.git', '.GIT', '.git. ', 'git~1']) {
    it(`refuses a tree entry named ${JSON.stringify(name)} with unsafe_path and changes nothing`, async () => {
      const p = await makePair({ 'a.txt': 'a\n' });
      hostileRemote(p.local, name);
      const before = stateHash(p.local);
      await expect(pullWorkspace(p.services, p.ws, {}, testContext(), noFetch)).rejects.toMatchObject({ code: 'unsafe_path' });
      await expect(pullWorkspace(p.services, p.ws, { dryRun: true }, testContext(), noFetch)).rejects.toMatchObject({ code: 'unsafe_path' });
      expect(stateHash(p.local)).toEqual(before);
      expect(fs.existsSync(path.join(path.dirname(p.local), 'evil.txt'))).toBe(false);
      expect(gitCli(p.local, 'for-each-ref', 'refs/reposync')).toBe('');
    });
  }

  it('never writes through a symlinked folder: an untracked symlink in the way blocks the pull', async () => {
    const p = await makePair({ 'a.txt': 'a\n' });
    const outside = tempDir('reposync-outside-');
    fs.symlinkSync(outside, path.join(p.local, 'docs'));
    commitFiles(p.upstream, { 'docs/readme.txt': 'docs\n' });
    await expect(pullWorkspace(p.services, p.ws, {}, testContext(), async (_s, ws) => {
      gitCli(ws.path, 'fetch', '-q', 'origin');
      return { remoteOid: null, updated: true };
    })).rejects.toMatchObject({ code: 'dirty_worktree', details: { files: ['docs', 'docs/readme.txt'] } });
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it('refuses a detached HEAD and a folder on another branch than the workspace', async () => {
    const p = await makePair({ 'a.txt': 'a\n' });
    gitCli(p.local, 'checkout', '-q', '-b', 'feature');
    await expect(pullWorkspace(p.services, p.ws, {}, testContext(), noFetch)).rejects.toMatchObject({ code: 'invalid_input' });
    gitCli(p.local, 'checkout', '-q', '--detach');
    await expect(pullWorkspace(p.services, p.ws, {}, testContext(), noFetch)).rejects.toMatchObject({ code: 'unsupported' });
  });
});

describe('pull: failure midway', () => {
  it('rolls the working tree and index back from the backup and leaves the branch where it was', async () => {
    const p = await makePair({ 'a.txt': 'a\n', 'z.txt': 'z\n' });
    writeFileSync(path.join(p.local, 'local-edit.txt'), 'untracked, kept\n');
    const head = gitCli(p.local, 'rev-parse', 'HEAD').trim();
    // The remote changes a.txt (fine) and z.txt to a blob that is missing from the object store.
    const tree = writeTree(p.local, [
      { name: 'a.txt', mode: MODE_FILE, oid: writeBlob(p.local, Buffer.from('a from remote\n')) },
      { name: 'z.txt', mode: MODE_FILE, oid: 'deadbeef'.repeat(5) },
    ]);
    const who = signatureNow('Remote', 'r@example.test');
    gitCli(p.local, 'update-ref', 'refs/remotes/origin/main', writeCommit(p.local, { tree, parents: [head], author: who, committer: who, message: 'broken\n' }));
    const before = stateHash(p.local, { withIndex: true });
    const err = await pullWorkspace(p.services, p.ws, {}, testContext(), noFetch).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'not_found' });
    expect((err as { details: Record<string, unknown> }).details.rollbackFailed).toBeUndefined();
    expect(stateHash(p.local, { withIndex: true })).toEqual(before);
    expect(gitCli(p.local, 'rev-parse', 'HEAD').trim()).toBe(head);
  });
});
