import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore } from '..';
import type { FileAt, FileDiff, HistoryCommitDetail } from '../../../shared/contract/history';
import { cleanupTempDirs, tempDir, writeFile } from '../../../test/support/repo';
import { git, gitBytes, makeHistory } from './test-fixture';

afterAll(cleanupTempDirs);

type Core = ReturnType<typeof createCore>;
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

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

interface Summary {
  path: string;
  oldPath?: string;
  status: string;
  binary: boolean;
  headers: string[];
  additions: number;
  deletions: number;
}

const STATUS: Record<string, string> = { A: 'added', M: 'modified', D: 'deleted', R: 'renamed', T: 'modified' };

/** `git diff -M` against the first parent (or the empty tree), per file: the reference. */
function gitSummary(dir: string, oid: string, extra: string[] = []): Summary[] {
  const parents = git(dir, ['rev-list', '--parents', '-n1', oid]).trim().split(' ').slice(1);
  const base = parents[0] ?? EMPTY_TREE;
  const names = git(dir, ['diff', '-M', '--name-status', ...extra, base, oid]).split('\n').filter(Boolean);
  const patch = git(dir, ['diff', '-M', '-U3', '--no-color', ...extra, base, oid]);
  const chunks = patch.split(/^diff --git /m).slice(1);
  expect(chunks.length).toBe(names.length);
  return names.map((line, i) => {
    const [code, a, b] = line.split('\t');
    const chunk = chunks[i]!;
    const body = chunk.split('\n');
    const headers = body.filter((l) => l.startsWith('@@ ')).map((l) => l.replace(/^(@@ [^@]+ @@).*$/, '$1'));
    const inHunk = body.slice(body.findIndex((l) => l.startsWith('@@ ')));
    const count = (c: string): number => (headers.length ? inHunk.filter((l) => l.startsWith(c) && !l.startsWith(`${c}${c}${c} `)).length : 0);
    const s: Summary = {
      path: b ?? a!,
      status: STATUS[code![0]!]!,
      binary: /^Binary files /m.test(chunk),
      headers,
      additions: count('+'),
      deletions: count('-'),
    };
    if (code![0] === 'R') s.oldPath = a!;
    return s;
  });
}

function summarize(f: FileDiff): Summary {
  const s: Summary = {
    path: f.path,
    status: f.status,
    binary: f.binary,
    headers: f.hunks.map((h) => `@@ -${h.oldStart}${h.oldLines === 1 ? '' : `,${h.oldLines}`} +${h.newStart}${h.newLines === 1 ? '' : `,${h.newLines}`} @@`),
    additions: f.additions,
    deletions: f.deletions,
  };
  if (f.oldPath) s.oldPath = f.oldPath;
  return s;
}

