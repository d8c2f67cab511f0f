import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, gitCli, makeRepo, tempDir, writeFile } from '../../../test/support/repo';
import { globToRegex, matchIgnore, parseIgnoreFile } from './ignore';
import { fastStatus } from './status-fast';

afterAll(cleanupTempDirs);

const ROOT_IGNORE = [
  '# a comment',
  '*.log',
  '!keep.log',
  'build/',
  '/rooted.txt',
  'docs/**/*.tmp',
  '**/cache',
  'a/**/z',
  '\\#hash',
  '\\!bang',
  'trailing\\ ',
  'spaces   ',
  'name[0-9].txt',
  'cls[[:upper:]]',
  'neg[!a-c]',
  'out/*',
  '!out/keep/',
  'sub/deep/',
  'nested/x',
  'q?',
  'all/**',
  '',
].join('\n');

const FILES = [
  'app.log', 'keep.log', 'sub/app.log', 'sub/other.log', 'build/x', 'sub/build/y', 'rooted.txt', 'sub/rooted.txt',
  'docs/a/b/c.tmp', 'docs/c.tmp', 'docs/c.txt', 'x/cache/f', 'cache', 'a/z', 'a/b/c/z', 'b/a/z', '#hash', '!bang',
  'trailing ', 'trailing', 'spaces', 'name1.txt', 'nameX.txt', 'clsA', 'clsa', 'negd', 'nega', 'out/a', 'out/keep/b',
  'sub/local', 'sub/x/local', 'sub/readme.md', 'readme.md', 'sub/deep/f', 'deep/f', 'nested/x', 'q/nested/x', 'qa', 'qab',
  'all/one', 'all/two/three', 'excluded-by-info', 'global-ignored', 'ünï/çödé.md', 'ünï/x.txt', 'with space/f g.txt',
  'keep-dir/.gitkeep',
];

describe('gitignore matching', () => {
  it('lists the same untracked files as git on a tricky fixture', () => {
    const dir = makeRepo({ 'tracked.txt': 't\n' });
    writeFile(dir, '.gitignore', ROOT_IGNORE);
    writeFile(dir, 'sub/.gitignore', '!*.log\nother.log\n/local\n*.md\n');
    writeFile(dir, 'ünï/.gitignore', '*.md\n');
    writeFile(dir, '.git/info/exclude', 'excluded-by-info\n');
    const globalFile = path.join(tempDir(), 'global-ignore');
    fs.writeFileSync(globalFile, 'global-ignored\n');
    gitCli(dir, 'config', 'core.excludesFile', globalFile);
    for (const f of FILES) writeFile(dir, f, `${f}\n`);
    // A tracked file inside an ignored folder stays tracked; its untracked neighbours stay ignored.
    writeFile(dir, 'build/tracked.txt', 't\n');
    gitCli(dir, 'add', '-f', 'build/tracked.txt');
    gitCli(dir, 'commit', '-q', '-m', 'tracked in ignored');
    writeFile(dir, 'build/tracked.txt', 'changed\n');
    const git = gitCli(dir, '-c', 'core.quotePath=false', 'ls-files', '-z', '--others', '--exclude-standard').split('\0').filter(Boolean).sort();
    const ours = fastStatus(dir).changes.filter((c) => c.kind === 'untracked').map((c) => c.path).sort();
    expect(ours).toEqual(git);
    expect(ours).toContain('sub/app.log');
    expect(ours).toContain('out/keep/b');
    expect(fastStatus(dir).changes).toContainEqual({ path: 'build/tracked.txt', kind: 'modified', staged: false });
  });

  it('skips nested repositories and special files', () => {
    const dir = makeRepo({ 'a.txt': 'a\n' });
    const inner = path.join(dir, 'inner');
    fs.mkdirSync(inner);
    gitCli(inner, 'init', '-q');
    writeFile(inner, 'f.txt', 'x\n');
    expect(fastStatus(dir).changes.filter((c) => c.path.startsWith('inner'))).toEqual([]);
  });

  it('translates globs as wildmatch does', () => {
    const re = (g: string) => new RegExp(`^${globToRegex(g, true)}$`);
    expect(re('**/foo').test('foo')).toBe(true);
    expect(re('**/foo').test('a/b/foo')).toBe(true);
    expect(re('a/**/b').test('a/b')).toBe(true);
    expect(re('a/**/b').test('a/x/y/b')).toBe(true);
    expect(re('a/**').test('a')).toBe(false);
    expect(re('a/**').test('a/x/y')).toBe(true);
    expect(re('a*b').test('a/b')).toBe(false);
    expect(re('a**b').test('axxb')).toBe(true);
    expect(re('[]]x').test(']x')).toBe(true);
    expect(re('[a-').test('[a-')).toBe(true);
  });

  it('lets the last matching pattern win and honours directory-only patterns', () => {
    const p = parseIgnoreFile('*.txt\n!a.txt\ndir/\n', '');
    expect(matchIgnore(p, 'b.txt', false)).toBe(true);
    expect(matchIgnore(p, 'x/a.txt', false)).toBe(false);
    expect(matchIgnore(p, 'dir', false)).toBe(null);
    expect(matchIgnore(p, 'x/dir', true)).toBe(true);
  });
});
