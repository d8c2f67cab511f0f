import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, gitCli, makeRepo, tempDir, writeFile } from '../../../test/support/repo';
import { applyCheckoutSync, type IndexChange, type WorktreeChange } from './checkout-apply';
import { MODE_EXEC, MODE_FILE } from './modes';
import { closeSharedStore } from './shared-store';

afterAll(cleanupTempDirs);

/** What `git diff-tree -r` says changes from `from` to `to`, as checkout changes (writes read from blobs). */
function changesBetween(dir: string, from: string, to: string): { worktree: WorktreeChange[]; index: Map<string, IndexChange> } {
  const worktree: WorktreeChange[] = [];
  const index = new Map<string, IndexChange>();
  for (const line of gitCli(dir, 'diff-tree', '-r', '--no-renames', from, to).split('\n').filter(Boolean)) {
    const [meta, rel] = line.split('\t') as [string, string];
    const [, newMode, , newOid, status] = meta.split(' ') as string[]; // :oldMode newMode oldOid newOid status
    if (status === 'D') {
      worktree.push({ path: rel, kind: 'delete' });
      index.set(rel, { kind: 'remove' });
    } else {
      const mode = parseInt(newMode!, 8);
      worktree.push({ path: rel, kind: 'write', oid: newOid!, mode });
      index.set(rel, { kind: 'file', file: { oid: newOid!, mode } });
    }
  }
  return { worktree, index };
}

describe('applyCheckoutSync (the worker-side checkout)', () => {
  it('moves a clean working tree from one commit to another exactly as git checkout would', () => {
    const dir = makeRepo({ 'a.txt': 'a\n', 'gone/b.txt': 'b\n', 'keep/c.txt': 'c\n', 'run.sh': 'echo\n' });
    const from = gitCli(dir, 'rev-parse', 'HEAD').trim();
    gitCli(dir, 'checkout', '-q', '-b', 'next');
    writeFile(dir, 'a.txt', 'a changed\n');
    fs.rmSync(path.join(dir, 'gone'), { recursive: true });
    writeFile(dir, 'new/deep/d.txt', 'd\n');
    fs.chmodSync(path.join(dir, 'run.sh'), 0o755);
    gitCli(dir, 'add', '-A');
    gitCli(dir, 'commit', '-q', '-m', 'next');
    const to = gitCli(dir, 'rev-parse', 'HEAD').trim();
    gitCli(dir, 'checkout', '-q', 'main');

    const { worktree, index } = changesBetween(dir, from, to);
    expect(index.get('run.sh')).toEqual({ kind: 'file', file: { oid: expect.any(String), mode: MODE_EXEC } });
    applyCheckoutSync(dir, worktree, index);
    closeSharedStore(dir);
    // The branch moves last, as the pull does; then git must see a clean tree at `to`.
    gitCli(dir, 'update-ref', 'refs/heads/main', to);
    expect(gitCli(dir, 'status', '--porcelain')).toBe('');
    expect(fs.existsSync(path.join(dir, 'gone'))).toBe(false); // emptied folders go, as in git
    expect(fs.readFileSync(path.join(dir, 'new/deep/d.txt'), 'utf8')).toBe('d\n');
    expect(fs.statSync(path.join(dir, 'run.sh')).mode & 0o111).not.toBe(0);
    // Written files carry their stat data: git finds nothing to refresh (no racily-clean rehash needed).
    expect(gitCli(dir, 'diff-files', '--name-only')).toBe('');
    expect(gitCli(dir, 'ls-files', '-s', 'a.txt')).toBe(gitCli(dir, 'ls-tree', to, 'a.txt').replace(/^(\d+) blob (\w+)\t(.*)\n$/, '$1 $2 0\t$3\n'));
  });

  it('writes given bytes and conflict stages without a blob for them', () => {
    const dir = makeRepo({ 'f.txt': 'base\n' });
    const base = gitCli(dir, 'rev-parse', 'HEAD:f.txt').trim();
    const content = Buffer.from('<<<<<<< ours\nx\n=======\ny\n>>>>>>> theirs\n');
    applyCheckoutSync(dir, [{ path: 'f.txt', kind: 'write', oid: '', mode: MODE_FILE, content }], new Map<string, IndexChange>([
      ['f.txt', { kind: 'conflict', stages: [{ stage: 1, file: { oid: base, mode: MODE_FILE } }, { stage: 2, file: { oid: base, mode: MODE_FILE } }] }],
    ]));
    closeSharedStore(dir);
    expect(fs.readFileSync(path.join(dir, 'f.txt'))).toEqual(content);
    expect(gitCli(dir, 'ls-files', '-u').trim().split('\n').map((l) => l.split(/\s+/)[2])).toEqual(['1', '2']);
  });

  it('refuses an unsafe path before writing anything', () => {
    const dir = makeRepo({ 'a.txt': 'a\n' });
    const oid = gitCli(dir, 'rev-parse', 'HEAD:a.txt').trim();
    const changes: WorktreeChange[] = [
      { path: 'b.txt', kind: 'write', oid, mode: MODE_FILE },
      { path: '.git/hooks/post-checkout', kind: 'write', oid, mode: MODE_EXEC },
    ];
    expect(() => applyCheckoutSync(dir, changes, new Map())).toThrow(expect.objectContaining({ code: 'unsafe_path' }));
    expect(fs.existsSync(path.join(dir, 'b.txt'))).toBe(false);
  });

  it('refuses to write or delete through a symlinked folder', () => {
    const dir = makeRepo({ 'a.txt': 'a\n' });
    const outside = tempDir();
    writeFile(outside, 'victim.txt', 'keep\n');
    fs.symlinkSync(outside, path.join(dir, 'link'));
    const oid = gitCli(dir, 'rev-parse', 'HEAD:a.txt').trim();
    expect(() => applyCheckoutSync(dir, [{ path: 'link/x.txt', kind: 'write', oid, mode: MODE_FILE }], new Map())).toThrow(expect.objectContaining({ code: 'unsafe_path' }));
    expect(() => applyCheckoutSync(dir, [{ path: 'link/victim.txt', kind: 'delete' }], new Map())).toThrow(expect.objectContaining({ code: 'unsafe_path' }));
    expect(fs.readdirSync(outside)).toEqual(['victim.txt']);
  });

  it('fails with not_found for a blob the repository lacks', () => {
    const dir = makeRepo({ 'a.txt': 'a\n' });
    expect(() => applyCheckoutSync(dir, [{ path: 'b.txt', kind: 'write', oid: '0'.repeat(39) + '1', mode: MODE_FILE }], new Map())).toThrow(expect.objectContaining({ code: 'not_found' }));
    closeSharedStore(dir);
  });
});
