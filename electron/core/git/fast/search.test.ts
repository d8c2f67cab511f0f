import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs } from '../../../../test/support/repo';
import { openObjectStore, type ObjectStore } from './object-store';
import { parseCommit } from './parse-commit';
import { resolveRef } from './refs';
import { commitMatcher, type CommitSearch } from './search';
import { git, generatedRepo, logOids } from './test-fixtures';
import { walkCommits } from './walk';

let dir: string;
let store: ObjectStore;
let raws: { oid: string; raw: Buffer }[];

/** Commits written byte for byte (hash-object --literally): what fast-import would normalise away. */
const CRAFTED: Buffer[] = [
  // Runs of spaces and a tab around the name: the search sees "Name <email>", trimmed.
  Buffer.from('author   Padded   Name \t <pad@example.test> 1500000000 +0000\ncommitter C <c@example.test> 1500000000 +0000\n\nspaced out\n'),
  // Outside ASCII, lower-casing maps the Kelvin sign to 'k' and İ to 'i' + a dot.
  Buffer.from('author \u212Aelvin İnce <kelvin@example.test> 1500000001 +0000\ncommitter C <c@example.test> 1500000001 +0000\n\n\u212AILO of İSTANBUL\n'),
  // Not UTF-8: bytes that decode to U+FFFD.
  Buffer.concat([Buffer.from('author Bad \xff\xfe Bytes <bad@example.test> 1500000002 +0000\ncommitter C <c@example.test> 1500000002 +0000\n\nbroken \xff text\n', 'latin1')]),
  // A Latin-1 message declared as such: its bytes are not the text's UTF-8.
  Buffer.concat([Buffer.from('author Ren\xe9 <rene@example.test> 1500000003 +0000\ncommitter C <c@example.test> 1500000003 +0000\nencoding ISO-8859-1\n\nCaf\xe9 cr\xe8me\n', 'latin1')]),
  // No email brackets at all.
  Buffer.from('author Nobody At All 1500000004 +0000\ncommitter C <c@example.test> 1500000004 +0000\n\nno brackets\n'),
];

const NEEDLES = ['', 'tune cache', 'Zoë', 'zoë', 'ZOË', 'e', 'ada', 'ADA', ' <', 'r <z', '>', 'Name <pad', 'Name <', 'd name', 'kelvin', 'KILO', 'istanbul', 'i̇stanbul', '\u212A', 'café', 'CAFÉ', 'crème', 'é cr', '\uFFFD', 'bad \uFFFD', 'all <>', 'at all', '山田', 'example.test>', '😀', 'fix'];

/** What the search means, written plainly: parse, then compare strings (commit-info.ts matchesSearch). */
function reference(raw: Buffer, s: CommitSearch): boolean {
  const c = parseCommit(raw);
  const fold = (t: string): string => (s.ignoreCase ? t.toLowerCase() : t);
  const q = fold(s.needle);
  return ((s.message ?? true) && fold(c.message).includes(q)) || ((s.author ?? true) && fold(`${c.author.name} <${c.author.email}>`).includes(q));
}

beforeAll(() => {
  dir = generatedRepo({ commits: 600, files: 60, seed: 7, mergeEvery: 15, unicode: true, edgeCases: true });
  let parent = resolveRef(path.join(dir, '.git'), 'refs/heads/main')!;
  for (const body of CRAFTED) {
    const tree = git(dir, 'rev-parse', `${parent}^{tree}`).trim();
    const raw = Buffer.concat([Buffer.from(`tree ${tree}\nparent ${parent}\n`), body]);
    parent = execFileSync('git', ['hash-object', '-t', 'commit', '-w', '--literally', '--stdin'], { cwd: dir, input: raw }).toString().trim();
  }
  git(dir, 'update-ref', 'refs/heads/crafted', parent);
  git(dir, 'repack', '-adf', '-q');
  store = openObjectStore(path.join(dir, '.git'));
  raws = [...walkCommits(store, [parent])].map((c) => ({ oid: c.oid, raw: c.raw }));
}, 120_000);
afterAll(() => {
  store.close();
  cleanupTempDirs();
});

describe('commitMatcher', () => {
  it('finds what git log -F --grep / --author finds', () => {
    const main = raws.slice(CRAFTED.length); // git matches --author against the raw line; the crafted ones are covered below
    let found = 0;
    for (const needle of ['tune cache', 'Zoë', 'fix', 'ada', 'Müller <zoe', 'example.test>', '山田']) {
      const byMessage = commitMatcher({ needle, author: false });
      const byAuthor = commitMatcher({ needle, message: false });
      expect(main.filter((c) => byMessage(c.raw)).map((c) => c.oid), needle).toEqual(logOids(dir, '-F', `--grep=${needle}`, 'main'));
      expect(main.filter((c) => byAuthor(c.raw)).map((c) => c.oid), needle).toEqual(logOids(dir, '-F', `--author=${needle}`, 'main'));
      found += main.filter((c) => byMessage(c.raw) || byAuthor(c.raw)).length;
    }
    expect(found).toBeGreaterThan(100);
  });

  it('matches exactly the parsed commits whose message or author contain the needle, in every mode', () => {
    let hits = 0;
    for (const needle of NEEDLES) {
      for (const ignoreCase of [false, true]) {
        for (const [message, author] of [[true, true], [true, false], [false, true]] as const) {
          const s = { needle, ignoreCase, message, author };
          const match = commitMatcher(s);
          for (const c of raws) {
            const want = reference(c.raw, s);
            const got = match(c.raw);
            expect(got !== null, `${JSON.stringify(s)} on ${c.oid}`).toBe(want);
            if (got) {
              expect(got).toEqual(parseCommit(c.raw));
              hits++;
            }
          }
        }
      }
    }
    expect(hits).toBeGreaterThan(1000);
  });

  it('relies on lower-casing mapping nothing outside ASCII into it but İ and the Kelvin sign', () => {
    const into: number[] = [];
    for (let cp = 0x80; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const lower = String.fromCodePoint(cp).toLowerCase();
      for (let i = 0; i < lower.length; i++) {
        if (lower.charCodeAt(i) < 0x80) {
          into.push(cp);
          break;
        }
      }
    }
    expect(into).toEqual([0x130, 0x212a]);
  });
});
