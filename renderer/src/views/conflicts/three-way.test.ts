import { describe, expect, it } from 'vitest';
import { acceptBlock, findMarkerBlocks, hasConflictMarkers } from './conflict-markers';
import { diffSequences } from './line-lcs';
import { mergeThreeWay, renderMerge, type ConflictChunk } from './three-way';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function lcsLength(a: number[], b: number[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) dp[i]![j] = a[i - 1] === b[j - 1] ? dp[i - 1]![j - 1]! + 1 : Math.max(dp[i - 1]![j]!, dp[i]![j - 1]!);
  return dp[a.length]![b.length]!;
}

describe('diffSequences', () => {
  it('finds a shortest edit script whose unchanged parts really match', () => {
    const r = rng(7);
    for (let round = 0; round < 400; round++) {
      const a = Array.from({ length: Math.floor(r() * 14) }, () => Math.floor(r() * 4));
      const b = Array.from({ length: Math.floor(r() * 14) }, () => Math.floor(r() * 4));
      const changes = diffSequences(a, b);
      const removed = changes.reduce((n, c) => n + c.aEnd - c.aStart, 0);
      const added = changes.reduce((n, c) => n + c.bEnd - c.bStart, 0);
      expect(removed + added, JSON.stringify({ a, b })).toBe(a.length + b.length - 2 * lcsLength(a, b));
      // Applying the script to a gives b.
      const out: number[] = [];
      let at = 0;
      for (const c of changes) {
        out.push(...a.slice(at, c.aStart), ...b.slice(c.bStart, c.bEnd));
        at = c.aEnd;
      }
      out.push(...a.slice(at));
      expect(out).toEqual(b);
    }
  });
});

const BASE = 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n';

describe('mergeThreeWay', () => {
  it('takes one-sided changes and reports none as conflicts', () => {
    const ours = BASE.replace('two\n', 'TWO\n');
    const theirs = BASE.replace('nine\n', 'NINE\nnine and a half\n');
    const chunks = mergeThreeWay(BASE, ours, theirs);
    expect(chunks.filter((c) => c.kind === 'conflict')).toEqual([]);
    expect(renderMerge(chunks)).toBe(BASE.replace('two\n', 'TWO\n').replace('nine\n', 'NINE\nnine and a half\n'));
  });

  it('treats identical changes on both sides as agreement', () => {
    const both = BASE.replace('five\n', 'FIVE\n');
    expect(renderMerge(mergeThreeWay(BASE, both, both))).toBe(both);
    expect(renderMerge(mergeThreeWay(BASE, BASE, both))).toBe(both);
    expect(renderMerge(mergeThreeWay(BASE, both, BASE))).toBe(both);
  });

  it('makes one conflict per disagreement with exact sides, base and positions', () => {
    const ours = BASE.replace('three\n', 'three (mine)\n').replace('eight\n', 'eight (mine)\n');
    const theirs = BASE.replace('three\n', 'three (theirs)\nextra\n').replace('eight\n', '');
    const chunks = mergeThreeWay(BASE, ours, theirs);
    const conflicts = chunks.filter((c): c is ConflictChunk => c.kind === 'conflict');
    expect(conflicts).toHaveLength(2);
    expect(conflicts[0]).toMatchObject({ index: 0, ours: ['three (mine)\n'], base: ['three\n'], theirs: ['three (theirs)\n', 'extra\n'], oursStart: 2, baseStart: 2, theirsStart: 2 });
    expect(conflicts[1]).toMatchObject({ index: 1, ours: ['eight (mine)\n'], base: ['eight\n'], theirs: [], oursStart: 7, baseStart: 7, theirsStart: 8 });
  });

  it('writes exactly the chosen text: mine, theirs, both, and markers where nothing was chosen', () => {
    const ours = 'a\nb\nmine\nc\n';
    const theirs = 'a\nb\ntheirs\nc\n';
    const base = 'a\nb\nbase\nc\n';
    const chunks = mergeThreeWay(base, ours, theirs);
    expect(renderMerge(chunks, { 0: 'ours' })).toBe(ours);
    expect(renderMerge(chunks, { 0: 'theirs' })).toBe(theirs);
    expect(renderMerge(chunks, { 0: 'both' })).toBe('a\nb\nmine\ntheirs\nc\n');
    expect(renderMerge(chunks, { 0: 'base' })).toBe(base);
    expect(renderMerge(chunks)).toBe('a\nb\n<<<<<<< Mine\nmine\n=======\ntheirs\n>>>>>>> Theirs\nc\n');
  });

  it('keeps files without a final newline and CRLF lines byte for byte', () => {
    const chunks = mergeThreeWay('x\r\ny', 'x\r\nmine', 'x\r\ntheirs');
    const withMarkers = renderMerge(chunks);
    expect(withMarkers).toBe('x\r\n<<<<<<< Mine\nmine\n=======\ntheirs\n>>>>>>> Theirs');
    expect(acceptBlock(withMarkers, 0, 'ours')).toBe('x\r\nmine');
    expect(acceptBlock(withMarkers, 0, 'theirs')).toBe('x\r\ntheirs');
    expect(acceptBlock(withMarkers, 0, 'both')).toBe('x\r\nmine\ntheirs');
  });

  it('merges files added on both sides (empty base) and emptied files', () => {
    expect(renderMerge(mergeThreeWay('', 'same\n', 'same\n'))).toBe('same\n');
    const chunks = mergeThreeWay('', 'mine\n', 'theirs\n');
    expect(renderMerge(chunks, { 0: 'both' })).toBe('mine\ntheirs\n');
    expect(renderMerge(mergeThreeWay('gone\n', '', 'gone\n'))).toBe('');
  });

  it('conflicts only where files added on both sides disagree', () => {
    const shared = 'one\ntwo\nthree\nfour\n';
    const ours = `import a\nconst x = 1\n${shared}  return 1\n}\n`;
    const theirs = `import a\nconst x = 2\n${shared}  return 2\n}\n`;
    const chunks = mergeThreeWay('', ours, theirs);
    const conflicts = chunks.filter((c) => c.kind === 'conflict');
    expect(conflicts.map((c) => [c.ours.join(''), c.theirs.join(''), c.oursStart, c.theirsStart])).toEqual([
      ['const x = 1\n', 'const x = 2\n', 1, 1],
      ['  return 1\n', '  return 2\n', 6, 6],
    ]);
    expect(renderMerge(chunks, { 0: 'ours', 1: 'theirs' })).toBe(ours.replace('return 1', 'return 2'));
    expect(renderMerge(chunks, { 0: 'theirs', 1: 'theirs' })).toBe(theirs);
    // As in git, up to 3 shared lines, or shared lines without a letter or digit, do not split a conflict.
    const near = mergeThreeWay('', 'a1\nx\ny\nz\na2\n', 'b1\nx\ny\nz\nb2\n').filter((c) => c.kind === 'conflict');
    expect(near.map((c) => [c.ours.join(''), c.theirs.join('')])).toEqual([['a1\nx\ny\nz\na2\n', 'b1\nx\ny\nz\nb2\n']]);
    const braces = mergeThreeWay('', 'a1\n}\n\n}\n\n}\na2\n', 'b1\n}\n\n}\n\n}\nb2\n').filter((c) => c.kind === 'conflict');
    expect(braces).toHaveLength(1);
  });
});

