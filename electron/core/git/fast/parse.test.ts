import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir } from '../../../../test/support/repo';
import { openObjectStore } from './object-store';
import { parseCommit, parseCommitLinks } from './parse-commit';
import { findTreeEntry, parseTree } from './parse-tree';
import { generatedRepo, git } from './test-fixtures';

let dir: string;
beforeAll(() => {
  dir = generatedRepo({ commits: 300, files: 120, seed: 11, mergeEvery: 10, unicode: true, edgeCases: true });
}, 60_000);
afterAll(cleanupTempDirs);

const hashCommit = (repo: string, body: Buffer): string =>
  execFileSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin', '--literally'], { cwd: repo, input: body }).toString().trim();

describe('parseCommit', () => {
  it('matches git log fields for every commit', () => {
    const store = openObjectStore(path.join(dir, '.git'));
    const lines = git(dir, 'log', '--format=%H%x00%T%x00%P%x00%an%x00%ae%x00%at%x00%cn%x00%ce%x00%ct%x00%B%x01', 'main').split('\x01\n');
    for (const line of lines.filter(Boolean)) {
      const [oid, tree, parents, an, ae, at, cn, ce, ct, body] = line.split('\0');
      const c = parseCommit(store.read(oid!)!.data);
      expect(c).toMatchObject({ tree, parents: parents ? parents.split(' ') : [] });
      expect(c.author).toMatchObject({ name: an, email: ae, timestamp: Number(at), tz: '+0200', tzOffset: 120 });
      expect(c.committer).toMatchObject({ name: cn, email: ce, timestamp: Number(ct) });
      expect(c.message.trimEnd()).toBe(body!.trimEnd());
    }
    store.close();
  });

  it('tolerates gpgsig, mergetag and unknown headers, and honours the encoding header', () => {
    const repo = tempDir('reposync-fast-sig-');
    git(repo, 'init', '-q');
    const tree = git(repo, 'hash-object', '-t', 'tree', '-w', '/dev/null').trim();
    const body = Buffer.concat([
      Buffer.from(`tree ${tree}\nauthor `),
      Buffer.from('Jos\xe9 M\xfcller', 'latin1'),
      Buffer.from(' <jm@example.test> 1700000000 -0530\ncommitter C <c@example.test> 1700000100 +0000\nencoding ISO-8859-1\n'),
      Buffer.from('gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\nx-custom value\n continued\n\n'),
      Buffer.from('Caf\xe9 subject\n\nbody\n', 'latin1'),
    ]);
    const oid = hashCommit(repo, body);
    const store = openObjectStore(path.join(repo, '.git'));
    const c = parseCommit(store.read(oid)!.data);
    store.close();
    expect(c.author).toEqual({ name: 'José Müller', email: 'jm@example.test', timestamp: 1700000000, tz: '-0530', tzOffset: -330 });
    expect(c.committer.timestamp).toBe(1700000100);
    expect(c.encoding).toBe('ISO-8859-1');
    expect(c.gpgsig).toBe('-----BEGIN PGP SIGNATURE-----\n\niQEzBAABCAAdFiEE\n-----END PGP SIGNATURE-----');
    expect(c.message).toBe('Café subject\n\nbody\n');
    // git agrees (it re-encodes to UTF-8 for display).
    expect(git(repo, 'log', '-1', '--format=%an|%s', oid).trim()).toBe('José Müller|Café subject');
  });

  it('takes the first tree/author/committer line, keeps every parent, and reads odd lines as git does', () => {
    const t = 'a'.repeat(40);
    const p = 'b'.repeat(40);
    const data = Buffer.concat([
      Buffer.from(`tree ${t}\nparent ${p}\nnospace\nparent ${t}\ntree ${p}\nauthor A <a@x> 5 +0100\nauthor B <b@x> 6 +0000\n`),
      Buffer.from(`committer Zoë <z@x> 7 -0200\ncommitter D <d@x> 8 +0000\nencoding\n\n`),
      Buffer.from([0x6f, 0x6b, 0x20, 0xff, 0xc3, 0x0a]), // invalid UTF-8 becomes U+FFFD, as TextDecoder does
    ]);
    const c = parseCommit(data);
    expect(c).toMatchObject({ tree: t, parents: [p, t], message: 'ok \ufffd\ufffd\n' });
    expect(c.author).toEqual({ name: 'A', email: 'a@x', timestamp: 5, tz: '+0100', tzOffset: 60 });
    expect(c.committer).toEqual({ name: 'Zoë', email: 'z@x', timestamp: 7, tz: '-0200', tzOffset: -120 });
    expect(c.encoding).toBeUndefined();
    // No blank line: no message; a trailing header without a value.
    expect(parseCommit(Buffer.from(`tree ${t}\nauthor`))).toMatchObject({ tree: t, parents: [], message: '', author: { name: '', email: '' } });
  });

  it('rejects a commit without a valid tree line', () => {
    expect(() => parseCommit(Buffer.from('tree nope\n\nmsg'))).toThrow(expect.objectContaining({ code: 'internal' }));
  });
});

