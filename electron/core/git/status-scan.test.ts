import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, gitCli, makeRepo, writeFile } from '../../../test/support/repo';
import { scanWorkingFiles } from './status-scan';
import { scanWorktree } from './worktree';

afterAll(cleanupTempDirs);

const sorted = <T>(m: Map<string, T>): [string, T][] => [...m].sort(([a], [b]) => (a < b ? -1 : 1));

describe('scanWorkingFiles', () => {
  it('finds the same files, ids and modes as the isomorphic-git scan', async () => {
    const dir = makeRepo({ 'a.txt': 'a\n', 'src/b.ts': 'b\n', 'run.sh': 'x\n', '.gitignore': '*.log\nbuild/\n', 'ü n/ï.txt': 'u\n' });
    writeFile(dir, 'a.txt', 'changed\n');
    fs.rmSync(path.join(dir, 'src/b.ts'));
    fs.chmodSync(path.join(dir, 'run.sh'), 0o755);
    writeFile(dir, 'new/c.txt', 'new\n');
    writeFile(dir, 'debug.log', 'ignored\n');
    writeFile(dir, 'build/out.js', 'ignored\n');
    fs.symlinkSync('a.txt', path.join(dir, 'link'));
    writeFile(dir, 'staged.txt', 'staged\n');
    gitCli(dir, 'add', 'staged.txt');
    const fast = scanWorkingFiles(dir);
    expect(sorted(fast)).toEqual(sorted(await scanWorktree(dir)));
    expect(fast.get('link')).toMatchObject({ mode: 0o120000, tracked: false });
    expect(fast.get('run.sh')).toMatchObject({ mode: 0o100755, tracked: true });
    expect(fast.has('debug.log')).toBe(false);
  });

  it('includes conflicted files with their on-disk content', () => {
    const dir = makeRepo({ 'f.txt': 'base\n' });
    gitCli(dir, 'checkout', '-q', '-b', 'theirs');
    writeFile(dir, 'f.txt', 'theirs\n');
    gitCli(dir, 'commit', '-q', '-am', 'theirs');
    gitCli(dir, 'checkout', '-q', 'main');
    writeFile(dir, 'f.txt', 'ours\n');
    gitCli(dir, 'commit', '-q', '-am', 'ours');
    expect(() => gitCli(dir, 'merge', '-q', 'theirs')).toThrow();
    const oid = gitCli(dir, 'hash-object', 'f.txt').trim();
    expect(scanWorkingFiles(dir).get('f.txt')).toEqual({ oid, mode: 0o100644, tracked: true });
  });
});
