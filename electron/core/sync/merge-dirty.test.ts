import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, gitCli, makeRepo, writeFile } from '../../../test/support/repo';
import { closeSharedStore } from '../git/shared-store';
import { fastStatus, forgetStatusCache, knownWorkOid } from '../git/status-fast';
import { findBlockedPaths, guardPull, primeGuard } from './merge-dirty';
import { planMerge } from './merge-trees';

afterAll(cleanupTempDirs);

/** A repo on main with a branch `theirs` that changes a.txt; returns the plan of pulling it. */
async function pullPlan() {
  const dir = makeRepo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
  const ours = gitCli(dir, 'rev-parse', 'HEAD^{tree}').trim();
  gitCli(dir, 'checkout', '-q', '-b', 'theirs');
  writeFile(dir, 'a.txt', 'theirs\n');
  gitCli(dir, 'commit', '-q', '-am', 'theirs');
  const theirs = gitCli(dir, 'rev-parse', 'HEAD^{tree}').trim();
  gitCli(dir, 'checkout', '-q', 'main');
  const plan = await planMerge(dir, { base: ours, ours, theirs }, { useOurs: [], useTheirs: [] });
  closeSharedStore(dir);
  return { dir, plan };
}

describe('findBlockedPaths with hashes remembered by an earlier scan', () => {
  it('uses a remembered hash only while the file\'s stat data is unchanged', async () => {
    const { dir, plan } = await pullPlan();
    const file = path.join(dir, 'a.txt');
    const old = new Date(Date.now() - 60_000);
    // An old mtime set after the commit: the stat differs from the index, so the scan hashes the
    // file and remembers it (as after a copy of the folder, where every inode changed).
    fs.utimesSync(file, old, old);
    fastStatus(dir);
    expect(knownWorkOid(dir, 'a.txt', fs.lstatSync(file))).toBe(gitCli(dir, 'hash-object', 'a.txt').trim());
    expect(findBlockedPaths(dir, plan)).toEqual([]);

    // Same size, same mtime, only the ctime moves: the remembered hash must not be used.
    fs.writeFileSync(file, 'x\n');
    fs.utimesSync(file, old, old);
    expect(knownWorkOid(dir, 'a.txt', fs.lstatSync(file))).toBeUndefined();
    expect(findBlockedPaths(dir, plan)).toEqual(['a.txt']);
    forgetStatusCache(dir);
    expect(findBlockedPaths(dir, plan)).toEqual(['a.txt']);
    // git agrees that the file holds local work.
    expect(gitCli(dir, 'status', '--porcelain')).toBe(' M a.txt\n');
  });
});

describe('guardPull stores the backup\'s copy of the index', () => {
  for (const stagedAfterPrime of [false, true]) {
    it(`as the index is at the guard${stagedAfterPrime ? ', a change staged after primeGuard included' : ''}`, async () => {
      const { dir, plan } = await pullPlan();
      primeGuard(dir);
      if (stagedAfterPrime) {
        writeFile(dir, 'c.txt', 'new\n');
        gitCli(dir, 'add', 'c.txt');
      }
      const res = guardPull(dir, plan, gitCli(dir, 'rev-parse', 'HEAD').trim());
      expect(res.blocked).toEqual([]);
      const index = path.join(dir, '.git', 'index');
      const oid = gitCli(dir, 'hash-object', index).trim();
      expect(execFileSync('git', ['cat-file', 'blob', oid], { cwd: dir }).equals(fs.readFileSync(index))).toBe(true);
      closeSharedStore(dir);
      gitCli(dir, 'fsck', '--no-dangling');
    });
  }
});
