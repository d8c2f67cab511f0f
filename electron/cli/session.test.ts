import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, gitCli, makeRepo, tempDir } from '../../test/support/repo';
import { CliError } from './errors';
import { openEngine } from './session';

afterAll(cleanupTempDirs);

function engineIn(home: string) {
  return openEngine({ io: { stdout: new PassThrough(), stderr: new PassThrough() }, env: { REPOSYNC_HOME: home }, token: null });
}

describe('CLI engine session', () => {
  it('treats an unregistered folder as an in-memory workspace with its defaults, never written to settings', async () => {
    const home = tempDir('reposync-session-home-');
    const dir = makeRepo({ 'a.txt': 'a\n' }, 'develop');
    gitCli(dir, 'remote', 'add', 'origin', 'https://user:secret@example.test/r.git');
    const engine = engineIn(home);

    const ws = await engine.workspaceFor(dir);
    expect(ws).toMatchObject({ path: dir, branch: 'develop', remoteUrl: 'https://example.test/r.git', pathPrefix: '', connectionId: null });
    expect(await engine.workspaceFor(path.join(dir, '.'))).toEqual(ws);
    expect(engine.workspaces()).toEqual([ws]);
    expect(await engine.call('workspaces.get', { workspaceId: ws.id })).toEqual(ws);
    expect(fs.existsSync(path.join(home, 'config.json'))).toBe(false);

    // Another process (a second CLI run) sees nothing.
    expect(engineIn(home).workspaces()).toEqual([]);
  });

  it('uses the registered workspace when the folder has one', async () => {
    const home = tempDir('reposync-session-home-');
    const dir = makeRepo();
    const engine = engineIn(home);
    const added = await engine.call('workspaces.add', { path: dir, name: 'Named' });
    expect(await engine.workspaceFor(dir)).toEqual(added);
    expect(engineIn(home).workspaces()).toEqual([added]);
  });

  it('maps a non-repository folder to a not_found CliError, and engine errors to CliErrors', async () => {
    const engine = engineIn(tempDir('reposync-session-home-'));
    await expect(engine.workspaceFor(tempDir())).rejects.toMatchObject({ code: 'not_found', exitCode: 1 });
    await expect(engine.run('workspaces.get', { workspaceId: 'missing' })).rejects.toBeInstanceOf(CliError);
    await expect(engine.run('workspaces.get', { workspaceId: 'missing' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
