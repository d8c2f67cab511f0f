import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, gitCli, makeRepo, tempDir } from '../../../test/support/repo';
import { readHead } from './status';

afterAll(cleanupTempDirs);

/** What git says of HEAD, in readHead's shape. */
function gitHead(dir: string): Awaited<ReturnType<typeof readHead>> {
  const symbolic = (() => {
    try {
      return gitCli(dir, 'symbolic-ref', '-q', '--short', 'HEAD').trim();
    } catch {
      return null;
    }
  })();
  const [oid, subject, authorName, authorEmail, date] = gitCli(dir, 'log', '-1', '--format=%H%n%s%n%an%n%ae%n%at').trim().split('\n');
  return {
    branch: symbolic,
    detached: symbolic === null,
    head: { oid: oid!, subject: subject!, authorName: authorName!, authorEmail: authorEmail!, date: new Date(Number(date) * 1000).toISOString() },
  };
}

describe('readHead', () => {
  it('gives the branch and HEAD commit as git does: loose objects, packed, detached', async () => {
    const dir = makeRepo({ 'a.txt': 'one\n' });
    gitCli(dir, 'commit', '-q', '--allow-empty', '-m', 'Zweiter Commit – ünïcödé\n\nbody');
    expect(await readHead(dir)).toEqual(gitHead(dir));
    gitCli(dir, 'gc', '-q');
    expect(await readHead(dir)).toEqual(gitHead(dir));
    gitCli(dir, 'checkout', '-q', '--detach', 'HEAD~1');
    expect(await readHead(dir)).toEqual(gitHead(dir));
  });

  it('names the branch of an empty repository, without a commit', async () => {
    const dir = tempDir();
    gitCli(dir, 'init', '-q', '-b', 'trunk');
    expect(await readHead(dir)).toEqual({ branch: 'trunk', detached: false, head: null });
  });

  it('reads a linked worktree (its .git is a file) the same way', async () => {
    const dir = makeRepo({ 'a.txt': 'one\n' });
    const linked = path.join(tempDir(), 'linked');
    gitCli(dir, 'worktree', 'add', '-q', '-b', 'side', linked);
    expect(fs.statSync(path.join(linked, '.git')).isFile()).toBe(true);
    expect(await readHead(linked)).toEqual(gitHead(linked));
  });
});
