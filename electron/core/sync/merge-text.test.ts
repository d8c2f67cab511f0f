import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir } from '../../../test/support/repo';
import { isBinary, matchLines, mergeText } from './merge-text';

afterAll(cleanupTempDirs);

/** `git merge-file -p --diff3`: the reference; returns the text and the number of conflicts. */
function gitMergeFile(base: string, ours: string, theirs: string, style = '--diff3'): { text: string; conflicts: number } {
  const dir = tempDir('reposync-mf-');
  fs.writeFileSync(path.join(dir, 'ours'), ours);
  fs.writeFileSync(path.join(dir, 'base'), base);
  fs.writeFileSync(path.join(dir, 'theirs'), theirs);
  try {
    const text = execFileSync('git', ['merge-file', '-p', ...(style ? [style] : []), '-L', 'ours', '-L', 'base', '-L', 'theirs', 'ours', 'base', 'theirs'], { cwd: dir, encoding: 'utf8' });
    return { text, conflicts: 0 };
  } catch (err) {
    const e = err as { status: number; stdout: string };
    return { text: e.stdout, conflicts: e.status };
  }
}

// A tiny deterministic PRNG so failures reproduce.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 0x100000000);
}

function mutate(lines: string[], rand: () => number, tag: string): string[] {
  const out = [...lines];
  const edits = 1 + Math.floor(rand() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rand() * (out.length + 1));
    const r = rand();
    if (r < 0.33 && out.length > 0) out.splice(Math.min(at, out.length - 1), 1);
    else if (r < 0.66) out.splice(at, 0, `${tag}${e}\n`);
    else if (out.length > 0) out[Math.min(at, out.length - 1)] = `${tag}-changed${e}\n`;
  }
  return out;
}

describe('matchLines', () => {
  it('finds a longest common subsequence', () => {
    const m = matchLines([1, 2, 3, 4, 5], [1, 3, 9, 4, 5, 6]);
    expect([...m]).toEqual([0, -1, 1, 3, 4]);
  });
});

describe('mergeText', () => {
  it('takes one-sided changes and identical changes cleanly', () => {
    const base = 'a\nb\nc\nd\ne\n';
    expect(mergeText(base, 'A\nb\nc\nd\ne\n', 'a\nb\nc\nd\nE\n')).toEqual({ text: 'A\nb\nc\nd\nE\n', conflicts: 0 });
    expect(mergeText(base, base, 'x\n')).toEqual({ text: 'x\n', conflicts: 0 });
    expect(mergeText(base, 'a\nX\nc\nd\ne\n', 'a\nX\nc\nd\ne\n')).toEqual({ text: 'a\nX\nc\nd\ne\n', conflicts: 0 });
  });

  it('writes diff3 markers exactly like git for an overlapping change', () => {
    const base = 'one\ntwo\nthree\n';
    const ours = 'one\nTWO (ours)\nthree\n';
    const theirs = 'one\nTwo (theirs)\nthree\n';
    const ref = gitMergeFile(base, ours, theirs);
    expect(ref.conflicts).toBe(1);
    expect(mergeText(base, ours, theirs)).toEqual(ref);
  });

  it('terminates a side without a final newline before the next marker', () => {
    const r = mergeText('x', 'y', 'z');
    expect(r.conflicts).toBe(1);
    expect(r.text).toBe('<<<<<<< ours\ny\n||||||| base\nx\n=======\nz\n>>>>>>> theirs\n');
  });

  it('conflicts only where files added on both sides differ, as git merge-file does', () => {
    const rand = rng(7);
    for (let i = 0; i < 60; i++) {
      const common = Array.from({ length: 4 + Math.floor(rand() * 25) }, (_, k) => (k % 5 === 4 ? '}\n' : k % 6 === 5 ? '\n' : `line ${k}\n`));
      const ours = mutate(common, rand, 'o').join('');
      const theirs = mutate(common, rand, 't').join('');
      const mine = mergeText('', ours, theirs);
      // git's default style is ours with the (empty) base sections left out.
      const ref = gitMergeFile('', ours, theirs, '');
      expect(mine.text.replaceAll('||||||| base\n', ''), `case ${i}`).toBe(ref.text);
      expect(mine.conflicts, `case ${i}`).toBe(ref.conflicts);
    }
    const whole = mergeText('', 'a\nb\nc\nd\ne\nf\ng\n', 'a\nB\nc\nd\ne\nf\nG\n');
    expect(whole.conflicts).toBe(2);
    expect(whole.text).toBe('a\n<<<<<<< ours\nb\n||||||| base\n=======\nB\n>>>>>>> theirs\nc\nd\ne\nf\n<<<<<<< ours\ng\n||||||| base\n=======\nG\n>>>>>>> theirs\n');
  });

  it('agrees with git merge-file on 150 random clean merges', () => {
    const rand = rng(42);
    let compared = 0;
    for (let i = 0; i < 150; i++) {
      const base = Array.from({ length: 5 + Math.floor(rand() * 30) }, (_, k) => `line ${k % 7 === 0 ? 'dup' : k}\n`);
      const ours = mutate(base, rand, 'o');
      const theirs = mutate(base, rand, 't');
      const mine = mergeText(base.join(''), ours.join(''), theirs.join(''));
      const ref = gitMergeFile(base.join(''), ours.join(''), theirs.join(''));
      if (mine.conflicts === 0 && ref.conflicts === 0) {
        expect(mine.text, `case ${i}`).toBe(ref.text);
        compared++;
      }
      // A conflict-free answer must never drop a one-sided change.
      if (mine.conflicts === 0) {
        for (const l of ours) if (!base.includes(l) && !theirs.includes(l)) expect(mine.text).toContain(l);
      }
    }
    expect(compared).toBeGreaterThan(40);
  });
});

describe('isBinary', () => {
  it('uses git’s NUL-in-the-first-8000-bytes rule', () => {
    expect(isBinary(Buffer.from('plain text\n'))).toBe(false);
    expect(isBinary(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]))).toBe(true);
    expect(isBinary(Buffer.concat([Buffer.alloc(9000, 97), Buffer.from([0])]))).toBe(false);
  });
});