describe('history.commit / fileDiff / fileAt agree with git', () => {
  for (const seed of [1, 2]) {
    it(`gives every commit's per-file diff like git diff -M (seed ${seed})`, async () => {
      const { dir } = makeHistory(seed);
      const { core, workspaceId } = await open(dir);
      const all = git(dir, ['log', '--format=%H']).split('\n').filter(Boolean);
      let renames = 0;
      for (const oid of all) {
        const detail = await call<HistoryCommitDetail>(core, 'history.commit', { workspaceId, oid });
        expect(detail.commit.oid).toBe(oid);
        expect(detail.truncated).toBe(false);
        expect(detail.files.map(summarize), oid).toEqual(gitSummary(dir, oid));
        renames += detail.files.filter((f) => f.status === 'renamed').length;
      }
      expect(renames).toBeGreaterThan(0);
    });
  }

  it('handles binary, too large, mode changes, renames, CRLF, unicode, missing final newlines and whitespace', async () => {
    const dir = tempDir('reposync-detail-');
    git(dir, ['init', '-q', '-b', 'main']);
    const big = Array.from({ length: 60_000 }, (_, i) => `line number ${i} of a big generated file`).join('\n') + '\n';
    writeFile(dir, 'bin.dat', Buffer.from([1, 2, 0, 3, 4]));
    writeFile(dir, 'big.txt', big);
    writeFile(dir, 'script.sh', 'echo hi\n');
    writeFile(dir, 'crlf.txt', 'a\r\nb\r\nc\r\n');
    writeFile(dir, 'ünï/日本語 file.txt', '一\n二\n三');
    writeFile(dir, 'src/code.ts', 'function f() {\n  return 1;\n}\n\nexport const x = f();\n');
    writeFile(dir, 'src/old-name.txt', Array.from({ length: 30 }, (_, i) => `keep ${i}`).join('\n') + '\n');
    writeFile(dir, 'same.txt', 'identical content\n');
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', 'root'], { time: 1_600_000_000 });

    writeFile(dir, 'bin.dat', Buffer.from([1, 2, 0, 3, 5]));
    writeFile(dir, 'big.txt', big.replace('line number 30000 ', 'line NUMBER 30000 '));
    fs.chmodSync(path.join(dir, 'script.sh'), 0o755);
    writeFile(dir, 'crlf.txt', 'a\r\nB\r\nc\r\n');
    writeFile(dir, 'ünï/日本語 file.txt', '一\n二\n三\n四\n');
    writeFile(dir, 'src/code.ts', 'function f() {\n\treturn   1;\n}\n\nexport const x = f() + 1;\n');
    fs.renameSync(path.join(dir, 'src/old-name.txt'), path.join(dir, 'src/new-name.txt'));
    fs.appendFileSync(path.join(dir, 'src/new-name.txt'), 'one more\n');
    fs.renameSync(path.join(dir, 'same.txt'), path.join(dir, 'same.txt.bak'));
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', 'change everything'], { time: 1_600_000_100 });
    const [head, root] = git(dir, ['log', '--format=%H']).split('\n').filter(Boolean) as [string, string];

    const { core, workspaceId } = await open(dir);
    const first = await call<HistoryCommitDetail>(core, 'history.commit', { workspaceId, oid: root.slice(0, 8) });
    expect(first.commit.oid).toBe(root);
    const firstBig = first.files.find((f) => f.path === 'big.txt')!;
    expect([firstBig.status, firstBig.tooLarge, firstBig.hunks]).toEqual(['added', true, []]);
    expect(first.files.filter((f) => f.path !== 'big.txt').map(summarize)).toEqual(gitSummary(dir, root).filter((s) => s.path !== 'big.txt'));

    const detail = await call<HistoryCommitDetail>(core, 'history.commit', { workspaceId, oid: head });
    const byPath = new Map(detail.files.map((f) => [f.path, f]));
    expect(byPath.get('bin.dat')).toMatchObject({ binary: true, hunks: [], status: 'modified' });
    expect(byPath.get('big.txt')).toMatchObject({ tooLarge: true, hunks: [] });
    expect(byPath.get('script.sh')).toMatchObject({ status: 'modified', oldMode: '100644', newMode: '100755', hunks: [], additions: 0 });
    expect(byPath.get('src/new-name.txt')).toMatchObject({ status: 'renamed', oldPath: 'src/old-name.txt', additions: 1 });
    expect(byPath.get('same.txt.bak')).toMatchObject({ status: 'renamed', oldPath: 'same.txt', hunks: [] });
    const crlf = byPath.get('crlf.txt')!;
    expect(crlf.hunks[0]!.lines.map((l) => l.text)).toEqual(['a\r', 'b\r', 'B\r', 'c\r']);
    const uni = byPath.get('ünï/日本語 file.txt')!;
    expect(uni.hunks[0]!.lines.filter((l) => l.noNewline).map((l) => [l.kind, l.text])).toEqual([['del', '三']]);
    expect(detail.files.filter((f) => f.path !== 'big.txt').map(summarize)).toEqual(gitSummary(dir, head).filter((s) => s.path !== 'big.txt'));

    // "Show anyway" and the whitespace toggle.
    const full = await call<FileDiff>(core, 'history.fileDiff', { workspaceId, oid: head, path: 'big.txt', full: true });
    expect(summarize(full)).toEqual(gitSummary(dir, head).find((s) => s.path === 'big.txt'));
    const ws = await call<FileDiff>(core, 'history.fileDiff', { workspaceId, oid: head, path: 'src/code.ts', ignoreWhitespace: true });
    expect(summarize(ws)).toEqual(gitSummary(dir, head, ['-w']).find((s) => s.path === 'src/code.ts'));
    expect(ws.deletions).toBe(1);
    const renamed = await call<FileDiff>(core, 'history.fileDiff', { workspaceId, oid: head, path: 'src/new-name.txt' });
    expect(renamed.oldPath).toBe('src/old-name.txt');
    await expect(call(core, 'history.fileDiff', { workspaceId, oid: head, path: 'README.md' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('reads a file as of a commit byte for byte like git show oid:path', async () => {
    const dir = tempDir('reposync-fileat-');
    git(dir, ['init', '-q', '-b', 'main']);
    const files: Record<string, Buffer> = {
      'text.md': Buffer.from('# Title\n\nünïcødé 日本語 😀\n'),
      'bom.txt': Buffer.from([0xef, 0xbb, 0xbf, 0x68, 0x69, 0x0a]),
      'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
      'img.bin': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0xff]),
      'dir/ünï name.txt': Buffer.from('nested\r\n'),
      'empty.txt': Buffer.alloc(0),
    };
    for (const [p, b] of Object.entries(files)) writeFile(dir, p, b);
    writeFile(dir, 'huge.log', Buffer.alloc(11 * 1024 * 1024, 'x'));
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', 'files'], { time: 1_600_000_000 });
    writeFile(dir, 'text.md', 'changed later\n');
    git(dir, ['commit', '-q', '-am', 'later'], { time: 1_600_000_100 });
    const oid = git(dir, ['rev-parse', 'HEAD~1']).trim();
    const { core, workspaceId } = await open(dir);

    for (const p of Object.keys(files)) {
      const got = await call<FileAt>(core, 'history.fileAt', { workspaceId, oid, path: p });
      const expected = gitBytes(dir, ['show', `${oid}:${p}`]);
      const bytes = got.text !== null ? Buffer.from(got.text, 'utf8') : Buffer.from(got.base64!, 'base64');
      expect(bytes.equals(expected), p).toBe(true);
      expect(got.size).toBe(expected.length);
      expect(got.oid).toBe(oid);
      expect(got.blobOid).toBe(git(dir, ['rev-parse', `${oid}:${p}`]).trim());
    }
    expect(await call<FileAt>(core, 'history.fileAt', { workspaceId, oid, path: 'img.bin' })).toMatchObject({ binary: true, text: null });
    expect(await call<FileAt>(core, 'history.fileAt', { workspaceId, oid, path: 'latin1.txt' })).toMatchObject({ binary: false, text: null });
    expect(await call<FileAt>(core, 'history.fileAt', { workspaceId, oid, path: 'huge.log' })).toMatchObject({
      tooLarge: true, text: null, base64: null, size: 11 * 1024 * 1024,
    });

    const blob = git(dir, ['rev-parse', `${oid}:text.md`]).trim();
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['history.fileAt', { oid, path: 'missing.txt' }, 'not_found'],
      ['history.fileAt', { oid, path: 'dir' }, 'invalid_input'],
      ['history.fileAt', { oid, path: '../etc/passwd' }, 'unsafe_path'],
      ['history.fileAt', { oid, path: '.git/config' }, 'unsafe_path'],
      ['history.fileAt', { oid, path: '/text.md' }, 'unsafe_path'],
      ['history.fileDiff', { oid, path: 'dir/../../x' }, 'unsafe_path'],
      ['history.fileAt', { oid: 'f'.repeat(40), path: 'text.md' }, 'not_found'],
      ['history.commit', { oid: 'deadbeef' }, 'not_found'],
      ['history.commit', { oid: blob }, 'not_found'],
      ['history.commit', { oid: 'xyz' }, 'invalid_input'],
    ];
    for (const [channel, input, code] of cases) {
      await expect(call(core, channel, { workspaceId, ...input }), `${channel} ${JSON.stringify(input)}`).rejects.toMatchObject({ code });
    }
  });
});
