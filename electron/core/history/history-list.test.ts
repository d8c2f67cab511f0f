import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '..';
import type { CommitInfo, HistoryPage } from '../../../shared/contract/history';
import { cleanupTempDirs, makeRepo, tempDir } from '../../../test/support/repo';
import { git, makeHistory } from './test-fixture';

afterAll(cleanupTempDirs);

type Core = ReturnType<typeof createCore>;

async function call<T>(core: Core, channel: string, input: unknown): Promise<T> {
  const res = await core.call(channel, input, 'test');
  if (!res.ok) throw Object.assign(new Error(res.error.message), { code: res.error.code });
  return res.value as T;
}

async function open(dir: string): Promise<{ core: Core; workspaceId: string }> {
  const core = createCore({ home: tempDir('reposync-home-'), mode: 'host', version: '0.0.0' });
  const ws = await call<{ id: string }>(core, 'workspaces.add', { path: dir });
  return { core, workspaceId: ws.id };
}

/** Every page of `history.list` joined: what the UI would show after scrolling to the end. */
async function all(core: Core, input: Record<string, unknown>, limit = 7): Promise<CommitInfo[]> {
  const out: CommitInfo[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 10_000; guard++) {
    const page = await call<HistoryPage>(core, 'history.list', { ...input, limit, cursor });
    expect(page.commits.length).toBeLessThanOrEqual(limit);
    out.push(...page.commits);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  throw new Error('pages never ended');
}

const oids = (text: string): string[] => text.split('\n').filter(Boolean);

// Every source must answer alike: the isomorphic-git walk, the index (waited for), and the default
// (fast reader pages while the index builds, then the index).
describe.each(['walk', 'index', 'auto'])('history.list agrees with git log (%s source)', (source) => {
  beforeAll(() => {
    process.env.REPOSYNC_HISTORY_SOURCE = source;
  });
  afterAll(() => {
    delete process.env.REPOSYNC_HISTORY_SOURCE;
  });

  // HISTORY_SEEDS=50 widens the search for disagreements; three seeds keep the default run short.
  const seeds = Array.from({ length: Number(process.env.HISTORY_SEEDS ?? 3) }, (_, i) => i + 1);
  for (const seed of seeds) {
    it(`orders every commit like git log (merges, equal times, clock skew) — seed ${seed}`, async () => {
      const { dir, paths } = makeHistory(seed);
      const { core, workspaceId } = await open(dir);
      const commits = await all(core, { workspaceId });
      expect(commits.map((c) => c.oid)).toEqual(oids(git(dir, ['log', '--format=%H'])));

      // File and folder history, including a path that never existed.
      for (const p of paths) {
        const mine = (await all(core, { workspaceId, path: p }, 5)).map((c) => c.oid);
        expect(mine, p).toEqual(oids(git(dir, ['log', '--format=%H', '--', p])));
      }
      // Other branches and a commit id as the start.
      for (const ref of git(dir, ['for-each-ref', '--format=%(refname:short)', 'refs/heads']).split('\n').filter(Boolean)) {
        const mine = (await all(core, { workspaceId, ref }, 50)).map((c) => c.oid);
        expect(mine, ref).toEqual(oids(git(dir, ['log', '--format=%H', ref])));
      }
    });
  }

  it('simplifies file history like git log -- path (side branches of TREESAME merges are skipped)', async () => {
    const dir = tempDir('reposync-simplify-');
    git(dir, ['init', '-q', '-b', 'main']);
    const put = (file: string, text: string, msg: string, time: number): void => {
      fs.writeFileSync(`${dir}/${file}`, text);
      git(dir, ['add', '-A']);
      git(dir, ['commit', '-q', '-m', msg], { time });
    };
    put('a.txt', 'a\n', 'A', 100);
    put('b.txt', 'b\n', 'A2', 100);
    git(dir, ['checkout', '-q', '-b', 'side']);
    put('a.txt', 'a side 1\n', 'S1', 200);
    put('a.txt', 'a side 2\n', 'S2', 300);
    git(dir, ['checkout', '-q', 'main']);
    put('b.txt', 'b main\n', 'B', 250);
    git(dir, ['merge', '-q', '--no-ff', '-m', 'M1', 'side'], { time: 400 });
    git(dir, ['checkout', '-q', 'side']);
    put('a.txt', 'a side 3\nx\n', 'S3', 500);
    git(dir, ['checkout', '-q', 'main']);
    put('a.txt', 'a side 2\nmain\n', 'B2', 500);
    git(dir, ['merge', '-q', '--no-ff', '-X', 'theirs', '-m', 'M2', 'side'], { time: 600 });
    const { core, workspaceId } = await open(dir);
    for (const p of ['a.txt', 'b.txt', 'nothing']) {
      const mine = (await all(core, { workspaceId, path: p }, 2)).map((c) => c.subject);
      expect(mine, p).toEqual(oids(git(dir, ['log', '--format=%s', '--', p])));
    }
    expect((await all(core, { workspaceId, path: 'b.txt' })).map((c) => c.subject)).toEqual(['B', 'A2']);
  });

  it('lists touched paths, subjects, bodies, authors and dates like git log', async () => {
    const { dir } = makeHistory(7, 40);
    const { core, workspaceId } = await open(dir);
    const commits = await all(core, { workspaceId }, 100);
    const ref = git(dir, ['log', '--format=%x00%H%x01%P%x01%an%x01%ae%x01%aI%x01%cn%x01%ce%x01%cI%x01%s%x01%b%x01', '--no-renames', '--name-only']);
    const expected = new Map<string, { fields: string[]; paths: string[] }>();
    for (const rec of ref.split('\0').filter(Boolean)) {
      const fields = rec.split('\x01');
      expected.set(fields[0]!, { fields, paths: fields[10]!.split('\n').filter(Boolean) });
    }
    let nonMerges = 0;
    for (const c of commits) {
      const e = expected.get(c.oid)!;
      const [, parents, an, ae, aI, cn, ce, cI, s, b] = e.fields;
      expect([c.parents.join(' '), c.authorName, c.authorEmail, c.authorDate, c.committerName, c.committerEmail, c.committerDate, c.subject, c.body]).toEqual([
        parents, an, ae, aI, cn, ce, cI, s, b!.replace(/\s+$/, ''),
      ]);
      if (c.parents.length <= 1) {
        nonMerges++;
        expect(c.paths, c.oid).toEqual(e.paths);
        expect(c.pathsTruncated).toBe(false);
      } else {
        // Merges list what changed against the first parent.
        expect(c.paths).toEqual(oids(git(dir, ['diff', '--no-renames', '--name-only', `${c.oid}^1`, c.oid])));
      }
    }
    expect(nonMerges).toBeGreaterThan(20);
  });

  it('searches message or author, case-insensitively, like git log -i --grep ∪ --author', async () => {
    const { dir } = makeHistory(11, 50);
    const { core, workspaceId } = await open(dir);
    for (const q of ['fix', 'BOB', 'example.test', 'Second line', 'Ünicode', 'step 1', 'no such thing']) {
      const grep = new Set(oids(git(dir, ['log', '-i', '-F', `--grep=${q}`, '--format=%H'])));
      const author = new Set(oids(git(dir, ['log', '-i', '-F', `--author=${q}`, '--format=%H'])));
      const expected = oids(git(dir, ['log', '--format=%H'])).filter((o) => grep.has(o) || author.has(o));
      const mine = (await all(core, { workspaceId, search: q }, 4)).map((c) => c.oid);
      expect(mine, q).toEqual(expected);
    }
    // Search within a folder's history.
    const both = new Set(oids(git(dir, ['log', '-i', '-F', '--grep=fix', '--format=%H', '--', 'src'])));
    const expected = oids(git(dir, ['log', '--format=%H', '--', 'src'])).filter((o) => both.has(o));
    expect((await all(core, { workspaceId, search: 'fix', path: 'src/' })).map((c) => c.oid)).toEqual(expected);
  });

  it('keeps pages stable and rejects a cursor of another query', async () => {
    const { dir } = makeHistory(5, 30);
    const { core, workspaceId } = await open(dir);
    const first = await call<HistoryPage>(core, 'history.list', { workspaceId, limit: 5 });
    const second = await call<HistoryPage>(core, 'history.list', { workspaceId, limit: 5, cursor: first.nextCursor });
    // The same cursor again (now from a replayed walk) gives the same page.
    const again = await call<HistoryPage>(core, 'history.list', { workspaceId, limit: 5, cursor: first.nextCursor });
    expect(again.commits.map((c) => c.oid)).toEqual(second.commits.map((c) => c.oid));
    // A fresh engine (no paused walks in memory) continues the same walk from the cursor.
    const fresh = await open(dir);
    const replayed = await call<HistoryPage>(fresh.core, 'history.list', { workspaceId: fresh.workspaceId, limit: 5, cursor: first.nextCursor });
    expect(replayed.commits.map((c) => c.oid)).toEqual(second.commits.map((c) => c.oid));
    // New commits on the branch do not shift a page already being read.
    git(dir, ['commit', '-q', '--allow-empty', '-m', 'later'], { time: 1_700_000_000 });
    const after = await call<HistoryPage>(core, 'history.list', { workspaceId, limit: 5, cursor: first.nextCursor });
    expect(after.commits.map((c) => c.oid)).toEqual(second.commits.map((c) => c.oid));

    await expect(call(core, 'history.list', { workspaceId, cursor: first.nextCursor, search: 'x' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(call(core, 'history.list', { workspaceId, cursor: 'garbage!' })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('answers an empty repository with an empty page and checks refs and paths', async () => {
    const empty = makeRepo({});
    const e = await open(empty);
    expect(await call(e.core, 'history.list', { workspaceId: e.workspaceId })).toEqual({ commits: [], nextCursor: null });

    const dir = makeRepo({ 'a.txt': 'a\n' });
    git(dir, ['tag', '-a', 'v1', '-m', 'annotated']);
    const { core, workspaceId } = await open(dir);
    const head = git(dir, ['rev-parse', 'HEAD']).trim();
    for (const ref of ['v1', 'main', 'refs/heads/main', head, head.slice(0, 7)]) {
      expect((await call<HistoryPage>(core, 'history.list', { workspaceId, ref })).commits.map((c) => c.oid), ref).toEqual([head]);
    }
    for (const ref of ['nope', 'f'.repeat(40)]) {
      await expect(call(core, 'history.list', { workspaceId, ref }), ref).rejects.toMatchObject({ code: 'not_found' });
    }
    for (const ref of ['main..x', '-rf', 'a b', 'x.lock', '@{1}']) {
      await expect(call(core, 'history.list', { workspaceId, ref }), ref).rejects.toMatchObject({ code: 'invalid_input' });
    }
    for (const path of ['../x', '/etc/passwd', '.git', '.GIT/config', 'a/../b', 'a//b', 'C:/x', 'a\\..\\b']) {
      await expect(call(core, 'history.list', { workspaceId, path }), path).rejects.toMatchObject({ code: 'unsafe_path' });
    }
  });
});
