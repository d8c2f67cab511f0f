import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir, writeFile } from '../../../../test/support/repo';
import { git } from '../test-fixture';
import { buildIndex } from './builder';
import { encodeBlock, type IndexCommit } from './format';
import { HistoryIndex } from './reader';

afterAll(cleanupTempDirs);

// The encoder writes plain ASCII strings and lower-case hex ids by JS loops and everything else
// through Buffer's UTF-8 and hex writers: both sides of each switch must give the same bytes.
const STRINGS = [
  '',
  'a',
  'x'.repeat(255),
  'x'.repeat(256),
  'x'.repeat(257),
  `${'x'.repeat(255)}é`,
  'Zoë Ångström',
  'emoji 😀 in a name',
  'a lone surrogate \ud800 here',
  'tab\tand\nnewline\u007f',
  `long message ${'word '.repeat(400)}ü`,
];

function commitWith(i: number, s: string, oid: string): IndexCommit {
  return {
    oid,
    tree: 'ABCDEF0123456789abcdef0123456789ABCDEF01',
    parents: [oid.toUpperCase()],
    authorName: s,
    authorEmail: `${s}@example.test`,
    authorTime: 1_700_000_000 + i,
    authorTz: 120,
    committerName: s.slice(0, 3),
    committerEmail: 'c@example.test',
    committerTime: 1_700_000_100 + i,
    committerTz: -300,
    message: s,
    paths: [i],
  };
}

describe('history index format', () => {
  it('stores every string and id exactly as Buffer would encode it', () => {
    const oids = STRINGS.map((_, i) => (i.toString(16).padStart(2, '0') + 'f0'.repeat(19)));
    const block = encodeBlock({ complete: true, tips: [oids[0]!.toUpperCase()], newPaths: STRINGS, commits: STRINGS.map((s, i) => commitWith(i, s, oids[i]!)) });
    const index = new HistoryIndex(block);
    expect(index.size).toBe(STRINGS.length);
    expect(index.tips).toEqual([oids[0]]);
    expect(index.paths).toEqual(STRINGS.map((s) => Buffer.from(s, 'utf8').toString('utf8')));
    STRINGS.forEach((s, i) => {
      const utf8 = Buffer.from(s, 'utf8').toString('utf8');
      const rec = index.record(i);
      expect(rec.oid).toBe(oids[i]);
      expect(rec.tree).toBe('abcdef0123456789abcdef0123456789abcdef01');
      expect(rec.parents).toEqual([oids[i]]);
      expect([rec.authorName, rec.authorEmail, rec.committerName, rec.message]).toEqual([utf8, `${utf8}@example.test`, Buffer.from(s.slice(0, 3), 'utf8').toString('utf8'), utf8]);
      expect([rec.authorTime, rec.authorTz, rec.committerTime, rec.committerTz, rec.paths]).toEqual([1_700_000_000 + i, 120, 1_700_000_100 + i, -300, [i]]);
    });
  });

  it('records names, emails and messages as git log prints them', () => {
    const dir = tempDir('reposync-idx-fmt-');
    git(dir, ['init', '-q', '-b', 'main']);
    const who = [
      { name: 'Zoë Ångström', email: 'zoe@example.test' },
      { name: 'Plain Name', email: 'plain@example.test' },
      { name: '山田 太郎', email: 'yamada@example.test' },
    ];
    const messages = ['short', 'x'.repeat(256), `subject\n\n${'body line\n'.repeat(40)}`, `ünïcödé subject\n\nand a body ${'y'.repeat(300)}`];
    messages.forEach((m, i) => {
      writeFile(dir, `f${i}.txt`, `${i}\n`);
      git(dir, ['add', '-A']);
      git(dir, ['commit', '-q', '-m', m], { time: 1_700_000_000 + i, who: who[i % who.length] });
    });
    const file = path.join(tempDir('reposync-idx-'), 'index.bin');
    buildIndex({ gitdir: path.join(dir, '.git'), file });
    const index = HistoryIndex.load(file);
    const log = git(dir, ['log', '--format=%H%x00%an%x00%ae%x00%cn%x00%ce%x00%B%x01']).split('\x01\n').filter(Boolean);
    expect(log).toHaveLength(messages.length);
    for (const entry of log) {
      const [oid, an, ae, cn, ce, body] = entry.split('\0');
      const rec = index.record(index.idOf(oid!)!);
      expect([rec.authorName, rec.authorEmail, rec.committerName, rec.committerEmail]).toEqual([an, ae, cn, ce]);
      // %B is the raw message; git prints it with one newline at the end.
      expect(rec.message.replace(/\n*$/, '')).toBe(body!.replace(/\n*$/, ''));
    }
  });
});
