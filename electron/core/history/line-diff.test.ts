import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir } from '../../../test/support/repo';
import { diffLines } from './line-diff';

afterAll(cleanupTempDirs);

interface Parsed {
  header: string;
  lines: string[];
}

/** `git diff --no-index -U3` hunks: the reference our hunks must equal line for line. */
function gitHunks(dir: string, before: Buffer, after: Buffer, extra: string[] = []): Parsed[] {
  fs.writeFileSync(path.join(dir, 'a'), before);
  fs.writeFileSync(path.join(dir, 'b'), after);
  let out = '';
  try {
    out = execFileSync('git', ['diff', '--no-index', '--no-color', '-U3', ...extra, 'a', 'b'], { cwd: dir, encoding: 'latin1', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir } });
  } catch (err) {
    out = (err as { stdout: string }).stdout;
  }
  const hunks: Parsed[] = [];
  for (const l of out.split('\n')) {
    if (l.startsWith('@@')) hunks.push({ header: l.replace(/^(@@ [^@]+ @@).*$/, '$1'), lines: [] });
    else if (hunks.length && (l.startsWith(' ') || l.startsWith('+') || l.startsWith('-'))) hunks.at(-1)!.lines.push(Buffer.from(l, 'latin1').toString('utf8'));
  }
  return hunks;
}

function ours(before: Buffer, after: Buffer, ignoreWhitespace = false): Parsed[] {
  return diffLines(before, after, { ignoreWhitespace }).hunks.map((h) => ({
    header: `@@ -${h.oldStart}${h.oldLines === 1 ? '' : `,${h.oldLines}`} +${h.newStart}${h.newLines === 1 ? '' : `,${h.newLines}`} @@`,
    lines: h.lines.map((l) => (l.kind === 'context' ? ' ' : l.kind === 'add' ? '+' : '-') + l.text),
  }));
}

/** Deterministic PRNG so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Edits a real file the way people do: insert, delete, change and move blocks of lines. */
function mutate(text: string, seed: number): string {
  const r = rng(seed);
  const lines = text.split('\n');
  const edits = 1 + Math.floor(r() * 8);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(r() * lines.length);
    const len = 1 + Math.floor(r() * 6);
    const kind = r();
    if (kind < 0.3) lines.splice(at, len);
    else if (kind < 0.6) lines.splice(at, 0, ...Array.from({ length: len }, (_, i) => (r() < 0.3 ? '' : `  added ${seed}.${e}.${i} }`)));
    else if (kind < 0.8) for (let i = at; i < Math.min(lines.length, at + len); i++) lines[i] = `${lines[i]} // changed`;
    else {
      const block = lines.splice(at, len);
      lines.splice(Math.floor(r() * lines.length), 0, ...block);
    }
  }
  return lines.join('\n');
}

const SOURCES = ['node_modules/isomorphic-git/index.js', 'node_modules/zod/v4/core/schemas.js', 'node_modules/react/cjs/react.development.js']
  .map((p) => path.resolve(__dirname, '../../..', p))
  .filter((p) => fs.existsSync(p));

describe('line diff matches git diff -U3', () => {
  const dir = tempDir('reposync-linediff-');

  it('agrees on hand-made cases (empty sides, no final newline, CRLF, repeated lines, unicode)', () => {
    const cases: Array<[string, string]> = [
      ['', 'a\nb\n'],
      ['a\nb\n', ''],
      ['a\nb\nc', 'a\nb\nc\n'],
      ['a\nb\nc\n', 'a\nB\nc'],
      ['x\r\ny\r\nz\r\n', 'x\r\nY\r\nz\r\n'],
      ['a\n}\n\nb\n}\n\nc\n', 'a\n}\n\nb\n}\n\nnew\n}\n\nc\n'],
      ['if (x) {\n  a();\n}\n\nif (y) {\n  b();\n}\n', 'if (x) {\n  a();\n}\n\nif (z) {\n  c();\n}\n\nif (y) {\n  b();\n}\n'],
      ['héllo\nwörld\n日本\n', 'héllo\nwörld!\n日本\n😀\n'],
      [Array.from({ length: 40 }, (_, i) => `l${i}`).join('\n'), Array.from({ length: 40 }, (_, i) => (i % 7 === 0 ? `L${i}` : `l${i}`)).join('\n')],
    ];
    for (const [a, b] of cases) expect(ours(Buffer.from(a), Buffer.from(b)), JSON.stringify([a, b])).toEqual(gitHunks(dir, Buffer.from(a), Buffer.from(b)));
  });

  it('agrees on random edits of real source files (same hunk headers and lines)', () => {
    expect(SOURCES.length).toBeGreaterThan(0);
    let n = 0;
    for (const file of SOURCES) {
      const text = fs.readFileSync(file, 'utf8').split('\n').slice(0, 3000).join('\n');
      for (let seed = 1; seed <= Number(process.env.LINEDIFF_SEEDS ?? 12); seed++) {
        const before = Buffer.from(seed % 3 === 0 ? mutate(text, seed * 7919) : text);
        const after = Buffer.from(mutate(before.toString(), seed));
        expect(ours(before, after), `${file} seed ${seed}`).toEqual(gitHunks(dir, before, after));
        n++;
      }
    }
    expect(n).toBeGreaterThan(10);
  });

  it('ignores whitespace like git diff -w', () => {
    const a = Buffer.from('function f() {\n  return 1;\n}\nconst x = 1;\n');
    const b = Buffer.from('function f() {\n\treturn   1;\n}\nconst x = 2;\n');
    expect(ours(a, b, true)).toEqual(gitHunks(dir, a, b, ['-w']));
    expect(diffLines(a, b, { ignoreWhitespace: true }).deletions).toBe(1);
  });

  it('counts additions and deletions like git diff --numstat and marks a missing final newline', () => {
    const d = diffLines(Buffer.from('a\nb\nc'), Buffer.from('a\nx\nc\n'));
    expect([d.additions, d.deletions]).toEqual([2, 2]);
    expect(d.hunks[0]!.lines.filter((l) => l.noNewline).map((l) => l.kind)).toEqual(['del']);
  });

  it('agrees past the cost limit, where git stops looking for the shortest diff', () => {
    const r = rng(42);
    const base = Array.from({ length: 6000 }, (_, i) => `line ${i % 900} ${i % 13}`);
    const next = base.map((l) => (r() < 0.25 ? `${l} x${Math.floor(r() * 50)}` : l)).filter(() => r() > 0.1);
    const a = Buffer.from(base.join('\n'));
    const b = Buffer.from(next.join('\n'));
    expect(ours(a, b)).toEqual(gitHunks(dir, a, b));
  });

  it('handles two completely different large files (cost limit) with a valid diff', () => {
    const a = Buffer.from(Array.from({ length: 20000 }, (_, i) => `a${i % 5000}`).join('\n'));
    const b = Buffer.from(Array.from({ length: 20000 }, (_, i) => `b${i % 3}-${i}`).join('\n'));
    const d = diffLines(a, b);
    expect(d.deletions).toBe(20000);
    expect(d.additions).toBe(20000);
  });
});
