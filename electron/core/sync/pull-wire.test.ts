import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitCli, tempDir } from '../../../test/support/repo';
import { gitOk } from '../../../test/support/git-server';
import { useGitServer } from '../../../test/support/use-git-server';
import type { MergeConflicts, PullPreview, PullResult } from '../../../shared/contract/merge';
import type { Operation } from '../../../shared/domain';
import { dispatch } from '../dispatch';
import { mergeHandlers } from '../handlers/merge';
import { createServices } from '../services';
import { createMemorySettingsStore } from '../settings-store';
import { AUTHOR, fsck, parents, porcelain, read } from './merge-fixtures';

/** sync.pull over a real smart-HTTP server on loopback, through the channels, the operation manager, the lock and the real fetch. */

const server = useGitServer();

async function setup(name: string, files: Record<string, string>) {
  const { url } = server.createBareRepo(name, { files });
  const local = path.join(tempDir('reposync-wire-'), name);
  await gitOk(path.dirname(local), 'clone', '-q', url, local);
  const services = createServices({ home: tempDir('reposync-home-'), mode: 'host', version: '0.0.0', store: createMemorySettingsStore() });
  const ws = await services.workspaces.add({ path: local, author: AUTHOR });
  const handlers = mergeHandlers(services);
  // Only the merge channels are wired here; dispatch validates input and output exactly as in the app.
  const call = async <T>(channel: string, input: object): Promise<T> => {
    const res = await dispatch(handlers as never, channel, { workspaceId: ws.id, ...input }, 'test');
    if (!res.ok) throw Object.assign(new Error(res.error.message), res.error);
    return res.value as T;
  };
  const pull = async (input: object = {}): Promise<Operation> => {
    const { operationId } = await call<{ operationId: string }>('sync.pull', input);
    await services.operations.idle();
    return services.operations.get(operationId);
  };
  return { local, services, ws, call, pull };
}

describe('sync.pull over HTTP', () => {
  it('fast-forwards, previews, merges and completes a conflict through the channels', async () => {
    const t = await setup('site', { 'index.html': '<h1>hi</h1>\n', 'about.html': 'about\n' });
    const theirs = server.commitToRepo('site', { 'index.html': '<h1>hello</h1>\n', 'new.html': 'new\n' }, 'remote edit');

    const preview = await t.pull({ dryRun: true });
    expect(preview.status, JSON.stringify(preview.error)).toBe('succeeded');
    expect(preview.result as PullPreview).toMatchObject({ dryRun: true, fastForward: true, created: ['new.html'], updated: ['index.html'] });
    expect(gitCli(t.local, 'rev-parse', 'HEAD').trim()).not.toBe(theirs);

    const op = await t.pull();
    expect(op).toMatchObject({ kind: 'pull', status: 'succeeded' });
    expect(op.result as PullResult).toMatchObject({ outcome: 'fast_forward', commit: theirs });
    expect(read(t.local, 'new.html')).toBe('new\n');
    expect(t.services.workspaces.get(t.ws.id).lastSyncAt).not.toBeNull();

    // Both sides move: a merge commit, then a conflict resolved and completed.
    const remote2 = server.commitToRepo('site', { 'about.html': 'about (remote)\n' }, 'remote 2');
    gitCli(t.local, 'commit', '-q', '--allow-empty', '-m', 'local work');
    const local2 = gitCli(t.local, 'rev-parse', 'HEAD').trim();
    const refused = await t.pull({ strategy: 'ff-only' });
    expect(refused.error?.code).toBe('non_fast_forward');
    expect((await t.pull()).result).toMatchObject({ outcome: 'merged' });
    expect(parents(t.local)).toEqual([local2, remote2]);

    const remote3 = server.commitToRepo('site', { 'index.html': '<h1>remote</h1>\n' }, 'remote 3');
    writeFileSync(path.join(t.local, 'index.html'), '<h1>local</h1>\n');
    gitCli(t.local, 'commit', '-q', '-am', 'local edit');
    const ours3 = gitCli(t.local, 'rev-parse', 'HEAD').trim();
    expect((await t.pull()).result).toMatchObject({ outcome: 'conflicted', conflicting: ['index.html'] });
    const c = await t.call<MergeConflicts>('sync.conflicts', {});
    expect(c.paths[0]).toMatchObject({ path: 'index.html', ours: '<h1>local</h1>\n', theirs: '<h1>remote</h1>\n' });
    await t.call('sync.resolve', { path: 'index.html', resolution: 'theirs' });
    const done = await t.call<{ commit: string; pushed: boolean; pushError: unknown }>('sync.completeMerge', { push: true });
    expect(done).toMatchObject({ pushed: true, pushError: null });
    expect(parents(t.local)).toEqual([ours3, remote3]);
    expect(gitCli(server.repoDir('site'), 'rev-parse', 'refs/heads/main').trim()).toBe(done.commit);
    fsck(server.repoDir('site'));
    expect(porcelain(t.local)).toEqual([]);
    fsck(t.local);
  });
});
