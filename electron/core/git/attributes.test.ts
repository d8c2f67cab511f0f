import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, gitCli, makeRepo, writeFile } from '../../../test/support/repo';
import { findGitDir } from './fast';
import { EolRules } from './eol';

afterAll(cleanupTempDirs);

/** `git check-attr text eol crlf` for each path, as `path attr value` lines (unspecified left out). */
function gitAttrs(dir: string, paths: string[]): Map<string, Map<string, string | boolean>> {
  const out = new Map<string, Map<string, string | boolean>>(paths.map((p) => [p, new Map()]));
  const text = gitCli(dir, 'check-attr', '-z', 'text', 'eol', 'crlf', '--', ...paths);
  const parts = text.split('\0');
  for (let i = 0; i + 2 < parts.length; i += 3) {
    const [p, attr, value] = [parts[i]!, parts[i + 1]!, parts[i + 2]!];
    if (value === 'unspecified') continue;
    out.get(p)!.set(attr, value === 'set' ? true : value === 'unset' ? false : value);
  }
  return out;
}

function ours(dir: string, paths: string[]): Map<string, Map<string, string | boolean>> {
  const rules = new EolRules(dir, findGitDir(dir));
  return new Map(paths.map((p) => [p, rules.attributes(p)]));
}

const sortMap = (m: Map<string, Map<string, string | boolean>>) => [...m].map(([p, a]) => [p, [...a].sort()]);

describe('gitattributes resolution', () => {
  it('matches git check-attr across folders, anchors, **, macros, quoting and info/attributes', () => {
    const dir = makeRepo({});
    writeFile(dir, '.gitattributes', [
      '# comment',
      '* text=auto',
      '*.bat eol=crlf',
      '*.sh   text eol=lf',
      '*.png binary',
      '*.dat -text',
      '/top.txt text=input',
      'docs/**/*.md eol=crlf',
      'deep/**/x.txt -text',
      '[attr]mytext text eol=crlf',
      '*.mt mytext',
      '!*.neg -text',
      '"quoted name.q" -text',
      '*.both binary text',
      '*.both2 text binary',
      '*.unspec !text',
      'dironly/ -text',
      '*.old crlf',
      '*.oldi crlf=input',
      '*.oldu -crlf',
      'bad-attr =x text',
      `${'x'.repeat(2100)} -text`,
      `*.long ${'y'.repeat(2100)} -text`,
      '*.CAP -text',
      '',
    ].join('\n'));
    writeFile(dir, 'sub/.gitattributes', '*.bat -text\n*.txt eol=lf\n[attr]nomacro -text\n*.nm nomacro\ntop.txt text=input\n/anch.c eol=crlf\n');
    writeFile(dir, 'sub/inner/.gitattributes', '*.txt !eol\n');
    writeFile(dir, '.git/info/attributes', '*.info -text\nsub/*.bat text\n');
    const paths = [
      'a.txt', 'run.bat', 'x.sh', 'img.png', 'd.dat', 'top.txt', 'sub/top.txt', 'docs/a/b/c.md', 'docs/c.md', 'docs.md',
      'deep/x.txt', 'deep/1/2/x.txt', 'f.mt', 'a.neg', 'quoted name.q', 'a.both', 'a.both2', 'a.unspec', 'dironly/f',
      'a.old', 'a.oldi', 'a.oldu', 'sub/run.bat', 'sub/a.txt', 'sub/inner/a.txt', 'sub/f.nm', 'sub/anch.c', 'anch.c',
      'sub/inner/anch.c', 'z.info', 'ü/ï.txt', 'noext', 'a.long', 'a.cap', 'a.CAP', `${'x'.repeat(2100)}`,
    ];
    const git = gitAttrs(dir, paths);
    expect(git.get('run.bat')).toEqual(new Map<string, string | boolean>([['text', 'auto'], ['eol', 'crlf']]));
    expect(git.get('sub/run.bat')?.get('text')).toBe(true);
    expect(sortMap(ours(dir, paths))).toEqual(sortMap(git));
    gitCli(dir, 'config', 'core.ignorecase', 'true');
    const folded = gitAttrs(dir, paths);
    expect(folded.get('a.cap')?.get('text')).toBe(false);
    expect(sortMap(ours(dir, paths))).toEqual(sortMap(folded));
  });

  it('reads nothing and converts nothing without attributes or autocrlf', () => {
    const dir = makeRepo({ 'a.txt': 'a\r\n' });
    const rules = new EolRules(dir, findGitDir(dir), { folders: new Set() });
    expect(rules.active).toBe(false);
    expect(rules.action('a.txt')).toBe('binary');
    gitCli(dir, 'config', 'core.autocrlf', 'input');
    expect(new EolRules(dir, findGitDir(dir), { folders: new Set() }).active).toBe(true);
  });
});
