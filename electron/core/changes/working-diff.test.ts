import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileDiff } from '../../../shared/contract/history';
import type { WorkingFile } from '../../../shared/contract/changes';
import { err, newCore, ok } from '../../../test/support/core-harness';
import { cleanupTempDirs, gitCli, makeRepo, writeFile } from '../../../test/support/repo';

afterAll(cleanupTempDirs);

interface Parsed {
  header: string;
  lines: string[];
}

/** Hunks of `git diff HEAD -- path`: the reference. */
function gitHunks(dir: string, rel: string, extra: string[] = []): Parsed[] {
  const out = gitCli(dir, 'diff', '--no-color', '-U3', ...extra, 'HEAD', '--', rel);
  const hunks: Parsed[] = [];
  for (const l of out.split('\n')) {
    if (l.startsWith('@@')) hunks.push({ header: l.replace(/^(@@ [^@]+ @@).*$/, '$1'), lines: [] });
    else if (hunks.length && /^[ +-]/.test(l)) hunks.at(-1)!.lines.push(l);
  }
  return hunks;
}

function asParsed(diff: FileDiff): Parsed[] {
  return diff.hunks.map((h) => ({
    header: `@@ -${h.oldStart}${h.oldLines === 1 ? '' : `,${h.oldLines}`} +${h.newStart}${h.newLines === 1 ? '' : `,${h.newLines}`} @@`,
    lines: h.lines.map((l) => (l.kind === 'context' ? ' ' : l.kind === 'add' ? '+' : '-') + l.text),
  }));
}

const numbered = (n: number, f = (i: number) => `line ${i}`) => Array.from({ length: n }, (_, i) => f(i + 1)).join('\n') + '\n';

async function setup(files: Record<string, string>, prefix?: string) {
  const dir = makeRepo(files);
  const core = newCore();
  const ws = await ok<{ id: string }>(core.call('workspaces.add', { path: dir, ...(prefix ? { pathPrefix: prefix } : {}) }, 'test'));
  const diff = (p: string, extra: Record<string, unknown> = {}) => core.call('changes.diff', { workspaceId: ws.id, path: p, ...extra }, 'test');
  return { dir, core, ws, diff };
}

