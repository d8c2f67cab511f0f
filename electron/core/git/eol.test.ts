import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, gitCli, makeRepo, writeFile } from '../../../test/support/repo';
import { EolRules, cleanToGit, smudgeToWorktree } from './eol';
import { findGitDir } from './fast';
import { hashObject } from './object-write';

afterAll(cleanupTempDirs);

/** Contents that exercise every branch of git's guess: CRLF, LF, mixed, lone CR, NUL, control bytes, ^Z. */
const CONTENTS: Record<string, string> = {
  crlf: 'a\r\nb\r\n',
  lf: 'a\nb\n',
  mixed: 'a\r\nb\nc\r\n',
  lonecr: 'a\rb\r\n',
  nul: 'a\0\r\nb\n',
  ctrl: `${'\x01'.repeat(3)}x\r\n`,
  eofz: 'a\r\nb\x1a',
  empty: '',
  nolf: 'abc',
};
const ATTRS = '*.t text\n*.a text=auto\n*.i text=input\n*.l eol=lf\n*.c eol=crlf\n*.ac text=auto eol=crlf\n*.b binary\n*.n -text\n*.o crlf\n';
const EXTS = ['t', 'a', 'i', 'l', 'c', 'ac', 'b', 'n', 'o', 'u'];
const CONFIGS: Array<Record<string, string>> = [{}, { 'core.autocrlf': 'true' }, { 'core.autocrlf': 'input' }, { 'core.eol': 'crlf' }, { 'core.eol': 'lf', 'core.autocrlf': 'false' }];

const names = (): string[] => Object.keys(CONTENTS).flatMap((c) => EXTS.map((e) => `${c}.${e}`));

function lsFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of gitCli(dir, 'ls-files', '-s').split('\n').filter(Boolean)) {
    const [meta, p] = line.split('\t');
    out.set(p!, meta!.split(' ')[1]!);
  }
  return out;
}

describe('line-ending conversion against git', () => {
  for (const config of CONFIGS) {
    const label = JSON.stringify(config);
    it(`cleans what git add stores and smudges what git checkout writes, ${label}`, () => {
      const dir = makeRepo({ '.gitattributes': ATTRS });
      for (const [k, v] of Object.entries(config)) gitCli(dir, 'config', k, v);
      for (const n of names()) writeFile(dir, n, CONTENTS[n.split('.')[0]!]!);
      const rules = new EolRules(dir, findGitDir(dir));
      const expected = new Map<string, string>();
      for (const n of names()) expected.set(n, hashObject('blob', cleanToGit(fs.readFileSync(path.join(dir, n)), rules.action(n), () => null)));
      gitCli(dir, 'add', '-A');
      const staged = lsFiles(dir);
      for (const n of names()) expect([n, expected.get(n)]).toEqual([n, staged.get(n)]);

      // Stored blobs as git stored them; now also some blobs with CRLF (git's has_crlf_in_index).
      gitCli(dir, 'commit', '-q', '-m', 'files');
      for (const n of names()) fs.rmSync(path.join(dir, n));
      gitCli(dir, 'checkout', '--', '.');
      for (const n of names()) {
        const blob = gitCli(dir, 'cat-file', 'blob', staged.get(n)!);
        const ours = Buffer.from(smudgeToWorktree(Buffer.from(blob, 'latin1'), rules.action(n))).toString('latin1');
        expect([n, ours]).toEqual([n, fs.readFileSync(path.join(dir, n), 'latin1')]);
      }
    });
  }

  it('keeps CRLF for guessed text whose indexed blob has CRLF, as git add does', () => {
    const dir = makeRepo(Object.fromEntries(Object.keys(CONTENTS).map((c) => [`${c}.a`, CONTENTS[c]!])));
    const index = lsFiles(dir);
    writeFile(dir, '.gitattributes', '*.a text=auto\n');
    for (const c of Object.keys(CONTENTS)) writeFile(dir, `${c}.a`, `${CONTENTS[c]}x\r\ny\n`);
    const rules = new EolRules(dir, findGitDir(dir));
    const ours = new Map<string, string>();
    for (const c of Object.keys(CONTENTS)) {
      const blob = Buffer.from(gitCli(dir, 'cat-file', 'blob', index.get(`${c}.a`)!), 'latin1');
      ours.set(`${c}.a`, hashObject('blob', cleanToGit(fs.readFileSync(path.join(dir, `${c}.a`)), rules.action(`${c}.a`), () => blob)));
    }
    gitCli(dir, 'add', '-A');
    const staged = lsFiles(dir);
    for (const [n, oid] of ours) expect([n, oid]).toEqual([n, staged.get(n)]);
  });
});
