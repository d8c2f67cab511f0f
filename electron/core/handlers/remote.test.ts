import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Workspace } from '../../../shared/domain';
import { err, newCore, ok } from '../../../test/support/core-harness';
import { cleanupTempDirs, gitCli, makeRepo } from '../../../test/support/repo';

afterAll(cleanupTempDirs);

describe('workspaces.update', () => {
  it('changes only the given fields, normalises them, and never stores credentials', async () => {
    const core = newCore();
    const dir = makeRepo();
    const ws = await ok<Workspace>(core.call('workspaces.add', { path: dir, group: 'docs' }, 'test'));
    const changed: string[] = [];
    core.services.events.subscribe((name, p) => name === 'workspace.changed' && changed.push((p as { reason: string }).reason));
    const updated = await ok<Workspace>(
      core.call(
        'workspaces.update',
        {
          workspaceId: ws.id,
          name: 'Docs site',
          branch: 'release/2.0',
          pathPrefix: '/site/',
          author: { name: 'A', email: 'a@example.test' },
          remoteUrl: 'https://me:secret-token-99@example.test/team/site.git',
          environments: ['staging'],
        },
        'test',
      ),
    );
    expect(updated).toMatchObject({
      id: ws.id,
      name: 'Docs site',
      branch: 'release/2.0',
      pathPrefix: 'site',
      remoteUrl: 'https://example.test/team/site.git',
      group: 'docs',
      environments: ['staging'],
    });
    expect(changed).toEqual(['updated']);
    expect(fs.readFileSync(path.join(core.services.options.home, 'config.json'), 'utf8')).not.toContain('secret-token-99');
    // Native git in the folder follows: same origin, a fetch refspec, no secret in .git/config.
    expect(gitCli(dir, 'remote', 'get-url', 'origin').trim()).toBe('https://example.test/team/site.git');
    expect(gitCli(dir, 'config', 'remote.origin.fetch').trim()).toBe('+refs/heads/*:refs/remotes/origin/*');
    expect(fs.readFileSync(path.join(dir, '.git', 'config'), 'utf8')).not.toContain('secret-token-99');
    const cleared = await ok<Workspace>(core.call('workspaces.update', { workspaceId: ws.id, group: null, author: null, remoteUrl: null }, 'test'));
    expect(cleared).toMatchObject({ group: null, author: null, remoteUrl: null, name: 'Docs site' });
  });

  it('refuses bad values with clear codes and changes nothing', async () => {
    const core = newCore();
    const ws = await ok<Workspace>(core.call('workspaces.add', { path: makeRepo() }, 'test'));
    const up = (change: Record<string, unknown>) => err(core.call('workspaces.update', { workspaceId: ws.id, ...change }, 'test'));
    expect((await up({ remoteUrl: 'git@github.com:o/r.git' })).code).toBe('unsupported');
    expect((await up({ pathPrefix: '../etc' })).code).toBe('unsafe_path');
    expect((await up({ branch: 'two words' })).code).toBe('invalid_input');
    expect((await up({ nonsense: 1 })).code).toBe('invalid_input');
    expect((await err(core.call('workspaces.update', { workspaceId: 'missing', name: 'x' }, 'test'))).code).toBe('not_found');
    expect(await ok<Workspace>(core.call('workspaces.get', { workspaceId: ws.id }, 'test'))).toEqual(ws);
  });
});
