import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HistoryPage } from '../../../shared/contract/history';
import type { Workspace } from '../../../shared/domain';
import { newCore, ok } from '../../../test/support/core-harness';
import { cleanupTempDirs, gitCli, makeRepo, writeFile } from '../../../test/support/repo';

afterAll(cleanupTempDirs);

function indexFiles(home: string): string[] {
  const root = path.join(home, 'cache', 'history');
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root).map((d) => path.join(root, d, 'index.bin')).filter((f) => fs.existsSync(f));
}

describe('history.list', () => {
  it('keeps the history index under the data folder, so a restart reuses it', async () => {
    const repo = makeRepo();
    for (let i = 0; i < 5; i++) {
      writeFile(repo, `notes/${i}.md`, `note ${i}\n`);
      gitCli(repo, 'add', '-A');
      gitCli(repo, 'commit', '-qm', `note ${i}`);
    }
    const core = newCore();
    const home = core.services.options.home;
    const ws = await ok<Workspace>(core.call('workspaces.add', { path: repo }, 'test'));
    const expected = gitCli(repo, 'log', '--format=%H').trim().split('\n');

    const first = await ok<HistoryPage>(core.call('history.list', { workspaceId: ws.id, limit: 100 }, 'test'));
    expect(first.commits.map((c) => c.oid)).toEqual(expected);
    await expect.poll(() => indexFiles(home).length, { timeout: 20_000 }).toBe(1);

    const again = newCore({ home });
    const later = await ok<HistoryPage>(again.call('history.list', { workspaceId: ws.id, limit: 100, search: 'note 3' }, 'test'));
    expect(later.commits.map((c) => c.subject)).toEqual(['note 3']);
    expect(later.commits[0]!.paths).toEqual(['notes/3.md']);
  });

  it('extends the index in the background after a sync brings new commits', async () => {
    const repo = makeRepo();
    const core = newCore();
    const home = core.services.options.home;
    const ws = await ok<Workspace>(core.call('workspaces.add', { path: repo }, 'test'));
    await ok<HistoryPage>(core.call('history.list', { workspaceId: ws.id, limit: 10 }, 'test'));
    await expect.poll(() => indexFiles(home).length, { timeout: 20_000 }).toBe(1);
    const [file] = indexFiles(home);
    const before = fs.statSync(file!).size;
    writeFile(repo, 'later.md', 'later\n');
    gitCli(repo, 'add', '-A');
    gitCli(repo, 'commit', '-qm', 'later');
    core.services.events.emit('workspace.changed', { workspaceId: ws.id, reason: 'synced' });
    await expect.poll(() => fs.statSync(file!).size, { timeout: 20_000 }).toBeGreaterThan(before);
  });

  it('builds the index of each added workspace in the background, before History is opened, one at a time', async () => {
    const repos = [makeRepo({ 'a.md': 'a\n' }), makeRepo({ 'b.md': 'b\n' })];
    const core = newCore();
    const home = core.services.options.home;
    for (const repo of repos) await ok<Workspace>(core.call('workspaces.add', { path: repo }, 'test'));
    await expect.poll(() => indexFiles(home).length, { timeout: 20_000 }).toBe(2);
    for (const file of indexFiles(home)) expect(fs.statSync(file).size).toBeGreaterThan(0);
  });

  it('builds no index before History is opened where told to (the CLI)', async () => {
    const core = newCore({ historyIndex: 'when-opened' });
    const home = core.services.options.home;
    const ws = await ok<Workspace>(core.call('workspaces.add', { path: makeRepo() }, 'test'));
    core.services.events.emit('workspace.changed', { workspaceId: ws.id, reason: 'synced' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(indexFiles(home)).toEqual([]);
    await ok<HistoryPage>(core.call('history.list', { workspaceId: ws.id, limit: 10 }, 'test'));
    await expect.poll(() => indexFiles(home).length, { timeout: 20_000 }).toBe(1);
  });
});
