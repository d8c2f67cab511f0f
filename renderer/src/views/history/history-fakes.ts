import type { CommitInfo, FileDiff, HistoryCommitDetail } from '../../../../shared/contract/history';
import { fail, type FakeTransport } from '../../test-support/fake-transport';

/** Test data for the history views and slice (not shipped: only tests import it). */
export function commitInfo(n: number, patch: Partial<CommitInfo> = {}): CommitInfo {
  const oid = n.toString(16).padStart(40, '0');
  return {
    oid,
    parents: [(n - 1).toString(16).padStart(40, '0')],
    authorName: 'Ada Lovelace',
    authorEmail: 'ada@example.com',
    authorDate: '2025-01-01T10:00:00+01:00',
    committerName: 'Ada Lovelace',
    committerEmail: 'ada@example.com',
    committerDate: '2025-01-01T10:00:00+01:00',
    subject: `Commit ${n}`,
    body: '',
    paths: ['README.md'],
    pathsTruncated: false,
    ...patch,
  };
}

export function fileDiff(patch: Partial<FileDiff> = {}): FileDiff {
  return {
    path: 'src/app.ts',
    status: 'modified',
    binary: false,
    tooLarge: false,
    additions: 1,
    deletions: 1,
    hunks: [
      {
        oldStart: 1,
        oldLines: 2,
        newStart: 1,
        newLines: 2,
        lines: [
          { kind: 'context', text: 'const a = 1;', oldNo: 1, newNo: 1 },
          { kind: 'del', text: 'const total = price * count;', oldNo: 2 },
          { kind: 'add', text: 'const total = price * quantity;', newNo: 2 },
        ],
      },
    ],
    ...patch,
  };
}

/**
 * history.* over a fixed list of commits, newest first. `pages` scripts how many commits each
 * successive call returns (0 = an empty page with a cursor); after the script, pages hold `limit`.
 */
export function fakeHistory(transport: FakeTransport, commits: CommitInfo[], pages: number[] = []) {
  let call = 0;
  transport.handle('history.list', (input) => {
    const start = input.cursor ? Number(input.cursor) : 0;
    const filtered = commits.filter(
      (c) => (!input.search || c.subject.toLowerCase().includes(input.search.toLowerCase())) && (!input.path || c.paths.includes(input.path)),
    );
    const size = pages[call++] ?? input.limit ?? 100;
    const end = Math.min(filtered.length, start + size);
    // An empty scripted page still moves the cursor on (the engine walked commits, found none).
    const next = size === 0 ? start : end;
    return { commits: filtered.slice(start, end), nextCursor: next >= filtered.length && size > 0 ? null : String(next) };
  });
  transport.handle('history.commit', ({ oid }) => {
    const commit = commits.find((c) => c.oid.startsWith(oid));
    if (!commit) fail('not_found', `No commit ${oid}.`, { oid });
    const detail: HistoryCommitDetail = { commit, files: [fileDiff()], truncated: false };
    return detail;
  });
}
