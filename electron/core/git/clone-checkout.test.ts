import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanupTempDirs, gitCli, makeRepo, tempDir, writeFile } from '../../../test/support/repo';
import { checkoutCommit } from './clone-checkout';
import { fastStatus, forgetStatusCache } from './status-fast';

afterAll(cleanupTempDirs);
beforeEach(() => forgetStatusCache());

/** Every working file's bytes (not .git). */
function tree(dir: string, rel = '', out: Record<string, string> = {}): Record<string, string> {
  for (const name of fs.readdirSync(path.join(dir, rel))) {
    const r = rel ? `${rel}/${name}` : name;
    if (r === '.git') continue;
    if (fs.lstatSync(path.join(dir, r)).isDirectory()) tree(dir, r, out);
    else out[r] = fs.readFileSync(path.join(dir, r), 'latin1');
  }
  return out;
}

describe('checkoutCommit (a clone\'s first checkout) writes line endings as git clone does', () => {
  const source = (): string => {
    const dir = makeRepo({ 'stored-crlf.txt': 'a\r\nb\r\n' });
    for (const [rel, content] of Object.entries({
      '.gitattributes': '* text=auto\n*.bat eol=crlf\n*.sh eol=lf\n*.raw -text\n*.bin binary\n[attr]dos text eol=crlf\n*.dos dos\n',
      'a.txt': 'a\nb\n', 'w.bat': 'echo\n', 'x.sh': 'ls\n', 'd.raw': 'r\n', 'i.bin': 'b\n', 'm.dos': 'm\n', 'nul.txt': 'a\0\n',
      'lone.txt': 'a\rb\n', 'sub/.gitattributes': '*.txt -text\n*.md eol=crlf\n', 'sub/s.txt': 's\n', 'sub/r.md': 'r\n', 'empty.txt': '',
    })) writeFile(dir, rel, content);
    gitCli(dir, 'add', '-A');
    gitCli(dir, 'commit', '-q', '-m', 'rules and files');
    return dir;
  };

  for (const config of [{}, { 'core.autocrlf': 'true' }, { 'core.autocrlf': 'input' }, { 'core.eol': 'crlf' }]) {
    it(JSON.stringify(config), () => {
      const src = source();
      const args = Object.entries(config).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
      const byGit = path.join(tempDir(), 'git');
      gitCli(src, 'clone', '-q', ...args, src, byGit);
      const ours = path.join(tempDir(), 'ours');
      gitCli(src, 'clone', '-q', '--no-checkout', ...args, src, ours);
      fs.rmSync(path.join(ours, '.git', 'index'), { force: true });
      checkoutCommit(ours, gitCli(ours, 'rev-parse', 'HEAD').trim());
      expect(tree(ours)).toEqual(tree(byGit));
      expect(fastStatus(ours).changes).toEqual([]);
      expect(gitCli(ours, 'status', '--porcelain')).toBe('');
      gitCli(ours, 'fsck', '--full', '--strict');
    });
  }
});
