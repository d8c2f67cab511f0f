import type { CharRange } from './intra-line';

/** A syntax token of one line: `[from, to)` in that line, with its CSS classes. */
export interface SyntaxToken {
  from: number;
  to: number;
  classes: string;
}

/** A run of characters with one syntax class and one changed/unchanged state. */
export interface LineSegment {
  text: string;
  classes: string;
  changed: boolean;
}

/** Splits a line at every token and change boundary, so each span has a single style. */
export function lineSegments(text: string, tokens: readonly SyntaxToken[] | null, changes: readonly CharRange[] | null): LineSegment[] {
  if (text.length === 0) return [];
  const cuts = new Set<number>([0, text.length]);
  for (const t of tokens ?? []) {
    cuts.add(Math.max(0, Math.min(t.from, text.length)));
    cuts.add(Math.max(0, Math.min(t.to, text.length)));
  }
  for (const r of changes ?? []) {
    cuts.add(Math.max(0, Math.min(r.start, text.length)));
    cuts.add(Math.max(0, Math.min(r.end, text.length)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: LineSegment[] = [];
  let tokenIndex = 0;
  let changeIndex = 0;
  for (let p = 0; p < points.length - 1; p++) {
    const from = points[p]!;
    const to = points[p + 1]!;
    // Tokens and changes are sorted and do not overlap, so one forward pass finds each cover.
    while (tokens && tokenIndex < tokens.length && tokens[tokenIndex]!.to <= from) tokenIndex++;
    while (changes && changeIndex < changes.length && changes[changeIndex]!.end <= from) changeIndex++;
    const token = tokens?.[tokenIndex];
    const change = changes?.[changeIndex];
    const classes = token && token.from <= from ? token.classes : '';
    const changed = change !== undefined && change.start <= from;
    const last = segments[segments.length - 1];
    if (last && last.classes === classes && last.changed === changed) last.text += text.slice(from, to);
    else segments.push({ text: text.slice(from, to), classes, changed });
  }
  return segments;
}
