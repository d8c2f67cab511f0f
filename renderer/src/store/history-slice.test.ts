// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fakeEngine, memoryStorage, storeFor } from '../test-support/fake-engine';
import { commitInfo, fakeHistory } from '../views/history/history-fakes';

const many = (n: number) => Array.from({ length: n }, (_, i) => commitInfo(n - i));

describe('history slice', () => {
  it('loads the first page, then the next with the cursor and the same filter', async () => {
    const { transport } = fakeEngine();
    fakeHistory(transport, many(250));
    const { store } = storeFor(transport);
    await store.getState().openHistory('ws', { search: ' commit ' });
    let list = store.getState().historyList!;
    expect(list.commits).toHaveLength(100);
    expect(list.commits[0]).not.toHaveProperty('paths');
    expect(list.complete).toBe(false);
    await store.getState().loadMoreHistory();
    list = store.getState().historyList!;
    expect(list.commits).toHaveLength(250);
    expect(list.complete).toBe(true);
    expect(transport.callsTo('history.list')).toEqual([
      { workspaceId: 'ws', limit: 100, search: 'commit' },
      { workspaceId: 'ws', limit: 300, cursor: '100', search: 'commit' },
    ]);
    // Nothing more to ask once the cursor is null.
    await store.getState().loadMoreHistory();
    expect(transport.callsTo('history.list')).toHaveLength(2);
  });

  it('keeps asking through empty pages while the cursor is not null', async () => {
    const { transport } = fakeEngine();
    fakeHistory(transport, many(5), [0, 0, 2, 0, 3]);
    const { store } = storeFor(transport);
    await store.getState().openHistory('ws');
    expect(store.getState().historyList!.commits).toHaveLength(2);
    expect(transport.callsTo('history.list')).toHaveLength(3);
    await store.getState().loadMoreHistory();
    const list = store.getState().historyList!;
    expect(list.commits.map((c) => c.subject)).toEqual(['Commit 5', 'Commit 4', 'Commit 3', 'Commit 2', 'Commit 1']);
    expect(list.complete).toBe(true);
    expect(list.loading).toBe(false);
  });

  it('ends on an empty last page with a null cursor (a search that finds nothing)', async () => {
    const { transport } = fakeEngine();
    fakeHistory(transport, many(3));
    const { store } = storeFor(transport);
    await store.getState().openHistory('ws', { search: 'nothing matches' });
    expect(store.getState().historyList).toMatchObject({ commits: [], complete: true, loading: false, error: null });
  });

  it('drops the answers of a list replaced by a new filter', async () => {
    const { transport } = fakeEngine();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const commits = many(10);
    transport.handle('history.list', async (input) => {
      if (!input.path) await gate;
      return { commits: input.path ? commits.slice(0, 1) : commits, nextCursor: null };
    });
    const { store } = storeFor(transport);
    const first = store.getState().openHistory('ws');
    await store.getState().openHistory('ws', { path: 'README.md' });
    release();
    await first;
    expect(store.getState().historyList).toMatchObject({ filter: { path: 'README.md', search: null }, complete: true });
    expect(store.getState().historyList!.commits).toHaveLength(1);
  });

  it('keeps an error on the list and retries on reopen', async () => {
    const { transport } = fakeEngine();
    const { store } = storeFor(transport);
    await store.getState().openHistory('ws');
    expect(store.getState().historyList!.error?.code).toBe('internal');
    fakeHistory(transport, many(2));
    await store.getState().openHistory('ws');
    expect(store.getState().historyList).toMatchObject({ error: null, complete: true });
  });

  it('reads the selected commit and keeps only the newest selection', async () => {
    const { transport } = fakeEngine();
    fakeHistory(transport, many(3));
    const { store } = storeFor(transport);
    await store.getState().openHistory('ws');
    const oids = store.getState().historyList!.commits.map((c) => c.oid);
    const slow = store.getState().selectCommit(oids[0]!);
    await store.getState().selectCommit(oids[1]!);
    await slow;
    expect(store.getState().historySelected).toBe(oids[1]);
    expect(store.getState().historyDetail).toMatchObject({ oid: oids[1], loading: false, error: null });
    expect(store.getState().historyDetail!.detail!.commit.oid).toBe(oids[1]);
  });

  it('remembers the diff mode and the whitespace setting', () => {
    const settings = memoryStorage();
    const { transport } = fakeEngine();
    const first = storeFor(transport, settings).store;
    expect(first.getState().diffMode).toBe('unified');
    first.getState().setDiffMode('split');
    first.getState().setDiffIgnoreWhitespace(true);
    const again = storeFor(transport, settings).store.getState();
    expect(again.diffMode).toBe('split');
    expect(again.diffIgnoreWhitespace).toBe(true);
  });
});
