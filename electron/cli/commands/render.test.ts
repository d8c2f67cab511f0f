import { describe, expect, it } from 'vitest';
import type { HistoryCommitDetail } from '../../../shared/contract/history';
import type { MergeConflicts } from '../../../shared/contract/merge';
import { describeConflicts } from './conflicts';
import { describePull, pullInput } from './pull';
import { formatCommit } from './show-format';

describe('pull input and text', () => {
  it('sends only the flags given, in the contract’s field names', () => {
    expect(pullInput('w1', {})).toEqual({ workspaceId: 'w1' });
    expect(pullInput('w1', { strategy: 'ff-only', 'dry-run': true, ours: ['a'], theirs: ['b', 'c/'], 'local-changes': 'commit' })).toEqual({
      workspaceId: 'w1',
      strategy: 'ff-only',
      dryRun: true,
      useOurs: ['a'],
      useTheirs: ['b', 'c/'],
      localChanges: 'commit',
    });
  });

  it('describes results, previews and conflicts', () => {
    const base = { created: ['n.txt'], updated: ['u.txt'], deleted: [], conflicting: [] };
    expect(describePull('/w', { ...base, outcome: 'fast_forward', commit: 'abcdef1234', backupId: 'b1' })).toBe(
      'Fast-forwarded /w (HEAD abcdef1).\nA  n.txt\nM  u.txt\nBackup taken first: b1 (`reposync undo` restores it).',
    );
    expect(describePull('/w', { ...base, outcome: 'up_to_date', commit: null, backupId: null })).toBe('Already up to date.');
    expect(describePull('/w', { ...base, conflicting: ['c.txt'], outcome: 'conflicted', commit: null, backupId: null })).toContain('UU c.txt');
    const preview = describePull('/w', { ...base, dryRun: true, fastForward: false, upToDate: false, blockedBy: ['u.txt'] });
    expect(preview.split('\n')[0]).toBe('Dry run: pulling would merge /w:');
    expect(preview).toContain('Blocked by uncommitted changes');
    expect(describePull('/w', { something: 'else' })).toBe('Pulled into /w.\n  something: else');
  });

  it('lists conflicts with their resolution state', () => {
    const value: MergeConflicts = {
      merging: true,
      branch: 'main',
      oursOid: '1111111aaaa',
      theirsOid: '2222222bbbb',
      baseOid: null,
      paths: [
        { path: 'a.txt', kind: 'both_modified', binary: false, tooLarge: false, base: 'x', ours: 'y', theirs: 'z', resolution: null },
        { path: 'img.png', kind: 'both_modified', binary: true, tooLarge: false, base: null, ours: null, theirs: null, resolution: 'theirs' },
      ],
    };
    expect(describeConflicts(value)).toBe(
      [
        'Merging 2222222 into main (1111111):',
        '  both_modified    a.txt  [unresolved]',
        '  both_modified    img.png (binary)  [resolved: theirs]',
        '1 to resolve: `reposync resolve <folder> <path> --ours|--theirs|--merged-file f`.',
      ].join('\n'),
    );
    expect(describeConflicts({ ...value, merging: false, paths: [] })).toBe('No merge in progress.');
  });
});

describe('show', () => {
  it('prints a commit like git show', () => {
    const detail: HistoryCommitDetail = {
      commit: {
        oid: 'a'.repeat(40),
        parents: ['b'.repeat(40)],
        authorName: 'Ada',
        authorEmail: 'ada@x.test',
        authorDate: '2024-01-02T03:04:05+01:00',
        committerName: 'Ada',
        committerEmail: 'ada@x.test',
        committerDate: '2024-01-02T03:04:05+01:00',
        subject: 'Fix it',
        body: 'Because.',
        paths: ['f.txt', 'new.bin'],
        pathsTruncated: false,
      },
      files: [
        {
          path: 'f.txt',
          status: 'modified',
          binary: false,
          tooLarge: false,
          additions: 1,
          deletions: 1,
          hunks: [{ oldStart: 1, oldLines: 2, newStart: 1, newLines: 2, lines: [{ kind: 'context', text: 'same' }, { kind: 'del', text: 'old' }, { kind: 'add', text: 'new', noNewline: true }] }],
        },
        { path: 'new.bin', status: 'added', binary: true, tooLarge: false, additions: 0, deletions: 0, hunks: [] },
      ],
      truncated: false,
    };
    expect(formatCommit(detail)).toBe(
      [
        `commit ${'a'.repeat(40)}`,
        'Author: Ada <ada@x.test>',
        'Date:   2024-01-02T03:04:05+01:00',
        '',
        '    Fix it',
        '',
        '    Because.',
        '',
        'diff --git a/f.txt b/f.txt',
        '--- a/f.txt',
        '+++ b/f.txt',
        '@@ -1,2 +1,2 @@',
        ' same',
        '-old',
        '+new',
        '\\ No newline at end of file',
        'diff --git a/new.bin b/new.bin',
        'new file mode 100644',
        'Binary files /dev/null and b/new.bin differ',
      ].join('\n'),
    );
  });
});
