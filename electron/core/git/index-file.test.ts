import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, gitCli, makeRepo, tempDir, writeFile } from '../../../test/support/repo';
import { parseIndex, readIndex, readIndexBytes, readIndexReusing, serializeIndex, writeIndex } from './index-file';

afterAll(cleanupTempDirs);

/** A repo whose index holds normal entries, unicode names, an executable and conflict stages 1–3. */
function conflictedRepo(): string {
  const dir = makeRepo({ 'a.txt': 'a\n', 'ü/ñ.txt': 'x\n', 'c.txt': 'base\n' });
  gitCli(dir, 'checkout', '-q', '-b', 'other');
  writeFile(dir, 'c.txt', 'other\n');
  gitCli(dir, 'commit', '-q', '-am', 'other');
  gitCli(dir, 'checkout', '-q', 'main');
  writeFile(dir, 'c.txt', 'main\n');
  writeFile(dir, 'run.sh', '#!/bin/sh\n');
  fs.chmodSync(path.join(dir, 'run.sh'), 0o755);
  gitCli(dir, 'add', 'run.sh');
  gitCli(dir, 'commit', '-q', '-am', 'main');
  try {
    gitCli(dir, 'merge', '-q', 'other');
  } catch {
    // conflict expected
  }
  return dir;
}

describe('index file', () => {
  it('reads what git wrote and writes an index git reads back identically (stages included)', () => {
    const dir = conflictedRepo();
    const before = gitCli(dir, 'ls-files', '--stage', '--debug');
    const status = gitCli(dir, 'status', '--porcelain');
    const entries = readIndex(dir);
    expect(entries.filter((e) => e.path === 'c.txt').map((e) => e.stage)).toEqual([1, 2, 3]);
    expect(entries.find((e) => e.path === 'run.sh')?.mode).toBe(0o100755);
    writeIndex(dir, entries);
    expect(gitCli(dir, 'ls-files', '--stage', '--debug')).toBe(before);
    expect(gitCli(dir, 'status', '--porcelain')).toBe(status);
    expect(parseIndex(serializeIndex(entries))).toEqual(entries);
  });

  it('reads version 4 (prefix-compressed paths) like version 2', () => {
    const dir = makeRepo({ 'dir/alpha.txt': '1\n', 'dir/alphabet.txt': '2\n', 'dir/sub/beta.txt': '3\n', 'zeta.txt': '4\n' });
    const v2 = readIndex(dir);
    gitCli(dir, 'update-index', '--index-version', '4');
    expect(readIndexBytes(dir)!.readUInt32BE(4)).toBe(4);
    expect(readIndex(dir)).toEqual(v2);
  });

  it('treats a missing index as empty', () => {
    const dir = tempDir();
    gitCli(dir, 'init', '-q');
    expect(readIndex(path.resolve(dir))).toEqual([]);
  });

  it('reuses its last parse only while the index file is unchanged (git add, git rm, our own write)', () => {
    const dir = makeRepo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    const paths = () => readIndexReusing(dir).map((e) => `${e.path} ${e.oid}`);
    expect(paths()).toEqual(readIndex(dir).map((e) => `${e.path} ${e.oid}`));
    expect(readIndexReusing(dir)).not.toBe(readIndexReusing(dir)); // a fresh array each time: callers filter and push
    writeFile(dir, 'a.txt', 'changed\n');
    gitCli(dir, 'add', 'a.txt');
    expect(paths()).toEqual(readIndex(dir).map((e) => `${e.path} ${e.oid}`));
    gitCli(dir, 'rm', '-q', '--cached', 'b.txt');
    expect(paths()).toEqual(['a.txt ' + readIndex(dir)[0]!.oid]);
    writeIndex(dir, []);
    expect(readIndexReusing(dir)).toEqual([]);
    fs.rmSync(path.join(dir, '.git', 'index'));
    expect(readIndexReusing(dir)).toEqual([]);
  });

  it('reuses the parse of an index last written long enough ago, never one just written (racy)', async () => {
    const dir = makeRepo({ 'a.txt': 'a\n' });
    expect(readIndexReusing(dir)[0]).not.toBe(readIndexReusing(dir)[0]); // just written by git: parsed each time
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(dir, '.git', 'index'), old, old);
    await new Promise((r) => setTimeout(r, 150)); // utimes set ctime to now
    const first = readIndexReusing(dir);
    expect(readIndexReusing(dir)[0]).toBe(first[0]);
    gitCli(dir, 'rm', '-q', '--cached', 'a.txt');
    expect(readIndexReusing(dir)).toEqual([]);
  });
});

describe('index order', () => {
  it('is git\'s (UTF-8 bytes) for names where string order differs: characters past U+FFFF against U+E000–U+FFFF', () => {
    // '😀' is the surrogates D83D DE00 in a JS string (below U+E000) but F0 9F 98 80 in UTF-8 (above EE 80 80).
    const names = ['z.txt', '\u{E000}.txt', '😀.txt', 'a/b.txt', 'a.txt', 'a-b.txt', 'é.txt'];
    const dir = makeRepo(Object.fromEntries(names.map((n) => [n, `${n}\n`])));
    const entries = readIndex(dir);
    const before = gitCli(dir, 'ls-files', '--stage', '--debug');
    writeIndex(dir, [...entries].reverse());
    expect(readIndex(dir).map((e) => e.path)).toEqual(entries.map((e) => e.path));
    expect(gitCli(dir, 'ls-files', '--stage', '--debug')).toBe(before);
    expect(gitCli(dir, 'status', '--porcelain')).toBe('');
    // Without those two names the strings are compared instead (é included): still git's order.
    const plain = entries.filter((e) => e.path !== '😀.txt' && e.path !== '\u{E000}.txt');
    expect(parseIndex(serializeIndex([...plain].reverse())).map((e) => e.path)).toEqual(plain.map((e) => e.path));
  });
});
