import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, gitCli, makeRepo, writeFile } from '../../../test/support/repo';
import { readIndexBytes } from './index-file';
import { cacheTreeRoot } from './status-cache-tree';
import { fastStatus } from './status-fast';

afterAll(cleanupTempDirs);

describe('cacheTreeRoot', () => {
  it.each([2, 3, 4])('reads the root of index version %i as git wrote it', (version) => {
    const dir = makeRepo({ 'a.txt': 'a\n', 'd/e/f.txt': 'f\n', [`ü/long-name-${'x'.repeat(70)}`]: 'x\n' });
    gitCli(dir, 'update-index', '--index-version', String(version));
    if (version === 3) gitCli(dir, 'update-index', '--skip-worktree', 'a.txt');
    gitCli(dir, 'write-tree'); // revalidates the cache-tree
    const tree = gitCli(dir, 'rev-parse', 'HEAD^{tree}').trim();
    expect(cacheTreeRoot(readIndexBytes(dir))).toEqual({ entries: 3, oid: tree });
    writeFile(dir, 'new.txt', 'n\n');
    gitCli(dir, 'add', 'new.txt');
    expect(cacheTreeRoot(readIndexBytes(dir))).toBeNull(); // invalidated by the add
    expect(fastStatus(dir).changes).toEqual([{ path: 'new.txt', kind: 'added', staged: true }]);
  });

  it('is null without an index or a cache-tree', () => {
    expect(cacheTreeRoot(null)).toBeNull();
    expect(cacheTreeRoot(Buffer.from('DIRC'))).toBeNull();
  });
});