describe('parseCommitLinks', () => {
  it('rejects a tree line that is not a lower-case hex id, as parseCommit does (a walk trusts its tree)', () => {
    for (const tree of ['G'.repeat(40), 'A'.repeat(40), `${'a'.repeat(39)}/`]) {
      expect(() => parseCommitLinks(Buffer.from(`tree ${tree}\ncommitter C <c@x> 1 +0000\n\nmsg`)), tree).toThrow(expect.objectContaining({ code: 'internal' }));
    }
  });

  it('reads the same tree, parents and committer time as parseCommit, odd committer lines included', () => {
    const tree = 'a'.repeat(40);
    const parent = 'b'.repeat(40);
    const committers = [
      'C <c@x> 1700000000 +0100',
      'C <c@x>\t 1700000001\t+0100',
      'C <c@x> 0017 +0000',
      'C <c@x> 12ab +0000',
      'C <c@x>',
      'C c@x 1700000000 +0000',
      'Zoë <z@x>\u00a01700000002 +0000',
      'C <c@x> 99999999999999999999 +0000',
    ];
    for (const committer of committers) {
      for (const extra of ['', 'gpgsig -----BEGIN-----\n committer <not@this> 5 +0000\n -----END-----\n']) {
        const data = Buffer.from(`tree ${tree}\nparent ${parent}\nparent ${tree}\nauthor A <a@x> 1 +0000\n${extra}committer ${committer}\n\nmessage\n`);
        const full = parseCommit(data);
        expect(parseCommitLinks(data), committer).toEqual({ tree, parents: [parent, tree], time: full.committer.timestamp });
      }
    }
    const noCommitter = Buffer.from(`tree ${tree}\nauthor A <a@x> 1 +0000\n\ncommitter C <c@x> 9 +0000\n`);
    expect(parseCommitLinks(noCommitter)).toEqual({ tree, parents: [], time: 0 });
  });
});

/** The trees of main's history (the first 400), as git lists them. */
function treeIds(): string[] {
  return git(dir, 'rev-list', '--objects', '--filter=blob:none', 'main', '--filter-provided-objects').split('\n').filter(Boolean).map((l) => l.slice(0, 40)).slice(0, 400);
}

describe('parseTree', () => {
  it('matches git ls-tree for every tree, unicode names included', () => {
    const store = openObjectStore(path.join(dir, '.git'));
    const trees = treeIds();
    let unicode = 0;
    for (const oid of trees) {
      const obj = store.read(oid)!;
      if (obj.type !== 'tree') continue;
      const want = git(dir, '-c', 'core.quotepath=off', 'ls-tree', '-z', oid).split('\0').filter(Boolean).map((l) => {
        const [meta, name] = l.split('\t');
        const [mode, , id] = meta!.split(' ');
        return { mode: mode!.replace(/^0+/, ''), name: name!, oid: id! };
      });
      const got = parseTree(obj.data);
      expect(got).toEqual(want);
      unicode += got.filter((e) => /[^\x00-\x7f]/.test(e.name)).length;
    }
    expect(unicode).toBeGreaterThan(0);
    store.close();
  });
});

describe('findTreeEntry', () => {
  /** The entry's name and id as a full parse reads them, or null. */
  const viaParse = (data: Buffer, name: string): string | null => parseTree(data).find((e) => e.name === name)?.oid ?? null;
  const viaFind = (data: Buffer, name: string): string | null => {
    const want = Buffer.from(name, 'utf8');
    const hit = findTreeEntry(data, want);
    if (!hit) return null;
    expect(data.toString('utf8', hit.nameAt, hit.nameAt + want.length)).toBe(name);
    return data.toString('hex', hit.nameAt + want.length + 1, hit.nameAt + want.length + 21);
  };
  // Names next to each one in git's order: a folder sorts as "name/", so "x-y" and "x.c" come
  // before the folder "x" while "x0" comes after it; an early stop must not skip the folder.
  const near = (name: string): string[] => [name, `${name}-`, `${name}.c`, `${name}0`, `${name}~`, name.slice(0, -1), `${name.slice(0, -1)}\xff`, `!${name}`];

  it('finds what a full parse finds, for every name of every tree and names around them', () => {
    const store = openObjectStore(path.join(dir, '.git'));
    const trees = treeIds();
    let found = 0;
    for (const oid of trees) {
      const obj = store.read(oid)!;
      if (obj.type !== 'tree') continue;
      for (const e of parseTree(obj.data)) {
        for (const name of near(e.name)) {
          const want = viaParse(obj.data, name);
          expect(viaFind(obj.data, name), `${oid} ${name}`).toBe(want);
          if (want) found++;
        }
      }
      expect(viaFind(obj.data, 'no-such-name')).toBe(viaParse(obj.data, 'no-such-name'));
    }
    expect(found).toBeGreaterThan(100);
    store.close();
  });

  it("keeps git's order where a folder's name is a prefix of files around it", () => {
    const repo = tempDir('reposync-fast-order-');
    git(repo, 'init', '-q');
    const blob = git(repo, 'hash-object', '-w', '--stdin').trim();
    const sub = execFileSync('git', ['mktree'], { cwd: repo, input: `100644 blob ${blob}\tf\n` }).toString().trim();
    const names = ['a', 'a-b', 'a.txt', 'a0', 'ab', 'b', 'b.c', 'b0'];
    const folders = new Set(['a', 'b']);
    const listing = names.map((n) => (folders.has(n) ? `040000 tree ${sub}\t${n}` : `100644 blob ${blob}\t${n}`)).join('\n');
    const tree = execFileSync('git', ['mktree'], { cwd: repo, input: `${listing}\n` }).toString().trim();
    const store = openObjectStore(path.join(repo, '.git'));
    const data = store.read(tree)!.data;
    // git wrote them in its order: the folder "a" after "a-b" and "a.txt".
    expect(parseTree(data).map((e) => e.name)).toEqual(['a-b', 'a.txt', 'a', 'a0', 'ab', 'b.c', 'b', 'b0']);
    for (const name of [...names, 'a/', 'a.', 'a1', 'b-', 'c', '']) expect(viaFind(data, name), name).toBe(viaParse(data, name));
    store.close();
  });
});
