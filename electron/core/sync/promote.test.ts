import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitCli, tempDir, writeFile } from '../../../test/support/repo';
import { useGitServer } from '../../../test/support/use-git-server';
import { PromoteResult, type PromotionRecord } from '../../../shared/contract/bulk';
import type { Operation } from '../../../shared/domain';
import { dispatch, type Handlers } from '../dispatch';
import { ReposyncError } from '../errors';
import { bulkHandlers } from '../handlers/bulk';
import { createServices } from '../services';
import { createMemorySettingsStore } from '../settings-store';
import { AUTHOR, fsck, porcelain, stateHash } from './merge-fixtures';

/** sync.promote over a real smart-HTTP server; the bare repository, read with native git, is the reference. */

const server = useGitServer();

async function setup(name: string) {
  const { dir: bare, url } = server.createBareRepo(name, { files: { 'index.html': 'one\ntwo\nthree\n', 'a.txt': 'a\n' } });
  const local = path.join(tempDir('reposync-promote-'), name);
  gitCli(path.dirname(local), 'clone', '-q', bare, local);
  gitCli(local, 'remote', 'set-url', 'origin', url);
  const services = createServices({ home: tempDir('reposync-home-'), mode: 'host', version: '0.0.0', store: createMemorySettingsStore() });
  const ws = await services.workspaces.add({ path: local, author: AUTHOR, environments: ['staging', 'production'] });
  const handlers = bulkHandlers(services) as unknown as Handlers;
  const call = async <T>(channel: string, input: object): Promise<T> => {
    const res = await dispatch(handlers, channel, { workspaceId: ws.id, ...input }, 'test');
    if (!res.ok) throw new ReposyncError(res.error.code, res.error.message, res.error.details);
    return res.value as T;
  };
  const promote = async (input: object): Promise<Operation> => {
    const { operationId } = await call<{ operationId: string }>('sync.promote', input);
    await services.operations.idle();
    return services.operations.get(operationId);
  };
  /** A commit made on the server by someone else, then fetched into origin/<branch> with native git (no HTTP). */
  const remoteCommit = (files: Record<string, string | null>, message: string, branch = 'main') => {
    const oid = server.commitToRepo(name, files, message, branch);
    gitCli(local, 'fetch', '-q', bare, `+refs/heads/${branch}:refs/remotes/origin/${branch}`);
    return oid;
  };
  const remoteRev = (rev: string) => gitCli(bare, 'rev-parse', '--verify', '-q', rev).trim();
  return { bare, local, services, ws, call, promote, remoteCommit, remoteRev };
}

