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

  it('rewrites an existing file in place (same inode, exec bit as asked), but never through a hard link, a read-only file or a symlink', () => {
    const dir = makeRepo({ 'a.txt': 'a\n', 'run.sh': 'echo\n', 'linked.txt': 'l\n', 'ro.txt': 'r\n', 'target.txt': 't\n' });
    const outside = path.join(tempDir(), 'outside.txt');
    fs.linkSync(path.join(dir, 'linked.txt'), outside);
    fs.chmodSync(path.join(dir, 'ro.txt'), 0o444);
    fs.rmSync(path.join(dir, 'target.txt'));
    fs.symlinkSync('a.txt', path.join(dir, 'target.txt'));
    const ino = (rel: string) => fs.lstatSync(path.join(dir, rel)).ino;
    const before = { a: ino('a.txt'), run: ino('run.sh'), linked: ino('linked.txt'), ro: ino('ro.txt') };
    const bytes = (s: string) => new Uint8Array(Buffer.from(s));
    applyCheckoutSync(dir, [
      { path: 'a.txt', kind: 'write', oid: '', mode: MODE_FILE, content: bytes('a2\n') },
      { path: 'run.sh', kind: 'write', oid: '', mode: MODE_EXEC, content: bytes('echo 2\n') },
      { path: 'linked.txt', kind: 'write', oid: '', mode: MODE_FILE, content: bytes('l2\n') },
      { path: 'ro.txt', kind: 'write', oid: '', mode: MODE_FILE, content: bytes('r2\n') },
      { path: 'target.txt', kind: 'write', oid: '', mode: MODE_FILE, content: bytes('t2\n') },
    ], new Map());
    expect(ino('a.txt')).toBe(before.a);
    expect(ino('run.sh')).toBe(before.run);
    expect(fs.statSync(path.join(dir, 'run.sh')).mode & 0o111).toBe(0o111);
    expect(fs.readFileSync(path.join(dir, 'run.sh'), 'utf8')).toBe('echo 2\n');
    // Replaced by rename: the other name keeps its bytes; the read-only file gets a new one.
    expect(ino('linked.txt')).not.toBe(before.linked);
    expect(fs.readFileSync(outside, 'utf8')).toBe('l\n');
    expect(fs.readFileSync(path.join(dir, 'linked.txt'), 'utf8')).toBe('l2\n');
    expect(ino('ro.txt')).not.toBe(before.ro);
    expect(fs.readFileSync(path.join(dir, 'ro.txt'), 'utf8')).toBe('r2\n');
    // The symlink itself is replaced; what it pointed at is untouched.
    expect(fs.lstatSync(path.join(dir, 'target.txt')).isFile()).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'a.txt'), 'utf8')).toBe('a2\n');
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
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