describe('changes.diff', () => {
  it('gives the hunks of `git diff HEAD -- path` for a modified file, staged or not', async () => {
    const { dir, diff } = await setup({ 'src/app.ts': numbered(60), 'notes/ünïcode name.md': 'a\nb\nc\n' });
    writeFile(dir, 'src/app.ts', numbered(60, (i) => (i % 17 === 0 ? `changed ${i}` : i === 30 ? 'x\ny' : `line ${i}`)));
    writeFile(dir, 'notes/ünïcode name.md', 'a\nB\nc');
    gitCli(dir, 'add', 'notes/ünïcode name.md');
    writeFile(dir, 'notes/ünïcode name.md', 'a\nB\nc\nd');
    for (const rel of ['src/app.ts', 'notes/ünïcode name.md']) {
      const d = await ok<FileDiff>(diff(rel));
      expect(d.status).toBe('modified');
      expect(asParsed(d)).toEqual(gitHunks(dir, rel));
      expect(d.oldMode).toBe('100644');
    }
  });

  it('ignores whitespace like git diff -w', async () => {
    const { dir, diff } = await setup({ 'a.txt': 'one two\nthree\nfour\n' });
    writeFile(dir, 'a.txt', 'one   two\nthree\nFOUR\n');
    const d = await ok<FileDiff>(diff('a.txt', { ignoreWhitespace: true }));
    expect(asParsed(d)).toEqual(gitHunks(dir, 'a.txt', ['-w']));
    expect(d.additions).toBe(1);
  });

  it('shows a new (untracked) file as added and a removed one as deleted', async () => {
    const { dir, diff } = await setup({ 'gone.txt': 'bye\nnow\n' });
    writeFile(dir, 'new/fresh.txt', 'hello\nworld\n');
    fs.rmSync(path.join(dir, 'gone.txt'));
    const added = await ok<FileDiff>(diff('new/fresh.txt'));
    expect(added).toMatchObject({ status: 'added', additions: 2, deletions: 0, newMode: '100644' });
    expect(added.hunks[0]).toMatchObject({ oldStart: 0, oldLines: 0, newStart: 1, newLines: 2 });
    const deleted = await ok<FileDiff>(diff('gone.txt'));
    expect(deleted.status).toBe('deleted');
    expect(asParsed(deleted)).toEqual(gitHunks(dir, 'gone.txt'));
  });

  it('marks binary files and files over 1 MB (hunks only with full)', async () => {
    const big = numbered(120_000);
    const { dir, diff } = await setup({ 'img.bin': 'a\u0000b', 'big.txt': big });
    writeFile(dir, 'img.bin', Buffer.from([0, 1, 2, 3]));
    writeFile(dir, 'big.txt', big.replace('line 5\n', 'line five\n'));
    expect(await ok<FileDiff>(diff('img.bin'))).toMatchObject({ binary: true, hunks: [] });
    expect(await ok<FileDiff>(diff('big.txt'))).toMatchObject({ tooLarge: true, hunks: [] });
    const full = await ok<FileDiff>(diff('big.txt', { full: true }));
    expect(asParsed(full)).toEqual(gitHunks(dir, 'big.txt'));
  });

  it('refuses unsafe paths, paths outside the prefix and symlinked folders', async () => {
    const { dir, diff } = await setup({ 'site/a.txt': 'a\n', 'other/b.txt': 'b\n' }, 'site');
    fs.symlinkSync('/etc', path.join(dir, 'site', 'link'));
    for (const bad of ['../x', '/etc/passwd', 'site/../other/b.txt', '.git/config', 'site/.GIT/config', 'other/b.txt', 'site/link/passwd']) {
      expect((await err(diff(bad))).code, bad).toBe('unsafe_path');
    }
    expect((await err(diff('site/missing.txt'))).code).toBe('not_found');
    expect((await err(diff('site'))).code).toBe('invalid_input');
  });

  it('reads the working file for previews (text, bytes, deleted)', async () => {
    const { dir, core, ws } = await setup({ 'a.txt': 'x\n' });
    writeFile(dir, 'a.txt', 'héllo\n');
    writeFile(dir, 'p.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1]));
    const at = (p: string) => ok<WorkingFile>(core.call('changes.fileAt', { workspaceId: ws.id, path: p }, 'test'));
    expect(await at('a.txt')).toMatchObject({ exists: true, binary: false, text: 'héllo\n', base64: null });
    expect(await at('p.png')).toMatchObject({ binary: true, text: null, base64: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1]).toString('base64') });
    fs.rmSync(path.join(dir, 'a.txt'));
    expect(await at('a.txt')).toMatchObject({ exists: false });
  });

  it('compares the working file as git stores it: CRLF on disk for an LF blob is no change under text=auto', async () => {
    const { dir, diff } = await setup({ '.gitattributes': '* text=auto\n*.raw -text\n', 'a.txt': numbered(20), 'b.txt': numbered(5), 'c.raw': 'r\ns\n' });
    writeFile(dir, 'a.txt', numbered(20, (i) => (i === 7 ? 'seven' : `line ${i}`)).replace(/\n/g, '\r\n'));
    writeFile(dir, 'b.txt', numbered(5).replace(/\n/g, '\r\n'));
    writeFile(dir, 'c.raw', 'r\r\ns\n');
    for (const rel of ['a.txt', 'b.txt', 'c.raw']) expect([rel, asParsed(await ok<FileDiff>(diff(rel)))]).toEqual([rel, gitHunks(dir, rel)]);
    expect(gitHunks(dir, 'b.txt')).toEqual([]);
    expect(gitHunks(dir, 'a.txt')[0]?.lines).toContain('+seven');
  });
});
