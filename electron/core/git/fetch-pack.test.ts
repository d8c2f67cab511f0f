import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../../shared/domain';
import { newCore, ok, runOp } from '../../../test/support/core-harness';
import { gitOk } from '../../../test/support/git-server';
import { useGitServer } from '../../../test/support/use-git-server';
import { gitCli, tempDir } from '../../../test/support/repo';

/**
 * The packs clone and fetch receive are indexed by pack-indexer.ts, not isomorphic-git: git must
 * accept every .idx as its own (verify-pack, fsck --full), nothing half-written may stay in
 * objects/pack, and the working tree of a clone is exactly what native git checks out.
 */
const server = useGitServer();

function packDir(dir: string): string[] {
  return fs.readdirSync(path.join(dir, '.git', 'objects', 'pack')).sort();
}

function assertPacksGitAccepts(dir: string): void {
  const names = packDir(dir);
  expect(names.filter((n) => !/^pack-[0-9a-f]{40}\.(pack|idx)$/.test(n)), 'leftover temp files').toEqual([]);
  const idx = names.filter((n) => n.endsWith('.idx'));
  expect(idx.length).toBe(names.length / 2);
  for (const n of idx) {
    const file = path.join(dir, '.git', 'objects', 'pack', n);
    execFileSync('git', ['verify-pack', file]);
    // git index-pack over the same pack writes the very same bytes.
    const theirs = path.join(tempDir(), 'check.idx');
    execFileSync('git', ['index-pack', '-o', theirs, file.replace(/\.idx$/, '.pack')]);
    expect(fs.readFileSync(file).equals(fs.readFileSync(theirs)), n).toBe(true);
  }
  gitCli(dir, 'fsck', '--full', '--strict');
}

describe('received packs', () => {
  it('clone: the pack is indexed as git would, the checkout equals native git\'s', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) files[`dir${i % 7}/file-${i}.txt`] = `${'line\n'.repeat(i * 10)}file ${i}\n`;
    server.createBareRepo('cp', { files });
    for (let c = 0; c < 5; c++) server.commitToRepo('cp', { [`dir1/file-${c}.txt`]: `edited ${c}\n${'line\n'.repeat(300)}` }, `edit ${c}`);
    const core = newCore();
    const folder = path.join(tempDir(), 'clone');
    const op = await runOp(core, 'workspaces.clone', { url: server.repoUrl('cp'), folder });
    expect(op.status, JSON.stringify(op.error)).toBe('succeeded');
    assertPacksGitAccepts(folder);
    const native = path.join(tempDir(), 'native');
    // Asynchronously: the server runs in this process.
    await gitOk(path.dirname(native), 'clone', '-q', server.repoUrl('cp'), native);
    expect(gitCli(folder, 'ls-files', '-s')).toBe(gitCli(native, 'ls-files', '-s'));
    expect(gitCli(folder, 'status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(gitCli(folder, 'rev-parse', 'HEAD', 'refs/remotes/origin/main')).toBe(gitCli(native, 'rev-parse', 'HEAD', 'refs/remotes/origin/main'));
    expect(gitCli(folder, 'config', 'branch.main.merge').trim()).toBe('refs/heads/main');
  });

  it('fetch and pull: each new pack is indexed as git would, fsck stays clean', async () => {
    server.createBareRepo('fp', { files: { 'a.txt': 'a\n'.repeat(500) } });
    const core = newCore();
    const folder = path.join(tempDir(), 'ws');
    const cloned = await runOp(core, 'workspaces.clone', { url: server.repoUrl('fp'), folder });
    expect(cloned.status, JSON.stringify(cloned.error)).toBe('succeeded');
    const wsId = (cloned.result as { workspace: Workspace }).workspace.id;
    await ok(core.call('workspaces.update', { workspaceId: wsId, author: { name: 'T', email: 't@example.test' } }, 'test'));
    for (let round = 0; round < 2; round++) {
      const tip = server.commitToRepo('fp', { 'a.txt': `${'a\n'.repeat(500)}round ${round}\n`, [`new-${round}.txt`]: `new ${round}\n` }, `round ${round}`);
      const pulled = await runOp(core, 'sync.pull', { workspaceId: wsId });
      expect(pulled.status, JSON.stringify(pulled.error)).toBe('succeeded');
      expect(gitCli(folder, 'rev-parse', 'HEAD').trim()).toBe(tip);
      assertPacksGitAccepts(folder);
    }
    expect(packDir(folder).length).toBe(6);
    expect(gitCli(folder, 'status', '--porcelain')).toBe('');
  });
});