describe('sync.promote', () => {
  it('creates, fast-forwards, refuses, merges and refuses a conflict; history newest first; the working folder never moves', async () => {
    const t = await setup('site');
    // Local state the promotion must never touch: an edit, an untracked file, the branch and HEAD.
    writeFile(t.local, 'a.txt', 'a (my unsaved edit)\n');
    writeFile(t.local, 'notes.txt', 'untracked\n');
    const untouched = () => ({ state: stateHash(t.local, { excludeRefs: ['refs/remotes/'] }), status: porcelain(t.local) });
    const before = untouched();
    const main1 = t.remoteRev('main');

    // 1. The remote has no staging yet: it is created at main.
    const created = await t.promote({ environment: 'staging', ref: 'main' });
    expect(created.status, JSON.stringify(created.error)).toBe('succeeded');
    expect(PromoteResult.parse(created.result)).toMatchObject({ mode: 'created', from: null, to: main1, record: { mode: 'created', from: null, to: main1, refOid: main1 } });
    expect(t.remoteRev('staging')).toBe(main1);

    // 2. main moves on: staging fast-forwards to origin/main.
    const main2 = t.remoteCommit({ 'index.html': 'one\ntwo\nthree\nfour\n' }, 'feature');
    const ff = await t.promote({ environment: 'staging', ref: 'origin/main', message: 'release 2' });
    expect(PromoteResult.parse(ff.result)).toMatchObject({ mode: 'fast_forward', from: main1, to: main2, ahead: 1, behind: 0 });
    expect(t.remoteRev('staging')).toBe(main2);
    expect(gitCli(t.bare, 'log', '--format=%H', 'staging').trim().split('\n')).toEqual([main2, main1]);

    // 3. A hotfix lands on staging and main moves on too: without allowMerge, refused and nothing pushed.
    const hotfix = t.remoteCommit({ 'hotfix.txt': 'fix\n' }, 'hotfix', 'staging');
    const main3 = t.remoteCommit({ 'index.html': 'ONE\ntwo\nthree\nfour\n' }, 'feature 2');
    const refused = await t.promote({ environment: 'staging', ref: 'origin/main' });
    expect(refused.status).toBe('failed');
    expect(refused.error).toMatchObject({ code: 'non_fast_forward', details: { ahead: 1, behind: 1, from: hotfix, to: main3 } });
    expect(t.remoteRev('staging')).toBe(hotfix);

    // 4. With allowMerge: a merge commit [staging tip, main], with the tree native git's merge gives.
    const merged = await t.promote({ environment: 'staging', ref: 'origin/main', allowMerge: true, message: 'Promote feature 2' });
    expect(merged.status, JSON.stringify(merged.error)).toBe('succeeded');
    const m = PromoteResult.parse(merged.result);
    expect(m).toMatchObject({ mode: 'merge', from: hotfix, ahead: 1, behind: 1 });
    expect(t.remoteRev('staging')).toBe(m.to);
    expect(gitCli(t.bare, 'show', '-s', '--format=%P|%an <%ae>|%s', 'staging').trim()).toBe(`${hotfix} ${main3}|Robin Sync <robin@example.test>|Promote feature 2`);
    const gitTree = gitCli(t.bare, 'merge-tree', '--write-tree', hotfix, main3).trim().split('\n')[0];
    expect(t.remoteRev('staging^{tree}')).toBe(gitTree);
    expect(gitCli(t.bare, 'show', 'staging:index.html')).toBe('ONE\ntwo\nthree\nfour\n');
    expect(gitCli(t.bare, 'show', 'staging:hotfix.txt')).toBe('fix\n');
    fsck(t.bare);

    // 5. Both sides edit the same line: refused with the conflicting path; the remote is unchanged.
    const staging5 = t.remoteCommit({ 'index.html': 'ONE\ntwo (staging)\nthree\nfour\n' }, 'staging edit', 'staging');
    t.remoteCommit({ 'index.html': 'ONE\ntwo (main)\nthree\nfour\n' }, 'main edit');
    const conflict = await t.promote({ environment: 'staging', ref: 'origin/main', allowMerge: true });
    expect(conflict.error).toMatchObject({ code: 'conflict', details: { files: ['index.html'] } });
    expect(t.remoteRev('staging')).toBe(staging5);
    expect(gitCli(t.bare, 'for-each-ref', '--format=%(refname)').trim().split('\n').sort()).toEqual(['refs/heads/main', 'refs/heads/staging']);

    // 6. Promoting what staging already holds changes nothing and records nothing.
    const same = await t.promote({ environment: 'staging', ref: hotfix.slice(0, 10) });
    expect(PromoteResult.parse(same.result)).toMatchObject({ mode: 'up_to_date', from: staging5, to: staging5, record: null });

    // History: only the three promotions that happened, newest first.
    const history = await t.call<PromotionRecord[]>('sync.promotions', { environment: 'staging' });
    expect(history.map((h) => h.mode)).toEqual(['merge', 'fast_forward', 'created']);
    expect(history[0]).toMatchObject({ workspaceId: t.ws.id, environment: 'staging', from: hotfix, to: m.to, ref: 'origin/main', refOid: main3, by: AUTHOR, message: 'Promote feature 2' });
    expect(history[1]).toMatchObject({ from: main1, to: main2, message: 'release 2' });
    expect(Date.parse(history[0]!.at)).toBeGreaterThanOrEqual(Date.parse(history[2]!.at));
    expect(await t.call<PromotionRecord[]>('sync.promotions', { limit: 1 })).toEqual([history[0]]);
    expect(await t.call<PromotionRecord[]>('sync.promotions', { environment: 'production' })).toEqual([]);

    // The user's folder: same HEAD, branch, index, files and status as at the start; no local staging branch.
    expect(untouched()).toEqual(before);
    expect(gitCli(t.local, 'for-each-ref', '--format=%(refname)', 'refs/heads').trim()).toBe('refs/heads/main');
    fsck(t.local);
  });

  it('promotes an annotated tag (peeled to its commit) and refuses bad input before any operation', async () => {
    const t = await setup('tags');
    const main1 = t.remoteRev('main');
    gitCli(t.local, 'tag', '-a', 'v1.0', '-m', 'version 1.0');
    const op = await t.promote({ environment: 'production', ref: 'v1.0' });
    expect(PromoteResult.parse(op.result)).toMatchObject({ mode: 'created', to: main1, record: { ref: 'v1.0', refOid: main1 } });
    expect(t.remoteRev('production')).toBe(main1);

    await expect(t.call('sync.promote', { environment: 'qa', ref: 'main' })).rejects.toMatchObject({ code: 'invalid_input', details: { field: 'environment' } });
    await expect(t.call('sync.promote', { environment: 'staging', ref: 'no-such-branch' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(t.call('sync.promote', { environment: 'staging', ref: '../../config' })).rejects.toMatchObject({ code: 'invalid_input' });
    gitCli(t.local, 'branch', 'v1.0-b', 'HEAD');
    gitCli(t.local, 'tag', 'dup', 'HEAD');
    gitCli(t.local, 'commit', '-q', '--allow-empty', '-m', 'local only');
    gitCli(t.local, 'branch', 'dup', 'HEAD');
    await expect(t.call('sync.promote', { environment: 'staging', ref: 'dup' })).rejects.toMatchObject({ code: 'invalid_input', details: { candidates: ['refs/tags/dup', 'refs/heads/dup'] } });
    expect(t.services.operations.list().map((o) => o.kind)).toEqual(['promote']);
    expect(gitCli(t.bare, 'for-each-ref', '--format=%(refname)').trim().split('\n').sort()).toEqual(['refs/heads/main', 'refs/heads/production']);
  });
});
