import { describe, expect, it } from 'vitest';
import { intraLineChanges, tokenize } from './intra-line';
import { lineSegments } from './line-segments';

const marked = (text: string, ranges: { start: number; end: number }[]) => ranges.map((r) => text.slice(r.start, r.end));

describe('intra-line changes', () => {
  it('splits text into words, whitespace runs and single punctuation', () => {
    expect(tokenize('foo(bar_1,  "é");')).toEqual(['foo', '(', 'bar_1', ',', '  ', '"', 'é', '"', ')', ';']);
  });

  it('marks only the words that changed on each side', () => {
    const a = 'const total = price * count;';
    const b = 'const total = price * quantity;';
    const changes = intraLineChanges(a, b)!;
    expect(marked(a, changes.old)).toEqual(['count']);
    expect(marked(b, changes.new)).toEqual(['quantity']);
  });

  it('marks insertions on one side only, and joins changes split by a single space', () => {
    const a = 'return a;';
    const b = 'return a + b + c;';
    const changes = intraLineChanges(a, b)!;
    expect(changes.old).toEqual([]);
    expect(marked(b, changes.new)).toEqual([' + b + c']);
  });

  it('sees whitespace-only edits', () => {
    const changes = intraLineChanges('x = 1', 'x = 1   ')!;
    expect(changes.old).toEqual([]);
    expect(marked('x = 1   ', changes.new)).toEqual(['   ']);
  });

  it('gives up on rewrites (too little in common) and says nothing changed for equal lines', () => {
    expect(intraLineChanges('import React from "react";', 'background: red;')).toBeNull();
    expect(intraLineChanges('same', 'same')).toEqual({ old: [], new: [] });
  });

  it('gives up on very long lines instead of building a huge table', () => {
    const a = Array.from({ length: 1000 }, (_, i) => `a${i}`).join(' ');
    const b = Array.from({ length: 1000 }, (_, i) => `b${i}`).join(' ');
    expect(intraLineChanges(a, b)).toBeNull();
  });
});

describe('line segments', () => {
  it('cuts a line at syntax and change boundaries and merges equal neighbours', () => {
    const text = 'let total = 1;';
    const tokens = [
      { from: 0, to: 3, classes: 'tok-keyword' },
      { from: 4, to: 9, classes: 'tok-variableName' },
      { from: 12, to: 13, classes: 'tok-number' },
    ];
    const segments = lineSegments(text, tokens, [{ start: 6, end: 13 }]);
    expect(segments).toEqual([
      { text: 'let', classes: 'tok-keyword', changed: false },
      { text: ' ', classes: '', changed: false },
      { text: 'to', classes: 'tok-variableName', changed: false },
      { text: 'tal', classes: 'tok-variableName', changed: true },
      { text: ' = ', classes: '', changed: true },
      { text: '1', classes: 'tok-number', changed: true },
      { text: ';', classes: '', changed: false },
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
  });

  it('returns the plain line when there is nothing to style', () => {
    expect(lineSegments('plain', null, null)).toEqual([{ text: 'plain', classes: '', changed: false }]);
    expect(lineSegments('', null, null)).toEqual([]);
  });
});
