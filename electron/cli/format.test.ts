import { describe, expect, it } from 'vitest';
import type { WorkspaceStatus } from '../../shared/domain';
import { CliError, usageError } from './errors';
import { formatStatus, formatValue, progressLine, quotePath, shortStatusLines, statusCode, table } from './format';
import { errorDocument, errorLine, jsonDocument } from './output';
import { globalHelp } from './help';
import { commands } from './commands';

const status: WorkspaceStatus = {
  workspaceId: 'w1',
  branch: 'main',
  detached: false,
  head: { oid: '0123456789abcdef0123456789abcdef01234567', subject: 'Add docs', authorName: 'Ada', authorEmail: 'ada@x.test', date: '2024-01-02T03:04:05.000Z' },
  files: [
    { path: 'a.txt', kind: 'modified', staged: false },
    { path: 'b.txt', kind: 'modified', staged: true },
    { path: 'new file.txt', kind: 'untracked', staged: false },
    { path: 'gone.txt', kind: 'deleted', staged: false },
    { path: 'rm.txt', kind: 'deleted', staged: true },
    { path: 'add.txt', kind: 'added', staged: true },
    { path: 'c.txt', kind: 'conflicted', staged: false },
  ],
  state: 'changes',
  ahead: 1,
  behind: 2,
  lastSyncAt: null,
  activeOperationId: null,
  conflicts: ['c.txt'],
};

describe('status formatting', () => {
  it('uses the letters of git status --short', () => {
    expect(shortStatusLines(status.files)).toEqual([' M a.txt', 'M  b.txt', '?? "new file.txt"', ' D gone.txt', 'D  rm.txt', 'A  add.txt', 'UU c.txt']);
    expect(statusCode({ path: 'x', kind: 'untracked', staged: false })).toBe('??');
  });

  it('quotes only paths git would quote', () => {
    expect(quotePath('src/a-b_c.txt')).toBe('src/a-b_c.txt');
    expect(quotePath('with space')).toBe('"with space"');
    expect(quotePath('tab\there')).toBe('"tab\\there"');
  });

  it('puts branch, HEAD, state and counts first', () => {
    const lines = formatStatus(status).split('\n');
    expect(lines[0]).toBe('On branch main (HEAD 0123456 Add docs)');
    expect(lines[1]).toBe('State: local changes; ahead 1, behind 2');
    expect(lines.slice(2)).toHaveLength(7);
    const clean = formatStatus({ ...status, files: [], head: null, detached: true, state: 'no_remote' });
    expect(clean).toBe('HEAD detached (no commits yet)\nState: no remote; ahead 1, behind 2\nNothing to commit, working folder clean');
  });
});

describe('generic formatting', () => {
  it('aligns table columns', () => {
    expect(table(['ID', 'NAME'], [['1', 'alpha'], ['22', 'b']])).toBe('ID  NAME\n1   alpha\n22  b');
  });

  it('renders unknown values readably', () => {
    expect(formatValue(null)).toBe('(none)');
    expect(formatValue({ merged: true, files: ['a', 'b'], note: null })).toBe('merged: true\nfiles:\n  - a\n  - b\nnote: -');
    expect(formatValue([{ a: 1 }])).toBe('-\n  a: 1');
  });

  it('draws one progress line with a percentage, cut to the width', () => {
    expect(progressLine({ title: 'Pull', phase: 'receiving objects', loaded: 42, total: 100 })).toBe('Pull: receiving objects 42% (42/100)');
    expect(progressLine({ title: 'Pull', phase: 'counting', loaded: 7, total: null })).toBe('Pull: counting (7)');
    expect(progressLine({ title: 'Pull', phase: 'x'.repeat(100), loaded: 0, total: null }, 40)).toHaveLength(39);
  });
});

describe('errors as output', () => {
  it('prints { error: { code, message, requestId } } for --json and one line otherwise', () => {
    const err = new CliError('not_found', 'No such\nfolder.', { requestId: 'r1' });
    expect(JSON.parse(jsonDocument(errorDocument(err)))).toEqual({ error: { code: 'not_found', message: 'No such\nfolder.', requestId: 'r1' } });
    expect(errorLine(err)).toBe('reposync: No such folder. [not_found]\n');
    expect(usageError('bad').exitCode).toBe(2);
  });

  it('lists every command in the global help', () => {
    const help = globalHelp(commands, '9.9.9');
    for (const c of commands) expect(help).toContain(c.name);
    expect(new Set(commands.map((c) => c.name)).size).toBe(commands.length);
  });
});