describe('conflict markers', () => {
  const text = 'top\n<<<<<<< Mine\nm1\nm2\n=======\nt1\n>>>>>>> Theirs\nmiddle\n<<<<<<< HEAD\nx\n||||||| base\nb\n=======\ny\n>>>>>>> origin/main\nend\n';

  it('finds complete blocks, with or without a base section', () => {
    const blocks = findMarkerBlocks(text);
    expect(blocks.map((b) => [b.ours, b.base, b.theirs, b.startLine, b.endLine])).toEqual([
      ['m1\nm2\n', null, 't1\n', 1, 6],
      ['x\n', 'b\n', 'y\n', 8, 14],
    ]);
    expect(hasConflictMarkers(text)).toBe(true);
  });

  it('ignores lookalikes and half-written blocks', () => {
    expect(hasConflictMarkers('<<<<<<<< eight\n=======\n>>>>>>> x\n')).toBe(false);
    expect(hasConflictMarkers('<<<<<<< Mine\nonly the start\n')).toBe(false);
    expect(hasConflictMarkers('a heading\n=======\n')).toBe(false);
    expect(hasConflictMarkers('no markers at all')).toBe(false);
  });

  it('accepts one block at a time, leaving the others in place', () => {
    const first = acceptBlock(text, 0, 'theirs');
    expect(first).toBe('top\nt1\nmiddle\n<<<<<<< HEAD\nx\n||||||| base\nb\n=======\ny\n>>>>>>> origin/main\nend\n');
    expect(acceptBlock(first, 0, 'both')).toBe('top\nt1\nmiddle\nx\ny\nend\n');
    expect(acceptBlock(acceptBlock(text, 1, 'ours'), 0, 'ours')).toBe('top\nm1\nm2\nmiddle\nx\nend\n');
    expect(acceptBlock(text, 5, 'ours')).toBe(text);
  });
});

describe('clean merges of edits far apart', () => {
  it('gives both sides\' edits, like git merge-file does', () => {
    const r = rng(42);
    const lines = Array.from({ length: 80 }, (_, i) => `line ${i} ${'x'.repeat(i % 7)}\n`);
    const edit = (part: string[], tag: string, round: number) => {
      const out = [...part];
      for (let k = 0; k < 3; k++) {
        const at = Math.floor(r() * (out.length - 1));
        const kind = r();
        if (kind < 0.33) out.splice(at, 1 + Math.floor(r() * 2));
        else if (kind < 0.66) out.splice(at, 0, `${tag} added ${round}.${k}\n`);
        else out[at] = `${tag} changed ${round}.${k}\n`;
      }
      return out;
    };
    for (let round = 0; round < 60; round++) {
      // Ours edits the first 36 lines, theirs the last 36; the 8 lines between keep them apart.
      const oursHead = edit(lines.slice(0, 36), 'ours', round);
      const theirsTail = edit(lines.slice(44), 'theirs', round);
      const middle = lines.slice(36, 44);
      const chunks = mergeThreeWay(lines.join(''), [...oursHead, ...lines.slice(36)].join(''), [...lines.slice(0, 44), ...theirsTail].join(''));
      expect(chunks.some((c) => c.kind === 'conflict')).toBe(false);
      expect(renderMerge(chunks)).toBe([...oursHead, ...middle, ...theirsTail].join(''));
    }
  });
});
